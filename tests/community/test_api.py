"""The community API as an app would use it."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from django.test import Client
from django.urls import reverse

from bridgeway.community import services
from bridgeway.community.models import Reply, Topic

pytestmark = pytest.mark.django_db


def test_a_mentee_lists_spaces_posts_a_topic_and_reads_it(
    client: Client, world: SimpleNamespace, spaces: SimpleNamespace
) -> None:
    client.force_login(world.erin)
    listed = client.get(reverse("api:community-spaces")).json()["results"]
    assert {s["name"] for s in listed} == {"Welcome to Canada", "Agency A lounge"}
    url = reverse("api:community-space-topics", args=[spaces.agency.pk])
    data = {"title": "Hello", "body": "**Hi** <script>x</script>", "client_key": "a1"}
    first = client.post(url, data, content_type="application/json")
    client.post(url, data, content_type="application/json")
    assert first.status_code == 201
    assert Topic.objects.count() == 1
    assert (
        first.json()["html"].strip() == "<p><strong>Hi</strong> &lt;script&gt;x&lt;/script&gt;</p>"
    )
    assert [t["title"] for t in client.get(url).json()["results"]] == ["Hello"]


def test_replies_helpful_and_follow_through_the_api(
    client: Client, world: SimpleNamespace, spaces: SimpleNamespace
) -> None:
    topic = services.topic_create(space=spaces.agency, by=world.erin, title="Hello", body="Hi")
    client.force_login(world.frank)
    replies = reverse("api:community-topic-replies", args=[topic.pk])
    reply = client.post(replies, {"body": "Welcome"}, content_type="application/json").json()
    client.force_login(world.erin)
    helpful = client.post(reverse("api:community-helpful", args=[reply["id"]])).json()
    assert helpful == {"marked": True}
    assert client.get(replies).json()["results"][0]["marked_helpful"] is True
    follow = client.put(
        reverse("api:community-space-follow", args=[spaces.network.pk]),
        {"following": True},
        content_type="application/json",
    )
    assert follow.json() == {"following": True}


def test_a_locked_topic_refuses_a_reply_with_a_clear_message(
    client: Client, world: SimpleNamespace, spaces: SimpleNamespace
) -> None:
    topic = services.topic_create(space=spaces.agency, by=world.erin, title="Hello", body="Hi")
    services.topic_lock(topic=topic, by=world.bob, locked=True)
    client.force_login(world.frank)
    response = client.post(
        reverse("api:community-topic-replies", args=[topic.pk]),
        {"body": "Late"},
        content_type="application/json",
    )
    assert response.status_code == 400
    assert "locked" in response.json()["non_field_errors"][0]
    assert not Reply.objects.exists()


def test_a_space_outside_the_audience_is_404_and_search_is_scoped(
    client: Client, world: SimpleNamespace, spaces: SimpleNamespace
) -> None:
    services.topic_create(space=spaces.mentors, by=world.frank, title="Mentor tips", body="x")
    client.force_login(world.erin)
    response = client.get(reverse("api:community-space-topics", args=[spaces.mentors.pk]))
    assert response.status_code == 404
    found = client.get(reverse("api:community-search"), {"q": "tips"}).json()
    assert found["results"] == []


def test_the_schema_lists_the_community_endpoints(client: Client, world: SimpleNamespace) -> None:
    client.force_login(world.erin)
    schema = client.get(reverse("api:schema")).content.decode()
    assert "/api/v1/community/spaces/{id}/topics/" in schema
    assert "/api/v1/community/search/" in schema
