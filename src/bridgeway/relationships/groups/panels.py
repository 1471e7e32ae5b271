"""What mentoring groups add to the dashboard (BRIDGEWAY_PANELS): each enrollment's open
groups, linked to My group."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from bridgeway.accounts.models import Person
from bridgeway.programs.models import Enrollment
from bridgeway.relationships.groups.selectors import groups_for_enrollments


def group_panel(*, enrollments: Sequence[Enrollment], person: Person) -> dict[int, dict[str, Any]]:
    groups = groups_for_enrollments(enrollment_ids=[e.pk for e in enrollments])
    return {
        enrollment.pk: {"enrollment": enrollment, "groups": groups[enrollment.pk]}
        for enrollment in enrollments
        if groups.get(enrollment.pk)
    }
