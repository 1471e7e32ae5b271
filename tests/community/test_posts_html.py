"""The forum's cards written in one pass (community/posts_html.py) against the templates that
describe them (community/_topic_cards.html, community/_reply_cards.html): byte for byte, in
English and French, in two time zones, for every state a post can be in, as the author, a
reader and a moderator read it; then the pages themselves."""

from __future__ import annotations

from datetime import UTC, datetime
from types import SimpleNamespace
from typing import Any

import pytest
from django.template.loader import get_template
from django.test import Client, RequestFactory
from django.urls import reverse
from django.utils import timezone, translation

from bridgeway.accounts.models import Person
from bridgeway.community import selectors, services
from bridgeway.community.models import Helpful, PostFile, Reply, Topic
from bridgeway.community.posts_html import reply_cards_html, topic_cards_html
from bridgeway.messaging.formatting import render_message

pytestmark = pytest.mark.django_db

TRICKY = "<b>\"Tom\" & 'Jerry'</b>"
MOMENT = datetime(2026, 3, 8, 6, 30, tzinfo=UTC)  # the day before in Toronto, not in Manila
SETTINGS = [
    (language, zone) for language in ("en", "fr") for zone in ("America/Toronto", "Asia/Manila")
]


@pytest.fixture
def posts(world: SimpleNamespace, spaces: SimpleNamespace) -> SimpleNamespace:
    """Topics and replies in every state: pinned, locked, held, refused, hidden, by someone
    whose account was erased, with names and texts that need escaping."""
    space = spaces.agency
    Person.objects.filter(pk=world.frank.pk).update(display_name=TRICKY)
    former = world.bob
    Person.objects.filter(pk=former.pk).update(erased_at=MOMENT)

    def topic(by: Person, title: str, **fields: Any) -> Topic:
        made = services.topic_create(space=space, by=by, title=title, body="Hi *there*")
        Topic.objects.filter(pk=made.pk).update(created_at=MOMENT, **fields)
        return made

    topic(world.erin, "Pinned & <welcome>", pinned=True, reply_count=1)
    topic(world.frank, TRICKY, locked=True, pinned=True, reply_count=1200)
    topic(world.erin, "Held", state="held", reply_count=0)
    topic(world.frank, "Refused", state="rejected", review_note=TRICKY, reply_count=2)
    topic(world.frank, "Hidden", hidden_at=MOMENT, hidden_reason=TRICKY)
    topic(former, "Old question", reply_count=1)
    main = topic(world.erin, "Busy", reply_count=7)

    def reply(by: Person, body: str, **fields: Any) -> Reply:
        made = Reply.objects.create(topic=main, author=by, body=body, created_at=MOMENT)
        if fields:
            Reply.objects.filter(pk=made.pk).update(**fields)
        return made

    reply(world.frank, "Welcome **Erin** <script>x</script>", helpful_count=1)
    marked = reply(world.alice, "I can help", helpful_count=2)
    Helpful.objects.create(reply=marked, person=world.erin)
    reply(world.erin, "My own", helpful_count=1000)
    reply(world.erin, "Mine, held", state="held")
    reply(world.frank, "Refused", state="rejected", review_note=TRICKY)
    reply(world.frank, "Hidden", hidden_at=MOMENT, hidden_reason=TRICKY)
    reply(world.erin, "Mine, hidden", hidden_at=MOMENT, hidden_reason="spam")
    reply(former, "From a former participant")
    with_files = reply(world.frank, "With files")
    for number, kind in enumerate(("image", "document", "video", "audio")):
        PostFile.objects.create(
            topic=main,
            reply=with_files,
            stored_name=f"stored-{number}",
            name=f"{kind} <{number}>.bin",
            size=1500 * 10**number,
            content_type="application/octet-stream",
            kind=kind,
        )
    return SimpleNamespace(space=space, topic=main)


def _topic_cards_by_template(topics: list[Topic]) -> str:
    return get_template("community/_topic_cards.html").render({"topics": topics})


def _reply_cards_by_template(
    replies: list[Reply], *, reader: Person, moderator: bool, token: str, path: str
) -> str:
    request = RequestFactory().get(path)
    return get_template("community/_reply_cards.html").render(
        {
            "replies": replies,
            "user": reader,
            "moderator": moderator,
            "csrf_token": token,
            "request": request,
        }
    )


@pytest.mark.parametrize(("language", "zone"), SETTINGS)
@pytest.mark.parametrize(("who", "moderator"), [("erin", False), ("alice", True)])
def test_topic_cards_are_the_templates_byte_for_byte(
    world: SimpleNamespace,
    posts: SimpleNamespace,
    language: str,
    zone: str,
    who: str,
    moderator: bool,
) -> None:
    reader = getattr(world, who)
    topics = list(selectors.topics_of(space=posts.space, person=reader, moderator=moderator))
    # Frank's refused and hidden topics only for moderators; Erin's held one for her too.
    assert len(topics) == (7 if moderator else 5)
    with translation.override(language), timezone.override(zone):
        by_template = _topic_cards_by_template(topics)
        assert str(topic_cards_html(topics)) == by_template
    assert "&lt;welcome&gt;" in by_template
    assert language != "en" or "by a former participant" in by_template


