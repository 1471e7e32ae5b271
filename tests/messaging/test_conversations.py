"""A pair's conversation: it opens with the mentorship, takes messages through the page
without JavaScript, stores one message per key, shows formatting safely, keeps edits and
deletions honest, counts what is unread and turns read-only when the mentorship closes."""

from __future__ import annotations

from datetime import timedelta
from types import SimpleNamespace

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from bridgeway.messaging import services
from bridgeway.messaging.models import Conversation, Message, MessagingSettings
from bridgeway.relationships.closure import relationship_close
from bridgeway.relationships.models import Relationship

pytestmark = pytest.mark.django_db


def page(client: Client, chat: Conversation) -> str:
    response = client.get(reverse("messaging:conversation", args=[chat.pk]))
    assert response.status_code == 200
    return response.content.decode()


def listed(html: str) -> str:
    return html.split('<ul class="conversation-list">')[1].split("</ul>")[0]


def test_it_opens_the_pairs_conversation_when_the_mentorship_is_under_way(
    chat: Conversation, cohort: SimpleNamespace
) -> None:
    assert chat.kind == Conversation.Kind.PAIR
    assert chat.is_open
    people = set(chat.members.values_list("person_id", flat=True))
    assert people == {cohort.amal.person.pk, cohort.dana.person.pk}


def test_it_sends_through_the_page_without_javascript_and_the_other_side_reads_it(
    client: Client, chat: Conversation, cohort: SimpleNamespace
) -> None:
    client.force_login(cohort.amal.person)
    url = reverse("messaging:conversation", args=[chat.pk])
    response = client.post(url, {"body": "Hello Dana, *thank you*!", "client_key": "k1"})
    assert response.status_code == 302
    # A double tap (or a retry on a slow connection) sends the same form again: one message.
    client.post(url, {"body": "Hello Dana, *thank you*!", "client_key": "k1"})
    assert Message.objects.filter(conversation=chat).count() == 1
    client.force_login(cohort.dana.person)
    assert "<em>thank you</em>" in page(client, chat)


def test_outsiders_get_404_and_change_nothing(
    client: Client, chat: Conversation, cohort: SimpleNamespace
) -> None:
    services.message_send(conversation=chat, author=cohort.amal.person, body="private")
    message = Message.objects.get()
    world = cohort.world
    for person in (cohort.bo.person, cohort.eli.person, world.mallory, world.carol, world.bob):
        client.force_login(person)
        for url in (
            reverse("messaging:conversation", args=[chat.pk]),
            reverse("messaging:new", args=[chat.pk]),
            reverse("messaging:history", args=[chat.pk, message.pk]),
            reverse("messaging:edit", args=[chat.pk, message.pk]),
        ):
            assert client.get(url).status_code == 404
        response = client.post(
            reverse("messaging:conversation", args=[chat.pk]), {"body": "let me in"}
        )
        assert response.status_code == 404
    assert Message.objects.count() == 1


def test_formatting_is_rendered_and_anything_active_is_inert(
    client: Client, chat: Conversation, cohort: SimpleNamespace
) -> None:
    body = (
        "<script>alert(1)</script> <img src=x onerror=alert(2)> "
        "[click](javascript:alert(3)) [site](https://example.org)"
    )
    services.message_send(conversation=chat, author=cohort.amal.person, body=body)
    client.force_login(cohort.dana.person)
    html = page(client, chat)
    assert "<script>alert" not in html
    assert "<img" not in html
    assert 'href="javascript' not in html
    assert (
        '<a href="https://example.org" target="_blank" rel="noopener noreferrer nofollow ugc">'
        in html
    )


def test_an_empty_or_oversized_message_is_refused_with_the_reason(
    client: Client, chat: Conversation, cohort: SimpleNamespace
) -> None:
    client.force_login(cohort.amal.person)
    url = reverse("messaging:conversation", args=[chat.pk])
    response = client.post(url, {"body": "   "})
    assert response.status_code == 400
    assert "Write a message first." in response.content.decode()
    response = client.post(url, {"body": "x" * 10_001})
    assert response.status_code == 400
    assert "10000" in response.content.decode() or "10,000" in response.content.decode()
    assert not Message.objects.exists()


