"""What concerns add to the staff to-do list (BRIDGEWAY_TODO_SOURCES)."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import ngettext

from bridgeway.concerns.selectors import waiting_count
from bridgeway.core.dashboard import TodoItem
from bridgeway.core.models import Organization


def todo(*, organization: Organization) -> list[TodoItem]:
    """Concerns nobody has picked up yet, or left long enough to be escalated (one query)."""
    count = waiting_count(organization=organization)
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
