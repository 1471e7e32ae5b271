"""The validation step: every row of an export read through the mapping, and every missing or
invalid field listed per person — before anything is written. An export goes out only when
the check finds rows and no problem.

The same problem on several rows of one person (their UCI missing from each of their meetings)
is listed once, with the number of rows it concerns; a problem of one mentorship or one meeting
names that row."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

from django.utils.formats import date_format
from django.utils.translation import gettext as _

from bridgeway.programs.questionnaires.models import Question
from bridgeway.reports.funders.catalogue import RowData
from bridgeway.reports.funders.cells import Cell, cell
from bridgeway.reports.funders.mapping import Column, Mapping
from bridgeway.reports.funders.rows import Selection, rows

KEPT = 1000  # problems kept for the page and the API; the CSV download lists them all
ROW_SOURCES = ("relationship.", "meeting.", "mentor.")


@dataclass
class Problem:
    enrollment_id: int
    person: str
    program: str
    row: str
    column: str
    kind: str  # "missing" or "invalid"
    message: str
    expected: str = ""  # the column's note: what the funder expects
    rows: int = 1

    @property
    def kind_label(self) -> str:
        return _("Missing") if self.kind == "missing" else _("Invalid")


@dataclass
class Check:
    rows: int = 0
    people: int = 0
    problem_count: int = 0
    problems: list[Problem] = field(default_factory=list)
    people_with_problems: int = 0
    questions_not_asked: list[str] = field(default_factory=list)

    @property
    def ready(self) -> bool:
        return self.rows > 0 and self.problem_count == 0

    @property
    def more(self) -> int:
        """Problems found beyond those kept for the page."""
        return self.problem_count - len(self.problems)


def row_label(row: RowData) -> str:
    """Which mentorship or meeting a problem is on, in the reader's words ("" for a row of
    one participant: the person is the row)."""
    if row.meeting is not None and row.meeting.starts_at is not None:
        return _("Meeting of %(day)s") % {"day": date_format(row.meeting.starts_at, "DATE_FORMAT")}
    if row.relationship is not None:
        return _("Mentorship with %(mentor)s, from %(day)s") % {
            "mentor": row.relationship.mentor.person.name,
            "day": date_format(
                row.relationship.activated_at or row.relationship.started_at, "DATE_FORMAT"
            ),
        }
    return ""


def row_cells(mapping: Mapping, row: RowData) -> tuple[list[Cell], list[Problem]]:
    """The row's cells, and its problems (none when it can be written)."""
    cells: list[Cell] = []
    problems: list[Problem] = []
    for column in mapping.columns:
        value, issue = cell(column, row)
        cells.append(value)
        if issue is not None:
            problems.append(_problem(column, row, issue.kind, issue.message))
    return cells, problems


def _problem(column: Column, row: RowData, kind: str, message: str) -> Problem:
    per_row = column.source.startswith(ROW_SOURCES)
    return Problem(
        enrollment_id=row.enrollment.pk,
        person=row.enrollment.person.name,
        program=row.enrollment.program.name,
        row=row_label(row) if per_row else "",
        column=column.header,
        kind=kind,
        message=message,
        expected=column.note,
    )


def _key(problem: Problem) -> tuple[int, str, str, str]:
    return (problem.enrollment_id, problem.column, problem.message, problem.row)


def problems_found(mapping: Mapping, selection: Selection) -> Iterator[Problem]:
    """Every distinct problem, in row order, as rows are read (for the CSV download)."""
    seen: set[tuple[int, str, str, str]] = set()
    for row in rows(mapping, selection):
        for problem in row_cells(mapping, row)[1]:
            if _key(problem) not in seen:
                seen.add(_key(problem))
                yield problem


def export_check(mapping: Mapping, selection: Selection) -> Check:
    """Read every row; count them and the people, and keep the problems for the page."""
    check = Check(questions_not_asked=questions_not_asked(mapping, selection))
    people: set[int] = set()
    troubled: set[int] = set()
    kept: dict[tuple[int, str, str, str], Problem] = {}
    seen: set[tuple[int, str, str, str]] = set()
    for row in rows(mapping, selection):
        check.rows += 1
        people.add(row.enrollment.pk)
        for problem in row_cells(mapping, row)[1]:
            troubled.add(problem.enrollment_id)
            key = _key(problem)
            if key in kept:
                kept[key].rows += 1
            elif key not in seen:
                seen.add(key)
                check.problem_count += 1
                if len(kept) < KEPT:
                    kept[key] = problem
    check.people = len(people)
    check.people_with_problems = len(troubled)
    order = {column.header: index for index, column in enumerate(mapping.columns)}
    check.problems = sorted(
        kept.values(), key=lambda p: (p.person.casefold(), p.enrollment_id, order[p.column])
    )
    return check


def questions_not_asked(mapping: Mapping, selection: Selection) -> list[str]:
    """The question keys the mapping reads that no program of the selection asks."""
    keys = mapping.question_keys()
    if not keys:
        return []
    asked = set(
        Question.objects.filter(program__in=selection.programs(), key__in=keys).values_list(
            "key", flat=True
        )
    )
    return [key for key in keys if key not in asked]
