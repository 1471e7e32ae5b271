"""The report's figures and readings in the reader's language, for the page and the CSV file:
a mean or a share with its interval, a difference, and what the data say in plain words. Under
the minimum number of pairs a figure reads "too few to say", never a number."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from bridgeway.reports.quality.analysis import MatchQuality, RuleResult
from bridgeway.reports.quality.stats import MIN_N, Comparison, Estimate, Measure

Subject = Literal["rule", "band"]


def too_few() -> str:
    return _("too few to say")


def _mean(value: float) -> str:
    return number_format(round(value, 2), 2)


def _percent(value: float) -> str:
    return _("%(value)s%%") % {"value": number_format(round(100 * value), 0)}


def value_text(estimate: Estimate, measure: Measure) -> str:
    """ "4.60" or "80%"; "too few to say" under the minimum."""
    if estimate.value is None:
        return too_few()
    return _mean(estimate.value) if measure == "satisfaction" else _percent(estimate.value)


def interval_text(estimate: Estimate, measure: Measure) -> str:
    if estimate.low is None or estimate.high is None:
        return ""
    shown = _mean if measure == "satisfaction" else _percent
    return _("from %(low)s to %(high)s") % {
        "low": shown(estimate.low),
        "high": shown(estimate.high),
    }


def estimate_text(estimate: Estimate, measure: Measure) -> str:
    """ "4.60 (95% interval from 4.21 to 4.99)", or "too few to say"."""
    if estimate.value is None:
        return too_few()
    return _("%(value)s (95%% interval %(interval)s)") % {
        "value": value_text(estimate, measure),
        "interval": interval_text(estimate, measure),
    }


def _signed(value: float, measure: Measure) -> str:
    text = _mean(value) if measure == "satisfaction" else number_format(round(100 * value), 0)
    return f"+{text}" if value > 0 else text.replace("-", "−")


def difference_text(comparison: Comparison, measure: Measure) -> str:
    """+0.70 (95% interval from 0.10 to 1.30); shares in percentage points."""
    if comparison.difference is None or comparison.low is None or comparison.high is None:
        return too_few()
    low, high = _signed(comparison.low, measure), _signed(comparison.high, measure)
    if measure == "satisfaction":
        return _("%(difference)s (95%% interval from %(low)s to %(high)s)") % {
            "difference": _signed(comparison.difference, measure),
            "low": low,
            "high": high,
        }
    points = round(abs(100 * comparison.difference))
    return ngettext(
        "%(difference)s percentage point (95%% interval from %(low)s to %(high)s)",
        "%(difference)s percentage points (95%% interval from %(low)s to %(high)s)",
        points,
    ) % {"difference": _signed(comparison.difference, measure), "low": low, "high": high}


def _figures(comparison: Comparison, measure: Measure) -> dict[str, str]:
    return {
        "first": value_text(comparison.first, measure),
        "second": value_text(comparison.second, measure),
    }


def reading_text(comparison: Comparison, measure: Measure, subject: Subject) -> str:
    """What the data say, in one sentence."""
    reading = comparison.reading
    if reading == "too_few":
        if subject == "band":
            return ngettext(
                "Too few to say: each band needs at least %(n)s pair.",
                "Too few to say: each band needs at least %(n)s pairs.",
                MIN_N,
            ) % {"n": MIN_N}
        return _(
            "Too few to say: the pairs who met it and those who did not each need to be at "
            "least %(n)s."
        ) % {"n": MIN_N}
    if reading == "no_difference":
        if subject == "band":
            return _(
                "The data do not show a clear difference between the highest and the lowest band: "
                "their intervals overlap."
            )
        return _("The data do not show a clear difference: the two intervals overlap.")
    figures = _figures(comparison, measure)
    sentences = {
        ("satisfaction", "rule", "higher"): _(
            "Pairs who met this rule were more satisfied: %(first)s against %(second)s."
        ),
        ("satisfaction", "rule", "lower"): _(
            "Pairs who met this rule were less satisfied: %(first)s against %(second)s."
        ),
        ("goals", "rule", "higher"): _(
            "More of the pairs who met this rule reached their goals: %(first)s against %(second)s."
        ),
        ("goals", "rule", "lower"): _(
            "Fewer of the pairs who met this rule reached their goals: %(first)s against "
            "%(second)s."
        ),
        ("satisfaction", "band", "higher"): _(
            "Pairs in the highest band were more satisfied than those in the lowest: "
            "%(first)s against %(second)s."
        ),
        ("satisfaction", "band", "lower"): _(
            "Pairs in the highest band were less satisfied than those in the lowest: "
            "%(first)s against %(second)s."
        ),
        ("goals", "band", "higher"): _(
            "More pairs in the highest band reached their goals than in the lowest: "
            "%(first)s against %(second)s."
        ),
        ("goals", "band", "lower"): _(
            "Fewer pairs in the highest band reached their goals than in the lowest: "
            "%(first)s against %(second)s."
        ),
    }
    return sentences[(measure, subject, reading)] % figures


def score_text(value: float) -> str:
    """A match score as the proposal keeps it (at most two decimals), without trailing zeros."""
    rounded = round(value, 2)
    places = next(places for places in (0, 1, 2) if round(rounded, places) == rounded)
    return number_format(rounded, places)


def band_label(index: int, count: int) -> str:
    if index == 1:
        return _("Band %(index)s of %(count)s: the lowest scores") % {
            "index": index,
            "count": count,
        }
    if index == count:
        return _("Band %(index)s of %(count)s: the highest scores") % {
            "index": index,
            "count": count,
        }
    return _("Band %(index)s of %(count)s") % {"index": index, "count": count}


def scores_text(low: float, high: float) -> str:
    if low == high:
        return score_text(low)
    return _("%(low)s to %(high)s") % {"low": score_text(low), "high": score_text(high)}


@dataclass(frozen=True)
class Row:
    """One row of a table on the page, in words."""

    label: str
    pairs: str
    satisfaction: str
    goals: str


@dataclass(frozen=True)
class RuleView:
    result: RuleResult
    rows: list[Row]
    readings: list[tuple[str, str]]  # (the measure, or "" for both; what the data say)


def _pairs(n: int) -> str:
    return number_format(n, 0, force_grouping=True)


def band_rows(quality: MatchQuality) -> list[tuple[Row, str]]:
    """(row, the band's scores) for each band."""
    return [
        (
            Row(
                band_label(band.index, band.count),
                _pairs(band.n),
                estimate_text(band.satisfaction, "satisfaction"),
                estimate_text(band.goals, "goals"),
            ),
            scores_text(band.low, band.high),
        )
        for band in quality.bands
    ]


def _readings(
    satisfaction: Comparison, goals: Comparison, subject: Subject
) -> list[tuple[str, str]]:
    """(the measure, what the data say of it); one line when the groups are too small, which
    holds for both measures at once (they count the same pairs)."""
    if satisfaction.reading == "too_few":
        return [("", reading_text(satisfaction, "satisfaction", subject))]
    return [
        (_("Satisfaction"), reading_text(satisfaction, "satisfaction", subject)),
        (_("Goals reached"), reading_text(goals, "goals", subject)),
    ]


def band_readings(quality: MatchQuality) -> list[tuple[str, str]]:
    if quality.band_satisfaction is None or quality.band_goals is None:
        return []
    return _readings(quality.band_satisfaction, quality.band_goals, "band")


def rule_views(quality: MatchQuality) -> list[RuleView]:
    views = []
    for result in quality.rules:
        sat, goals = result.satisfaction, result.goals
        rows = [
            Row(
                _("Pairs who met it"),
                _pairs(result.met),
                estimate_text(sat.first, "satisfaction"),
                estimate_text(goals.first, "goals"),
            ),
            Row(
                _("Pairs who did not"),
                _pairs(result.not_met),
                estimate_text(sat.second, "satisfaction"),
                estimate_text(goals.second, "goals"),
            ),
            Row(
                _("Difference"),
                "",
                difference_text(sat, "satisfaction"),
                difference_text(goals, "goals"),
            ),
        ]
        views.append(RuleView(result, rows, _readings(sat, goals, "rule")))
    return views


def clear_readings(quality: MatchQuality) -> list[tuple[str, str]]:
    """(rule label, reading) of each clear difference, for the summary."""
    return [
        (result.rule.label, reading_text(comparison, measure, "rule"))
        for result, measure, comparison in quality.clear
    ]
