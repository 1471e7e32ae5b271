"""The conversation page and the inbox written in one pass (`messaging/page_html.py`) are byte
for byte what `messaging/conversation.html` and `messaging/inbox.html` write: for each reader, in
English and French, in two time zones, open, closed, a blocked pair, a call under way, files,
staff's conversation, no message yet, older messages, the form sent back with its errors."""

from __future__ import annotations

from datetime import timedelta
from types import SimpleNamespace
from typing import Any

import pytest
from django.core.paginator import Paginator
from django.template.loader import render_to_string
from django.test import Client, RequestFactory
from django.urls import reverse
from django.utils import timezone, translation

from bridgeway.accounts.models import Person
from bridgeway.messaging import calls, page_html, selectors, services
from bridgeway.messaging.forms import ComposeForm
from bridgeway.messaging.models import Conversation, Member, Message
from bridgeway.messaging.views import conversation_values
from bridgeway.relationships.models import Relationship
from tests.messaging.test_message_html import busy  # noqa: F401 - every kind of message

pytestmark = pytest.mark.django_db

LANGUAGES = pytest.mark.parametrize("language", ["en", "fr"])
ZONES = pytest.mark.parametrize("zone", ["UTC", "America/Toronto"])
TOKEN = "t0k3n<&>" * 4  # what the page was given, escaped where it is written


def _request(person: Person, path: str, query: dict[str, Any] | None = None) -> Any:
    request = RequestFactory().get(path, query or {})
    request.user = person
    request.session = {}
    return request


def _pages(
    chat: Conversation, person: Person, *, form: ComposeForm | None = None, **query: Any
) -> tuple[str, str]:
    """The page as the template wrote it and as it is written now, for the same values."""
    path = reverse("messaging:conversation", args=[chat.pk])
    request = _request(person, path, query)
    member = selectors.member_get(person=person, conversation_id=chat.pk)
    values = conversation_values(request, member, limit_mb=25)
    reference_form = form if form is not None else ComposeForm(limit_mb=25)
    key = reference_form.initial.get("client_key", "")
    reference = render_to_string(
        "messaging/conversation.html",
        {**values, "form": reference_form, "csrf_token": TOKEN},
        request=request,
    )
    title, content = page_html.conversation_content(
        **values, form=form, client_key=key, csrf_token=TOKEN
    )
    written = render_to_string(
        "messaging/conversation_page.html",
        {"page_title": title, "content_html": content, "csrf_token": TOKEN},
        request=request,
    )
    return reference, written


@LANGUAGES
@ZONES
def test_each_reader_of_a_busy_conversation_gets_what_the_template_wrote(
    busy: Conversation,  # noqa: F811
    cohort: SimpleNamespace,
    language: str,
    zone: str,
) -> None:
    chat = Conversation.objects.get(pk=busy.pk)
    with translation.override(language), timezone.override(zone):
        for reader in (cohort.amal.person, cohort.dana.person):
            reference, written = _pages(chat, reader)
            assert written == reference
            assert 'name="csrfmiddlewaretoken" value="t0k3n&lt;&amp;&gt;' in written
            assert 'id="compose"' in written
            assert 'class="attachment attachment-image"' in written
            assert ("Envoyer" if language == "fr" else "Send") in written


@LANGUAGES
def test_a_call_under_way_voice_or_video_and_older_messages(
    chat: Conversation, cohort: SimpleNamespace, language: str
) -> None:
    amal, dana = cohort.amal.person, cohort.dana.person
    Message.objects.bulk_create(
        Message(conversation=chat, author=amal, body=f"m{i} <{i}>") for i in range(60)
    )
    with translation.override(language):
        for audio_only in (False, True):
            member = selectors.member_get(person=amal, conversation_id=chat.pk)
            calls.call_join(member=member, audio_only=audio_only)
            reference, written = _pages(chat, dana)
            assert written == reference
            assert 'class="notice call-now"' in written
            assert "?before=" in written
            older = Message.objects.filter(conversation=chat).order_by("pk")[20].pk
            reference, written = _pages(chat, dana, before=older)
            assert written == reference


@LANGUAGES
@ZONES
def test_closed_blocked_and_empty_conversations_staff_and_mediators(
    chat: Conversation, pair: Relationship, cohort: SimpleNamespace, language: str, zone: str
) -> None:
    from bridgeway.concerns.models import Block

    amal, dana, eli = cohort.amal.person, cohort.dana.person, cohort.eli.person
    with translation.override(language), timezone.override(zone):
        Message.objects.filter(conversation=chat).delete()
        reference, written = _pages(chat, amal)  # no message yet
        assert written == reference
        assert "data-empty" in written
        # A mediator from the program's staff: named with their role, offered to leave.
        Member.objects.create(conversation=chat, person=eli, role=Member.Role.MEDIATOR)
        for reader in (eli, amal):
            reference, written = _pages(chat, reader)
            assert written == reference
        assert str(Member.Role.MEDIATOR.label) in written
        block = Block.objects.create(relationship=pair, blocker=amal, blocked=dana)
        reference, written = _pages(chat, dana)
        assert written == reference
        assert 'id="compose"' not in written
        block.delete()
        Conversation.objects.filter(pk=chat.pk).update(status=Conversation.Status.CLOSED)
        reference, written = _pages(chat, amal)
        assert written == reference
        assert 'class="call-actions"' not in written
        staff = Conversation.objects.create(
            organization=chat.organization, program=chat.program, kind="staff", title=""
        )
        Member.objects.create(conversation=staff, person=amal)
        services.message_send(conversation=staff, author=amal, body="A question & more")
        reference, written = _pages(staff, amal)
        assert written == reference


