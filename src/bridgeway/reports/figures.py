"""What a report shows: figures in tables, and the rule that keeps network-level tables free of
small counts.

A `Table` has rows of `Figure`s. Some tables are a *partition*: their rows split one total
(applications by where they stand, closures by reason), and the total is shown too. At the
network level (`suppress=True`):

- a count from 1 to 4 is shown as "fewer than 5" (primary suppression); 0 is shown, since it
  tells nothing about anyone;
- in a partition, when a hidden row's value could be worked out from the total and the other
  rows (one hidden row alone, or hidden rows that can only all be 1, or all be 4), the smallest
  other row with something in it is hidden too ("not shown"; secondary suppression), until
  none can — or, when no row is left to hide, the total; a total under 5 hides every row;
- a figure computed from counts (a rate, a mean, a median) is shown only when every count it
  is computed from is shown and it rests on at least 5 people or answers.

A `Grid` is a table of several value columns (the change per assessment question: pairs, means,
interval; employment answers at each moment). A grid row that rests on fewer than 5 people
hides every cell; a grid whose rows split a total row is suppressed column by column as a
partition."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Literal

from django.utils.formats import number_format
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

THRESHOLD = 5

Unit = Literal["count", "percent", "days", "hours", "score", "mean", "change"]
Hidden = Literal["", "small", "secondary"]


@dataclass(frozen=True)
class Figure:
    """One number and what it rests on. `n` is the count of people, pairs or answers a derived
    figure (a rate, a mean, a median) is computed from; for a count it is the count itself."""

    label: str | Promise
    value: float | int | None
    unit: Unit = "count"
    n: int | None = None
    hidden: Hidden = ""
    key: str = ""
    # The keys of the rows of its table a rate is computed from (hidden with any of them).
    inputs: tuple[str, ...] = ()

    @property
    def base(self) -> int:
        if self.n is not None:
            return self.n
        return int(self.value or 0)

    @property
    def shown(self) -> bool:
        return not self.hidden and self.value is not None

    def text(self) -> str:
        """The figure in words and digits of the reader's language."""
        if self.hidden == "small":
            if self.unit == "count":
                return _("fewer than 5")
            return _("not shown: fewer than 5 people or answers")
        if self.hidden == "secondary":
            return _("not shown, so that a small count cannot be worked out")
        if self.value is None:
            return _("no data yet")
        return format_value(self.value, self.unit)

    def export_value(self) -> float | int | str:
        """For CSV and XLSX: the number, or the words that replace it."""
        if self.hidden or self.value is None:
            return self.text()
        if self.unit == "percent":
            return round(float(self.value), 1)
        if self.unit in ("mean", "change"):
            return round(float(self.value), 2)
        if isinstance(self.value, float):
            return round(self.value, 1)
        return self.value


def format_value(value: float | int, unit: Unit) -> str:
    if unit == "percent":
        return _("%(value)s%%") % {"value": number_format(round(float(value), 1), 1)}
    if unit == "days":
        days = round(float(value), 1)
        return ngettext("%(days)s day", "%(days)s days", int(days) if days.is_integer() else 2) % {
            "days": number_format(days, 0 if days.is_integer() else 1)
        }
    if unit == "hours":
        return _("%(hours)s h") % {"hours": number_format(round(float(value), 1), 1)}
    if unit == "score":
        return _("%(score)s out of 5") % {"score": number_format(round(float(value), 1), 1)}
    if unit == "mean":
        return number_format(round(float(value), 2), 2)
    if unit == "change":
        shown = number_format(round(float(value), 2), 2)
        return f"+{shown}" if round(float(value), 2) > 0 else shown
    return number_format(int(value), 0, force_grouping=True)


@dataclass(frozen=True)
class Table:
    """A table of the dashboard: its rows, an optional total row, and how to draw its chart."""

    key: str
    title: str | Promise
    description: str | Promise
    rows: list[Figure]
    total: Figure | None = None
    # The rows split the total: their hidden cells are protected from subtraction.
    partition: bool = False
    # Rates and means under the table, computed from its rows.
    extra: list[Figure] = field(default_factory=list)
    chart: bool = True
    column: str | Promise = ""
    notes: list[str] = field(default_factory=list)
    empty: str | Promise = ""  # said instead of the table when it has no row

    is_grid = False

    @property
    def hides_something(self) -> bool:
        figures = [*self.rows, *self.extra, *([self.total] if self.total else [])]
        return any(figure.hidden for figure in figures)


@dataclass(frozen=True)
class Words:
    """A cell in words (the reading of an interval), hidden with the figures of its row."""

    words: str | Promise
    hidden: Hidden = ""

    def text(self) -> str:
        if self.hidden:
            return _("not shown: fewer than 5 people or answers")
        return str(self.words)

    def export_value(self) -> str:
        return self.text()


