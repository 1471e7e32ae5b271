"""Paired change: the same person's answer to the same question before the program and at a
later moment. For n pairs of (before, after): the mean change and a 95% confidence interval
from the t distribution with n − 1 degrees of freedom,
mean ± t(0.975, n − 1) × s / √n, where s is the sample standard deviation of the changes.
With fewer than two pairs there is no interval."""

from __future__ import annotations

import math
from collections.abc import Iterable
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


def paired_change(pairs: Iterable[tuple[float, float]]) -> PairedChange:
    """The change over (before, after) pairs of one question."""
    pairs = list(pairs)
    n = len(pairs)
    if n == 0:
        return PairedChange(0, None, None, None, None, None)
    changes = [after - before for before, after in pairs]
    mean_before = sum(before for before, _after in pairs) / n
    mean_after = sum(after for _before, after in pairs) / n
    mean = sum(changes) / n
    if n < 2:
        return PairedChange(n, mean_before, mean_after, mean, None, None)
    variance = sum((change - mean) ** 2 for change in changes) / (n - 1)
    half = float(stats.t.ppf((1 + CONFIDENCE) / 2, n - 1)) * math.sqrt(variance / n)
    return PairedChange(n, mean_before, mean_after, mean, mean - half, mean + half)
