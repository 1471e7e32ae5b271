"""A page's messages written in one pass (`messaging/message_html.py`) are byte for byte what
`messaging/_message.html` writes for each message: every kind of message, for each reader, in
English and French, in the reader's time zone, open and closed, and for staff reading."""

from __future__ import annotations

from datetime import timedelta
from types import SimpleNamespace
from typing import Any

import pytest
from django.template import engines
from django.utils import timezone, translation

from bridgeway.accounts.models import Person
from bridgeway.messaging import services
from bridgeway.messaging.message_html import messages_html
from bridgeway.messaging.models import Attachment, Conversation, Message
from bridgeway.messaging.selectors import members_of, messages_page
from bridgeway.messaging.views import _seen_by, shown

pytestmark = pytest.mark.django_db

REFERENCE = (
    '{% for item in items %}{% include "messaging/_message.html" %}{% endfor %}'
    "{# as the pages wrote them #}"
)


def _file(message: Message, kind: str, name: str, n: int) -> None:
    Attachment.objects.create(
        message=message,
        stored_name=f"stored-{message.pk}-{n}",
        name=name,
        size=1234567 * n,
        content_type={"image": "image/png", "video": "video/mp4", "audio": "audio/ogg"}.get(
            kind, "application/pdf"
        ),
        kind=kind,
    )


@pytest.fixture
def busy(chat: Conversation, cohort: SimpleNamespace) -> Conversation:
    """Every kind of line a conversation shows, with names and texts that need escaping."""
    amal, dana = cohort.amal.person, cohort.dana.person
    Person.objects.filter(pk=dana.pk).update(display_name='Dana <O\'Brien> & "co"')
    dana.refresh_from_db()
    send = services.message_send
    old, _ = send(conversation=chat, author=amal, body="An old one, *past* its edit window")
    Message.objects.filter(pk=old.pk).update(created_at=timezone.now() - timedelta(hours=3))
    send(
        conversation=chat,
        author=dana,
        body="Hi & <b>welcome</b> <script>alert(1)</script>\n\n- one\n- two\n\n"
        "> quoted `code` [a link](https://example.org/?a=1&b=2) [bad](javascript:alert(1))",
    )
    edited, _ = send(conversation=chat, author=amal, body="First words")
    services.message_edit(message=edited, by=amal, body="Second **words**")
    theirs_edited, _ = send(conversation=chat, author=dana, body="Dana's first")
    services.message_edit(message=theirs_edited, by=dana, body="Dana's second")
    deleted, _ = send(conversation=chat, author=amal, body="oops")
    services.message_delete(message=deleted, by=amal)
    theirs_deleted, _ = send(conversation=chat, author=dana, body="gone")
    services.message_delete(message=theirs_deleted, by=dana)
    with_files, _ = send(conversation=chat, author=dana, body="Files <&>")
    _file(with_files, "image", 'photo "one" <&>.png', 1)
    _file(with_files, "video", "clip.mp4", 2)
    _file(with_files, "audio", "voice.ogg", 3)
    _file(with_files, "document", "Résumé & <cv>.pdf", 4)
    mine_with_file = Message.objects.create(conversation=chat, author=amal, body="")
    _file(mine_with_file, "document", "notes.pdf", 5)
    Message.objects.create(conversation=chat, author=None, body="from someone erased")
    services.event_add(conversation=chat, code="member_joined", data={"name": "Ana <&> Lee"})
    services.event_add(conversation=chat, code="mediator_joined", data={"name": "Sam"}, by=dana)
    services.event_add(conversation=chat, code="call", data={"seconds": 185, "audio_only": True})
    services.event_add(conversation=chat, code="call_missed", data={"name": "Dana"})
    services.event_add(
        conversation=chat,
        code="prompt",
        data={
            "language": "en",
            "texts": {
                "en": {"title": "Goals & <plans>", "body": "Talk about *goals* <i>x</i>"},
                "fr": {"title": "Objectifs", "body": "Parlez de vos **objectifs**"},
            },
        },
    )
    services.event_add(conversation=chat, code="unknown_event", data={})
    send(conversation=chat, author=amal, body="The newest, *mine*")
    send(conversation=chat, author=dana, body="Newest of Dana's")
    # Dana read up to Amal's newest but one: Amal sees a receipt under it.
    rows = list(Message.objects.filter(conversation=chat, author=amal).order_by("pk"))
    dana_member = chat.members.get(person=dana)
    services.conversation_read(member=dana_member, up_to_id=rows[-1].pk)
    return chat


def _items(chat: Conversation, reader: Person, *, archive: bool = False) -> list[dict[str, Any]]:
    page = messages_page(conversation=chat)
    items = shown(page.messages, reader_id=reader.pk, archive=archive)
    receipts = _seen_by(members_of(chat), reader.pk, page.messages)
    for item in items:
        item["seen_by"] = receipts.get(item["message"].pk, [])
    return items


def _both(items: list[dict[str, Any]], chat: Conversation, staff_view: bool) -> tuple[str, str]:
    context: dict[str, Any] = {"items": items, "conversation": chat}
    if staff_view:
        context["staff_view"] = True
    reference = engines["django"].from_string(REFERENCE).render(context)
    return reference, str(messages_html(items, conversation=chat, staff_view=staff_view))


@pytest.mark.parametrize("language", ["en", "fr"])
@pytest.mark.parametrize("zone", ["UTC", "America/Toronto"])
def test_each_reader_gets_what_the_template_wrote(
    busy: Conversation, cohort: SimpleNamespace, language: str, zone: str
) -> None:
    chat = Conversation.objects.get(pk=busy.pk)
    with translation.override(language), timezone.override(zone):
        for reader in (cohort.dana.person, cohort.amal.person):
            items = _items(chat, reader)
            reference, written = _both(items, chat, staff_view=False)
            assert written == reference
        # What Amal notices: Dana's name escaped, her receipt, the words in Amal's language.
        assert "<strong>Dana &lt;O&#x27;Brien&gt; &amp; &quot;co&quot;</strong>" in written
        assert "&lt;O&#x27;Brien&gt; &amp; &quot;co&quot;</p>" in written  # seen by her
        assert ("Vous" if language == "fr" else "You") in written
        assert "<script>" not in written
        assert 'class="attachment attachment-video"' in written
        assert written.count("<li id=") == len(items) == Message.objects.count()


@pytest.mark.parametrize("language", ["en", "fr"])
def test_staff_reading_the_archive_and_a_closed_conversation_get_the_same(
    busy: Conversation, cohort: SimpleNamespace, language: str
) -> None:
    chat = Conversation.objects.get(pk=busy.pk)
    staff = cohort.eli.person  # anyone not in the conversation reads as staff do
    with translation.override(language):
        reference, written = _both(_items(chat, staff, archive=True), chat, staff_view=True)
        assert written == reference
        assert "oops" in written  # the archive shows staff what a deleted message said
        Conversation.objects.filter(pk=chat.pk).update(status=Conversation.Status.CLOSED)
        chat.refresh_from_db()
        for reader in (cohort.amal.person, cohort.dana.person):
            reference, written = _both(_items(chat, reader), chat, staff_view=False)
            assert written == reference


def test_an_empty_page_writes_nothing(chat: Conversation) -> None:
    assert str(messages_html([], conversation=chat)) == ""
