"""A small hand-built network whose figures are known (docs/reports.md lists the metrics).

In agency A's program, over 2025:
- seven mentees applied: three matched (Jan, Feb, Apr: 10, 20 and 40 days after applying), one
  waiting, one who withdrew after being ready, one in training, one who withdrew before;
- one more mentee applied in 2024 and is still in an active mentorship (with Ximena, who
  mentors again in 2025), with a meeting logged yesterday and a low check-in last week;
- the February pair completed (a met goal; surveys 5 "yes" and 4 "partly"), the April pair
  ended early as "not working" (survey 2 "no");
- two meetings held (60 + 60 and 30 minutes), one not held; three concerns (two of conduct, one
  of safety); the February mentee applied to mentor in July.

What participants said and read (`outcomes`, in the same program):
- the library: a network resource ("Network guide") and an agency resource ("Agency guide")
  viewed by the January mentee (3 views, one of them in the agency guide; one more in December
  2024, outside the year), the February mentee (the network guide in March as a mentee, the
  agency guide in August once she also mentors) and Ximena (the agency guide): 2 mentees and 2
  mentors, 5 views by mentees and 2 by mentors; each guide 3 views. Not counted: the May mentee's
  view before she applied, a view of another agency's resource, a view by someone enrolled
  nowhere;
- the ready-made mentee assessment: five mentees' confidence before and at the end (answered at
  the end in 2025): changes 2, 1, 2, 0, 3 (n 5, mean 1.6, interval 0.18 to 3.02); the
  January mentee's network before 2 and at the end 5 (one pair); a sixth mentee who answered at
  the end in December 2024 is left out; employment before: 5 not working; at the end: 2 in
  their field, 1 outside it, 2 not working;
- the program's own mentor instrument: Ximena's ease before 2, at the end 4 (one pair)."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from types import SimpleNamespace
from typing import Any

import pytest
from django.utils import timezone

from bridgeway.concerns.models import Concern
from bridgeway.learning.library.models import Resource, ResourceVersion, ResourceView
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
from bridgeway.reports.assessments.models import (
    Assessment,
    AssessmentAnswer,
    Instrument,
    InstrumentQuestion,
)
from bridgeway.reports.assessments.services import instrument_add_ready_made
from bridgeway.reports.scope import ReportFilter
from tests.factories import EnrollmentFactory, PersonFactory, ProgramFactory

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
    outcomes = build_outcomes(program, reporter, SimpleNamespace(**locals()))
    return SimpleNamespace(**locals())


def resource(program: Any, title: str, level: str = "agency") -> Resource:
    organization = program.organization
    found = Resource.objects.create(
        level=level,
        network=organization.network,
        organization=None if level == "network" else organization,
        program=program if level == "program" else None,
        kind="link",
    )
    ResourceVersion.objects.create(
        resource=found, language="en", title=title, url="https://example.org/guide"
    )
    return found


def viewed(found: Resource, enrollment: Any, *days: str) -> None:
    person = getattr(enrollment, "person", enrollment)
    for day in days:
        ResourceView.objects.create(resource=found, person=person, day=date.fromisoformat(day))


def answers(instrument: Any, enrollment: Any, moment: str, day: str, **values: Any) -> None:
    questions = {q.key: q for q in instrument.questions.all()}
    assessment = Assessment.objects.create(
        instrument=instrument, enrollment=enrollment, moment=moment, sent_at=at(day)
    )
    assessment.completed_at = at(day)
    assessment.save(update_fields=["completed_at"])
    for key, value in values.items():
        AssessmentAnswer.objects.create(assessment=assessment, question=questions[key], value=value)


def build_outcomes(program: Any, reporter: Any, k: SimpleNamespace) -> SimpleNamespace:
    network_guide = resource(program, "Network guide", level="network")
    agency_guide = resource(program, "Agency guide")
    viewed(network_guide, k.m1, "2025-02-01", "2025-02-02", "2024-12-31")
    viewed(agency_guide, k.m1, "2025-02-01")
    viewed(network_guide, k.m2, "2025-03-01")
    viewed(agency_guide, k.m2, "2025-08-01")  # a mentee and, since July, a mentor
    viewed(agency_guide, k.ximena, "2025-03-05")
    viewed(network_guide, k.m5, "2025-04-01")  # before she applied
    other = ProgramFactory(name="Elsewhere")
    viewed(resource(other, "Elsewhere guide"), k.m3, "2025-03-01")
    viewed(network_guide, PersonFactory(), "2025-03-01")  # enrolled nowhere

    mentees = Instrument.objects.filter(program=program, ready_made="mentee").first()
    if mentees is None:
        mentees = instrument_add_ready_made(program=program, name="mentee", by=reporter)
    known_pairs = [(k.m1, 1, 3), (k.m2, 2, 3), (k.m3, 3, 5), (k.m4, 2, 2), (k.m5, 1, 4)]
    at_end = ["in_field", "in_field", "outside_field", "not_working", "not_working"]
    for (enrollment, before, after), work in zip(known_pairs, at_end, strict=True):
        answers(
            mentees,
            enrollment,
            "before",
            "2025-01-20",
            confidence_skills=before,
            employment="not_working",
        )
        answers(
            mentees, enrollment, "closure", "2025-09-01", confidence_skills=after, employment=work
        )
    AssessmentAnswer.objects.create(
        assessment=Assessment.objects.get(instrument=mentees, enrollment=k.m1, moment="before"),
        question=mentees.questions.get(key="network_size"),
        value=2,
    )
    AssessmentAnswer.objects.create(
        assessment=Assessment.objects.get(instrument=mentees, enrollment=k.m1, moment="closure"),
        question=mentees.questions.get(key="network_size"),
        value=5,
    )
    late = enroll(program, "mentee", at("2024-01-01"), "closed")
    answers(mentees, late, "before", "2024-02-01", confidence_skills=1)
    answers(mentees, late, "closure", "2024-12-01", confidence_skills=5)

    mentors = Instrument.objects.create(
        program=program,
        audience="mentor",
        title={"en": "Mentor check"},
        moments=["before", "closure"],
    )
    InstrumentQuestion.objects.create(
        instrument=mentors,
        key="ease",
        kind="scale",
        text={"en": "How easy is mentoring?"},
        scale_min=1,
        scale_max=5,
        position=1,
    )
    answers(mentors, k.ximena, "before", "2025-02-01", ease=2)
    answers(mentors, k.ximena, "closure", "2025-06-01", ease=4)
    return SimpleNamespace(
        network_guide=network_guide, agency_guide=agency_guide, mentees=mentees, mentors=mentors
    )


@pytest.fixture
def known(program_a: Any, erin: Any) -> SimpleNamespace:
    return build(program_a, erin)
