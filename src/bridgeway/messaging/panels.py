"""What messaging adds to an agency's to-do list (BRIDGEWAY_TODO_SOURCES)."""

from __future__ import annotations

from django.db.models import Exists, OuterRef
from django.urls import reverse
from django.utils.translation import ngettext

from bridgeway.core.dashboard import TodoItem
from bridgeway.core.models import Organization
from bridgeway.messaging.models import Conversation, Flag, Member


def todo(*, organization: Organization) -> list[TodoItem]:
    """Participants' conversations with staff that no staff member has answered yet, and
    flagged messages nobody has handled (two queries)."""
    staff_in = Member.objects.filter(conversation=OuterRef("pk")).exclude(
        role=Member.Role.PARTICIPANT
    )
    waiting = (
        Conversation.objects.filter(
            organization=organization,
            kind=Conversation.Kind.STAFF,
            status=Conversation.Status.OPEN,
            last_message_at__isnull=False,
        )
        .exclude(Exists(staff_in))
        .count()
    )
    flagged = Flag.objects.filter(organization=organization, handled_at=None).count()
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
