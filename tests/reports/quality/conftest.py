"""A hand-built program whose match-quality figures are known.

Agency A's program asks three questions with matching rules — occupation (same value, weight
8), time zone (close, weight 4), about (similar words, weight 2) — and its pairs were once
matched on a fourth, languages, that it asks no more. Twenty pairs closed in 2025 with scores
50, 52, … 88 (pair i scores 50 + 2i):

- pairs 10 to 19 share the occupation, pairs 0 to 9 do not; the even pairs are close in time
  zone; no pair is similar enough in what they wrote; all twenty shared a language;
- the mentees' satisfaction: 3, 4, 3, 3, 4, 3, 4, 3, 3, 4 for pairs 0–9 (mean 3.4) and
  5, 5, 5, 5, 4, 5, 5, 5, 4, 5 for pairs 10–19 (mean 4.8); goals reached ("yes") by pairs 0
  and 3, and by every pair from 10 to 19 but 14 (2 of 10, and 9 of 10);
- every mentor answered 4 and "partly".

Not counted: a pair that closed in 2024, a pair closed in 2025 whose mentee gave no answer,
one closed in 2025 with no match score on record, and an active pair."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from types import SimpleNamespace
from typing import Any

import pytest

from bridgeway.matching.models import MatchProposal
from bridgeway.programs.models import Program
from bridgeway.programs.questionnaires.models import Question
from bridgeway.relationships.models import ClosureSurvey, MentorRequest, Relationship
from bridgeway.reports.scope import ReportFilter
from tests.factories import EnrollmentFactory

YEAR_2025 = ReportFilter(start=date(2025, 1, 1), end=date(2025, 12, 31))
MENTEE_SATISFACTION = [3, 4, 3, 3, 4, 3, 4, 3, 3, 4, 5, 5, 5, 5, 4, 5, 5, 5, 4, 5]
GOALS_REACHED = {0, 3, 10, 11, 12, 13, 15, 16, 17, 18, 19}


def rule(program: Program, key: str, kind: str, rule: str, weight: int, text: str) -> Question:
    return Question.objects.create(
        program=program,
        key=key,
        kind=kind,
        text={"en": text, "fr": f"{text} (fr)"},
        rule=rule,
        rule_weight=weight,
        position=Question.objects.filter(program=program).count(),
    )


def reason(criterion: str, points: float, most: float, code: str = "same_value") -> dict[str, Any]:
    return {
        "criterion": criterion,
        "code": code,
        "params": {},
        "points": points,
        "max_points": most,
    }


def reasons_for(i: int) -> list[dict[str, Any]]:
    """Pair i's reasons as its proposal keeps them: criterion, points and the most it could earn."""
    occupation = reason("occupation", 40.0 if i >= 10 else 0.0, 40.0)
    # Close in time zone: 15 of 20 points (met); far: 5 of 20 (not met).
    time_zone = reason("time_zone", 15.0 if i % 2 == 0 else 5.0, 20.0, "hours_apart")
    about = reason("about", 1.0, 10.0, "little_text_in_common")
    languages = reason("languages", 30.0, 30.0, "shared_language")
    return [occupation, time_zone, about, languages]


def closed_pair(
    program: Program,
    *,
    score: float | None,
    reasons: list[dict[str, Any]],
    closed: datetime | None,
    surveys: list[tuple[str, int, str]],
) -> Relationship:
    """A pair matched through a proposal and a request (unless `score` is None), closed at
    `closed` (active when None), with a closure survey per (side, satisfaction, goals)."""
    mentee = EnrollmentFactory(program=program, role="mentee", status="closed")
    mentor = EnrollmentFactory(program=program, role="mentor", status="matched")
    request = None
    if score is not None:
        proposal = MatchProposal.objects.create(
            program=program,
            mentee=mentee,
            mentor=mentor,
            score=Decimal(str(score)),
            reasons=reasons,
            source="bulk",
            status="accepted",
        )
        request = MentorRequest.objects.create(
            program=program,
            mentee=mentee,
            mentor=mentor,
            source="coordinator",
            proposal=proposal,
            status="accepted",
        )
    started = (closed or datetime(2025, 6, 1, tzinfo=UTC)) - timedelta(days=120)
    relationship = Relationship.objects.create(
        program=program,
        mentee=mentee,
        mentor=mentor,
        request=request,
        status="closed" if closed else "active",
        started_at=started,
        planned_end=(started + timedelta(days=120)).date(),
        closed_at=closed,
        close_reason="completed" if closed else "",
    )
    for side, satisfaction, goals in surveys:
        ClosureSurvey.objects.create(
            relationship=relationship,
            person=(mentee if side == "mentee" else mentor).person,
            satisfaction=satisfaction,
            goals_achieved=goals,
            would_recommend=True,
            continue_informally=False,
            created_at=closed,
        )
    return relationship


def build(program: Program) -> SimpleNamespace:
    questions = [
        rule(program, "occupation", "occupation", "same_value", 8, "What is your field of work?"),
        rule(program, "time_zone", "time_zone", "max_distance", 4, "Your time zone"),
        rule(program, "about", "text", "similar_text", 2, "About you"),
    ]
    pairs = []
    for i, satisfaction in enumerate(MENTEE_SATISFACTION):
        goals = "yes" if i in GOALS_REACHED else "no"
        pairs.append(
            closed_pair(
                program,
                score=50 + 2 * i,
                reasons=reasons_for(i),
                closed=datetime(2025, 2, 1, 12, tzinfo=UTC) + timedelta(days=10 * i),
                surveys=[("mentee", satisfaction, goals), ("mentor", 4, "partly")],
            )
        )
    elsewhere = [
        closed_pair(
            program,
            score=99,
            reasons=reasons_for(19),
            closed=datetime(2024, 12, 31, 12, tzinfo=UTC),
            surveys=[("mentee", 1, "no")],
        ),
        closed_pair(
            program,
            score=60,
            reasons=reasons_for(0),
            closed=datetime(2025, 7, 1, tzinfo=UTC),
            surveys=[("mentor", 2, "no")],
        ),
        closed_pair(
            program,
            score=None,
            reasons=[],
            closed=datetime(2025, 7, 2, tzinfo=UTC),
            surveys=[("mentee", 1, "no")],
        ),
        closed_pair(program, score=70, reasons=reasons_for(0), closed=None, surveys=[]),
    ]
    return SimpleNamespace(program=program, questions=questions, pairs=pairs, elsewhere=elsewhere)


@pytest.fixture
def known(program_a: Program) -> SimpleNamespace:
    return build(program_a)
