"""The figures of the match-quality report and the rule that keeps them from over-claiming.

- Satisfaction (1 to 5): the mean with its 95% interval from the t distribution, as the
  assessments' change computes it (mean ± t(0.975, n − 1) × s / √n, `assessments.stats`),
  kept within the scale; the difference of two means with Welch's interval (each group its
  own variance, Welch–Satterthwaite degrees of freedom). A group whose answers are all the
  same would get an interval of no width at all, as if five answers were certainty: its
  spread is taken as that of one answer one point away (s² = 1/n, the least spread whole-number
  answers can have short of none).
- Goals reached (a share): the Wilson score interval; the difference of two shares with
  Newcombe's interval built from the two Wilson intervals (his method 10).
- A group of fewer than MIN_N pairs gets no figure at all ("too few to say").
- A difference is called clear only when the two groups' intervals do not overlap. That is
  stricter than asking the difference's own interval to leave out zero: with a dozen rules
  compared at once, the stricter rule keeps chance out of the headlines."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from scipy import stats

from bridgeway.reports.assessments.stats import CONFIDENCE, sample_variance, t_quantile

MIN_N = 5
SCALE = (1.0, 5.0)  # the closure survey's satisfaction

Reading = Literal["too_few", "higher", "lower", "no_difference"]
Measure = Literal["satisfaction", "goals"]


@dataclass(frozen=True)
class Estimate:
    """One group's figure: a mean (satisfaction) or a share from 0 to 1 (goals reached), with
    its 95% interval. `value` is None under MIN_N pairs: never a number resting on too few."""

    n: int
    value: float | None = None
    low: float | None = None
    high: float | None = None

    @property
    def enough(self) -> bool:
        return self.value is not None


@dataclass(frozen=True)
class Comparison:
    """`first` against `second` (pairs who met a rule against those who did not; the highest
    score band against the lowest): the difference first − second and its 95% interval."""

    first: Estimate
    second: Estimate
    difference: float | None = None
    low: float | None = None
    high: float | None = None

    @property
    def reading(self) -> Reading:
        if not (self.first.enough and self.second.enough):
            return "too_few"
        _a, a_low, a_high = figures(self.first)
        _b, b_low, b_high = figures(self.second)
        if a_low > b_high:
            return "higher"
        if a_high < b_low:
            return "lower"
        return "no_difference"


def figures(estimate: Estimate) -> tuple[float, float, float]:
    """(value, low, high) of an estimate that rests on enough pairs."""
    if estimate.value is None or estimate.low is None or estimate.high is None:
        raise ValueError("this group has too few pairs for a figure")
    return estimate.value, estimate.low, estimate.high


def _clip(value: float, bounds: tuple[float, float]) -> float:
    return min(max(value, bounds[0]), bounds[1])


def spread(values: Sequence[float]) -> float:
    """The sample variance, or 1/n when every answer is the same (see the module)."""
    return max(sample_variance(values), 1 / len(values))


def mean_estimate(values: Sequence[float]) -> Estimate:
    """The mean satisfaction and its t interval, within the scale."""
    n = len(values)
    if n < MIN_N:
        return Estimate(n)
    mean = sum(values) / n
    half = t_quantile(n - 1) * math.sqrt(spread(values) / n)
    return Estimate(n, mean, _clip(mean - half, SCALE), _clip(mean + half, SCALE))


def share_estimate(successes: int, n: int) -> Estimate:
    """The share and its Wilson score interval."""
    if n < MIN_N:
        return Estimate(n)
    low, high = wilson(successes, n)
    return Estimate(n, successes / n, low, high)


def _z() -> float:
    return float(stats.norm.ppf((1 + CONFIDENCE) / 2))


def wilson(successes: int, n: int) -> tuple[float, float]:
    """The Wilson score interval of successes / n (n > 0)."""
    z = _z()
    p = successes / n
    denominator = 1 + z * z / n
    centre = (p + z * z / (2 * n)) / denominator
    half = z / denominator * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n))
    return max(0.0, centre - half), min(1.0, centre + half)


def compare_means(first: Sequence[float], second: Sequence[float]) -> Comparison:
    """Welch's interval of the difference of two means."""
    a, b = mean_estimate(first), mean_estimate(second)
    if not (a.enough and b.enough):
        return Comparison(a, b)
    difference = figures(a)[0] - figures(b)[0]
    va, vb = spread(first) / len(first), spread(second) / len(second)
    degrees = (va + vb) ** 2 / (va**2 / (len(first) - 1) + vb**2 / (len(second) - 1))
    half = t_quantile(degrees) * math.sqrt(va + vb)
    span = SCALE[1] - SCALE[0]
    return Comparison(
        a,
        b,
        difference,
        _clip(difference - half, (-span, span)),
        _clip(difference + half, (-span, span)),
    )


def compare_shares(first: tuple[int, int], second: tuple[int, int]) -> Comparison:
    """Newcombe's interval of the difference of two shares, from (successes, n) of each."""
    a, b = share_estimate(*first), share_estimate(*second)
    if not (a.enough and b.enough):
        return Comparison(a, b)
    p1, low1, high1 = figures(a)
    p2, low2, high2 = figures(b)
    difference = p1 - p2
    low = difference - math.sqrt((p1 - low1) ** 2 + (high2 - p2) ** 2)
    high = difference + math.sqrt((high1 - p1) ** 2 + (p2 - low2) ** 2)
    return Comparison(a, b, difference, max(-1.0, low), min(1.0, high))