Cell = Figure | Words


@dataclass(frozen=True)
class Row:
    """A row of a grid. `n` is the number of people or pairs its figures rest on, when they
    all rest on the same ones (a question's pairs); `group` names who was asked."""

    label: str | Promise
    cells: list[Cell]
    key: str = ""
    n: int | None = None
    group: str | Promise = ""


@dataclass(frozen=True)
class Grid:
    """A table of several value columns, shown without a chart."""

    key: str
    title: str | Promise
    description: str | Promise
    column: str | Promise  # the heading of the rows' labels
    columns: list[str | Promise]
    rows: list[Row]
    total: Row | None = None
    # In each column, the rows' counts split the total row's.
    partition: bool = False
    group_column: str | Promise = ""  # the heading of the rows' groups, when they have one
    empty: str | Promise = ""  # said instead of the table when it has no row
    notes: list[str | Promise] = field(default_factory=list)

    is_grid = True
    chart = False

    @property
    def hides_something(self) -> bool:
        rows = [*self.rows, *([self.total] if self.total else [])]
        return any(cell.hidden for row in rows for cell in row.cells)


def _small(figure: Figure) -> bool:
    if figure.value is None:
        return False
    if figure.unit == "count":
        return 0 < figure.base < THRESHOLD
    return figure.base < THRESHOLD


def suppress_figure(figure: Figure) -> Figure:
    return replace(figure, hidden="small") if _small(figure) else figure


def _worked_out(rows: list[Figure]) -> bool:
    """Whether a reader could tell a hidden small count exactly: its hidden neighbours add up
    to what the total leaves, each small one is from 1 to 4 and each other one 0 or more."""
    small = sum(1 for row in rows if row.hidden == "small")
    if not small:
        return False
    rest = sum(row.base for row in rows if row.hidden)
    if any(row.hidden == "secondary" for row in rows):
        return min(4, rest - (small - 1)) <= 1
    return max(1, rest - 4 * (small - 1)) == min(4, rest - (small - 1))


def suppress_partition(rows: list[Figure], total: Figure) -> tuple[list[Figure], Figure]:
    """Primary and secondary suppression of rows that add up to `total` (see the module)."""
    total = suppress_figure(total)
    if total.hidden:
        return [replace(row, hidden=row.hidden or "small") for row in rows], total
    rows = [suppress_figure(row) for row in rows]
    while _worked_out(rows):
        shown = [i for i, row in enumerate(rows) if not row.hidden]
        if not shown:
            return rows, replace(total, hidden="secondary")
        # A row with something in it changes what the hidden rows add up to; a zero does not.
        pick = min(shown, key=lambda i: (rows[i].base == 0, rows[i].base, i))
        rows[pick] = replace(rows[pick], hidden="secondary")
    return rows, total


def suppress_table(table: Table) -> Table:
    total: Figure | None
    if table.partition and table.total is not None:
        rows, total = suppress_partition(table.rows, table.total)
    else:
        rows = [suppress_figure(row) for row in table.rows]
        total = suppress_figure(table.total) if table.total else None
    hidden = {row.key for row in rows if row.hidden}
    if total is not None and total.hidden:
        hidden.add(total.key)
    extra = [
        replace(figure, hidden="small")
        if hidden.intersection(figure.inputs)
        else suppress_figure(figure)
        for figure in table.extra
    ]
    return replace(table, rows=rows, total=total, extra=extra)


def _hide_row(row: Row) -> Row:
    return replace(row, cells=[replace(cell, hidden="small") for cell in row.cells])


def suppress_grid(grid: Grid) -> Grid:
    """A row resting on 1 to 4 people shows none of its figures; a partition is held back
    column by column like a table's (suppress_partition); other counts one by one."""
    if grid.partition and grid.total is not None:
        columns = []
        for index in range(len(grid.columns)):
            cells = [row.cells[index] for row in grid.rows]
            total = grid.total.cells[index]
            assert all(isinstance(cell, Figure) for cell in [*cells, total])
            columns.append(suppress_partition(cells, total))  # type: ignore[arg-type]
        rows = [
            replace(row, cells=[column[0][i] for column in columns])
            for i, row in enumerate(grid.rows)
        ]
        total_row = replace(grid.total, cells=[column[1] for column in columns])
        return replace(grid, rows=rows, total=total_row)
    rows = [
        _hide_row(row)
        if row.n is not None and 0 < row.n < THRESHOLD
        else replace(
            row,
            cells=[suppress_figure(c) if isinstance(c, Figure) else c for c in row.cells],
        )
        for row in grid.rows
    ]
    return replace(grid, rows=rows)
