from __future__ import annotations

from datetime import timedelta
from types import SimpleNamespace

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from bridgeway.core.models import AuditEvent
from bridgeway.core.services import DomainError
from bridgeway.programs import services
from bridgeway.programs.models import Enrollment, StatusChange, WaitlistEntry
from bridgeway.programs.waitlist import wait_estimate, waitlist_move
from tests.factories import EnrollmentFactory, PersonFactory

pytestmark = pytest.mark.django_db


def _ready(program: object, name: str, arrival_in_days: int | None = None) -> Enrollment:
    arrival = timezone.localdate() + timedelta(days=arrival_in_days) if arrival_in_days else None
    person = PersonFactory(display_name=name, arrival_date=arrival)
    enrollment = EnrollmentFactory(program=program, person=person, role="mentee", status="training")
    staff = PersonFactory()
    services.enrollment_set_status(enrollment=enrollment, status="ready", by=staff)
    return enrollment


def _order(program: object) -> list[str]:
    return list(
        WaitlistEntry.objects.filter(program=program)
        .order_by("position")
        .values_list("enrollment__person__display_name", flat=True)
    )


def test_ready_mentees_queue_by_ready_date_and_arrivals_soon_come_first(
    world: SimpleNamespace,
) -> None:
    program = world.program_a
    _ready(program, "Ana")
    _ready(program, "Ben")
    _ready(program, "Chen", arrival_in_days=20)
    _ready(program, "Dina", arrival_in_days=200)
    _ready(program, "Eli", arrival_in_days=10)
    assert _order(program) == ["Chen", "Eli", "Ana", "Ben", "Dina"]


def test_mentors_and_people_who_stop_waiting_leave_the_list(world: SimpleNamespace) -> None:
    ana = _ready(world.program_a, "Ana")
    ben = _ready(world.program_a, "Ben")
    services.enrollment_set_status(enrollment=ana, status="matched", by=world.bob)
    assert _order(world.program_a) == ["Ben"]
    mentor = EnrollmentFactory(program=world.program_a, role="mentor", status="training")
    services.enrollment_set_status(enrollment=mentor, status="ready", by=world.bob)
    assert _order(world.program_a) == ["Ben"]
    assert wait_estimate(enrollment=ben).position == 1  # type: ignore[union-attr]


def test_the_estimate_comes_from_recent_matches(world: SimpleNamespace) -> None:
    waiting = [_ready(world.program_a, f"P{n}") for n in range(6)]
    estimate = wait_estimate(enrollment=waiting[3])
    assert estimate is not None
    assert (estimate.position, estimate.waiting, estimate.weeks) == (4, 6, None)
    # Two matches in the last 90 days: about 0.16 per week, so place 2 of 4 waits ~13 weeks.
    for enrollment in waiting[:2]:
        services.enrollment_set_status(enrollment=enrollment, status="matched", by=world.bob)
    estimate = wait_estimate(enrollment=waiting[3])
    assert estimate is not None
    assert estimate.position == 2
    assert estimate.matches_in_window == 2
    assert estimate.weeks == 13
    # Matches older than the window do not count.
    StatusChange.objects.filter(to_status="matched").update(
        changed_at=timezone.now() - timedelta(days=120)
    )
    assert wait_estimate(enrollment=waiting[3]).weeks is None  # type: ignore[union-attr]


def test_staff_move_someone_with_a_reason_that_is_audited(world: SimpleNamespace) -> None:
    for name in ("Ana", "Ben", "Chen"):
        _ready(world.program_a, name)
    chen = WaitlistEntry.objects.get(enrollment__person__display_name="Chen")
    with pytest.raises(DomainError):
        waitlist_move(entry=chen, to_position=1, reason="  ", by=world.bob)
    with pytest.raises(DomainError):
        waitlist_move(entry=chen, to_position=9, reason="urgent", by=world.bob)
    waitlist_move(entry=chen, to_position=1, reason="Housing deadline", by=world.bob)
    assert _order(world.program_a) == ["Chen", "Ana", "Ben"]
    event = AuditEvent.objects.get(action="waitlist.move")
    assert event.data == {"from": 3, "to": 1, "reason": "Housing deadline"}
    assert event.actor == world.bob


def test_the_mentee_sees_their_place_on_the_dashboard(
    client: Client, world: SimpleNamespace
) -> None:
    _ready(world.program_a, "Ana")
    ben = _ready(world.program_a, "Ben")
    client.force_login(ben.person)
    response = client.get(reverse("core:dashboard"))
    assert b"You are number 2 of 2 on the waiting list." in response.content
    assert b"We cannot estimate the wait yet" in response.content


def test_the_coordinator_sees_waiting_counts_and_reorders(
    client: Client, world: SimpleNamespace
) -> None:
    for name in ("Ana", "Ben"):
        _ready(world.program_a, name)
    client.force_login(world.bob)
    overview = client.get(reverse("core:agency_overview", args=["agency-a"]))
    program = next(p for p in overview.context["page"].object_list if p.pk == world.program_a.pk)
    assert program.count_waiting == 2
    page = client.get(reverse("programs:waiting_list", args=[world.program_a.pk]))
    assert page.status_code == 200
    ben = WaitlistEntry.objects.get(enrollment__person__display_name="Ben")
    url = reverse("programs:waiting_list_move", args=[world.program_a.pk, ben.pk])
    response = client.post(url, {"position": "1", "reason": ""})
    assert response.status_code == 302
    assert _order(world.program_a) == ["Ana", "Ben"]
    client.post(url, {"position": "1", "reason": "Arrives next week"})
    assert _order(world.program_a) == ["Ben", "Ana"]


def test_every_status_change_is_kept_in_the_history(world: SimpleNamespace) -> None:
    enrollment = Enrollment.objects.get(person=world.erin)
    services.enrollment_set_status(enrollment=enrollment, status="screening", by=world.bob)
    services.enrollment_withdraw(enrollment=enrollment, by=world.erin)
    history = list(
        StatusChange.objects.filter(enrollment=enrollment)
        .order_by("id")
        .values_list("from_status", "to_status", "changed_by__email")
    )
    assert history == [
        ("applied", "screening", "bob@agency-a.org"),
        ("screening", "withdrawn", "erin@example.org"),
    ]
