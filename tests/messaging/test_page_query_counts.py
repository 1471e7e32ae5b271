"""The pages people use most in messaging make the same number of queries however long the
conversation: sending a message from the page with HTMX, and the reading marks they leave
are right even though the page no longer asks the database for the newest message."""

from __future__ import annotations

from collections.abc import Callable
from types import SimpleNamespace
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from bridgeway.messaging import selectors, services
from bridgeway.messaging.models import Conversation, Member, Message

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("steady_session")]


def _fill(chat: Conversation, author: Any, n: int) -> None:
    Message.objects.bulk_create(
        Message(conversation=chat, author=author, body=f"message {i}") for i in range(n)
    )


def _counted(call: Callable[[], Any]) -> tuple[Any, int]:
    with CaptureQueriesContext(connection) as queries:
        response = call()
    return response, len(queries)


def _send(client: Client, chat: Conversation, body: str, key: str) -> Any:
    newest = Message.objects.filter(conversation=chat).order_by("-pk").first()
    return client.post(
        reverse("messaging:conversation", args=[chat.pk]),
        {"body": body, "client_key": key, "after": newest.pk if newest else 0},
        HTTP_HX_REQUEST="true",
    )


def _unread(chat: Conversation, person: Any) -> int:
    return selectors.unread_in(member=Member.objects.get(conversation=chat, person=person))


def test_sending_with_htmx_in_a_conversation_of_10_or_1000_messages(
    client: Client, chat: Conversation, cohort: SimpleNamespace
) -> None:
    amal, dana = cohort.amal.person, cohort.dana.person
    client.force_login(dana)
    # Sends after the first one: the first of a conversation sets up what later ones reuse.
    assert _send(client, chat, "Hello", "key-first").status_code == 200
    counts = []
    for n in (10, 990):
        _fill(chat, amal, n)
        response, count = _counted(lambda n=n: _send(client, chat, f"Reply {n}", f"key-{n}"))
        assert response.status_code == 200
        assert f"Reply {n}" in response.content.decode()
        counts.append(count)
    assert counts[0] == counts[1]
    with CaptureQueriesContext(connection) as queries:
        assert _send(client, chat, "Once more", "key-rules").status_code == 200
    # The program's messaging rules are read once: the attachments' limit and the flag words.
    assert sum("messaging_messagingsettings" in q["sql"] for q in queries.captured_queries) == 1
    # The author's reading mark is moved once, with the message, not again by the answer.
    marks = [
        q["sql"]
        for q in queries.captured_queries
        if q["sql"].startswith("UPDATE") and '"last_read_id"' in q["sql"]
    ]
    assert len(marks) == 1
    sent = Message.objects.filter(conversation=chat, author=dana).latest("pk")
    assert Member.objects.get(conversation=chat, person=dana).last_read_id == sent.pk
    assert _unread(chat, dana) == 0
    assert _unread(chat, amal) == 4  # Dana's four, for Amal to read


def test_opening_the_conversation_reads_everything_even_beyond_one_page(
    client: Client, chat: Conversation, cohort: SimpleNamespace
) -> None:
    amal, dana = cohort.amal.person, cohort.dana.person
    _fill(chat, amal, selectors.PAGE + 15)
    assert _unread(chat, dana) == selectors.PAGE + 15
    client.force_login(dana)
    response = client.get(reverse("messaging:conversation", args=[chat.pk]))
    assert response.status_code == 200
    assert _unread(chat, dana) == 0
    # An older page does not move the reading mark.
    _fill(chat, amal, 3)
    older = Message.objects.filter(conversation=chat).order_by("pk")[5].pk
    client.get(reverse("messaging:conversation", args=[chat.pk]) + f"?before={older}")
    assert _unread(chat, dana) == 3


