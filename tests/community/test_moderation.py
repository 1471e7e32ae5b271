"""Moderation of the forums as moderators, authors and readers meet it: reports, hiding, the
review of a newcomer's first posts, moving a topic, suspensions, moderators per space; the
notifications each person receives and the audit rows."""

from __future__ import annotations

from datetime import date, timedelta
from types import SimpleNamespace

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from bridgeway.community import moderation, services
from bridgeway.community.models import Moderator, PostState, Reply, Report, Suspension, Topic
from bridgeway.core.models import AuditEvent
from bridgeway.core.services import DomainError
from bridgeway.notifications.models import Notification

pytestmark = pytest.mark.django_db


def told(person: object, kind: str) -> list[Notification]:
    return list(Notification.objects.filter(person=person, kind=kind))


@pytest.fixture
def thread(world: SimpleNamespace, spaces: SimpleNamespace) -> SimpleNamespace:
    topic = services.topic_create(
        space=spaces.agency, by=world.erin, title="Where to find a doctor?", body="Help"
    )
    reply = services.reply_create(topic=topic, by=world.frank, body="Buy my pills cheap")
    return SimpleNamespace(topic=topic, reply=reply)


# --- Reports ----------------------------------------------------------------------------------


def test_a_reader_reports_a_reply_and_the_staff_hear_of_it_but_not_the_author(
    client: Client, world: SimpleNamespace, thread: SimpleNamespace
) -> None:
    client.force_login(world.erin)
    url = reverse("community:reply_report", args=[thread.reply.pk])
    assert "What is wrong with this post?" in client.get(url).content.decode()
    response = client.post(url, {"reason": "spam", "text": "Selling pills"})
    client.post(url, {"reason": "spam", "text": "Selling pills"})
    assert response.status_code == 302
    report = Report.objects.get()
    assert (report.reason, report.reporter, report.reply) == ("spam", world.erin, thread.reply)
    assert len(told(world.alice, "community.report")) == 1
    assert len(told(world.bob, "community.report")) == 1
    assert told(world.frank, "community.report") == []
    assert told(world.carol, "community.report") == []
    # The queue shows it to staff with the reporter's name.
    client.force_login(world.bob)
    queue = client.get(reverse("community:moderation", args=[thread.topic.space_id]))
    page = queue.content.decode()
    assert "Spam or advertising" in page
    assert "Selling pills" in page
    assert "Erin" in page


def test_nobody_reports_their_own_post(
    client: Client, world: SimpleNamespace, thread: SimpleNamespace
) -> None:
    client.force_login(world.frank)
    response = client.post(
        reverse("community:reply_report", args=[thread.reply.pk]), {"reason": "spam"}
    )
    assert "You cannot report your own post." in response.content.decode()
    assert not Report.objects.exists()


def test_dismissing_a_report_closes_it_and_is_audited(
    client: Client, world: SimpleNamespace, thread: SimpleNamespace
) -> None:
    report = moderation.report_create(
        by=world.erin, topic=thread.topic, reply=thread.reply, reason="off_topic"
    )
    client.force_login(world.bob)
    client.post(reverse("community:report_resolve", args=[report.pk]), {"outcome": "dismiss"})
    report.refresh_from_db()
    assert report.status == Report.Status.DISMISSED
    assert AuditEvent.objects.filter(action="community.report_dismiss", actor=world.bob).exists()
    empty = client.get(reverse("community:moderation", args=[thread.topic.space_id]))
    assert "No post is reported" in empty.content.decode()


# --- Hiding -----------------------------------------------------------------------------------


