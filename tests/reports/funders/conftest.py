"""A small hand-built network whose funder rows are known, over March 2026.

In agency A's program (questions uci, date_of_birth, gender, postal_code, research_consent):
- Amina (mentee; French pages; speaks Arabic then French; arrived 2025-11-20) answered every
  question. Her mentorship with Marc started 2026-02-10 and goes on. In March: a meeting on the
  5th (both logged 60 minutes), one on the 20th that only Marc logged (45 minutes), one on the
  25th not held; in February one held meeting (30 minutes), outside the period.
- Bilal (mentee) gave his UCI and "ABC" as his postal code, and no date of birth. His mentorship
  with Nadia ran from 2026-01-05 to 2026-03-10 (completed); a meeting on March 3rd, 30 minutes
  each. He agreed in March to a referral to another agency's program.
- Farah (mentee) is in a group, active since 2026-03-02, where she logged one 90-minute meeting
  in March; she answered everything.
- Chen's mentorship starts in April and Dana's closed in February: neither was served in March.
- Agency B's mentee Zora had a mentorship in March: never in agency A's rows."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from types import SimpleNamespace
from typing import Any

import pytest

from bridgeway.programs.intake.models import Referral
from bridgeway.programs.models import Enrollment
from bridgeway.programs.questionnaires.models import Answer, Question
from bridgeway.relationships.groups.models import (
    GroupMeeting,
    GroupMeetingLog,
    GroupMember,
    MentoringGroup,
)
from bridgeway.relationships.models import Meeting, MeetingLog, Relationship
from bridgeway.reports.funders.rows import Selection
from tests.factories import EnrollmentFactory, PersonFactory, ProgramFactory

MARCH = {"start": date(2026, 3, 1), "end": date(2026, 3, 31)}
QUERY = "?start=2026-03-01&end=2026-03-31"


def at(day: str, hour: int = 15) -> datetime:
    return datetime.fromisoformat(day).replace(hour=hour, tzinfo=UTC)


def enroll(program: Any, role: str, name: str, **person: Any) -> Enrollment:
    return EnrollmentFactory(
        program=program,
        role=role,
        status="matched",
        person=PersonFactory(display_name=name, **person),
        created_at=at("2025-12-01"),
    )


def pair(
    mentee: Enrollment, mentor: Enrollment, activated: str, closed: str = "", reason: str = ""
) -> Relationship:
    return Relationship.objects.create(
        program=mentee.program,
        mentee=mentee,
        mentor=mentor,
        status="closed" if closed else "active",
        started_at=at(activated) - timedelta(days=3),
        activated_at=at(activated),
        planned_end=date(2026, 9, 1),
        closed_at=at(closed) if closed else None,
        close_reason=reason,
    )


def meeting(relationship: Relationship, day: str, *logs: tuple[Any, str, int]) -> Meeting:
    held = Meeting.objects.create(
        relationship=relationship, kind="video", starts_at=at(day), status="scheduled"
    )
    for person, outcome, minutes in logs:
        MeetingLog.objects.create(meeting=held, person=person, outcome=outcome, minutes=minutes)
    return held


def answer(enrollment: Enrollment, **values: Any) -> None:
    for key, value in values.items():
        question = Question.objects.get(program=enrollment.program, key=key)
        Answer.objects.update_or_create(
            enrollment=enrollment, question=question, defaults={"value": value}
        )


def questions(program: Any) -> None:
    for key in ("uci", "date_of_birth", "postal_code"):
        Question.objects.create(program=program, key=key, kind="text", text={"en": key})
    Question.objects.create(
        program=program,
        key="gender",
        kind="single_choice",
        text={"en": "Gender"},
        choices=[
            {"value": "woman", "label": {"en": "Woman", "fr": "Femme"}},
            {"value": "man", "label": {"en": "Man", "fr": "Homme"}},
        ],
    )
    Question.objects.create(
        program=program,
        key="research_consent",
        kind="single_choice",
        text={"en": "Research"},
        choices=[
            {"value": "yes", "label": {"en": "Yes", "fr": "Oui"}},
            {"value": "no", "label": {"en": "No", "fr": "Non"}},
        ],
    )


def build(program: Any, other_program: Any) -> SimpleNamespace:
    questions(program)
    amina = enroll(
        program,
        "mentee",
        "Amina",
        preferred_language="fr",
        spoken_languages=["ar", "fr"],
        country="SY",
        arrival_date=date(2025, 11, 20),
    )
    bilal = enroll(program, "mentee", "Bilal")
    farah = enroll(program, "mentee", "Farah")
    chen = enroll(program, "mentee", "Chen")
    dana = enroll(program, "mentee", "Dana")
    marc = enroll(program, "mentor", "Marc")
    nadia = enroll(program, "mentor", "Nadia")
    answer(
        amina,
        uci="12-3456-7890",
        date_of_birth="1990-04-12",
        gender="woman",
        postal_code="k1a 0b1",
        research_consent="yes",
    )
    answer(bilal, uci="1234-5678", postal_code="ABC")
    answer(farah, uci="2345-6789", date_of_birth="1985-01-31", research_consent="no")
    with_amina = pair(amina, marc, "2026-02-10")
    meeting(with_amina, "2026-02-20", (amina.person, "met", 30))
    meeting(with_amina, "2026-03-05", (amina.person, "met", 60), (marc.person, "met", 60))
    meeting(with_amina, "2026-03-20", (marc.person, "met", 45))
    meeting(with_amina, "2026-03-25", (amina.person, "not_met", 0))
    with_bilal = pair(bilal, nadia, "2026-01-05", closed="2026-03-10", reason="completed")
    meeting(with_bilal, "2026-03-03", (bilal.person, "met", 30), (nadia.person, "met", 30))
    pair(chen, EnrollmentFactory(program=program, role="mentor"), "2026-04-02")
    pair(dana, EnrollmentFactory(program=program, role="mentor"), "2026-01-02", "2026-02-15")
    group = MentoringGroup.objects.create(
        program=program,
        name="Circle",
        status="active",
        activated_at=at("2026-03-02"),
        planned_end=date(2026, 9, 1),
    )
    GroupMember.objects.create(
        group=group, enrollment=farah, role="mentee", joined_at=at("2026-03-01")
    )
    gathered = GroupMeeting.objects.create(
        group=group, kind="in_person", starts_at=at("2026-03-12"), status="scheduled"
    )
    GroupMeetingLog.objects.create(meeting=gathered, person=farah.person, outcome="met", minutes=90)
    referral = Referral.objects.create(
        from_enrollment=bilal,
        to_program=ProgramFactory(name="Elsewhere"),
        status="consented",
        expires_at=at("2026-04-30"),
    )
    Referral.objects.filter(pk=referral.pk).update(created_at=at("2026-03-15"))
    zora = enroll(other_program, "mentee", "Zora")
    pair(zora, enroll(other_program, "mentor", "Yves"), "2026-03-01")
    return SimpleNamespace(**locals())


@pytest.fixture
def known(program_a: Any, program_b: Any) -> SimpleNamespace:
    return build(program_a, program_b)


@pytest.fixture
def march(agency_a: Any) -> Selection:
    return Selection(organization=agency_a, **MARCH)
