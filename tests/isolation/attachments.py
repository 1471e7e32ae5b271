"""Isolation entries for message attachments: agency A's pair has a conversation with a file
(its name and message carry the canary); agency B tries its id on both addresses, also under
a conversation of B's own admin."""

from __future__ import annotations

from types import SimpleNamespace

from django.core.files.uploadedfile import SimpleUploadedFile

from bridgeway.messaging.models import Attachment, Conversation, Member, Message
from bridgeway.messaging.services import message_send
from tests.isolation._shared import CANARY, MISSING, Entry, Pair

FINGERPRINT_MODELS = [Attachment, Message]
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(64)


def _file(a: SimpleNamespace) -> list[Pair]:
    return [
        (
            {"pk": a.attachment_conversation.pk, "attachment_pk": a.attachment.pk},
            {"pk": MISSING, "attachment_pk": MISSING},
        ),
        # A conversation of B's own admin in the address with A's file.
        (
            {"pk": a.attachment_b_conversation.pk, "attachment_pk": a.attachment.pk},
            {"pk": a.attachment_b_conversation.pk, "attachment_pk": MISSING},
        ),
    ]


MATRIX: dict[str, Entry] = {
    "messaging:attachment": _file,
    "messaging:staff_attachment": _file,
    "api:conversation-attachments": lambda a: [
        ({"pk": a.attachment_conversation.pk}, {"pk": MISSING})
    ],
    "api:conversation-attachment": _file,
}


def extend(world: SimpleNamespace, a: SimpleNamespace) -> None:
    chat = Conversation.objects.create(
        organization=world.agency_a, program=world.program_a, kind=Conversation.Kind.GROUP
    )
    for person in (world.erin, world.frank):
        Member.objects.create(conversation=chat, person=person)
    message, _ = message_send(
        conversation=chat,
        author=world.erin,
        body=f"My photo {CANARY}",
        files=[SimpleUploadedFile(f"photo-{CANARY}.png", PNG + CANARY.encode())],
    )
    b_chat = Conversation.objects.create(
        organization=world.agency_b, program=world.program_b, kind=Conversation.Kind.STAFF
    )
    Member.objects.create(conversation=b_chat, person=world.carol)
    a.attachment_conversation = chat
    a.attachment_b_conversation = b_chat
    a.attachment = message.attachments.get()
