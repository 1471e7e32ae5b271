"""The messages API: only members read and write; a client key stores one message however
often it is sent; errors say what is wrong; staff of the agency are not members."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from django.test import Client
from django.urls import reverse

from bridgeway.messaging.models import Conversation, Message

pytestmark = pytest.mark.django_db


def messages_url(chat: Conversation) -> str:
    return reverse("api:conversation-messages", args=[chat.pk])


def test_it_sends_once_per_client_key_and_lists_for_the_other_member(
    client: Client, chat: Conversation, cohort: SimpleNamespace
) -> None:
    client.force_login(cohort.amal.person)
    payload = {"body": "Hi **Dana**", "client_key": "5b8e6f3c"}
    first = client.post(messages_url(chat), payload, content_type="application/json")
    again = client.post(messages_url(chat), payload, content_type="application/json")
    assert first.status_code == 201
    assert again.status_code == 200
    assert again.json()["id"] == first.json()["id"]
    assert Message.objects.count() == 1
    client.force_login(cohort.dana.person)
    [listed] = client.get(messages_url(chat)).json()
    assert listed["body"] == "Hi **Dana**"
    assert listed["html"] == "<p>Hi <strong>Dana</strong></p>\n"
    assert listed["client_key"] == ""  # only the sender sees their key
    [conversation] = client.get(reverse("api:conversation-list")).json()["results"]
    assert conversation["unread"] == 1
    assert conversation["title"] == "Amal"
    response = client.post(
        reverse("api:conversation-read", args=[chat.pk]), {}, content_type="application/json"
    )
    assert response.status_code == 204
    detail = client.get(reverse("api:conversation-detail", args=[chat.pk])).json()
    assert detail["unread"] == 0


def test_edit_and_delete_through_the_api(
    client: Client, chat: Conversation, cohort: SimpleNamespace
) -> None:
    client.force_login(cohort.amal.person)
    sent = client.post(messages_url(chat), {"body": "draft"}, content_type="application/json")
    url = reverse("api:conversation-message", args=[chat.pk, sent.json()["id"]])
    changed = client.patch(url, {"body": "final"}, content_type="application/json")
    assert changed.json()["body"] == "final"
    assert changed.json()["edited_at"] is not None
    client.force_login(cohort.dana.person)
    response = client.patch(url, {"body": "mine now"}, content_type="application/json")
    assert response.status_code == 400
    assert client.delete(url).status_code == 400
    client.force_login(cohort.amal.person)
    assert client.delete(url).status_code == 204
    [listed] = client.get(messages_url(chat)).json()
    assert listed["deleted"] is True
    assert listed["body"] == ""


def test_bad_input_gets_clear_errors_and_stores_nothing(
    client: Client, chat: Conversation, cohort: SimpleNamespace
) -> None:
    client.force_login(cohort.amal.person)
    for payload in ({}, {"body": ""}, {"body": "   "}, {"body": "x" * 10_001}):
        response = client.post(messages_url(chat), payload, content_type="application/json")
        assert response.status_code == 400, payload
        assert "body" in response.json()
    response = client.post(
        messages_url(chat), {"body": "ok", "client_key": "k" * 65}, content_type="application/json"
    )
    assert response.status_code == 400
    assert not Message.objects.exists()


def test_people_outside_the_conversation_get_404(
    client: Client, chat: Conversation, cohort: SimpleNamespace
) -> None:
    world = cohort.world
    for person in (cohort.eli.person, world.bob, world.carol, world.mallory):
        client.force_login(person)
        assert client.get(messages_url(chat)).status_code == 404
        response = client.post(messages_url(chat), {"body": "hi"}, content_type="application/json")
        assert response.status_code == 404
        assert client.get(reverse("api:conversation-list")).json()["results"] == []
    assert not Message.objects.exists()


def test_each_listed_conversation_is_what_its_declared_fields_write(
    client: Client, chat: Conversation, cohort: SimpleNamespace
) -> None:
    """The list writes each row directly: the same values as DRF's walk of the declared fields
    (ids, kind and status, the title for the reader, the program and mentorship or null, the
    last message's moment in UTC or null, the unread count and the reading mark)."""
    from rest_framework import serializers

    from bridgeway.messaging import selectors, services
    from bridgeway.messaging.api import ConversationSerializer
    from bridgeway.messaging.models import Member

    amal, dana = cohort.amal.person, cohort.dana.person
    services.message_send(conversation=chat, author=dana, body="Hello <Amal> & co")
    staff = services.conversation_with_staff(enrollment=cohort.amal)
    group = Conversation.objects.create(
        organization=cohort.program.organization, kind=Conversation.Kind.GROUP, title="Readers"
    )
    Member.objects.create(conversation=group, person=amal)
    Member.objects.create(conversation=group, person=dana)
    Conversation.objects.filter(pk=group.pk).update(status=Conversation.Status.CLOSED)
    client.force_login(amal)
    rows = {
        row["id"]: row for row in client.get(reverse("api:conversation-list")).json()["results"]
    }
    listed = list(selectors.conversations_of(person=amal))
    assert (
        {member.conversation_id for member in listed} == {chat.pk, staff.pk, group.pk} == set(rows)
    )
    serializer = ConversationSerializer(context={"person": amal})
    for member in listed:
        declared = serializers.Serializer.to_representation(serializer, member)
        assert serializer.to_representation(member) == declared
        assert rows[member.conversation_id] == declared
    assert rows[chat.pk]["unread"] == 1
    assert rows[chat.pk]["relationship"] == chat.relationship_id
    assert rows[chat.pk]["last_message_at"].endswith("Z")
    assert rows[group.pk]["program"] is None
    assert rows[group.pk]["last_message_at"] is None
    assert rows[group.pk]["status"] == "closed"
    assert rows[staff.pk]["kind"] == "staff"
