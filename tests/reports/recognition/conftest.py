"""Erin (mentee) and Frank (mentor) of agency A's program completed a mentorship: Frank logged
ten meetings of 66 minutes (11 hours), Erin logged one of 60 minutes and one not held."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta
from types import SimpleNamespace
from typing import Any

import pytest

from bridgeway.notifications.models import ContactSettings
from bridgeway.programs.models import Enrollment
from bridgeway.relationships.models import Meeting, MeetingLog, Relationship

START = datetime(2025, 3, 3, 15, tzinfo=UTC)
END = datetime(2025, 9, 1, 15, tzinfo=UTC)


def finished_pair(
    mentee: Enrollment, mentor: Enrollment, reason: str = "completed"
) -> Relationship:
    return Relationship.objects.create(
        program=mentee.program,
        mentee=mentee,
        mentor=mentor,
        status="closed",
        started_at=START,
        activated_at=START,
        planned_end=END.date(),
        closed_at=END,
        close_reason=reason,
    )


def log(relationship: Relationship, person: Any, minutes: int, outcome: str = "met") -> None:
    meeting = Meeting.objects.create(
        relationship=relationship,
        kind="video",
        starts_at=START + timedelta(days=7),
        status="scheduled",
    )
    MeetingLog.objects.create(meeting=meeting, person=person, outcome=outcome, minutes=minutes)


@pytest.fixture
def finished(world: SimpleNamespace) -> SimpleNamespace:
    erin = Enrollment.objects.get(person=world.erin)
    frank = Enrollment.objects.get(person=world.frank)
    relationship = finished_pair(erin, frank)
    for _i in range(10):
        log(relationship, world.frank, 66)
    log(relationship, world.erin, 60)
    log(relationship, world.erin, 0, outcome="not_met")
    for person in (world.erin, world.frank):  # no quiet hours: emails go out at once
        ContactSettings.objects.create(person=person, quiet_start=time(0), quiet_end=time(0))
    return SimpleNamespace(**vars(world), erin_e=erin, frank_e=frank, relationship=relationship)
