"""The figures against independent computations and published values, and the rule that keeps
the report from over-claiming."""

from __future__ import annotations

import pytest
from scipy import stats

from bridgeway.reports.quality.stats import (
    MIN_N,
    compare_means,
    compare_shares,
    mean_estimate,
    share_estimate,
    wilson,
)

MET = [5, 5, 5, 5, 4, 5, 5, 5, 4, 5]
MISSED = [3, 4, 3, 3, 4, 3, 4, 3, 3, 4]


def test_the_mean_and_its_interval_are_the_t_interval() -> None:
    found = mean_estimate(MISSED)
    low, high = stats.t.interval(0.95, len(MISSED) - 1, loc=3.4, scale=stats.sem(MISSED))
    assert (found.n, found.value) == (10, pytest.approx(3.4))
    assert (found.low, found.high) == (pytest.approx(low), pytest.approx(high))
    assert (round(found.low, 4), round(found.high, 4)) == (3.0306, 3.7694)


def test_an_interval_stays_within_the_scale_of_1_to_5() -> None:
    found = mean_estimate(MET)
    assert found.value == pytest.approx(4.8)
    assert found.high == 5.0  # the t interval reaches 5.10
    assert found.low == pytest.approx(4.4984, abs=1e-4)


def test_the_wilson_interval_matches_published_values() -> None:
    # Agresti and Coull (1998) and Newcombe (1998): 8 of 10, and 0 of 10.
    assert wilson(8, 10) == (pytest.approx(0.4902, abs=1e-4), pytest.approx(0.9433, abs=1e-4))
    assert wilson(0, 10) == (0.0, pytest.approx(0.2775, abs=1e-4))
    assert share_estimate(9, 10).value == pytest.approx(0.9)


def test_the_difference_of_shares_is_newcombe_s_published_example() -> None:
    # Newcombe (1998), table II, example (a): 56/70 − 48/80, method 10: 0.0524 to 0.3339.
    found = compare_shares((56, 70), (48, 80))
    assert found.difference == pytest.approx(0.2)
    assert found.low == pytest.approx(0.0524, abs=1e-4)
    assert found.high == pytest.approx(0.3339, abs=1e-4)


def test_the_difference_of_means_is_welch_s_interval() -> None:
    found = compare_means(MET, MISSED)
    welch = stats.ttest_ind(MET, MISSED, equal_var=False).confidence_interval(0.95)
    assert found.difference == pytest.approx(1.4)
    assert (found.low, found.high) == (pytest.approx(welch.low), pytest.approx(welch.high))


def test_under_the_minimum_a_group_has_no_figure_at_all() -> None:
    few = [5] * (MIN_N - 1)
    assert mean_estimate(few).value is None
    assert mean_estimate(few).n == MIN_N - 1
    assert share_estimate(MIN_N - 1, MIN_N - 1).value is None
    found = compare_means(few, MISSED)
    assert (found.difference, found.low, found.reading) == (None, None, "too_few")
    assert compare_shares((4, 4), (2, 10)).reading == "too_few"


def test_a_difference_is_clear_only_when_the_intervals_do_not_overlap() -> None:
    assert compare_means(MET, MISSED).reading == "higher"
    assert compare_means(MISSED, MET).reading == "lower"
    assert compare_shares((9, 10), (2, 10)).reading == "higher"
    # 4.6 against 3.9 with ten pairs each: the difference's own interval (0.19 to 1.21) leaves
    # out zero, but the groups' intervals (4.23–4.97 and 3.49–4.31) overlap: not called clear.
    close = compare_means([5, 5, 4, 5, 4, 5, 5, 4, 5, 4], [4, 3, 4, 4, 3, 5, 4, 4, 4, 4])
    assert close.low is not None
    assert close.low > 0
    assert close.reading == "no_difference"


def test_answers_all_alike_are_not_taken_for_certainty() -> None:
    # Five 5s: the t interval would have no width; with the spread of one answer one point
    # away (s² = 1/5) it runs from 5 − t(0.975, 4) × √(1/25) = 4.445 to the top of the scale.
    five = mean_estimate([5] * 5)
    assert five.low == pytest.approx(5 - stats.t.ppf(0.975, 4) / 5)
    assert five.high == 5.0
    # … which overlaps a group around 4.2, so no clear difference is claimed.
    assert compare_means([5] * 5, [4, 5, 4, 4, 4, 5, 4, 4, 4, 4]).reading == "no_difference"
    same = compare_means([4] * 6, [4] * 7)
    assert same.difference == 0.0
    assert same.low is not None
    assert same.low < 0 < same.high
    assert same.reading == "no_difference"
    assert compare_means([5] * 6, [3] * 7).reading == "higher"
