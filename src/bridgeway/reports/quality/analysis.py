"""The match-quality report from the pairs read: satisfaction and goals reached by match-score
band, and per criterion for pairs who met it against pairs who did not (stats.py for the
figures and when a difference is called clear)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from bridgeway.reports.quality.selectors import (
    PairOutcome,
    PairsRead,
    Rule,
    Side,
    pair_outcomes,
    rules_of,
)
from bridgeway.reports.quality.stats import (
    MIN_N,
    Comparison,
    Estimate,
    Measure,
    compare_means,
    compare_shares,
    mean_estimate,
    share_estimate,
)
from bridgeway.reports.scope import ReportFilter, Scope, scope_programs

MAX_BANDS = 4


@dataclass(frozen=True)
class Band:
    """Pairs whose scores fall between `low` and `high` (both included); `index` 1 is the
    lowest of `count` bands."""

    index: int
    count: int
    low: float
    high: float
    satisfaction: Estimate
    goals: Estimate

    @property
    def n(self) -> int:
        return self.satisfaction.n


@dataclass(frozen=True)
class RuleResult:
    """Pairs who met the rule (`first` of each comparison) against those who did not."""

    rule: Rule
    satisfaction: Comparison
    goals: Comparison
    current: bool  # still a rule of the programs (else only the pairs' reasons name it)

    @property
    def met(self) -> int:
        return self.satisfaction.first.n

    @property
    def not_met(self) -> int:
        return self.satisfaction.second.n


@dataclass(frozen=True)
class MatchQuality:
    read: PairsRead
    side: Side
    bands: list[Band]
    # The highest band against the lowest; None with fewer than two bands.
    band_satisfaction: Comparison | None
    band_goals: Comparison | None
    rules: list[RuleResult]

    @property
    def n(self) -> int:
        return len(self.read.pairs)

    @property
    def several_programs(self) -> bool:
        """Rules asked by more than one program: their weights are each program's own."""
        return any(result.current and result.rule.weight is None for result in self.rules)

    @property
    def clear(self) -> list[tuple[RuleResult, Measure, Comparison]]:
        """(rule, "satisfaction" or "goals", comparison) for each clear difference, in the
        rules' order: what the page may say goes with better or worse results."""
        found: list[tuple[RuleResult, Measure, Comparison]] = []
        for result in self.rules:
            measures: tuple[tuple[Measure, Comparison], ...] = (
                ("satisfaction", result.satisfaction),
                ("goals", result.goals),
            )
            for measure, comparison in measures:
                if comparison.reading in ("higher", "lower"):
                    found.append((result, measure, comparison))
        return found


def _satisfaction(pairs: Sequence[PairOutcome]) -> list[float]:
    return [float(pair.satisfaction) for pair in pairs]


def _goals(pairs: Sequence[PairOutcome]) -> tuple[int, int]:
    return sum(1 for pair in pairs if pair.goals_reached), len(pairs)


def score_groups(pairs: Sequence[PairOutcome]) -> list[list[PairOutcome]]:
    """The pairs by score into up to four bands of about equal size, as many as give each
    band MIN_N pairs; pairs with the same score stay in one band."""
    ordered = sorted(pairs, key=lambda pair: pair.score)
    count = min(MAX_BANDS, len(ordered) // MIN_N)
    groups: list[list[PairOutcome]] = []
    start = 0
    for index in range(1, count + 1):
        end = round(index * len(ordered) / count)
        while 0 < end < len(ordered) and ordered[end].score == ordered[end - 1].score:
            end += 1
        if end > start:
            groups.append(ordered[start:end])
            start = end
    return groups


def _bands(groups: list[list[PairOutcome]]) -> list[Band]:
    return [
        Band(
            index=index,
            count=len(groups),
            low=group[0].score,
            high=group[-1].score,
            satisfaction=mean_estimate(_satisfaction(group)),
            goals=share_estimate(*_goals(group)),
        )
        for index, group in enumerate(groups, start=1)
    ]


def _rule_result(rule: Rule, pairs: Sequence[PairOutcome], current: bool) -> RuleResult:
    met = [pair for pair in pairs if pair.rules.get(rule.key) is True]
    missed = [pair for pair in pairs if pair.rules.get(rule.key) is False]
    return RuleResult(
        rule=rule,
        satisfaction=compare_means(_satisfaction(met), _satisfaction(missed)),
        goals=compare_shares(_goals(met), _goals(missed)),
        current=current,
    )


def match_quality(*, read: PairsRead, rules: dict[str, Rule], side: Side) -> MatchQuality:
    """Every figure of the report. The rules come in the questionnaires' order, then the
    criteria the pairs were matched on that no program asks any more."""
    pairs = read.pairs
    groups = score_groups(pairs)
    band_satisfaction = band_goals = None
    if len(groups) > 1:
        lowest, highest = groups[0], groups[-1]
        band_satisfaction = compare_means(_satisfaction(highest), _satisfaction(lowest))
        band_goals = compare_shares(_goals(highest), _goals(lowest))
    former = sorted({key for pair in pairs for key in pair.rules} - set(rules))
    results = [_rule_result(rule, pairs, True) for rule in rules.values()]
    results += [_rule_result(Rule(key, key), pairs, False) for key in former]
    return MatchQuality(read, side, _bands(groups), band_satisfaction, band_goals, results)


def quality_report(*, scope: Scope, chosen: ReportFilter, side: Side) -> MatchQuality:
    """The report over the scope's programs the filters keep (three queries)."""
    programs = scope_programs(scope, chosen)
    read = pair_outcomes(programs=programs, chosen=chosen, side=side)
    return match_quality(read=read, rules=rules_of(programs), side=side)