def test_a_hidden_reply_shows_as_hidden_to_readers_and_with_the_reason_to_its_author(
    client: Client, world: SimpleNamespace, thread: SimpleNamespace
) -> None:
    moderation.report_create(by=world.erin, topic=thread.topic, reply=thread.reply, reason="spam")
    client.force_login(world.bob)
    url = reverse("community:reply_moderate", args=[thread.reply.pk])
    client.post(url, {"action": "hide", "hide-reason": "Advertising is not allowed"})
    thread.reply.refresh_from_db()
    assert thread.reply.is_hidden
    assert Report.objects.get().status == Report.Status.ACTED
    audit = AuditEvent.objects.get(action="community.hide")
    assert (audit.actor, audit.subject) == (world.bob, world.frank)
    [news] = told(world.frank, "community.hidden")
    assert news.params["reason"] == "Advertising is not allowed"

    topic_url = reverse("community:topic", args=[thread.topic.pk])
    client.force_login(world.erin)
    page = client.get(topic_url).content.decode()
    assert "Hidden by a moderator." in page
    assert "Buy my pills" not in page
    client.force_login(world.frank)
    page = client.get(topic_url).content.decode()
    assert "Buy my pills" in page
    assert "Advertising is not allowed" in page

    client.force_login(world.bob)
    client.post(url, {"action": "unhide"})
    client.force_login(world.erin)
    assert "Buy my pills" in client.get(topic_url).content.decode()
    assert len(told(world.frank, "community.unhidden")) == 1


def test_hiding_needs_a_reason_and_only_moderators_reach_the_page(
    client: Client, world: SimpleNamespace, thread: SimpleNamespace
) -> None:
    url = reverse("community:reply_moderate", args=[thread.reply.pk])
    client.force_login(world.erin)
    assert client.get(url).status_code == 404
    assert client.post(url, {"action": "hide", "hide-reason": "x"}).status_code == 404
    client.force_login(world.bob)
    page = client.post(url, {"action": "hide", "hide-reason": ""}).content.decode()
    assert "This field is required." in page
    thread.reply.refresh_from_db()
    assert not thread.reply.is_hidden


# --- Moderators per space ---------------------------------------------------------------------


def test_staff_name_a_participant_moderator_of_one_space_only(
    client: Client, world: SimpleNamespace, spaces: SimpleNamespace, thread: SimpleNamespace
) -> None:
    client.force_login(world.bob)
    url = reverse("community:space_moderators", args=[spaces.agency.pk])
    refused = client.post(url, {"email": "mallory@example.org"}).content.decode()
    assert "Nobody with this address can read this space." in refused
    client.post(url, {"email": "ERIN@example.org"})
    assert Moderator.objects.get().person == world.erin
    assert len(told(world.erin, "community.moderator")) == 1
    assert AuditEvent.objects.filter(action="community.moderator_add", subject=world.erin)

    client.force_login(world.erin)
    page = client.get(reverse("community:topic", args=[thread.topic.pk])).content.decode()
    assert reverse("community:reply_moderate", args=[thread.reply.pk]) in page
    assert client.get(reverse("community:moderation", args=[spaces.agency.pk])).status_code == 200
    # Not on another space, and not the staff's pages.
    assert client.get(reverse("community:moderation", args=[spaces.network.pk])).status_code == 404
    assert (
        client.get(reverse("community:space_moderators", args=[spaces.agency.pk])).status_code
        == 404
    )


def test_a_participant_moderator_does_not_see_who_reported(
    client: Client, world: SimpleNamespace, spaces: SimpleNamespace, thread: SimpleNamespace
) -> None:
    moderation.moderator_add(space=spaces.agency, by=world.bob, person=world.erin)
    moderation.report_create(by=world.alice, topic=thread.topic, reply=thread.reply, reason="spam")
    client.force_login(world.erin)
    page = client.get(reverse("community:moderation", args=[spaces.agency.pk])).content.decode()
    assert "Spam or advertising" in page
    assert "Alice" not in page


# --- Holding a newcomer's first posts -----------------------------------------------------------


