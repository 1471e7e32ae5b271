"""Isolation entries for messaging: agency A's group conversation (a message, its earlier
version and a flag carry the canary) and A's mentee's conversation with staff; agency B tries
those ids on every address."""

from __future__ import annotations

from types import SimpleNamespace

from bridgeway.messaging.models import (
    Conversation,
    Flag,
    Member,
    Message,
    MessageEdit,
    MessagingSettings,
    Review,
)
from tests.isolation._shared import CANARY, MISSING, NO_IDS, Entry, Pair, pk_of

FINGERPRINT_MODELS = [Conversation, Member, Message, MessageEdit, MessagingSettings, Flag, Review]


def _message(a: SimpleNamespace) -> list[Pair]:
    return [
        (
            {"pk": a.conversation.pk, "message_pk": a.message.pk},
            {"pk": MISSING, "message_pk": MISSING},
        )
    ]


def _agency(a: SimpleNamespace) -> list[Pair]:
    return [({"slug": "agency-a"}, {"slug": "no-such-agency"})]


MATRIX: dict[str, Entry] = {
    "messaging:inbox": NO_IDS,
    "messaging:conversation": pk_of("conversation"),
    "messaging:new": pk_of("conversation"),
    "messaging:leave": pk_of("conversation"),
    "messaging:edit": _message,
    "messaging:delete": _message,
    "messaging:history": _message,
    "messaging:write_to_staff": pk_of("enrollment"),
    "messaging:staff_conversation": pk_of("conversation"),
    "messaging:staff_inbox": _agency,
    "messaging:flags": _agency,
    "messaging:program_settings": pk_of("program"),
    "api:conversation-list": NO_IDS,
    "api:conversation-detail": pk_of("conversation"),
    "api:conversation-messages": pk_of("conversation"),
    "api:conversation-message": _message,
    "api:conversation-read": pk_of("conversation"),
}


def extend(world: SimpleNamespace, a: SimpleNamespace) -> None:
    # A group conversation: the relationship of A's pair is made after this module runs.
    a.conversation = Conversation.objects.create(
        organization=a.agency, program=a.program, kind="group", title=f"Group {CANARY}"
    )
    for person in (a.enrollment.person, a.mentor_enrollment.person):
        Member.objects.create(conversation=a.conversation, person=person)
    a.message = Message.objects.create(
        conversation=a.conversation, author=a.enrollment.person, body=f"Hello {CANARY}"
    )
    MessageEdit.objects.create(message=a.message, body=f"Earlier {CANARY}")
    Flag.objects.create(message=a.message, organization=a.agency, words=[CANARY])
    MessagingSettings.objects.create(program=a.program, flag_words={"en": [CANARY]})
    a.staff_conversation = Conversation.objects.create(
        organization=a.agency, program=a.program, kind="staff"
    )
    Member.objects.create(conversation=a.staff_conversation, person=a.enrollment.person)
    Message.objects.create(
        conversation=a.staff_conversation, author=a.enrollment.person, body=f"Help {CANARY}"
    )