@LANGUAGES
def test_the_form_sent_back_with_its_errors(
    chat: Conversation, cohort: SimpleNamespace, language: str
) -> None:
    with translation.override(language):
        form = ComposeForm({"body": " ", "client_key": 'k"<>'}, None, limit_mb=25)
        assert not form.is_valid()
        form.add_error(None, "Too many <messages> for now.")
        reference, written = _pages(chat, cohort.amal.person, form=form)
        assert written == reference
        assert 'class="form-errors"' in written
        assert 'value="k&quot;&lt;&gt;"' in written


@LANGUAGES
@ZONES
def test_the_inbox_rows_are_what_the_template_wrote(
    chat: Conversation, cohort: SimpleNamespace, language: str, zone: str
) -> None:
    amal, dana = cohort.amal.person, cohort.dana.person
    Person.objects.filter(pk=dana.pk).update(display_name='Dana <O\'Brien> & "co"')
    services.message_send(conversation=chat, author=dana, body="Unread")
    services.message_send(conversation=chat, author=dana, body="Unread too")
    staff = Conversation.objects.create(
        organization=chat.organization, program=chat.program, kind="staff", title=""
    )
    Member.objects.create(conversation=staff, person=amal)
    closed = Conversation.objects.create(
        organization=chat.organization, kind="group", title="Old <group>", status="closed"
    )
    Member.objects.create(conversation=closed, person=amal)
    Conversation.objects.filter(pk=closed.pk).update(
        last_message_at=timezone.now() - timedelta(days=40)
    )
    with translation.override(language), timezone.override(zone):
        for per_page in (25, 2):  # one page; several, with the pages' links
            members = list(selectors.conversations_of(person=amal))
            assert len(members) == 3
            page = Paginator(members, per_page).get_page(1)
            rows = [(m, selectors.conversation_title(m.conversation, amal)) for m in page]
            request = _request(amal, reverse("messaging:inbox"))
            context = {"page": page, "rows": rows, "csrf_token": TOKEN}
            reference = render_to_string("messaging/inbox.html", context, request=request)
            written = render_to_string(
                "messaging/inbox_page.html",
                {**context, "rows_html": page_html.inbox_rows_html(rows)},
                request=request,
            )
            assert written == reference
        assert 'class="badge">2</span>' in written
        assert "Dana &lt;O&#x27;Brien&gt; &amp; &quot;co&quot;" in written


@LANGUAGES
def test_an_empty_inbox_says_how_conversations_start(
    client: Client, cohort: SimpleNamespace, language: str
) -> None:
    person = cohort.eli.person
    request = _request(person, reverse("messaging:inbox"))
    page = Paginator([], 25).get_page(1)
    with translation.override(language):
        reference = render_to_string(
            "messaging/inbox.html", {"page": page, "rows": [], "csrf_token": TOKEN}, request=request
        )
        written = render_to_string(
            "messaging/inbox_page.html",
            {
                "page": page,
                "rows": [],
                "rows_html": page_html.inbox_rows_html([]),
                "csrf_token": TOKEN,
            },
            request=request,
        )
    assert written == reference


def test_the_page_served_holds_the_load_tests_marks(
    client: Client, chat: Conversation, cohort: SimpleNamespace
) -> None:
    """What bench/locustfile_mixed.py reads from the page: the CSRF field, the newest id; the
    form's key is new on each page, and a message sent from it arrives."""
    import re

    client.force_login(cohort.amal.person)
    url = reverse("messaging:conversation", args=[chat.pk])
    first, second = client.get(url).content.decode(), client.get(url).content.decode()
    csrf = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', first)
    assert csrf
    assert re.search(r'data-newest="(\d+)"', first)
    assert re.search(r'<body data-csrf="([^"]+)"', first)[1] == csrf[1]  # type: ignore[index]
    keys = [re.search(r'name="client_key" value="(\w+)"', p)[1] for p in (first, second)]  # type: ignore[index]
    assert keys[0] != keys[1]
    response = client.post(url, {"body": "Sent <from> the page", "client_key": keys[0]})
    assert response.status_code == 302
    assert "Sent &lt;from&gt; the page" in client.get(url).content.decode()
    assert client.post(url, {"body": " "}).status_code == 400
