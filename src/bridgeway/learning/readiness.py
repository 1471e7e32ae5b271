"""The training gate on "ready to match", registered with programs.readiness."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.utils.translation import ngettext

from bridgeway.learning.selectors import training_progress

if TYPE_CHECKING:
    from bridgeway.programs.models import Enrollment


def training_blockers(enrollment: Enrollment) -> list[str]:
    """When the program requires training, every required module for the person's role must be
    complete. A program without modules blocks nothing."""
    if not enrollment.program.training_required:
        return []
    progress = training_progress(enrollment=enrollment)
    if progress.is_complete:
        return []
    total = len(progress.required)
    return [
        ngettext(
            "Finish the required training: %(done)s of %(total)s module complete.",
            "Finish the required training: %(done)s of %(total)s modules complete.",
            total,
        )
        % {"done": progress.required_completed, "total": total}
    ]