def test_an_edit_within_15_minutes_keeps_what_it_said_before(
    client: Client, chat: Conversation, cohort: SimpleNamespace
) -> None:
    message, _ = services.message_send(conversation=chat, author=cohort.amal.person, body="Tusday")
    client.force_login(cohort.amal.person)
    edit = reverse("messaging:edit", args=[chat.pk, message.pk])
    assert client.post(edit, {"body": "Tuesday"}).status_code == 302
    client.force_login(cohort.dana.person)
    html = page(client, chat)
    assert "Tuesday" in html
    assert "edited" in html
    history = client.get(reverse("messaging:history", args=[chat.pk, message.pk]))
    assert "Tusday" in history.content.decode()
    # Dana cannot change Amal's message.
    assert client.post(edit, {"body": "Hacked"}).status_code == 404
    Message.objects.filter(pk=message.pk).update(created_at=timezone.now() - timedelta(minutes=16))
    client.force_login(cohort.amal.person)
    response = client.post(edit, {"body": "Wednesday"})
    assert response.status_code == 400
    assert "15 minutes" in response.content.decode()
    message.refresh_from_db()
    assert message.body == "Tuesday"


def test_a_deleted_message_leaves_a_tombstone_and_the_program_decides_the_archive(
    client: Client, chat: Conversation, cohort: SimpleNamespace
) -> None:
    kept, _ = services.message_send(conversation=chat, author=cohort.amal.person, body="oops one")
    client.force_login(cohort.amal.person)
    client.post(reverse("messaging:delete", args=[chat.pk, kept.pk]))
    client.force_login(cohort.dana.person)
    html = page(client, chat)
    assert "This message was deleted." in html
    assert "oops one" not in html
    kept.refresh_from_db()
    assert kept.body == "oops one"  # the default archive keeps it for reviews with a reason
    MessagingSettings.objects.create(program=chat.program, keep_deleted=False)
    erased, _ = services.message_send(conversation=chat, author=cohort.amal.person, body="gone")
    services.message_delete(message=erased, by=cohort.amal.person)
    erased.refresh_from_db()
    assert erased.body == ""
    assert erased.deleted_at is not None


def test_unread_counts_and_read_receipts(
    client: Client, chat: Conversation, cohort: SimpleNamespace
) -> None:
    services.message_send(conversation=chat, author=cohort.amal.person, body="one")
    services.message_send(conversation=chat, author=cohort.amal.person, body="two")
    client.force_login(cohort.dana.person)
    inbox = client.get(reverse("messaging:inbox")).content.decode()
    assert '<span class="badge">2</span>' in listed(inbox)
    assert 'data-messages-count> <span class="badge">2</span>' in inbox  # the header
    page(client, chat)  # Dana reads them
    inbox = client.get(reverse("messaging:inbox")).content.decode()
    assert "badge" not in listed(inbox)
    assert "data-messages-count hidden" in inbox
    client.force_login(cohort.amal.person)
    assert "Seen by Dana" in page(client, chat)


def test_a_closed_mentorship_keeps_its_conversation_readable_and_refuses_new_messages(
    client: Client, chat: Conversation, pair: Relationship, cohort: SimpleNamespace
) -> None:
    services.message_send(conversation=chat, author=cohort.amal.person, body="see you")
    relationship_close(relationship=pair, by=cohort.amal.person, reason="completed")
    client.force_login(cohort.dana.person)
    html = page(client, chat)
    assert "see you" in html
    assert "can be read but not written to" in html
    response = client.post(reverse("messaging:conversation", args=[chat.pk]), {"body": "hello?"})
    assert response.status_code == 400
    assert "This mentorship has closed" in response.content.decode()
    assert Message.objects.filter(conversation=chat).count() == 1


