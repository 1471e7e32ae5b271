"""The news API as an app would use it: readers list and read; staff write, count and send."""

from __future__ import annotations

from collections.abc import Callable
from types import SimpleNamespace

import pytest
from django.test import Client
from django.urls import reverse

from bridgeway.community.news import services
from bridgeway.community.news.models import Post, PostState
from bridgeway.notifications.models import Notification

pytestmark = pytest.mark.django_db


def test_a_reader_lists_and_reads_posts_in_their_language(
    client: Client, world: SimpleNamespace, write: Callable[..., Post]
) -> None:
    post = services.post_send(post=write(), by=world.alice)[0]
    write()  # a draft: not listed
    world.erin.preferred_language = "fr"
    world.erin.save(update_fields=["preferred_language"])
    client.force_login(world.erin)
    listed = client.get(reverse("api:community-news"), HTTP_ACCEPT_LANGUAGE="fr").json()["results"]
    assert [p["id"] for p in listed] == [post.pk]
    one = client.get(reverse("api:community-news-post", args=[post.pk])).json()
    assert one["language"] == "fr"
    assert one["title"] == "Nouvelles du printemps"
    assert one["html"].strip() == "<p>Bonjour <strong>à tous</strong>.</p>"
    assert {v["language"] for v in one["versions"]} == {"en", "fr"}
    client.force_login(world.carol)
    assert client.get(reverse("api:community-news")).json()["results"] == []
    assert client.get(reverse("api:community-news-post", args=[post.pk])).status_code == 404


def test_staff_write_count_and_send_through_the_api(client: Client, world: SimpleNamespace) -> None:
    client.force_login(world.bob)
    data = {
        "scope": f"program:{world.program_a.pk}",
        "kind": "announcement",
        "default_language": "en",
        "urgent": True,
        "roles": ["mentor"],
        "versions": [{"language": "en", "title": "Closed Monday", "body": "The office is closed."}],
        "client_key": "c1",
        "status": "sent",
        "organization": world.agency_b.pk,
    }
    url = reverse("api:community-news-manage")
    created = client.post(url, data, content_type="application/json")
    client.post(url, data, content_type="application/json")
    assert created.status_code == 201, created.content
    post = Post.objects.get()
    assert post.state == PostState.DRAFT
    assert post.organization == world.agency_a
    reach = client.get(reverse("api:community-news-reach", args=[post.pk])).json()
    assert reach == {"count": 1, "by_language": {"en": 1}}
    send = reverse("api:community-news-send", args=[post.pk])
    assert client.post(send, {}, content_type="application/json").json()["state"] == "sent"
    client.post(send, {}, content_type="application/json")
    assert Notification.objects.filter(person=world.frank).count() == 1
    assert not Notification.objects.filter(person=world.erin).exists()


def test_bad_input_and_another_agencys_scope_are_refused_clearly(
    client: Client, world: SimpleNamespace
) -> None:
    client.force_login(world.carol)
    url = reverse("api:community-news-manage")
    base = {
        "kind": "newsletter",
        "default_language": "fr",
        "versions": [{"language": "en", "title": "Hi", "body": "x"}],
    }
    theirs = client.post(
        url, {**base, "scope": f"agency:{world.agency_a.pk}"}, content_type="application/json"
    )
    assert theirs.status_code == 400
    assert "scope" in theirs.json()
    mine = client.post(
        url, {**base, "scope": f"agency:{world.agency_b.pk}"}, content_type="application/json"
    )
    assert mine.status_code == 400
    assert "default language" in mine.json()["default_language"][0]
    assert not Post.objects.exists()


def test_the_schema_lists_the_news_endpoints(client: Client, world: SimpleNamespace) -> None:
    client.force_login(world.erin)
    schema = client.get(reverse("api:schema")).content.decode()
    assert "/api/v1/community/news/{id}/" in schema
    assert "/api/v1/community/news/manage/{id}/send/" in schema
