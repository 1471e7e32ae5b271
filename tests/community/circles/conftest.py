"""Circles of agency A's world (tests/conftest.py). Erin is a mentee and Frank a mentor of A's
program, both accepted ("ready"); Gina is another accepted mentor, Hana another accepted
mentee, Ivan a mentee whose application waits ("applied"). Bob (A's coordinator) opens
circles through the service: `open_circle()` is a mentees' circle "Job search in health care"
of A's program led by Frank, open to join, ten places; `kind="mentors"` makes a mentors'
circle (Frank is vouched for unless he completed a mentorship: `complete_mentorship`)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from types import SimpleNamespace
from typing import Any

import pytest
from django.core import mail
from django.utils import timezone

from bridgeway.community.circles import services
from bridgeway.community.circles.models import Circle
from bridgeway.notifications.outbox import deliveries_send_due
from bridgeway.programs.models import Enrollment
from bridgeway.relationships.models import Relationship
from tests.factories import EnrollmentFactory, PersonFactory


def enrolled(program: Any, name: str, role: str, status: str = "ready") -> Any:
    person = PersonFactory(email=f"{name.lower()}@example.org", display_name=name)
    EnrollmentFactory(program=program, person=person, role=role, status=status)
    return person


@pytest.fixture
def people(world: SimpleNamespace) -> SimpleNamespace:
    Enrollment.objects.filter(person__in=[world.erin, world.frank]).update(status="ready")
    return SimpleNamespace(
        **vars(world),
        gina=enrolled(world.program_a, "Gina", "mentor"),
        hana=enrolled(world.program_a, "Hana", "mentee"),
        ivan=enrolled(world.program_a, "Ivan", "mentee", "applied"),
    )


def complete_mentorship(mentor: Any, program: Any) -> Relationship:
    """A mentorship of `mentor` that reached its planned end last year."""
    mentee = EnrollmentFactory(
        program=program, person=PersonFactory(display_name="Past mentee"), status="alumni"
    )
    started = timezone.now() - timedelta(days=300)
    return Relationship.objects.create(
        program=program,
        mentee=mentee,
        mentor=Enrollment.objects.get(person=mentor, program=program),
        status=Relationship.Status.CLOSED,
        started_at=started,
        planned_end=(started + timedelta(weeks=17)).date(),
        closed_at=started + timedelta(weeks=17),
        close_reason="completed",
    )


def fields(**changes: Any) -> services.CircleFields:
    values: dict[str, Any] = {
        "name": "Job search in health care",
        "need": "Finding work as a nurse or a lab technician",
        "sector": "3",
        "language": "en",
        "description": "We meet **every month**.",
        "capacity": 10,
        "joining": "open",
    }
    values.update(changes)
    return services.CircleFields(**values)


@pytest.fixture
def open_circle(people: SimpleNamespace) -> Callable[..., Circle]:
    def make(
        kind: str = "mentees",
        leader: Any = None,
        by: Any = None,
        agency: bool = False,
        vouch: bool | None = None,
        **changes: Any,
    ) -> Circle:
        return services.circle_create(
            by=by or people.bob,
            organization=people.agency_a,
            program=None if agency else people.program_a,
            kind=kind,
            fields=fields(**changes),
            leader=leader or people.frank,
            vouch=kind == "mentors" if vouch is None else vouch,
        )

    return make


def send_emails() -> list[Any]:
    """Send everything due (a day ahead: past anyone's quiet hours); the emails sent."""
    deliveries_send_due(now=timezone.now() + timedelta(days=1))
    return list(mail.outbox)
