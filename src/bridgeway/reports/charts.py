"""Bar charts drawn as inline SVG by our own template (reports/_chart.html): no script, no
colour carrying meaning. Each bar carries its label and its value in words, and a pattern
(hatching, dots, crosses) tells neighbouring bars apart; the table beside it holds the same
figures for screen readers and for copying."""

from __future__ import annotations

from dataclasses import dataclass

from bridgeway.reports.figures import Figure, Grid, Table

WIDTH = 600
LABEL_HEIGHT = 20
BAR_HEIGHT = 18
GAP = 12
PATTERNS = ("hatch", "dots", "cross", "solid")


@dataclass(frozen=True)
class Bar:
    label: str
    text: str
    y_label: int
    y_bar: int
    width: int
    pattern: str
    hidden: bool


@dataclass(frozen=True)
class Chart:
    bars: list[Bar]
    height: int
    width: int = WIDTH


def chart_for(table: Table | Grid) -> Chart | None:
    """Horizontal bars for the table's counts (rates and hours stay in the table)."""
    if isinstance(table, Grid) or not table.chart:
        return None
    rows: list[Figure] = [row for row in table.rows if row.unit == "count"]
    if not rows:
        return None
    largest = max((float(row.value or 0) for row in rows if row.shown), default=0.0)
    bars, y = [], 0
    for index, row in enumerate(rows):
        value = float(row.value or 0) if row.shown else 0.0
        width = round(WIDTH * value / largest) if largest else 0
        bars.append(
            Bar(
                label=str(row.label),
                text=row.text(),
                y_label=y + 14,
                y_bar=y + LABEL_HEIGHT,
                width=max(width, 2) if row.shown and value else 0,
                pattern=PATTERNS[index % len(PATTERNS)],
                hidden=not row.shown,
            )
        )
        y += LABEL_HEIGHT + BAR_HEIGHT + GAP
    return Chart(bars=bars, height=y)
