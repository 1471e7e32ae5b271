"""Isolation entries for the match-quality report: agency A's page, its CSV file and its API
endpoint answer agency B's people as a missing agency does, and show none of A's canary (a
rule's question carries it, and a closed pair of A is counted)."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal
from types import SimpleNamespace

from django.utils import timezone

from bridgeway.matching.models import MatchProposal
from bridgeway.programs.questionnaires.models import Question
from bridgeway.relationships.models import ClosureSurvey, MentorRequest, Relationship
from tests.isolation._shared import CANARY, Entry, Pair


def _org(a: SimpleNamespace) -> list[Pair]:
    return [({"org": "agency-a"}, {"org": "no-such-agency"})]


MATRIX: dict[str, Entry] = {
    "reports:match_quality": _org,
    "reports:match_quality_csv": _org,
    "api:match-quality": _org,
}


def extend(world: SimpleNamespace, a: SimpleNamespace) -> None:
    program, mentee, mentor = a.program, a.enrollment, a.mentor_enrollment
    Question.objects.create(
        program=program,
        key="field",
        kind="occupation",
        text={"en": f"Field {CANARY}"},
        rule="same_value",
        rule_weight=5,
    )
    reasons = [{"criterion": "field", "code": "same_sector", "points": 100, "max_points": 100}]
    proposal = MatchProposal.objects.create(
        program=program,
        mentee=mentee,
        mentor=mentor,
        score=Decimal("100"),
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
    closed = timezone.now() - timedelta(days=3)
    relationship = Relationship.objects.create(
        program=program,
        mentee=mentee,
        mentor=mentor,
        request=request,
        status="closed",
        started_at=closed - timedelta(days=90),
        planned_end=closed.date(),
        closed_at=closed,
        close_reason="completed",
    )
    ClosureSurvey.objects.create(
        relationship=relationship,
        person=mentee.person,
        satisfaction=5,
        goals_achieved="yes",
        would_recommend=True,
        continue_informally=True,
        comments=f"Thanks {CANARY}",
    )
