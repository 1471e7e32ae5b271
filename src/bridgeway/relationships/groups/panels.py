"""What mentoring groups add to the dashboard (BRIDGEWAY_PANELS): each enrollment's open
groups, linked to My group."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from typing import Any

from django.db.models import Exists, OuterRef, QuerySet

from bridgeway.accounts.models import Person
from bridgeway.core.kept_queries import KeptObjects
from bridgeway.programs.models import Enrollment
from bridgeway.relationships.groups.models import GroupMember, MentoringGroup
from bridgeway.relationships.groups.selectors import groups_for_enrollments


def _open_memberships_of(person_id: int) -> QuerySet[GroupMember]:
    """`groups_for_enrollments`'s read asked of the person (all the enrollments the dashboard
    shows), so that its SQL is compiled once per process."""
    return (
        GroupMember.objects.filter(enrollment__person_id=person_id, left_at__isnull=True)
        .exclude(group__status=MentoringGroup.Status.CLOSED)
        .select_related("group")
    )


_kept_memberships = KeptObjects(_open_memberships_of, int)


# Asked by the dashboard with the person's enrollments (dashboard/reads.py), in the same
# statement: whether the enrollment is in an open group. When none is, nothing more is read;
# enrollments read without it (any other caller) are read as before.
HINT_GROUPS = "panel_groups_open"


def dashboard_hints() -> dict[str, Any]:
    open_ = GroupMember.objects.filter(enrollment_id=OuterRef("pk"), left_at__isnull=True).exclude(
        group__status=MentoringGroup.Status.CLOSED
    )
    return {HINT_GROUPS: Exists(open_)}


def group_panel(*, enrollments: Sequence[Enrollment], person: Person) -> dict[int, dict[str, Any]]:
    groups: dict[int, list[MentoringGroup]]
    if not any(getattr(e, HINT_GROUPS, True) for e in enrollments):
        return {}
    if all(e.person_id == person.pk for e in enrollments):
        groups = defaultdict(list)
        for member in _kept_memberships.list(person.pk):
            groups[member.enrollment_id].append(member.group)
    else:
        groups = groups_for_enrollments(enrollment_ids=[e.pk for e in enrollments])
    return {
        enrollment.pk: {"enrollment": enrollment, "groups": groups[enrollment.pk]}
        for enrollment in enrollments
        if groups.get(enrollment.pk)
    }
