"""The person's enrollments as the dashboard reads them: with what each enrollment panel needs
to know before reading anything more, asked in the same statement.

Each app's panel module says what it wants to know (its `dashboard_hints`: columns of the
enrollment, each a subquery on that enrollment, its program or its person) and reads the
answer from the enrollment: a panel whose columns say it has nothing to show for any of the
enrollments reads nothing more, and the questionnaires' counts are counted by the database.
A panel given enrollments without these columns (any other caller) reads as before. The
statement is compiled once per process (core/kept_queries.py) and asks only about the
person's own enrollments, as `enrollments_of_person` does."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from bridgeway.core.kept_queries import KeptObjects, person_by_id
from bridgeway.learning import panels as learning_panels
from bridgeway.privacy.consent import panels as consent_panels
from bridgeway.programs.intake import panels as intake_panels
from bridgeway.programs.models import Enrollment
from bridgeway.programs.questionnaires import panels as questionnaire_panels
from bridgeway.programs.screening import panels as screening_panels
from bridgeway.programs.selectors import enrollment_list_for_person
from bridgeway.relationships import panels as relationship_panels
from bridgeway.relationships.groups import panels as group_panels

HINTS = (
    screening_panels.dashboard_hints,
    questionnaire_panels.dashboard_hints,
    learning_panels.dashboard_hints,
    relationship_panels.dashboard_hints,
    group_panels.dashboard_hints,
    intake_panels.dashboard_hints,
    consent_panels.dashboard_hints,
)


def _hints() -> dict[str, Any]:
    found: dict[str, Any] = {}
    for hints in HINTS:
        found.update(hints())
    return found


def _enrollments_with_hints(person_id: int) -> QuerySet[Enrollment]:
    return enrollment_list_for_person(person=person_by_id(person_id)).annotate(**_hints())


_kept_enrollments = KeptObjects(_enrollments_with_hints, int)


def dashboard_enrollments(*, person: Any) -> list[Enrollment]:
    """`enrollments_of_person`, each enrollment with its panels' hints."""
    found: list[Enrollment] = _kept_enrollments.list(person.pk)
    return found
