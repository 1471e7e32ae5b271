"""The "unread messages" email: 15 minutes after a message arrives, if it is still unread,
one notification gathers it and everything that came after it."""

from __future__ import annotations

from django.db.models import Q
from django.urls import reverse

from bridgeway.messaging.models import Conversation, Member, Message
from bridgeway.notifications.models import Timer
from bridgeway.notifications.outbox import notify


def role_of(member: Member) -> str:
    """The role the person reads this conversation in, for their notification defaults."""
    conversation = member.conversation
    if member.role != Member.Role.PARTICIPANT:
        return "staff"
    relationship = conversation.relationship
    if relationship is not None:
        return "mentor" if relationship.mentor.person_id == member.person_id else "mentee"
    return "person"


def unread_alert(timer: Timer) -> None:
    """Timer handler (idempotent: the notification's event is the newest message told of)."""
    member = (
        Member.objects.select_related(
            "person",
            "conversation__organization",
            "conversation__relationship__mentor",
        )
        .filter(pk=timer.payload["member"])
        .first()
    )
    if member is None or member.left_at is not None:
        return
    Member.objects.filter(pk=member.pk).update(alert_due_at=None)
    since = max(member.last_read_id, member.told_up_to_id)
    unread = (
        Message.objects.filter(
            conversation_id=member.conversation_id,
            pk__gt=since,
            kind=Message.Kind.TEXT,
            deleted_at=None,
        )
        .filter(~Q(author_id=member.person_id))
        .select_related("author")
        .order_by("pk")
    )
    rows = list(unread)
    if not rows:
        return
    names = sorted({m.author.name for m in rows if m.author is not None})
    newest = rows[-1].pk
    conversation: Conversation = member.conversation
    notify(
        kind="messaging.unread",
        event=f"conversation:{conversation.pk}:unread:{newest}",
        person=member.person,
        role=role_of(member),
        params={"count": len(rows), "names": ", ".join(names)},
        url=reverse("messaging:conversation", args=[conversation.pk]),
        organization=conversation.organization,
    )
    Member.objects.filter(pk=member.pk, told_up_to_id__lt=newest).update(told_up_to_id=newest)
