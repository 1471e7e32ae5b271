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
