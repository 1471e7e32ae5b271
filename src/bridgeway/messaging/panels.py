"""What messaging adds to an agency's to-do list (BRIDGEWAY_TODO_SOURCES)."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Exists, IntegerField, OuterRef, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils.translation import ngettext

from bridgeway.core.dashboard import TodoItem
from bridgeway.core.kept_queries import KeptRows
from bridgeway.core.models import Organization
from bridgeway.messaging.models import Conversation, Flag, Member


def _per_organization(rows: QuerySet[Any]) -> Coalesce:
    """How many of `rows` the outer query's agency has (0 when none)."""
    return Coalesce(
        Subquery(
            rows.filter(organization=OuterRef("pk"))
            .order_by()
            .values("organization")
            .annotate(n=Count("pk"))
            .values("n"),
            output_field=IntegerField(),
        ),
        0,
    )


def _counts(organization_id: int) -> QuerySet[Organization, tuple[int, int]]:
    """Participants' conversations with staff that no staff member has answered yet, and
    flagged messages nobody has handled: one row of the agency."""
    staff_in = Member.objects.filter(conversation=OuterRef("pk")).exclude(
        role=Member.Role.PARTICIPANT
    )
    waiting = Conversation.objects.filter(
        kind=Conversation.Kind.STAFF,
        status=Conversation.Status.OPEN,
        last_message_at__isnull=False,
    ).exclude(Exists(staff_in))
    flagged = Flag.objects.filter(handled_at=None)
    return (
        Organization.objects.filter(pk=organization_id)
        .annotate(waiting=_per_organization(waiting), flagged=_per_organization(flagged))
        .values_list("waiting", "flagged")
    )


# Compiled once per process, run with the agency's id (the coordinators' dashboard).
_kept_counts = KeptRows(_counts, int)


def todo(*, organization: Organization) -> list[TodoItem]:
    """Participants' conversations with staff that no staff member has answered yet, and
    flagged messages nobody has handled (one query)."""
    rows = _kept_counts.list(organization.pk)
    waiting, flagged = rows[0] if rows else (0, 0)
    items = []
    if waiting:
        items.append(
            TodoItem(
                waiting,
                ngettext(
                    "%(count)d participant wrote to staff and waits for an answer",
                    "%(count)d participants wrote to staff and wait for an answer",
                    waiting,
                )
                % {"count": waiting},
                reverse("messaging:staff_inbox", args=[organization.slug]),
            )
        )
    if flagged:
        items.append(
            TodoItem(
                flagged,
                ngettext(
                    "%(count)d flagged message to look at",
                    "%(count)d flagged messages to look at",
                    flagged,
                )
                % {"count": flagged},
                reverse("messaging:flags", args=[organization.slug]),
            )
        )
    return items
