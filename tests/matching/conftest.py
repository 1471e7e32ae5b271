"""A small professional-mentoring cohort in agency A's program, built from the questionnaire
starter: three waiting mentees and three mentors with answers."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

import pytest

from bridgeway.programs.models import Enrollment
from bridgeway.programs.questionnaires.models import Answer, Question
from bridgeway.programs.questionnaires.profiles import answers_write
from bridgeway.programs.questionnaires.services import questionnaire_start
from tests.factories import EnrollmentFactory, PersonFactory

AVAILABLE = ["mon-evening", "tue-evening", "sat-morning"]


def add_person(
    program: Any,
    *,
    name: str,
    role: str,
    answers: dict[str, Any],
    status: str = "ready",
    capacity: int | None = None,
    **person: Any,
) -> Enrollment:
    someone = PersonFactory(
        display_name=name, email=f"{name.lower().replace(' ', '.')}@example.org", **person
    )
    enrollment = EnrollmentFactory(
        program=program, person=someone, role=role, status=status, capacity=capacity
    )
    questions = {q.key: q for q in Question.objects.filter(program=program)}
    # The write path of every profile, so free-text answers carry their vector as in the app.
    answers_write(
        new=[
            Answer(enrollment=enrollment, question=questions[key], value=value)
            for key, value in answers.items()
        ]
    )
    return enrollment


def mentee_answers(**overrides: Any) -> dict[str, Any]:
    return {
        "occupation": "3",
        "career_goals": ["licensing", "job_search"],
        "languages": {"ar": "native", "en": "conversational"},
        "time_zone": "America/Toronto",
        "availability": AVAILABLE,
        **overrides,
    }


def mentor_answers(**overrides: Any) -> dict[str, Any]:
    return {
        "occupation": "3",
        "career_goals": ["licensing", "job_search"],
        "languages": {"en": "native"},
        "time_zone": "America/Toronto",
        "availability": AVAILABLE,
        **overrides,
    }


@pytest.fixture
def cohort(world: SimpleNamespace) -> SimpleNamespace:
    program = world.program_a
    questionnaire_start(program=program, by=world.alice, starter="professional")
    amal = add_person(program, name="Amal", role="mentee", answers=mentee_answers())
    bo = add_person(
        program,
        name="Bo",
        role="mentee",
        status="waitlisted",
        answers=mentee_answers(
            occupation="2", career_goals=["job_search"], languages={"zh": "native", "en": "fluent"}
        ),
    )
    chen = add_person(
        program,
        name="Chen",
        role="mentee",
        answers=mentee_answers(languages={"fa": "native"}),
    )
    dana = add_person(
        program,
        name="Dana",
        role="mentor",
        capacity=1,
        answers=mentor_answers(languages={"ar": "native", "en": "native"}),
        accessibility_needs=["captions"],
    )
    eli = add_person(
        program,
        name="Eli",
        role="mentor",
        capacity=2,
        answers=mentor_answers(occupation="2", career_goals=["job_search", "interviews"]),
    )
    fay = add_person(
        program,
        name="Fay",
        role="mentor",
        capacity=1,
        answers=mentor_answers(career_goals=["licensing"]),
    )
    return SimpleNamespace(
        program=program, amal=amal, bo=bo, chen=chen, dana=dana, eli=eli, fay=fay, world=world
    )