def test_the_live_list_reads_the_newest_even_when_more_than_a_page_arrived(
    client: Client, chat: Conversation, cohort: SimpleNamespace
) -> None:
    amal, dana = cohort.amal.person, cohort.dana.person
    client.force_login(dana)
    url = reverse("messaging:new", args=[chat.pk])
    _fill(chat, amal, 2)
    client.get(url, {"after": 0})
    assert _unread(chat, dana) == 0
    seen = Message.objects.filter(conversation=chat).latest("pk").pk
    _fill(chat, amal, selectors.PAGE + 5)
    response = client.get(url, {"after": seen})
    assert response.status_code == 200
    assert _unread(chat, dana) == 0
    _fill(chat, amal, 1)
    client.get(url, {"after": seen, "hidden": "1"})
    assert _unread(chat, dana) == 1


def _reads_of(queries: CaptureQueriesContext, table: str) -> list[str]:
    return [q["sql"] for q in queries.captured_queries if q["sql"].startswith(f'SELECT "{table}"')]


def test_a_message_sent_looks_for_its_key_once_and_sets_the_alert_in_two_statements(
    client: Client, chat: Conversation, cohort: SimpleNamespace
) -> None:
    from bridgeway.notifications.models import Timer

    amal, dana = cohort.amal.person, cohort.dana.person
    client.force_login(dana)
    assert _send(client, chat, "Hello", "key-first").status_code == 200
    # Amal's alert waits (set by the first message): nothing to schedule.
    with CaptureQueriesContext(connection) as waiting:
        assert _send(client, chat, "Again", "key-again").status_code == 200
    keys = [q for q in waiting.captured_queries if '"client_key" = ' in q["sql"]]
    assert len(keys) == 1  # the limit's check; sending does not look for the key again
    # No message of the page has files: none are read.
    assert not _reads_of(waiting, "messaging_attachment")
    # None waits any more: a timer for Amal, written with her alert's time, and nothing read.
    Member.objects.filter(conversation=chat, person=amal).update(alert_due_at=None)
    with CaptureQueriesContext(connection) as scheduling:
        assert _send(client, chat, "Once more", "key-alert").status_code == 200
    assert len(scheduling) == len(waiting) + 2
    timer_sql = [q["sql"] for q in scheduling.captured_queries if "notifications_timer" in q["sql"]]
    assert len(timer_sql) == 1
    assert timer_sql[0].startswith("INSERT")
    sent = Message.objects.get(client_key="key-alert")
    member = Member.objects.get(conversation=chat, person=amal)
    [timer] = Timer.objects.filter(key=f"messaging.unread:{member.pk}:{sent.pk}")
    assert timer.kind == "messaging.unread"
    assert timer.state == Timer.State.PENDING
    assert timer.payload == {"member": member.pk}
    assert timer.organization is None
    assert timer.due_at == member.alert_due_at == sent.created_at + services.UNREAD_DELAY
    # Dana's own place in the conversation has no alert: she wrote the message.
    assert Member.objects.get(conversation=chat, person=dana).alert_due_at is None


def test_the_files_are_read_only_for_a_page_that_has_some(
    client: Client, chat: Conversation, cohort: SimpleNamespace
) -> None:
    from bridgeway.messaging.models import Attachment

    amal, dana = cohort.amal.person, cohort.dana.person
    _fill(chat, amal, 3)
    client.force_login(dana)
    url = reverse("messaging:conversation", args=[chat.pk])
    client.get(url)
    with CaptureQueriesContext(connection) as without:
        assert client.get(url).status_code == 200
    assert not _reads_of(without, "messaging_attachment")
    message = Message.objects.filter(conversation=chat).first()
    assert message is not None
    Attachment.objects.create(
        message=message,
        stored_name="stored-report",
        name="report.pdf",
        size=2048,
        content_type="application/pdf",
        kind=Attachment.Kind.DOCUMENT,
    )
    with CaptureQueriesContext(connection) as with_files:
        response = client.get(url)
    assert len(_reads_of(with_files, "messaging_attachment")) == 1
    assert len(with_files) == len(without) + 1
    assert "report.pdf" in response.content.decode()
