"""The news pages: archives per scope (public or members only), a post in the reader's
language, the Atom feed of public posts, and the staff's pages to write, preview, count, test,
schedule and send."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Callable
from datetime import timedelta
from types import SimpleNamespace

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from bridgeway.community.news import services
from bridgeway.community.news.models import Post, PostState
from bridgeway.notifications.models import Notification
from tests.community.news.conftest import EN, send_emails
from tests.factories import EnrollmentFactory, PersonFactory

pytestmark = pytest.mark.django_db
ATOM = "{http://www.w3.org/2005/Atom}"


def sent(post: Post, world: SimpleNamespace) -> Post:
    return services.post_send(post=post, by=world.alice)[0]


def test_a_public_post_is_open_to_anyone_and_in_the_feed(
    client: Client, world: SimpleNamespace, write: Callable[..., Post]
) -> None:
    post = sent(write(visibility="public"), world)
    archive = client.get(reverse("community:news_agency", args=["agency-a"])).content.decode()
    assert "Spring news" in archive
    page = client.get(post.get_absolute_url()).content.decode()
    assert "Hello <strong>everyone</strong>." in page
    assert 'hreflang="fr"' in page
    french = client.get(post.get_absolute_url() + "?lang=fr").content.decode()
    assert "Nouvelles du printemps" in french
    feed = client.get(reverse("community:news_agency_feed", args=["agency-a"]))
    assert feed["Content-Type"].startswith("application/atom+xml")
    root = ET.fromstring(feed.content)  # noqa: S314 (our own test server's answer)
    assert root.tag == f"{ATOM}feed"
    [entry] = root.findall(f"{ATOM}entry")
    assert entry.find(f"{ATOM}title").text == "Spring news"  # type: ignore[union-attr]
    assert entry.find(f"{ATOM}id") is not None
    assert entry.find(f"{ATOM}updated") is not None
    assert "<strong>everyone</strong>" in entry.find(f"{ATOM}summary").text  # type: ignore[union-attr,operator]


def test_members_only_posts_need_signing_in_and_membership(
    client: Client, world: SimpleNamespace, write: Callable[..., Post]
) -> None:
    post = sent(write(visibility="members"), world)
    draft = write(visibility="public")
    archive_url = reverse("community:news_agency", args=["agency-a"])
    feed_url = reverse("community:news_agency_feed", args=["agency-a"])
    # Signed out, and another agency's people: as absent as an agency that does not exist.
    for person in (None, world.carol, PersonFactory()):
        if person is not None:
            client.force_login(person)
        assert client.get(post.get_absolute_url()).status_code == 404
        assert client.get(archive_url).status_code == 404
        assert client.get(feed_url).status_code == 404
        assert client.get(draft.get_absolute_url()).status_code == 404
    b_mentee = PersonFactory()
    EnrollmentFactory(program=world.program_b, person=b_mentee)
    client.force_login(b_mentee)
    assert client.get(post.get_absolute_url()).status_code == 404
    for member in (world.erin, world.frank, world.bob):
        client.force_login(member)
        assert "Spring news" in client.get(archive_url).content.decode()
        assert client.get(post.get_absolute_url()).status_code == 200
    # A withdrawn participant has left.
    gone = PersonFactory()
    EnrollmentFactory(program=world.program_a, person=gone, status="withdrawn")
    client.force_login(gone)
    assert client.get(post.get_absolute_url()).status_code == 404


def test_a_member_sees_an_empty_archive_and_the_network_archive(
    client: Client, world: SimpleNamespace, write: Callable[..., Post]
) -> None:
    client.force_login(world.erin)
    page = client.get(reverse("community:news_agency", args=["agency-a"])).content.decode()
    assert "Nothing has been published here yet." in page
    network_post = sent(write(network_wide=True), world)
    slug = world.agency_a.network.slug
    client.force_login(world.carol)  # agency B's staff belong to the network
    assert (
        "Spring news" in client.get(reverse("community:news_network", args=[slug])).content.decode()
    )
    assert client.get(network_post.get_absolute_url()).status_code == 200


def test_staff_write_preview_test_and_send_a_post(client: Client, world: SimpleNamespace) -> None:
    client.force_login(world.bob)
    new = reverse("community:news_agency_new", args=["agency-a"])
    form = client.get(new).content.decode()
    assert "The post reaches 2 people now." in form
    data = {
        "client_key": "k1",
        "scope": f"program:{world.program_a.pk}",
        "kind": "newsletter",
        "visibility": "public",
        "default_language": "en",
        "title_en": "Spring news",
        "body_en": "Hello **everyone**.",
        "title_fr": "Nouvelles",
        "body_fr": "Bonjour.",
        "roles": ["mentee"],
    }
    first = client.post(new, data)
    second = client.post(new, data)  # a double submit
    post = Post.objects.get()
    assert (
        first["Location"] == second["Location"] == reverse("community:news_preview", args=[post.pk])
    )
    preview = client.get(first["Location"]).content.decode()
    assert "It reaches 1 person now." in preview
    assert "Bonjour." in preview
    assert "Hello <strong>everyone</strong>." in preview
    client.post(reverse("community:news_test", args=[post.pk]), {"language": "fr"})
    assert [m.to for m in send_emails()] == [["bob@agency-a.org"]]
    send = reverse("community:news_send", args=[post.pk])
    client.post(send, {"action": "send"})
    client.post(send, {"action": "send"})
    post.refresh_from_db()
    assert post.state == PostState.SENT
    assert post.recipient_count == 1
    assert Notification.objects.filter(person=world.erin).count() == 1
    assert not Notification.objects.filter(person=world.frank).exists()


def test_the_form_explains_what_is_wrong(client: Client, world: SimpleNamespace) -> None:
    client.force_login(world.bob)
    new = reverse("community:news_agency_new", args=["agency-a"])
    page = client.post(
        new,
        {
            "scope": f"agency:{world.agency_a.pk}",
            "kind": "newsletter",
            "urgent": "on",
            "visibility": "members",
            "default_language": "fr",
            "title_en": "Hello",
        },
    ).content.decode()
    assert "Write the text of the English version." in page
    assert "Write the version in the default language, or choose another default." in page
    assert "Only an announcement can be urgent." in page
    assert not Post.objects.exists()


def test_schedule_and_take_back_from_the_preview(
    client: Client, world: SimpleNamespace, write: Callable[..., Post]
) -> None:
    world.bob.time_zone = "Asia/Manila"
    world.bob.save(update_fields=["time_zone"])
    post = write()
    client.force_login(world.bob)
    send = reverse("community:news_send", args=[post.pk])
    past = client.post(send, {"action": "schedule", "send_at": "2020-01-01T09:00"}, follow=True)
    assert "Choose a time in the future to send it." in past.content.decode()
    later = (timezone.now() + timedelta(days=3)).astimezone(timezone.get_fixed_timezone(480))
    client.post(send, {"action": "schedule", "send_at": later.strftime("%Y-%m-%dT%H:%M")})
    post.refresh_from_db()
    assert post.state == PostState.SCHEDULED
    assert abs((post.send_at - later).total_seconds()) < 60  # type: ignore[operator]
    client.post(send, {"action": "unschedule"})
    post.refresh_from_db()
    assert post.state == PostState.DRAFT


def test_the_live_count_is_a_number_for_the_staffs_own_scopes_only(
    client: Client, world: SimpleNamespace
) -> None:
    count = reverse("community:news_count")
    client.force_login(world.bob)
    mine = client.get(count, {"scope": f"agency:{world.agency_a.pk}", "roles": "mentor"})
    assert "The post reaches 1 person now." in mine.content.decode()
    assert "frank" not in mine.content.decode().lower()
    client.force_login(world.carol)
    theirs = client.get(count, {"scope": f"agency:{world.agency_a.pk}"}).content.decode()
    assert "Choose where to send the post" in theirs
    client.force_login(world.grace)
    network = client.get(count, {"scope": f"network:{world.agency_a.network.pk}"})
    assert "The post reaches 2 people now." in network.content.decode()


def test_another_agencys_staff_cannot_open_or_send_a_post(
    client: Client, world: SimpleNamespace, write: Callable[..., Post]
) -> None:
    post = write()
    client.force_login(world.carol)
    for name in ("community:news_edit", "community:news_preview"):
        assert client.get(reverse(name, args=[post.pk])).status_code == 404
    assert (
        client.post(reverse("community:news_send", args=[post.pk]), {"action": "send"}).status_code
        == 404
    )
    post.refresh_from_db()
    assert post.state == PostState.DRAFT
    client.force_login(world.bob)
    assert client.get(reverse("community:news_network_staff")).status_code == 404


def test_the_staff_list_shows_drafts_scheduled_and_sent(
    client: Client, world: SimpleNamespace, write: Callable[..., Post]
) -> None:
    sent(write(versions={"en": EN}), world)
    write(versions={"en": services.Version(title="Draft one", body="x")})
    client.force_login(world.alice)
    page = client.get(reverse("community:news_agency_staff", args=["agency-a"])).content.decode()
    assert "Draft one" in page
    assert "Spring news" in page
    assert "to 2 people" in page
