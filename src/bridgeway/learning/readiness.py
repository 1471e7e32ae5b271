"""The training gate on "ready to match", registered with programs.readiness."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.urls import reverse
from django.utils.translation import ngettext

from bridgeway.learning.selectors import training_progress
from bridgeway.programs.next_steps import NextStep

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
    # Counted by what is left: a sentence with two numbers cannot agree with both in every
    # language ("1 of 3 modules" is plural in English, singular in French).
    left = len(progress.required) - progress.required_completed
    return [
        ngettext(
            "Finish the required training: %(count)d module left.",
            "Finish the required training: %(count)d modules left.",
            left,
        )
        % {"count": left}
    ]


def next_steps(enrollment: Enrollment) -> list[NextStep]:
    """The training still to finish, when the program requires it."""
    if not enrollment.program.training_required:
        return []
    progress = training_progress(enrollment=enrollment)
    left = len(progress.required) - progress.required_completed
    if left <= 0:
        return []
    text = ngettext(
        "Finish the orientation training: %(count)d module.",
        "Finish the orientation training: %(count)d modules.",
        left,
    )
    return [NextStep(text % {"count": left}, reverse("learning:home"))]
