"""The topic's page with fewer reads (community/views.py `_topic`): whether the reader moderates
the space asked once, the reader's helpful marks read with the replies, the replies' files read
with the topic's own, and nothing asked that the page does not show. The page is byte for byte
what the template writes with the reads as they were (`replies_of`, `topic_files`, the reply
cards by their template), in English and French, for a reader, the author of refused and
hidden replies and a moderator; the permissions are those of before."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

import pytest
from django.db import connection
from django.template.loader import get_template, render_to_string
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from bridgeway.community import selectors, services
from bridgeway.community.models import PostFile, Suspension, Topic
from bridgeway.core.pagination import paginate
from bridgeway.messaging.formatting import render_message

from .test_posts_html import posts  # noqa: F401 - the fixture of every kind of post

pytestmark = pytest.mark.django_db


@pytest.fixture
def many_posts(posts: SimpleNamespace) -> SimpleNamespace:  # noqa: F811 - the fixture
    """Every kind of post, in agency A's lounge: the topic "Busy" has the replies."""
    return posts


KEYS = [
    "topic",
    "space",
    "topic_shown",
    "topic_html",
    "topic_files",
    "page",
    "form",
    "following",
    "moderator",
    "suspension",
    "csrf_token",
    "reply_cards",
]


def _as_before(response: Any, reader: Any, topic: Topic) -> str:
    """The page as the template wrote it with the reads of before."""
    request = response.wsgi_request
    context = {key: response.context[key] for key in KEYS if key in response.context}
    # The same context written again gives the page (nothing else differs between renders).
    assert render_to_string("community/topic.html", context, request=request) == (
        response.content.decode()
    )
    moderator = context["moderator"]
    replies = selectors.replies_of(topic=topic, person=reader, moderator=moderator)
    page = paginate(request, replies, 20)
    for reply in page.object_list:
        reply.html = render_message(reply.body)
    before = {
        **context,
        "page": page,
        "topic_files": selectors.topic_files(topic=topic) if context["topic_shown"] else [],
        "manages": selectors.may_manage(person=reader, space=topic.space),
    }
    if context["topic_shown"]:
        before["reply_cards"] = get_template("community/_reply_cards.html").render(
            {
                "replies": page.object_list,
                "user": reader,
                "moderator": moderator,
                "csrf_token": context["csrf_token"],
                "request": request,
            }
        )
    return render_to_string("community/topic.html", before, request=request)


def _topic_file(topic: Topic, name: str) -> None:
    PostFile.objects.create(
        topic=topic,
        stored_name=f"stored-{name}",
        name=name,
        size=2048,
        content_type="application/pdf",
        kind="document",
    )


@pytest.mark.parametrize("language", ["en", "fr"])
@pytest.mark.parametrize("who", ["erin", "frank", "alice"])
def test_the_page_is_the_template_with_the_reads_of_before(
    client: Client, world: SimpleNamespace, many_posts: SimpleNamespace, language: str, who: str
) -> None:
    _topic_file(many_posts.topic, "Plan <v2>.pdf")
    reader = getattr(world, who)
    client.force_login(reader)
    url = reverse("community:topic", args=[many_posts.topic.pk])
    response = client.get(url, {"page": 1}, HTTP_ACCEPT_LANGUAGE=language)
    assert response.status_code == 200
    page = response.content.decode()
    assert page == _as_before(response, reader, many_posts.topic)
    assert "Plan &lt;v2&gt;.pdf" in page  # the topic's own file
    assert "attachment-video" in page  # a reply's files
    assert ("Take back my" in page or "Retirer" in page) is (who == "erin")


def test_a_hidden_topic_reads_no_reply(
    client: Client, world: SimpleNamespace, many_posts: SimpleNamespace
) -> None:
    Topic.objects.filter(pk=many_posts.topic.pk).update(hidden_at=timezone.now(), hidden_reason="x")
    client.force_login(world.frank)  # neither its author nor a moderator
    url = reverse("community:topic", args=[many_posts.topic.pk])
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    assert response.content.decode() == _as_before(response, world.frank, many_posts.topic)
    assert "A moderator hid this topic" in response.content.decode()
    # Its replies are counted for the page's numbers, not read.
    assert not any(q["sql"].startswith('SELECT "community_reply"."id"') for q in queries)


def test_the_reader_s_page_asks_each_thing_once(
    client: Client, world: SimpleNamespace, many_posts: SimpleNamespace
) -> None:
    client.force_login(world.erin)
    url = reverse("community:topic", args=[many_posts.topic.pk])
    client.get(url)  # the compiled queries kept
    with CaptureQueriesContext(connection) as queries:
        client.get(url)
    sql = [q["sql"] for q in queries]
    # Whether she moderates the space: once (it was asked twice); whether she manages it: not
    # at all (the page never says); her helpful marks with the replies; all files in one read.
    assert sum('"community_moderator"' in s for s in sql) == 1
    assert not any(s.startswith('SELECT "community_helpful"') for s in sql)
    assert sum(s.startswith('SELECT "community_postfile"') for s in sql) == 1


def test_another_agency_s_topic_and_a_held_topic_stay_out_of_reach(
    client: Client, world: SimpleNamespace, spaces: SimpleNamespace, many_posts: SimpleNamespace
) -> None:
    theirs = services.topic_create(space=spaces.b, by=world.carol, title="B only", body="Hi")
    held = Topic.objects.get(title="Held")  # Erin's, waiting for review
    for reader, topic, status in [
        (world.erin, theirs, 404),
        (world.alice, theirs, 404),
        (world.frank, held, 404),
        (world.erin, held, 200),
        (world.alice, held, 200),
        (world.carol, theirs, 200),
    ]:
        client.force_login(reader)
        response = client.get(reverse("community:topic", args=[topic.pk]))
        assert response.status_code == status, (reader, topic.title)


def test_a_suspended_member_reads_the_topic_and_is_told_why_not_to_reply(
    client: Client, world: SimpleNamespace, many_posts: SimpleNamespace
) -> None:
    Suspension.objects.create(
        space=many_posts.space, person=world.frank, reason="Rude <x>", by=world.alice
    )
    client.force_login(world.frank)
    response = client.get(reverse("community:topic", args=[many_posts.topic.pk]))
    page = response.content.decode()
    assert response.status_code == 200
    assert page == _as_before(response, world.frank, many_posts.topic)
    assert "you can read it but not post" in page
    assert "Rude &lt;x&gt;" in page
    assert "Post my reply" not in page
