"""The person's enrollments as the dashboard reads them: with what each enrollment panel needs
to know before reading anything more, asked in the same statement.

Each enrollment panel's module says what it wants to know (its `dashboard_hints`: columns of
the enrollment, each a subquery on that enrollment, its program or its person; gathered from
BRIDGEWAY_PANELS by `core.dashboard.enrollment_hints`) and reads the
answer from the enrollment: a panel whose columns say it has nothing to show for any of the
enrollments reads nothing more, and the questionnaires' counts are counted by the database.
A panel given enrollments without these columns (any other caller) reads as before. The
statement is compiled once per process (core/kept_queries.py) and asks only about the
person's own enrollments, as `enrollments_of_person` does; a panel registered after it was
compiled (a test's changed settings) finds no columns of its own and reads as before."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from bridgeway.core.dashboard import enrollment_hints
from bridgeway.core.kept_queries import KeptObjects, person_by_id
from bridgeway.programs.models import Enrollment
from bridgeway.programs.selectors import enrollment_list_for_person


def _enrollments_with_hints(person_id: int) -> QuerySet[Enrollment]:
    return enrollment_list_for_person(person=person_by_id(person_id)).annotate(**enrollment_hints())


_kept_enrollments = KeptObjects(_enrollments_with_hints, int)


def dashboard_enrollments(*, person: Any) -> list[Enrollment]:
    """`enrollments_of_person`, each enrollment with its panels' hints."""
    found: list[Enrollment] = _kept_enrollments.list(person.pk)
    return found
