"""Dashboard panels: training progress in a participant's enrollment card, and people stuck in
training on the coordinator's agency page."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from django.db.models import Exists, OuterRef, Q

from bridgeway.learning.models import Audience, TrainingModule
from bridgeway.learning.selectors import (
    STUCK_AFTER_DAYS,
    programs_with_training_counts,
    progress_for_enrollments,
    stuck_in_training,
)
from bridgeway.programs.services import ACTIVE_STATUSES

if TYPE_CHECKING:
    from bridgeway.accounts.models import Person
    from bridgeway.core.models import Organization
    from bridgeway.programs.models import Enrollment

STUCK_SHOWN = 10


# Asked by the dashboard with the person's enrollments (dashboard/reads.py), in the same
# statement: whether the program has a module for the enrollment's role (`audiences_for_role`).
# An enrollment without one is not read again; one read without it is read as before.
HINT_MODULES = "panel_training_modules"


def dashboard_hints() -> dict[str, Any]:
    modules = TrainingModule.objects.filter(
        Q(audience=OuterRef("role")) | Q(audience=Audience.BOTH),
        program_id=OuterRef("program_id"),
    )
    return {HINT_MODULES: Exists(modules)}


def enrollment_training_panel(
    *, enrollments: Sequence[Enrollment], person: Person
) -> dict[int, dict[str, Any]]:
    active = [
        e for e in enrollments if e.status in ACTIVE_STATUSES and getattr(e, HINT_MODULES, True)
    ]
    return {
        pk: {"enrollment": progress.enrollment, "progress": progress}
        for pk, progress in progress_for_enrollments(active).items()
        if progress.modules
    }


def agency_training_panel(*, organization: Organization, person: Person) -> dict[str, Any] | None:
    """Each program's training, and the people in training for more than STUCK_AFTER_DAYS."""
    programs = list(programs_with_training_counts(organization=organization))
    if not programs:
        return None
    total = sum(program.stuck_count for program in programs)  # type: ignore[attr-defined]
    shown = list(stuck_in_training(organization=organization)[:STUCK_SHOWN]) if total else []
    progress = progress_for_enrollments(shown)
    return {
        "programs": programs,
        "total": total,
        "people": [(e, progress[e.pk]) for e in shown],
        "days": STUCK_AFTER_DAYS,
    }
