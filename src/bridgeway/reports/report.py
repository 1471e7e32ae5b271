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

Builder = Callable[[QuerySet[Program], ReportFilter], list[Table | Grid]]


def _one(build: Callable[[QuerySet[Program], ReportFilter], Table | Grid]) -> Builder:
    def built(programs: QuerySet[Program], chosen: ReportFilter) -> list[Table | Grid]:
        return [build(programs, chosen)]

    return built


# In the order the dashboard shows them: (the tables' keys, what builds them). Resource use and
# the most viewed resources are read from one pass over the library's views, satisfaction and
# goals achieved from one over the closure surveys.
BUILDERS: list[tuple[tuple[str, ...], Builder]] = [
    (("pipeline",), _one(metrics.pipeline_table)),
    (("timing",), _one(metrics.timing_table)),
    (("activity",), _one(metrics.activity_table)),
    (("monthly",), _one(outcomes.monthly_table)),
    (("concerns",), _one(outcomes.concerns_table)),
    (("closures",), _one(outcomes.closures_table)),
    (("satisfaction", "goals"), outcomes.survey_tables),
    (("change",), _one(change.change_table)),
    (("employment",), _one(change.employment_table)),
    (("mentors",), _one(outcomes.mentors_table)),
    (("resources", "resources_top"), usage.resource_tables),
]
TABLE_KEYS = tuple(key for keys, _build in BUILDERS for key in keys)

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
        table
        for built, build in BUILDERS
        if set(built) & set(keys)
        for table in build(programs, chosen)
        if table.key in keys
    ]
    if scope.suppress:
        tables = [
            suppress_grid(table) if isinstance(table, Grid) else suppress_table(table)
            for table in tables
        ]
    return Report(scope=scope, chosen=chosen, tables=tables, made_at=timezone.now())
