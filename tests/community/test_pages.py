"""The forum pages as participants use them: spaces, topics, replies, helpful marks, follows."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from django.test import Client
from django.urls import reverse

from bridgeway.community import services
from bridgeway.community.models import Follow, Helpful, Reply, Topic
from bridgeway.core.models import AuditEvent
from bridgeway.notifications.models import Notification

pytestmark = pytest.mark.django_db


def test_the_community_lists_the_spaces_a_mentee_may_read(
    client: Client, world: SimpleNamespace, spaces: SimpleNamespace
) -> None:
    client.force_login(world.erin)
    page = client.get(reverse("community:home")).content.decode()
    assert "Welcome to Canada" in page
    assert "Agency A lounge" in page
    assert "Mentors&#x27; corner" not in page
    assert "Agency B lounge" not in page
    assert reverse("community:home") in client.get(reverse("core:dashboard")).content.decode()


def test_a_person_without_spaces_sees_an_empty_state_and_no_link(
    client: Client, world: SimpleNamespace, spaces: SimpleNamespace
) -> None:
    client.force_login(world.mallory)
    page = client.get(reverse("community:home")).content.decode()
    assert "There is no community space for you yet" in page
    dashboard = client.get(reverse("core:dashboard")).content.decode()
    assert f'href="{reverse("community:home")}"' not in dashboard


def test_a_space_outside_the_audience_is_not_found(
    client: Client, world: SimpleNamespace, spaces: SimpleNamespace
) -> None:
    client.force_login(world.erin)
    for space in (spaces.mentors, spaces.b):
        assert client.get(reverse("community:space", args=[space.pk])).status_code == 404
        response = client.post(
            reverse("community:topic_new", args=[space.pk]), {"title": "Hi", "body": "x"}
        )
        assert response.status_code == 404
    assert not Topic.objects.exists()


def test_a_mentee_starts_a_topic_once_even_when_sending_twice(
    client: Client, world: SimpleNamespace, spaces: SimpleNamespace
) -> None:
    client.force_login(world.erin)
    data = {
        "title": "Where to find a family doctor?",
        "body": "I arrived in **May**.",
        "client_key": "k1",
    }
    url = reverse("community:topic_new", args=[spaces.agency.pk])
    first = client.post(url, data)
    second = client.post(url, data)
    topic = Topic.objects.get()
    assert first["Location"] == second["Location"] == reverse("community:topic", args=[topic.pk])
    page = client.get(first["Location"]).content.decode()
    assert "<strong>May</strong>" in page
    assert Follow.objects.filter(person=world.erin, topic=topic).exists()


def test_posts_are_sanitized(
    client: Client, world: SimpleNamespace, spaces: SimpleNamespace
) -> None:
    topic = services.topic_create(
        space=spaces.agency, by=world.erin, title="<script>alert(1)</script>", body="x"
    )
    services.reply_create(
        topic=topic, by=world.frank, body="<img src=x onerror=alert(1)> [a](javascript:alert(1))"
    )
    client.force_login(world.erin)
    page = client.get(reverse("community:topic", args=[topic.pk])).content.decode()
    assert "<script>alert(1)" not in page
    assert "<img src" not in page
    assert 'href="javascript' not in page
    assert "&lt;img src=x onerror=alert(1)&gt;" in page
    assert "&lt;script&gt;" in page


def test_followers_of_a_space_hear_of_a_new_topic_but_not_the_author(
    world: SimpleNamespace, spaces: SimpleNamespace
) -> None:
    services.follow_set(person=world.frank, space=spaces.agency, following=True)
    services.follow_set(person=world.erin, space=spaces.agency, following=True)
    topic = services.topic_create(space=spaces.agency, by=world.erin, title="Hello", body="Hi")
    sent = Notification.objects.filter(kind="community.topic")
    assert [n.person for n in sent] == [world.frank]
    assert sent.get().url == reverse("community:topic", args=[topic.pk])


def test_a_reply_tells_the_topic_followers_who_may_still_read(
    world: SimpleNamespace, spaces: SimpleNamespace
) -> None:
    topic = services.topic_create(space=spaces.agency, by=world.erin, title="Hello", body="Hi")
    services.follow_set(person=world.mallory, topic=topic, following=True)  # not a reader
    services.reply_create(topic=topic, by=world.frank, body="Welcome!")
    assert [n.person for n in Notification.objects.filter(kind="community.reply")] == [world.erin]


def test_a_reply_is_posted_once_and_shown_on_its_page(
    client: Client, world: SimpleNamespace, spaces: SimpleNamespace
) -> None:
    topic = services.topic_create(space=spaces.agency, by=world.erin, title="Hello", body="Hi")
    client.force_login(world.frank)
    url = reverse("community:topic", args=[topic.pk])
    for _ in range(2):
        response = client.post(url, {"body": "Welcome *Erin*", "client_key": "r1"})
        assert response.status_code == 302
    reply = Reply.objects.get()
    assert response["Location"].endswith(f"#reply-{reply.pk}")
    topic.refresh_from_db()
    assert topic.reply_count == 1
    assert "<em>Erin</em>" in client.get(url).content.decode()


def test_replies_are_paginated_with_the_same_number_of_queries_per_page(
    client: Client,
    world: SimpleNamespace,
    spaces: SimpleNamespace,
    django_assert_max_num_queries: object,
) -> None:
    topic = services.topic_create(space=spaces.agency, by=world.erin, title="Busy", body="Hi")
    Reply.objects.bulk_create(
        [Reply(topic=topic, author=world.frank, body=f"Reply {i}") for i in range(45)]
    )
    client.force_login(world.erin)
    url = reverse("community:topic", args=[topic.pk])
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    counts = []
    for page in (1, 3):
        with CaptureQueriesContext(connection) as queries:
            body = client.get(url, {"page": page}).content.decode()
        counts.append(len(queries))
    assert "Reply 44" in body
    assert "Page 3 of 3" in body
    assert counts[0] == counts[1]


def test_locked_topics_refuse_replies_with_a_clear_message(
    client: Client, world: SimpleNamespace, spaces: SimpleNamespace
) -> None:
    topic = services.topic_create(space=spaces.agency, by=world.erin, title="Hello", body="Hi")
    client.force_login(world.bob)
    client.post(reverse("community:topic_manage", args=[topic.pk]), {"action": "lock"})
    client.force_login(world.frank)
    response = client.post(reverse("community:topic", args=[topic.pk]), {"body": "Late"})
    assert response.status_code == 200
    assert "This topic is locked" in response.content.decode()
    assert not Reply.objects.exists()


def test_participants_cannot_pin_or_lock(
    client: Client, world: SimpleNamespace, spaces: SimpleNamespace
) -> None:
    topic = services.topic_create(space=spaces.agency, by=world.erin, title="Hello", body="Hi")
    client.force_login(world.erin)
    response = client.post(reverse("community:topic_manage", args=[topic.pk]), {"action": "pin"})
    assert response.status_code == 404
    topic.refresh_from_db()
    assert not topic.pinned


def test_staff_pin_a_topic_to_the_top_and_it_is_audited(
    client: Client, world: SimpleNamespace, spaces: SimpleNamespace
) -> None:
    pinned = services.topic_create(
        space=spaces.agency, by=world.erin, title="House rules", body="x"
    )
    services.topic_create(space=spaces.agency, by=world.erin, title="Newer", body="x")
    client.force_login(world.bob)
    client.post(reverse("community:topic_manage", args=[pinned.pk]), {"action": "pin"})
    page = client.get(reverse("community:space", args=[spaces.agency.pk])).content.decode()
    assert page.index("House rules") < page.index("Newer")
    audited = AuditEvent.objects.filter(organization=world.agency_a, action="community.pin")
    assert audited.get().subject == world.erin


def test_helpful_is_one_mark_per_person_and_toggles(
    client: Client, world: SimpleNamespace, spaces: SimpleNamespace
) -> None:
    topic = services.topic_create(space=spaces.agency, by=world.erin, title="Hello", body="Hi")
    reply = services.reply_create(topic=topic, by=world.frank, body="Try the clinic")
    client.force_login(world.erin)
    url = reverse("community:helpful", args=[reply.pk])
    client.post(url)
    reply.refresh_from_db()
    assert reply.helpful_count == 1
    assert Helpful.objects.count() == 1
    page = client.get(reverse("community:topic", args=[topic.pk])).content.decode()
    assert "1 person found this helpful" in page
    assert 'aria-pressed="true"' in page
    client.post(url)
    reply.refresh_from_db()
    assert reply.helpful_count == 0
    assert not Helpful.objects.exists()


def test_an_author_cannot_mark_their_own_reply(
    client: Client, world: SimpleNamespace, spaces: SimpleNamespace
) -> None:
    topic = services.topic_create(space=spaces.agency, by=world.erin, title="Hello", body="Hi")
    reply = services.reply_create(topic=topic, by=world.frank, body="Me")
    client.force_login(world.frank)
    response = client.post(reverse("community:helpful", args=[reply.pk]), follow=True)
    assert "You cannot mark your own reply" in response.content.decode()
    assert not Helpful.objects.exists()


def test_following_a_space_from_its_page(
    client: Client, world: SimpleNamespace, spaces: SimpleNamespace
) -> None:
    client.force_login(world.erin)
    url = reverse("community:space_follow", args=[spaces.network.pk])
    response = client.post(url, {"follow": "1"}, follow=True)
    assert "Stop following this space" in response.content.decode()
    client.post(url, {"follow": "1"})
    assert Follow.objects.filter(person=world.erin, space=spaces.network).count() == 1
    client.post(url, {"follow": "0"})
    assert not Follow.objects.exists()
