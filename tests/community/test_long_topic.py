"""A topic with 1,000 replies (issue 14): its page and the API give them in pages, the last page
holds the last replies, and a page deep in the topic reads the database as often as the first,
whatever the replies carry (many authors, files, "helpful" marks, a hidden reply, another
person's reply held for review)."""

from __future__ import annotations

from datetime import timedelta
from types import SimpleNamespace

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from bridgeway.community import services
from bridgeway.community.models import Helpful, PostFile, PostState, Reply, Topic
from tests.factories import PersonFactory

pytestmark = pytest.mark.django_db

REPLIES = 1000
PER_PAGE, API_PER_PAGE = 20, 50


@pytest.fixture
def long_topic(world: SimpleNamespace, spaces: SimpleNamespace) -> Topic:
    """1,000 replies by 25 people a minute apart; every seventh has a file, every fifth is
    marked helpful by Erin, the 791st is hidden and the 795th waits for review."""
    topic = services.topic_create(
        space=spaces.agency, by=world.erin, title="Finding a family doctor", body="Where?"
    )
    authors = [world.frank, *[PersonFactory() for _ in range(24)]]
    start = timezone.now() - timedelta(days=2)
    replies = Reply.objects.bulk_create(
        [
            Reply(
                topic=topic,
                author=authors[number % len(authors)],
                body=f"Reply {number:04d}: try the **clinic** on street {number}.",
                created_at=start + timedelta(minutes=number),
                helpful_count=1 if number % 5 == 0 else 0,
            )
            for number in range(1, REPLIES + 1)
        ]
    )
    PostFile.objects.bulk_create(
        [
            PostFile(
                topic=topic,
                reply=reply,
                stored_name=f"community/long/{reply.pk}.pdf",
                name=f"map-{index + 1}.pdf",
                size=1000,
                content_type="application/pdf",
                kind="file",
            )
            for index, reply in enumerate(replies)
            if (index + 1) % 7 == 0
        ]
    )
    Helpful.objects.bulk_create(
        [
            Helpful(reply=reply, person=world.erin)
            for index, reply in enumerate(replies)
            if (index + 1) % 5 == 0
        ]
    )
    Reply.objects.filter(pk=replies[790].pk).update(hidden_at=timezone.now())
    Reply.objects.filter(pk=replies[794].pk).update(state=PostState.HELD)
    Topic.objects.filter(pk=topic.pk).update(
        reply_count=REPLIES, last_activity_at=replies[-1].created_at
    )
    return topic


def _read(client: Client, url: str, page: int) -> tuple[int, str]:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, {"page": page})
    assert response.status_code == 200, (url, page)
    return len(queries), response.content.decode()


def test_the_topic_page_shows_a_thousand_replies_in_pages_of_twenty(
    client: Client, world: SimpleNamespace, long_topic: Topic
) -> None:
    client.force_login(world.erin)
    url = reverse("community:topic", args=[long_topic.pk])
    # Erin reads the published replies and the hidden one's place; another's held reply not.
    shown = REPLIES - 1
    pages = -(-shown // PER_PAGE)
    first, page_1 = _read(client, url, 1)
    deep, page_40 = _read(client, url, 40)
    last_count, last = _read(client, url, pages)
    assert f"{shown} replies" in page_1
    assert f"Page 1 of {pages}" in page_1
    assert "Reply 0001:" in page_1
    assert "Reply 0021:" not in page_1
    assert f"Page 40 of {pages}" in page_40
    assert "Hidden by a moderator." in page_40  # the 791st
    assert "Reply 0791:" not in page_40
    assert "Reply 0795:" not in page_40  # held for review
    assert f"Page {pages} of {pages}" in last
    assert "Reply 1000:" in last
    assert "Reply 0980:" not in last
    assert last.count('class="card" id="reply-') == shown - (pages - 1) * PER_PAGE
    assert "<strong>clinic</strong>" in last
    assert "map-994.pdf" in last
    assert "Take back my “helpful”" in last  # her mark on the 1000th
    assert first == deep == last_count


def test_the_api_gives_the_same_replies_with_the_same_queries_on_every_page(
    client: Client, world: SimpleNamespace, long_topic: Topic
) -> None:
    client.force_login(world.erin)
    url = reverse("api:community-topic-replies", args=[long_topic.pk])
    shown = REPLIES - 1
    pages = -(-shown // API_PER_PAGE)
    first, page_1 = _read(client, url, 1)
    deep, _page = _read(client, url, 10)
    last_count, _last = _read(client, url, pages)
    assert first == deep == last_count
    assert client.get(url, {"page": pages + 1}).status_code == 404
    data = client.get(url, {"page": pages}).json()
    assert data["count"] == shown
    assert data["next"] is None
    assert [reply["body"][:10] for reply in data["results"]][-1] == "Reply 1000"
    assert len(data["results"]) == shown - (pages - 1) * API_PER_PAGE
    newest = data["results"][-1]
    assert (newest["marked_helpful"], newest["helpful_count"]) == (True, 1)
    assert "Reply 0001" in page_1


def test_a_moderator_reads_every_page_with_the_same_queries(
    client: Client, world: SimpleNamespace, long_topic: Topic
) -> None:
    client.force_login(world.bob)  # staff of agency A moderate its spaces
    url = reverse("community:topic", args=[long_topic.pk])
    pages = REPLIES // PER_PAGE  # moderators read the held reply too
    first, page_1 = _read(client, url, 1)
    deep, page_40 = _read(client, url, 40)
    last_count, last = _read(client, url, pages)
    assert f"Page 1 of {pages}" in page_1
    assert "Reply 0791:" in page_40  # hidden, shown to moderators
    assert "Reply 0795:" in page_40  # held for their review
    assert "Reply 1000:" in last
    assert first == deep == last_count
