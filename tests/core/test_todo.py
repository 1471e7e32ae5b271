"""The coordinator's to-do list, on the agency page and in the staff part of the dashboard:
a count per thing waiting, each linked to the page where it is handled, an empty state, and a
fixed number of queries per agency."""

from __future__ import annotations

from datetime import timedelta
from types import SimpleNamespace

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from bridgeway.core.dashboard import agency_todo
from bridgeway.matching.models import MatchProposal
from bridgeway.programs.intake.models import Referral
from bridgeway.programs.models import WaitlistEntry
from bridgeway.programs.screening.models import Reference, ScreeningItem
from tests.factories import EnrollmentFactory, ProgramFactory

pytestmark = pytest.mark.django_db

EMPTY = "Nothing is waiting for you"


def _busy_program(world: SimpleNamespace, program: object) -> None:
    """One of everything the to-do list counts, in this program."""
    EnrollmentFactory(program=program, status="applied")
    in_screening = EnrollmentFactory(program=program, status="screening")
    item = ScreeningItem.objects.create(
        program=program, label={"en": "Reference"}, kind="reference"
    )
    Reference.objects.create(
        enrollment=in_screening, item=item, name="Sam", relationship="Manager", email="s@x.org"
    )
    waiting = EnrollmentFactory(program=program, role="mentee", status="ready")
    WaitlistEntry.objects.create(program=program, enrollment=waiting, position=1)
    proposed = EnrollmentFactory(program=program, role="mentee", status="ready")
    mentor = EnrollmentFactory(program=program, role="mentor", status="ready")
    MatchProposal.objects.create(
        program=program, mentee=proposed, mentor=mentor, score=60, source="manual"
    )
    Referral.objects.create(
        from_enrollment=EnrollmentFactory(program=world.program_b, status="matched"),
        to_program=program,
        status=Referral.Status.CONSENTED,
        expires_at=timezone.now() + timedelta(days=30),
    )


def test_an_agency_with_nothing_waiting_says_so(client: Client, world: SimpleNamespace) -> None:
    client.force_login(world.dave)
    page = client.get(reverse("core:agency_overview", args=["agency-b"])).content.decode()
    assert "To do at Agency B" in page
    assert EMPTY in page


def test_each_thing_waiting_is_counted_and_linked_where_it_is_handled(
    client: Client, world: SimpleNamespace
) -> None:
    _busy_program(world, world.program_a)
    client.force_login(world.bob)
    page = client.get(reverse("core:agency_overview", args=["agency-a"])).content.decode()
    queue = reverse("screening:queue", args=["agency-a"])
    board = reverse("matching:board", args=[world.program_a.pk])
    expected = [
        (f"{queue}?status=applied", "3 applications to look at"),
        (queue, "1 person named a reference that is not checked yet"),
        (f"{queue}?status=screening", "1 person in screening"),
        (reverse("intake:referral_list", args=["agency-a"]), "1 referral from another agency"),
        (board, "1 person on the waiting list to place with a mentor"),
        (f"{board}#proposals-heading", "1 proposal waiting for the mentor&#x27;s reply"),
    ]
    for url, text in expected:
        assert f'<a href="{url}">' in page, url
        assert text in page, text
    assert EMPTY not in page


def test_the_staff_dashboard_shows_each_agency_its_own_list(
    client: Client, world: SimpleNamespace
) -> None:
    _busy_program(world, world.program_a)
    client.force_login(world.bob)
    page = client.get(reverse("core:dashboard")).content.decode()
    assert "To do at Agency A" in page
    assert "3 applications to look at" in page
    client.force_login(world.dave)
    page = client.get(reverse("core:dashboard")).content.decode()
    assert "To do at Agency B" in page
    assert "application to look at" not in page
    assert EMPTY in page


def test_the_list_reads_a_fixed_number_of_times_however_many_programs(
    world: SimpleNamespace,
) -> None:
    _busy_program(world, world.program_a)
    with CaptureQueriesContext(connection) as one:
        agency_todo(organization=world.agency_a)
    for number in range(5):
        _busy_program(world, ProgramFactory(organization=world.agency_a, name=f"More {number}"))
    with CaptureQueriesContext(connection) as six:
        items = agency_todo(organization=world.agency_a)
    assert len(six) == len(one)
    assert (
        sum(item.count for item in items if "application" in item.text) == 2 + 6
    )  # erin and frank applied, then one per program