def test_a_newcomers_first_post_waits_for_review_then_is_published(
    client: Client, world: SimpleNamespace, spaces: SimpleNamespace
) -> None:
    services.space_update(space=spaces.agency, by=world.bob, hold_first_posts=1)
    services.follow_set(person=world.frank, space=spaces.agency, following=True)
    client.force_login(world.erin)
    response = client.post(
        reverse("community:topic_new", args=[spaces.agency.pk]),
        {"title": "Hello all", "body": "I am new", "client_key": "h1"},
    )
    topic = Topic.objects.get()
    assert topic.state == PostState.HELD
    page = client.get(response["Location"]).content.decode()
    assert "waits for a moderator" in page
    # Invisible to other readers, who are not told yet; the staff are.
    client.force_login(world.frank)
    assert client.get(response["Location"]).status_code == 404
    assert (
        "Hello all"
        not in client.get(reverse("community:space", args=[spaces.agency.pk])).content.decode()
    )
    assert told(world.frank, "community.topic") == []
    assert len(told(world.bob, "community.held")) == 1

    client.force_login(world.bob)
    queue = client.get(reverse("community:moderation", args=[spaces.agency.pk]) + "?show=held")
    assert "Hello all" in queue.content.decode()
    client.post(reverse("community:topic_moderate", args=[topic.pk]), {"action": "approve"})
    topic.refresh_from_db()
    assert topic.state == PostState.PUBLISHED
    assert len(told(world.erin, "community.approved")) == 1
    assert len(told(world.frank, "community.topic")) == 1
    assert AuditEvent.objects.filter(action="community.approve", subject=world.erin).exists()
    # Her next post goes out at once.
    reply = services.reply_create(topic=topic, by=world.erin, body="Thanks")
    assert reply.state == PostState.PUBLISHED


def test_a_refused_reply_stays_unseen_and_its_author_reads_why(
    client: Client, world: SimpleNamespace, spaces: SimpleNamespace, thread: SimpleNamespace
) -> None:
    services.space_update(space=spaces.agency, by=world.bob, hold_first_posts=3)
    reply = services.reply_create(topic=thread.topic, by=world.frank, body="Visit my shop")
    assert reply.state == PostState.HELD
    thread.topic.refresh_from_db()
    assert thread.topic.reply_count == 1  # the held reply is not counted yet
    client.force_login(world.alice)
    client.post(
        reverse("community:reply_moderate", args=[reply.pk]),
        {"action": "reject", "reject-reason": "No advertising"},
    )
    reply.refresh_from_db()
    assert (reply.state, reply.review_note) == (PostState.REJECTED, "No advertising")
    assert told(world.frank, "community.rejected")[0].params["reason"] == "No advertising"
    topic_url = reverse("community:topic", args=[thread.topic.pk])
    client.force_login(world.erin)
    assert "Visit my shop" not in client.get(topic_url).content.decode()
    client.force_login(world.frank)
    assert "No advertising" in client.get(topic_url).content.decode()


# --- Moving -----------------------------------------------------------------------------------


def test_a_moderator_moves_a_topic_and_old_readers_are_told(
    client: Client, world: SimpleNamespace, spaces: SimpleNamespace
) -> None:
    topic = services.topic_create(
        space=spaces.agency, by=world.frank, title="Mentor tips", body="x"
    )
    services.follow_set(person=world.alice, topic=topic, following=True)
    client.force_login(world.bob)
    page = client.get(reverse("community:topic_moderate", args=[topic.pk])).content.decode()
    assert "Mentors&#x27; corner" in page
    assert "Welcome to Canada" not in page  # the network's space is not Bob's to moderate
    client.post(
        reverse("community:topic_moderate", args=[topic.pk]),
        {"action": "move", "space": spaces.mentors.pk},
    )
    topic.refresh_from_db()
    assert topic.space == spaces.mentors
    assert topic.follows.filter(person=world.alice).exists()
    assert len(told(world.frank, "community.moved")) == 1
    assert AuditEvent.objects.filter(action="community.move").exists()
    # Erin (a mentee) read the old space but not the mentors' one.
    client.force_login(world.erin)
    gone = client.get(reverse("community:topic", args=[topic.pk]))
    assert gone.status_code == 404
    assert "moved this topic to another space" in gone.content.decode()


