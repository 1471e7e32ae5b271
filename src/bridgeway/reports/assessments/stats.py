"""Paired change: the same person's answer to the same question before the program and at a
later moment. For n pairs of (before, after): the mean change and a 95% confidence interval
from the t distribution with n − 1 degrees of freedom,
mean ± t(0.975, n − 1) × s / √n, where s is the sample standard deviation of the changes.
With fewer than two pairs there is no interval. The figures come from sums (`PairSums`), so
the database can add the pairs up without sending each one (reports/change.py). The mean and
its interval (`mean_interval`) serve the match-quality report too."""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from scipy import stats

CONFIDENCE = 0.95


@dataclass(frozen=True)
class PairedChange:
    n: int
    mean_before: float | None
    mean_after: float | None
    mean_change: float | None
    ci_low: float | None
    ci_high: float | None

    @property
    def has_interval(self) -> bool:
        return self.ci_low is not None

    @property
    def clearly_up(self) -> bool:
        """The interval lies wholly above zero."""
        return self.ci_low is not None and self.ci_low > 0

    @property
    def clearly_down(self) -> bool:
        return self.ci_high is not None and self.ci_high < 0


def t_quantile(degrees: float) -> float:
    """t(0.975, degrees): the half-width of a 95% interval in standard errors."""
    return float(stats.t.ppf((1 + CONFIDENCE) / 2, degrees))


def sample_variance(values: Sequence[float]) -> float:
    """With n − 1 in the denominator; 0 for fewer than two values."""
    n = len(values)
    if n < 2:
        return 0.0
    mean = sum(values) / n
    return sum((value - mean) ** 2 for value in values) / (n - 1)


@dataclass(frozen=True)
class MeanInterval:
    """A mean and its 95% interval, mean ± t(0.975, n − 1) × s / √n (none under two values)."""

    n: int
    mean: float | None
    low: float | None
    high: float | None


def mean_interval(values: Sequence[float]) -> MeanInterval:
    n = len(values)
    if n == 0:
        return MeanInterval(0, None, None, None)
    mean = sum(values) / n
    if n < 2:
        return MeanInterval(n, mean, None, None)
    half = t_quantile(n - 1) * math.sqrt(sample_variance(values) / n)
    return MeanInterval(n, mean, mean - half, mean + half)


@dataclass(frozen=True)
class PairSums:
    """What a paired change is computed from, as a database can add it up: the number of
    pairs, the sums of the answers before and after, and of the changes and their squares.
    Sums of several questions add up (the network adds up a ready-made question's programs)."""

    n: int = 0
    before: float = 0
    after: float = 0
    change: float = 0
    squares: float = 0

    def __add__(self, other: PairSums) -> PairSums:
        return PairSums(
            self.n + other.n,
            self.before + other.before,
            self.after + other.after,
            self.change + other.change,
            self.squares + other.squares,
        )


def paired_change(pairs: Iterable[tuple[float, float]]) -> PairedChange:
    """The change over (before, after) pairs of one question."""
    sums = PairSums()
    for before, after in pairs:
        change = after - before
        sums += PairSums(1, before, after, change, change * change)
    return change_of(sums)


def change_of(sums: PairSums) -> PairedChange:
    n = sums.n
    if n == 0:
        return PairedChange(0, None, None, None, None, None)
    mean = sums.change / n
    mean_before, mean_after = sums.before / n, sums.after / n
    if n < 2:
        return PairedChange(n, mean_before, mean_after, mean, None, None)
    # Σ(c − mean)² = Σc² − n·mean²; never below zero, whatever the rounding.
    variance = max(0.0, (sums.squares - n * mean * mean) / (n - 1))
    half = t_quantile(n - 1) * math.sqrt(variance / n)
    return PairedChange(n, mean_before, mean_after, mean, mean - half, mean + half)
