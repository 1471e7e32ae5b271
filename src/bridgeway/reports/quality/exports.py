"""The match-quality report as CSV rows: a row per score band and per rule's group, with the
numbers in their own columns (a spreadsheet can sort them), and "too few to say" where the
page shows no figure."""

from __future__ import annotations

from django.utils.translation import gettext as _

from bridgeway.reports.exports import Cell, rows_csv_bytes
from bridgeway.reports.quality.analysis import MatchQuality
from bridgeway.reports.quality.stats import Comparison, Estimate
from bridgeway.reports.quality.words import (
    Subject,
    band_label,
    reading_text,
    scores_text,
    too_few,
)


def _header() -> list[Cell]:
    return [
        _("Section"),
        _("Group"),
        _("Pairs (n)"),
        _("Mean satisfaction (1 to 5)"),
        _("95% interval: from"),
        _("95% interval: to"),
        _("Reached their goals (%)"),
        _("95% interval: from"),
        _("95% interval: to"),
        _("What the data say"),
    ]


def _number(value: float | None, percent: bool) -> Cell:
    if value is None:
        return too_few()
    return round(100 * value, 1) if percent else round(value, 2)


def _estimates(satisfaction: Estimate, goals: Estimate) -> list[Cell]:
    return [
        _number(satisfaction.value, False),
        _number(satisfaction.low, False),
        _number(satisfaction.high, False),
        _number(goals.value, True),
        _number(goals.low, True),
        _number(goals.high, True),
    ]


def _difference(
    section: str, group: str, satisfaction: Comparison, goals: Comparison, subject: Subject
) -> list[Cell]:
    readings = " ".join(
        [
            reading_text(satisfaction, "satisfaction", subject),
            reading_text(goals, "goals", subject),
        ]
    )
    return [
        section,
        group,
        "",
        _number(satisfaction.difference, False),
        _number(satisfaction.low, False),
        _number(satisfaction.high, False),
        _number(goals.difference, True),
        _number(goals.low, True),
        _number(goals.high, True),
        readings,
    ]


def quality_rows(quality: MatchQuality) -> list[list[Cell]]:
    rows: list[list[Cell]] = [_header()]
    section = _("Match score")
    for band in quality.bands:
        group = _("%(band)s (scores %(scores)s)") % {
            "band": band_label(band.index, band.count),
            "scores": scores_text(band.low, band.high),
        }
        rows.append([section, group, band.n, *_estimates(band.satisfaction, band.goals), ""])
    if quality.band_satisfaction is not None and quality.band_goals is not None:
        rows.append(
            _difference(
                section,
                _("Highest band − lowest band"),
                quality.band_satisfaction,
                quality.band_goals,
                "band",
            )
        )
    for result in quality.rules:
        label = result.rule.label
        sat, goals = result.satisfaction, result.goals
        met = _estimates(sat.first, goals.first)
        missed = _estimates(sat.second, goals.second)
        rows.append([label, _("Pairs who met it"), result.met, *met, ""])
        rows.append([label, _("Pairs who did not"), result.not_met, *missed, ""])
        rows.append(_difference(label, _("Difference"), sat, goals, "rule"))
    return rows


def quality_csv(quality: MatchQuality) -> bytes:
    return rows_csv_bytes(quality_rows(quality))
