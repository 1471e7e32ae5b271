"""The dashboard's waiting line reads a mentee's places in one query kept per process: the
same estimates as `wait_estimates`, in every state a place can be in."""

from __future__ import annotations

from datetime import timedelta
from types import SimpleNamespace

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from bridgeway.programs import services
from bridgeway.programs.models import Enrollment, StatusChange
from bridgeway.programs.waitlist import (
    _kept_places,
    wait_estimates,
    wait_estimates_of_person,
    waiting_panel,
)
from tests.factories import EnrollmentFactory, PersonFactory, ProgramFactory

pytestmark = pytest.mark.django_db


def _ready(program: object, person: object | None = None) -> Enrollment:
    person = person or PersonFactory()
    enrollment = EnrollmentFactory(program=program, person=person, role="mentee", status="training")
    services.enrollment_set_status(enrollment=enrollment, status="ready", by=PersonFactory())
    enrollment.refresh_from_db()
    return enrollment


def _both(enrollments: list[Enrollment]) -> tuple[dict[int, object], dict[int, object]]:
    person = enrollments[0].person
    return (
        wait_estimates_of_person(person=person, enrollments=enrollments),
        wait_estimates(enrollments=enrollments),
    )


def test_it_keeps_the_sql(world: SimpleNamespace) -> None:
    _ready(world.program_a)
    assert _kept_places.compiled() is not None


def test_it_gives_the_same_estimates_as_the_orm_in_every_state(world: SimpleNamespace) -> None:
    ana = PersonFactory()
    others = [_ready(world.program_a) for _ in range(3)]
    mine = _ready(world.program_a, ana)
    # A second program of another agency where she waits first, alone.
    elsewhere = _ready(ProgramFactory(organization=world.agency_b), ana)
    kept, orm = _both([mine, elsewhere])
    assert kept == orm
    assert kept[mine.pk].position == 4  # type: ignore[attr-defined]
    assert kept[elsewhere.pk].weeks is None  # type: ignore[attr-defined]
    # Recent matches give an estimate; older ones do not count.
    for enrollment in others[:2]:
        services.enrollment_set_status(enrollment=enrollment, status="matched", by=world.bob)
    kept, orm = _both([mine, elsewhere])
    assert kept == orm
    assert kept[mine.pk].weeks == 13  # type: ignore[attr-defined]
    StatusChange.objects.filter(to_status="matched").update(
        changed_at=timezone.now() - timedelta(days=120)
    )
    kept, orm = _both([mine])
    assert kept == orm
    assert kept[mine.pk].weeks is None  # type: ignore[attr-defined]
    # Only the enrollments asked about, and none once she stops waiting.
    assert set(_both([elsewhere])[0]) == {elsewhere.pk}
    services.enrollment_set_status(enrollment=mine, status="matched", by=world.bob)
    kept, orm = _both([mine])
    assert kept == orm == {}


def test_someone_elses_enrollment_is_read_as_before(world: SimpleNamespace) -> None:
    theirs = _ready(world.program_a)
    asked = wait_estimates_of_person(person=world.erin, enrollments=[theirs])
    assert asked == wait_estimates(enrollments=[theirs])


def test_the_panel_reads_one_query_and_none_without_a_wait(world: SimpleNamespace) -> None:
    mine = _ready(world.program_a)
    waiting_panel(enrollments=[mine], person=mine.person)  # compiles the SQL once
    with CaptureQueriesContext(connection) as queries:
        shown = waiting_panel(enrollments=[mine], person=mine.person)
    assert len(queries) == 1
    assert shown[mine.pk]["estimate"].position == 1  # type: ignore[attr-defined]
    matched = Enrollment.objects.get(person=world.erin)
    with CaptureQueriesContext(connection) as queries:
        assert waiting_panel(enrollments=[matched], person=world.erin) == {}
    assert len(queries) == 0


def test_the_dashboard_shows_the_place_in_french(client: Client, world: SimpleNamespace) -> None:
    for _ in range(2):
        _ready(world.program_a)
    mine = _ready(world.program_a, PersonFactory(preferred_language="fr"))
    client.force_login(mine.person)
    response = client.get(reverse("core:dashboard"))
    assert "Vous êtes au rang 3 sur 3 dans la liste d’attente." in response.content.decode()
