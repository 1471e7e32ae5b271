"""What the match-quality report reads: the pairs that closed in the period, each with the
score and the reasons it was matched on, and the chosen side's closure survey; and the
matching rules of the programs, to name the criteria and link to their weights.

A pair's match score and reasons are those its match proposal recorded when the pair was put
forward (matching/, `MatchProposal.score` and `.reasons`: criterion, points, the most points it
could earn): every relationship starts from a request standing on one. A fixed number of
queries whatever the number of pairs."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

from django.db.models import F, QuerySet

from bridgeway.core.i18n import translated
from bridgeway.programs.models import Program
from bridgeway.programs.questionnaires.models import MatchingRule, Question
from bridgeway.relationships.models import ClosureSurvey, Relationship
from bridgeway.reports.scope import ReportFilter, participant_q

Side = Literal["mentee", "mentor"]
SIDES: tuple[Side, ...] = ("mentee", "mentor")
# The reasons of an exclusion (a declined request, an earlier pair) are no criterion.
NOT_A_CRITERION = "exclude"


@dataclass(frozen=True)
class PairOutcome:
    """One closed pair: its match score (0–100), the chosen person's answers at closure, and
    per criterion whether the pair met it (criteria that did not count for it are left out)."""

    score: float
    satisfaction: int
    goals_reached: bool
    rules: Mapping[str, bool]


@dataclass(frozen=True)
class PairsRead:
    pairs: list[PairOutcome]
    closed: int  # pairs closed in the period
    without_score: int  # of them, pairs with no recorded match score
    without_answer: int  # of them, pairs whose chosen person gave no closure survey


@dataclass(frozen=True)
class Rule:
    """A criterion as the programs ask it now: the question's label in the reader's language,
    and — for one program — its weight, whether it must be met and the question to edit."""

    key: str
    label: str
    weight: int | None = None
    hard: bool = False
    question_id: int | None = None
    program_ids: frozenset[int] = field(default_factory=frozenset)

    @property
    def program_id(self) -> int | None:
        """The program whose question to edit: set only when one program asks it."""
        if self.question_id is None or len(self.program_ids) != 1:
            return None
        return next(iter(self.program_ids))


def criteria_met(reasons: Iterable[Mapping[str, Any]]) -> dict[str, bool]:
    """Per criterion, whether the pair met it: it earned at least half of the criterion's
    points (a yes-or-no rule earns all or nothing). A criterion worth no points for this pair
    (the mentee did not answer it, or its weight was 0) did not count and is left out."""
    found: dict[str, bool] = {}
    for reason in reasons:
        name = str(reason.get("criterion", ""))
        most = float(reason.get("max_points") or 0)
        if not name or name == NOT_A_CRITERION or most <= 0:
            continue
        found[name] = 2 * float(reason.get("points") or 0) >= most - 1e-9
    return found


def closed_pairs(programs: QuerySet[Program], chosen: ReportFilter) -> QuerySet[Relationship]:
    """Pairs of these programs that closed in the period, the participant filters on the
    mentee (as the dashboard's closures)."""
    start, end = chosen.window()
    return Relationship.objects.filter(
        program__in=programs,
        status=Relationship.Status.CLOSED,
        closed_at__gte=start,
        closed_at__lt=end,
    ).filter(participant_q(chosen, "mentee"))


def pair_outcomes(*, programs: QuerySet[Program], chosen: ReportFilter, side: Side) -> PairsRead:
    """Two queries: the pairs with their proposal's score and reasons, and the answers."""
    closed = closed_pairs(programs, chosen)
    rows = list(closed.values_list("pk", "request__proposal__score", "request__proposal__reasons"))
    surveys = ClosureSurvey.objects.filter(
        relationship__in=closed.values("pk"), person_id=F(f"relationship__{side}__person_id")
    )
    answers = {
        relationship_id: (satisfaction, goals)
        for relationship_id, satisfaction, goals in surveys.values_list(
            "relationship_id", "satisfaction", "goals_achieved"
        )
    }
    pairs, without_score, without_answer = [], 0, 0
    for pk, score, reasons in rows:
        if score is None:
            without_score += 1
            continue
        if pk not in answers:
            without_answer += 1
            continue
        satisfaction, goals = answers[pk]
        pairs.append(
            PairOutcome(
                score=float(score),
                satisfaction=satisfaction,
                goals_reached=goals == ClosureSurvey.Achieved.YES,
                rules=criteria_met(reasons or []),
            )
        )
    return PairsRead(pairs, len(rows), without_score, without_answer)


def rules_of(programs: QuerySet[Program]) -> dict[str, Rule]:
    """The criteria the programs' questions define now, by key, in the questionnaires' order.
    Over several programs a key is one criterion (its label from the first program asking it),
    without a weight: weights belong to one program."""
    questions = (
        Question.objects.filter(program__in=programs)
        .exclude(rule=MatchingRule.NONE)
        .order_by("program__name", "program_id", "position", "pk")
        .values_list("key", "pk", "program_id", "text", "rule_weight", "rule_is_hard")
    )
    found: dict[str, Rule] = {}
    programs_of: dict[str, set[int]] = {}
    for key, pk, program_id, text, weight, hard in questions:
        programs_of.setdefault(key, set()).add(program_id)
        if key not in found:
            found[key] = Rule(key, translated(text) or key, weight, hard, pk)
    several = len({pid for ids in programs_of.values() for pid in ids}) > 1
    return {
        key: Rule(
            key,
            rule.label,
            None if several else rule.weight,
            rule.hard and not several,
            None if several else rule.question_id,
            frozenset(programs_of[key]),
        )
        for key, rule in found.items()
    }
