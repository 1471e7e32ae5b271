"""A small hand-built network whose figures are known (docs/reports.md lists the metrics).

In agency A's program, over 2025:
- seven mentees applied: three matched (Jan, Feb, Apr: 10, 20 and 40 days after applying), one
  waiting, one who withdrew after being ready, one in training, one who withdrew before;
- one more mentee applied in 2024 and is still in an active mentorship (with Ximena, who
  mentors again in 2025), with a meeting logged yesterday and a low check-in last week;
- the February pair completed (a met goal; surveys 5 "yes" and 4 "partly"), the April pair
  ended early as "not working" (survey 2 "no");
- two meetings held (60 + 60 and 30 minutes), one not held; three concerns (two of conduct, one
  of safety); the February mentee applied to mentor in July."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from types import SimpleNamespace
from typing import Any

import pytest
from django.utils import timezone

from bridgeway.concerns.models import Concern
from bridgeway.programs.models import Enrollment, StatusChange, WaitlistEntry
from bridgeway.programs.questionnaires.models import Answer, Question
from bridgeway.relationships.models import (
    CheckIn,
    ClosureSurvey,
    Goal,
    Meeting,
    MeetingLog,
    Relationship,
)
from bridgeway.reports.scope import ReportFilter
from tests.factories import EnrollmentFactory, PersonFactory

YEAR_2025 = ReportFilter(start=date(2025, 1, 1), end=date(2025, 12, 31))


def at(day: str) -> datetime:
    return datetime.fromisoformat(day).replace(hour=12, tzinfo=UTC)


def enroll(
    program: Any, role: str, created: datetime, status: str = "applied", **person: Any
) -> Enrollment:
    return EnrollmentFactory(
        program=program,
        person=PersonFactory(**person),
        role=role,
        status=status,
        created_at=created,
    )


def ready(enrollment: Enrollment, when: datetime) -> None:
    StatusChange.objects.create(
        enrollment=enrollment, from_status="training", to_status="ready", changed_at=when
    )


def pair(
    mentee: Enrollment,
    mentor: Enrollment,
    started: datetime,
    *,
    closed: datetime | None = None,
    reason: str = "",
) -> Relationship:
    return Relationship.objects.create(
        program=mentee.program,
        mentee=mentee,
        mentor=mentor,
        status="closed" if closed else "active",
        started_at=started,
        activated_at=started + timedelta(days=1),
        planned_end=(started + timedelta(days=120)).date(),
        closed_at=closed,
        close_reason=reason,
    )


def meeting(relationship: Relationship, day: datetime, *logs: tuple[Any, str, int]) -> Meeting:
    held = Meeting.objects.create(
        relationship=relationship, kind="video", starts_at=day, status="scheduled"
    )
    for person, outcome, minutes in logs:
        MeetingLog.objects.create(
            meeting=held, person=person, outcome=outcome, minutes=minutes, created_at=day
        )
    return held


def survey(
    relationship: Relationship, person: Any, score: int, goals: str, recommend: bool
) -> None:
    ClosureSurvey.objects.create(
        relationship=relationship,
        person=person,
        satisfaction=score,
        goals_achieved=goals,
        would_recommend=recommend,
        continue_informally=False,
        created_at=relationship.closed_at,
    )


def build(program: Any, reporter: Any) -> SimpleNamespace:
    program.cohort_start = date(2025, 1, 6)
    program.save(update_fields=["cohort_start"])
    ximena = enroll(program, "mentor", at("2024-05-01"), "matched")
    yusuf = enroll(program, "mentor", at("2025-01-02"), "matched")
    zoe = enroll(program, "mentor", at("2025-03-01"), "matched")
    old = enroll(program, "mentee", at("2024-06-01"), "matched")
    m1 = enroll(program, "mentee", at("2025-01-01"), "matched", country="SY")
    m2 = enroll(program, "mentee", at("2025-02-01"), "closed", spoken_languages=["ar", "en"])
    m3 = enroll(program, "mentee", at("2025-03-01"), "closed")
    m4 = enroll(program, "mentee", at("2025-04-01"), "waitlisted")
    m5 = enroll(program, "mentee", at("2025-05-01"), "training")
    m6 = enroll(program, "mentee", at("2025-06-01"), "withdrawn")
    m7 = enroll(program, "mentee", at("2025-07-01"), "withdrawn")
    for enrollment in (m1, m2, m3, m4, m7):
        ready(enrollment, enrollment.created_at + timedelta(days=5))
    WaitlistEntry.objects.create(
        program=program, enrollment=m4, position=1, joined_at=timezone.now() - timedelta(days=10)
    )
    question, _created = Question.objects.get_or_create(
        program=program, key="field", defaults={"kind": "occupation"}
    )
    Answer.objects.create(enrollment=m3, question=question, value="3")

    ongoing = pair(old, ximena, at("2024-07-01"))
    r1 = pair(m1, yusuf, at("2025-01-11"))
    r2 = pair(m2, ximena, at("2025-02-21"), closed=at("2025-06-01"), reason="completed")
    r3 = pair(m3, zoe, at("2025-04-10"), closed=at("2025-05-01"), reason="not_working")
    meeting(r2, at("2025-03-01"), (m2.person, "met", 60), (ximena.person, "met", 60))
    meeting(r2, at("2025-03-15"), (m2.person, "met", 30))
    meeting(r3, at("2025-04-20"), (m3.person, "not_met", 0))
    yesterday = timezone.now() - timedelta(days=1)
    meeting(ongoing, yesterday, (old.person, "met", 45))
    CheckIn.objects.create(
        relationship=ongoing,
        person=old.person,
        kind="pulse",
        round="2099-01",
        score=2,
        created_at=timezone.now() - timedelta(days=7),
    )
    survey(r2, m2.person, 5, "yes", True)
    survey(r2, ximena.person, 4, "partly", True)
    survey(r3, m3.person, 2, "no", False)
    Goal.objects.create(
        relationship=r2, title="Five applications", status="met", met_at=at("2025-05-01")
    )
    for category in ("conduct", "conduct", "safety"):
        Concern.objects.create(
            organization=program.organization,
            program=program,
            reporter=reporter,
            category=category,
            description="Something happened.",
            created_at=at("2025-03-10"),
        )
    Enrollment.objects.create(
        program=program, person=m2.person, role="mentor", created_at=at("2025-07-01")
    )
    return SimpleNamespace(**locals())


@pytest.fixture
def known(program_a: Any, erin: Any) -> SimpleNamespace:
    return build(program_a, erin)
