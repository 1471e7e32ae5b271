"""A message reaches the other member's open pages live, after it is stored, on both channel
layers; people outside the conversation hear nothing."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from asgiref.sync import sync_to_async

from bridgeway.messaging import services
from bridgeway.messaging.models import Conversation, Message
from tests.services.test_realtime import (  # noqa: F401 - the channel_layer fixture, shared
    QUIET_TIMEOUT,
    RECEIVE_TIMEOUT,
    channel_layer,
    run_async,
    session_headers,
    socket,
)

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_message_reaches_the_other_members_page_and_no_one_elses(
    channel_layer: str,  # noqa: F811
    chat: Conversation,
    cohort: SimpleNamespace,
) -> None:
    amal, dana, eli = cohort.amal.person, cohort.dana.person, cohort.eli.person
    dana_headers, eli_headers = session_headers(dana), session_headers(eli)

    async def scenario() -> None:
        dana_page, eli_page = socket(dana_headers), socket(eli_headers)
        try:
            assert (await dana_page.connect())[0]
            assert (await eli_page.connect())[0]
            message, _ = await sync_to_async(services.message_send)(
                conversation=chat, author=amal, body="Are you free on Tuesday?"
            )
            event = await dana_page.receive_json(timeout=RECEIVE_TIMEOUT)
            assert event == {
                "type": "message",
                "conversation": chat.pk,
                "message": message.pk,
                "author": amal.pk,
            }
            # What the event names is already stored when it arrives.
            assert await Message.objects.filter(pk=event["message"]).aexists()
            assert await eli_page.receive_nothing(timeout=QUIET_TIMEOUT)
        finally:
            await dana_page.disconnect()
            await eli_page.disconnect()

    run_async(scenario)