def test_the_page_and_the_message_list_make_the_same_queries_with_10_and_1000_messages(
    client: Client, chat: Conversation, cohort: SimpleNamespace, django_assert_max_num_queries
) -> None:
    def fill(n: int) -> None:
        Message.objects.bulk_create(
            Message(conversation=chat, author=cohort.amal.person, body=f"message {i}")
            for i in range(n)
        )

    def count() -> tuple[int, int]:
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as on_page:
            page(client, chat)
        with CaptureQueriesContext(connection) as in_api:
            response = client.get(reverse("api:conversation-messages", args=[chat.pk]))
            assert response.status_code == 200
        return len(on_page), len(in_api)

    client.force_login(cohort.dana.person)
    fill(10)
    few = count()
    fill(990)
    assert count() == few


def test_a_block_pauses_the_pairs_messages_until_staff_lift_it(
    client: Client, chat: Conversation, pair: Relationship, cohort: SimpleNamespace
) -> None:
    from bridgeway.concerns.models import Block

    block = Block.objects.create(
        relationship=pair, blocker=cohort.amal.person, blocked=cohort.dana.person
    )
    for person in (cohort.amal.person, cohort.dana.person):
        client.force_login(person)
        html = page(client, chat)
        assert "Messages between you are paused" in html
        assert 'id="compose"' not in html
        response = client.post(
            reverse("messaging:conversation", args=[chat.pk]), {"body": "still there?"}
        )
        assert response.status_code == 400
    assert not Message.objects.exists()
    block.lifted_at = timezone.now()
    block.save(update_fields=["lifted_at"])
    services.message_send(conversation=chat, author=cohort.dana.person, body="thank you")
    assert Message.objects.count() == 1


def test_a_message_is_reported_as_a_concern_and_staff_see_it_with_the_concern(
    client: Client, chat: Conversation, cohort: SimpleNamespace
) -> None:
    from bridgeway.concerns.models import Concern

    message, _ = services.message_send(
        conversation=chat, author=cohort.dana.person, body="Call me at **night**"
    )
    client.force_login(cohort.amal.person)
    assert f"?message={message.pk}" in page(client, chat)
    url = reverse("concerns:my_new") + f"?message={message.pk}"
    form = client.get(url).content.decode()
    assert "Call me at <strong>night</strong>" in form
    response = client.post(
        url,
        {
            "subject": f"r{chat.relationship_id}",
            "category": "conduct",
            "description": "This makes me uneasy.",
            "about_other": "on",
        },
    )
    assert response.status_code == 302
    concern = Concern.objects.get()
    assert concern.message == message
    assert concern.about == cohort.dana.person
    client.force_login(cohort.world.bob)
    staff = client.get(reverse("concerns:staff_detail", args=[concern.pk])).content.decode()
    assert "Call me at <strong>night</strong>" in staff
    # Someone outside the conversation cannot report (or read) it; nor can its author.
    for person in (cohort.eli.person, cohort.world.carol):
        client.force_login(person)
        assert client.get(url).status_code == 404
    client.force_login(cohort.dana.person)
    refused = client.post(
        url, {"subject": f"r{chat.relationship_id}", "category": "conduct", "description": "x"}
    )
    assert "Report a message someone else wrote." in refused.content.decode()
    assert Concern.objects.count() == 1


def test_a_page_in_a_background_tab_fetches_new_messages_without_reading_them(
    client: Client, chat: Conversation, cohort: SimpleNamespace
) -> None:
    from bridgeway.messaging.models import Member

    message, _ = services.message_send(conversation=chat, author=cohort.amal.person, body="hi")
    client.force_login(cohort.dana.person)
    url = reverse("messaging:new", args=[chat.pk])
    assert "hi" in client.get(url, {"after": 0, "hidden": "1"}).content.decode()
    dana = Member.objects.get(conversation=chat, person=cohort.dana.person)
    assert dana.last_read_id == 0
    client.get(url, {"after": message.pk})
    dana.refresh_from_db()
    assert dana.last_read_id == message.pk
