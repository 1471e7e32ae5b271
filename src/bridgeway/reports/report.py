"""A whole report: every table of the dashboard for one scope and one set of filters, with the
network's small counts hidden (figures.py), and its headline figures."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from django.db.models import QuerySet
from django.http import Http404
from django.utils import timezone

from bridgeway.programs.models import Program
from bridgeway.reports import change, metrics, outcomes, usage
from bridgeway.reports.figures import Figure, Grid, Table, suppress_grid, suppress_table
from bridgeway.reports.scope import ReportFilter, Scope, scope_programs

Builder = Callable[[QuerySet[Program], ReportFilter], Table | Grid]

# In the order the dashboard shows them.
BUILDERS: list[Builder] = [
    metrics.pipeline_table,
    metrics.timing_table,
    metrics.activity_table,
    outcomes.monthly_table,
    outcomes.concerns_table,
    outcomes.closures_table,
    outcomes.satisfaction_table,
    outcomes.goals_table,
    change.change_table,
    change.employment_table,
    outcomes.mentors_table,
    usage.resources_table,
    usage.top_resources_table,
]
TABLE_KEYS = (
    "pipeline",
    "timing",
    "activity",
    "monthly",
    "concerns",
    "closures",
    "satisfaction",
    "goals",
    "change",
    "employment",
    "mentors",
    "resources",
    "resources_top",
)
# (table, figure) of the figures at the top of the dashboard and in the monthly email.
HEADLINE = [
    ("pipeline", "total"),
    ("pipeline", "conversion"),
    ("activity", "started"),
    ("activity", "active"),
    ("activity", "hours"),
    ("activity", "at_risk"),
    ("satisfaction", "mentee_mean"),
]


@dataclass(frozen=True)
class Report:
    scope: Scope
    chosen: ReportFilter
    tables: list[Table | Grid]
    made_at: datetime

    def table(self, key: str) -> Table | Grid:
        for table in self.tables:
            if table.key == key:
                return table
        raise Http404

    def figure(self, table_key: str, key: str) -> Figure:
        table = self.table(table_key)
        if isinstance(table, Grid):
            raise KeyError(key)
        for figure in [*table.rows, *table.extra, *([table.total] if table.total else [])]:
            if figure.key == key:
                return figure
        raise KeyError(key)

    @property
    def headline(self) -> list[Figure]:
        return [self.figure(table, key) for table, key in HEADLINE]


def report_build(
    *, scope: Scope, chosen: ReportFilter, keys: tuple[str, ...] = TABLE_KEYS
) -> Report:
    """The report's tables (only `keys`), each a fixed number of queries."""
    programs = scope_programs(scope, chosen)
    tables = [
        build(programs, chosen)
        for key, build in zip(TABLE_KEYS, BUILDERS, strict=True)
        if key in keys
    ]
    if scope.suppress:
        tables = [
            suppress_grid(table) if isinstance(table, Grid) else suppress_table(table)
            for table in tables
        ]
    return Report(scope=scope, chosen=chosen, tables=tables, made_at=timezone.now())