def test_moving_to_a_space_one_does_not_moderate_is_refused(
    world: SimpleNamespace, spaces: SimpleNamespace
) -> None:
    topic = services.topic_create(space=spaces.agency, by=world.frank, title="Tips", body="x")
    with pytest.raises(DomainError):
        moderation.topic_move(topic=topic, by=world.bob, to_space=spaces.network)
    assert Topic.objects.get().space == spaces.agency


# --- Suspensions ------------------------------------------------------------------------------


def test_a_suspended_person_reads_but_cannot_post_and_is_told_in_their_language(
    client: Client, world: SimpleNamespace, spaces: SimpleNamespace, thread: SimpleNamespace
) -> None:
    world.frank.preferred_language = "fr"
    world.frank.save(update_fields=["preferred_language"])
    until = timezone.localdate() + timedelta(days=7)
    client.force_login(world.bob)
    client.post(
        reverse("community:reply_moderate", args=[thread.reply.pk]),
        {
            "action": "suspend",
            "suspend-reason": "Repeated spam",
            "suspend-until": until.isoformat(),
        },
    )
    suspension = Suspension.objects.get()
    assert (suspension.person, suspension.until) == (world.frank, until)
    [news] = told(world.frank, "community.suspended")
    assert news.params == {
        "space": spaces.agency.pk,
        "reason": "Repeated spam",
        "until": until.isoformat(),
    }
    audit = AuditEvent.objects.get(action="community.suspend")
    assert audit.subject == world.frank

    client.force_login(world.frank)
    topic_url = reverse("community:topic", args=[thread.topic.pk])
    page = client.get(topic_url).content.decode()
    assert "Repeated spam" in page
    assert "Post my reply" not in page
    client.post(topic_url, {"body": "Still here"})
    with pytest.raises(DomainError):
        services.topic_create(space=spaces.agency, by=world.frank, title="x", body="y")
    assert Reply.objects.count() == 1
    # Other spaces are untouched.
    services.topic_create(space=spaces.network, by=world.frank, title="Elsewhere", body="y")

    client.force_login(world.bob)
    client.post(reverse("community:suspension_lift", args=[suspension.pk]))
    assert len(told(world.frank, "community.suspension_lifted")) == 1
    services.reply_create(topic=thread.topic, by=world.frank, body="Sorry")


def test_a_suspension_ends_after_its_last_day_in_the_persons_time_zone(
    world: SimpleNamespace, spaces: SimpleNamespace
) -> None:
    world.frank.time_zone = "Asia/Manila"
    world.frank.save(update_fields=["time_zone"])
    day = date(2030, 3, 1)
    suspension = moderation.suspension_create(
        space=spaces.agency, by=world.bob, person=world.frank, reason="Cool down", until=day
    )
    assert suspension.ends_at is not None
    assert suspension.ends_at.isoformat() == "2030-03-02T00:00:00+08:00"


def test_a_moderator_cannot_be_suspended_from_their_space(
    world: SimpleNamespace, spaces: SimpleNamespace
) -> None:
    with pytest.raises(DomainError):
        moderation.suspension_create(
            space=spaces.agency, by=world.alice, person=world.bob, reason="x"
        )
    assert not Suspension.objects.exists()


# --- The staff's queue ------------------------------------------------------------------------


def test_the_agency_queue_lists_reports_of_every_space_and_paginates(
    client: Client, world: SimpleNamespace, spaces: SimpleNamespace
) -> None:
    for number in range(23):
        topic = services.topic_create(
            space=spaces.mentors, by=world.frank, title=f"Topic {number:02}", body="x"
        )
        moderation.report_create(by=world.bob, topic=topic, reason="other")
    client.force_login(world.alice)
    url = reverse("community:agency_queue", args=["agency-a"])
    first = client.get(url).content.decode()
    assert "Topic 00" in first
    assert "Topic 22" not in first
    assert "Page 1 of 2" in first
    assert "Topic 22" in client.get(url, {"page": 2}).content.decode()
    assert "No post waits for review" in client.get(url, {"show": "held"}).content.decode()
    assert "Nobody is suspended" in client.get(url, {"show": "suspended"}).content.decode()
    client.force_login(world.carol)
    assert client.get(url).status_code == 404
