"""Isolation entries for calls: agency A's conversation (its title carries the canary) with a
call under way; agency B tries its id on the call page."""

from __future__ import annotations

from types import SimpleNamespace

from bridgeway.messaging.models import Call, CallParticipant, Conversation, Member
from tests.isolation._shared import CANARY, Entry, pk_of

FINGERPRINT_MODELS = [Call, CallParticipant]

MATRIX: dict[str, Entry] = {
    "messaging:call": pk_of("call_conversation"),
}


def extend(world: SimpleNamespace, a: SimpleNamespace) -> None:
    chat = Conversation.objects.create(
        organization=a.agency, program=a.program, kind="group", title=f"Circle {CANARY}"
    )
    for person in (world.erin, world.frank):
        Member.objects.create(conversation=chat, person=person)
    call = Call.objects.create(conversation=chat, started_by=world.erin)
    CallParticipant.objects.create(call=call, person=world.erin)
    a.call_conversation = chat