@pytest.mark.parametrize(("language", "zone"), SETTINGS)
@pytest.mark.parametrize(("who", "moderator"), [("erin", False), ("frank", False), ("alice", True)])
def test_reply_cards_are_the_templates_byte_for_byte(
    world: SimpleNamespace,
    posts: SimpleNamespace,
    language: str,
    zone: str,
    who: str,
    moderator: bool,
) -> None:
    reader = getattr(world, who)
    replies = list(selectors.replies_of(topic=posts.topic, person=reader, moderator=moderator))
    for reply in replies:
        reply.html = render_message(reply.body)
    path = f"/community/topics/{posts.topic.pk}/?page=1&x=<y>"
    with translation.override(language), timezone.override(zone):
        by_template = _reply_cards_by_template(
            replies, reader=reader, moderator=moderator, token="to<k>en", path=path
        )
        written = reply_cards_html(
            replies,
            reader_id=reader.pk,
            moderator=moderator,
            csrf_token="to<k>en",
            full_path=RequestFactory().get(path).get_full_path(),
        )
        assert str(written) == by_template
    assert "attachment-video" in by_template
    assert ("Hidden by a moderator." in by_template) is (not moderator and language == "en")


def test_no_topic_and_no_reply_write_nothing(
    world: SimpleNamespace, spaces: SimpleNamespace
) -> None:
    assert str(topic_cards_html([])) == _topic_cards_by_template([]) == ""
    by_template = _reply_cards_by_template(
        [], reader=world.erin, moderator=False, token="t", path="/"
    )
    written = reply_cards_html(
        [], reader_id=world.erin.pk, moderator=False, csrf_token="t", full_path="/"
    )
    assert str(written) == by_template == ""


def test_the_pages_show_their_cards_and_pages(
    client: Client, world: SimpleNamespace, posts: SimpleNamespace
) -> None:
    Reply.objects.bulk_create(
        [Reply(topic=posts.topic, author=world.frank, body=f"Reply {i}") for i in range(25)]
    )
    client.force_login(world.erin)
    space_page = client.get(reverse("community:space", args=[posts.space.pk])).content.decode()
    assert space_page.count('<li class="card">') == 5
    assert "1,200 replies" in space_page or "1200 replies" in space_page
    topic_url = reverse("community:topic", args=[posts.topic.pk])
    first = client.get(topic_url).content.decode()
    assert first.count('class="card" id="reply-') == 20
    assert "Page 1 of 2" in first
    assert "Take back my “helpful”" in first
    # Every form of the page carries the same token, as the template's tag gave them.
    tokens = {
        part.split('"', 1)[0] for part in first.split('name="csrfmiddlewaretoken" value="')[1:]
    }
    assert len(tokens) == 1
    second = client.get(topic_url, {"page": 2}).content.decode()
    assert second.count('class="card" id="reply-') == 13  # 33 for Erin (not Frank's refused reply)
    assert "Page 2 of 2" in second


def test_an_empty_space_says_so(
    client: Client, world: SimpleNamespace, spaces: SimpleNamespace
) -> None:
    client.force_login(world.erin)
    page = client.get(reverse("community:space", args=[spaces.agency.pk])).content.decode()
    assert "No topic yet." in page
    assert '<ul class="cards">' not in page


def test_the_pages_suspension_is_the_rules(world: SimpleNamespace, spaces: SimpleNamespace) -> None:
    """The kept question a page asks answers as `rules.suspension_of`: none, ended, lifted, in
    force until a moment, then in force for good (the newest first), and per space."""
    from datetime import timedelta

    from bridgeway.community.models import Suspension
    from bridgeway.community.rules import suspension_of

    now = timezone.now()

    def both() -> tuple[object, object]:
        return (
            selectors.suspension_for_page(person=world.erin, space=spaces.agency),
            suspension_of(person=world.erin, space=spaces.agency),
        )

    def suspend(**fields: Any) -> Suspension:
        return Suspension.objects.create(
            space=spaces.agency, person=world.erin, reason="r", by=world.alice, **fields
        )

    assert both() == (None, None)
    suspend(ends_at=now - timedelta(minutes=1), created_at=now - timedelta(days=2))
    suspend(lifted_at=now, created_at=now - timedelta(days=1))
    assert both() == (None, None)
    until = suspend(ends_at=now + timedelta(hours=1), created_at=now - timedelta(hours=2))
    assert both() == (until, until)
    for_good = suspend(created_at=now - timedelta(hours=1))
    assert both() == (for_good, for_good)
    assert selectors.suspension_for_page(person=world.erin, space=spaces.network) is None
    assert selectors.suspension_for_page(person=world.frank, space=spaces.agency) is None
