"""What concerns add to the staff to-do list (BRIDGEWAY_TODO_SOURCES)."""

from __future__ import annotations

from django.db.models import Count, QuerySet
from django.urls import reverse
from django.utils.translation import ngettext

from bridgeway.concerns.models import Concern
from bridgeway.concerns.selectors import concerns_waiting
from bridgeway.core.dashboard import TodoItem
from bridgeway.core.kept_queries import KeptRows
from bridgeway.core.models import Organization


def _waiting_count(organization_id: int) -> QuerySet[Concern, tuple[int]]:
    """How many concerns wait for staff, as a row (none when nothing waits)."""
    return (
        concerns_waiting(organization=Organization(pk=organization_id))
        .order_by()
        .values("organization")
        .annotate(n=Count("pk"))
        .values_list("n")
    )


# Compiled once per process, run with the agency's id (the coordinators' dashboard).
_kept_waiting_count = KeptRows(_waiting_count, int)


def todo(*, organization: Organization) -> list[TodoItem]:
    """Concerns nobody has picked up yet, or left long enough to be escalated (one query)."""
    rows = _kept_waiting_count.list(organization.pk)
    count = rows[0][0] if rows else 0
    if not count:
        return []
    return [
        TodoItem(
            count,
            ngettext(
                "%(count)d concern is waiting for staff",
                "%(count)d concerns are waiting for staff",
                count,
            )
            % {"count": count},
            reverse("concerns:staff_list", args=[organization.slug]) + "?status=open",
        )
    ]
