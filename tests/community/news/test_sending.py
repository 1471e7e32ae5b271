"""Sending a post as people notice it: one bell item and one email each, in their language
(else the post's default), preferences and one-click unsubscribe respected, urgent
announcements still in the bell, scheduled posts sent exactly once, a test email to oneself."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from types import SimpleNamespace

import pytest
from django.core import mail
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from bridgeway.community.news import services
from bridgeway.community.news.models import Post, PostState
from bridgeway.core.models import AuditEvent
from bridgeway.notifications.models import Delivery, Notification, Timer
from bridgeway.notifications.services import preference_set
from bridgeway.notifications.timers import timers_run_due
from tests.community.news.conftest import EN, send_emails
from tests.factories import EnrollmentFactory, PersonFactory

pytestmark = pytest.mark.django_db


def test_each_person_gets_their_language_else_the_default(
    world: SimpleNamespace, write: Callable[..., Post]
) -> None:
    world.erin.preferred_language = "fr"
    world.erin.save(update_fields=["preferred_language"])
    post = write()
    services.post_send(post=post, by=world.alice)
    emails = {m.to[0]: m for m in send_emails()}
    assert emails["erin@example.org"].subject == "Nouvelles du printemps"
    assert "Bonjour **à tous**." in emails["erin@example.org"].body
    html = emails["erin@example.org"].alternatives[0][0]
    assert "Bonjour <strong>à tous</strong>." in html
    assert emails["frank@example.org"].subject == "Spring news"
    assert "List-Unsubscribe" in emails["frank@example.org"].extra_headers
    bell = Notification.objects.filter(person=world.erin).get()
    assert bell.url == post.get_absolute_url()

    english_only = write(versions={"en": EN})
    mail.outbox.clear()
    services.post_send(post=english_only, by=world.alice)
    assert {m.subject for m in send_emails()} == {"Spring news"}


def test_sending_twice_sends_once_and_is_audited(
    world: SimpleNamespace, write: Callable[..., Post]
) -> None:
    post = write()
    first, sent = services.post_send(post=post, by=world.alice)
    _again, sent_again = services.post_send(post=post, by=world.bob)
    assert (sent, sent_again) == (True, False)
    assert first.recipient_count == 2
    assert len(send_emails()) == 2
    assert Notification.objects.filter(kind="community.newsletter").count() == 2
    assert AuditEvent.objects.filter(action="community.news_send").count() == 1
    with pytest.raises(services.DomainError):
        services.post_update(post=post, by=world.alice, versions={"en": EN})


def test_newsletters_turned_off_stay_off_but_announcements_come(
    client: Client, world: SimpleNamespace, write: Callable[..., Post]
) -> None:
    services.post_send(post=write(), by=world.alice)
    [to_erin] = [m for m in send_emails() if m.to == ["erin@example.org"]]
    # One click in the email: no more newsletters for Erin.
    link = to_erin.extra_headers["List-Unsubscribe"].strip("<>")
    assert client.post(link.removeprefix("http://testserver")).status_code in (200, 302)
    mail.outbox.clear()
    services.post_send(post=write(), by=world.alice)
    assert [m.to for m in send_emails()] == [["frank@example.org"]]
    assert Notification.objects.filter(person=world.erin).count() == 1  # the first only
    mail.outbox.clear()
    services.post_send(post=write(kind="announcement"), by=world.alice)
    assert {m.to[0] for m in send_emails()} == {"erin@example.org", "frank@example.org"}


def test_an_urgent_announcement_reaches_the_bell_of_people_who_turned_emails_off(
    world: SimpleNamespace, write: Callable[..., Post]
) -> None:
    preference_set(
        person=world.erin, kind="community.announcement", channel="email", frequency="off"
    )
    services.post_send(post=write(kind="announcement"), by=world.alice)
    assert not Notification.objects.filter(person=world.erin).exists()
    urgent = write(kind="announcement", urgent=True)
    services.post_send(post=urgent, by=world.alice)
    assert Notification.objects.filter(
        person=world.erin, event=f"community-post:{urgent.pk}"
    ).exists()
    assert "erin@example.org" not in {m.to[0] for m in send_emails()}


def test_a_summary_reader_gets_it_in_the_summary(
    world: SimpleNamespace, write: Callable[..., Post]
) -> None:
    preference_set(
        person=world.frank, kind="community.newsletter", channel="email", frequency="weekly"
    )
    services.post_send(post=write(), by=world.alice)
    delivery = Delivery.objects.get(notification__person=world.frank)
    assert (delivery.state, delivery.frequency) == (Delivery.State.DIGEST, "weekly")


def test_the_queries_do_not_grow_with_the_recipients(
    world: SimpleNamespace, write: Callable[..., Post]
) -> None:
    def queries() -> int:
        post = write()
        with CaptureQueriesContext(connection) as captured:
            services.post_send(post=post, by=world.alice)
        return len(captured)

    few = queries()
    for n in range(40):
        EnrollmentFactory(program=world.program_a, person=PersonFactory(email=f"p{n}@example.org"))
    many = queries()
    assert many == few
    assert Notification.objects.filter(kind="community.newsletter").count() == 2 + 42


def test_a_scheduled_post_goes_once_even_with_two_workers_and_a_click(
    world: SimpleNamespace, write: Callable[..., Post]
) -> None:
    post = write()
    at = timezone.now() + timedelta(hours=2)
    services.post_schedule(post=post, by=world.bob, send_at=at)
    assert timers_run_due(now=at - timedelta(minutes=1)) == 0
    assert not Notification.objects.exists()
    assert timers_run_due(now=at) == 1
    assert timers_run_due(now=at) == 0  # the second worker finds nothing
    services.post_send(post=post, by=world.alice)  # a late click
    post.refresh_from_db()
    assert post.state == PostState.SENT
    assert post.sent_by == world.bob
    assert len(send_emails()) == 2
    assert Notification.objects.count() == 2


def test_a_post_taken_back_is_not_sent_and_the_past_is_refused(
    world: SimpleNamespace, write: Callable[..., Post]
) -> None:
    post = write()
    at = timezone.now() + timedelta(hours=2)
    services.post_schedule(post=post, by=world.bob, send_at=at)
    services.post_unschedule(post=post, by=world.bob)
    assert Timer.objects.get().state == Timer.State.CANCELLED
    assert timers_run_due(now=at + timedelta(hours=1)) == 0
    assert not Notification.objects.exists()
    with pytest.raises(services.DomainError, match="future"):
        services.post_schedule(post=post, by=world.bob, send_at=timezone.now())


def test_a_test_email_goes_to_the_staff_member_alone_in_the_chosen_version(
    world: SimpleNamespace, write: Callable[..., Post]
) -> None:
    post = write()
    services.post_test_email(post=post, by=world.bob, language="en")
    services.post_test_email(post=post, by=world.bob, language="fr")
    english, french = send_emails()
    assert english.to == french.to == ["bob@agency-a.org"]
    assert english.subject == "Test: Spring news"
    assert "This is a test: it was sent to you only." in english.body
    assert "List-Unsubscribe" not in english.extra_headers
    assert french.subject.endswith("Nouvelles du printemps")
    assert "Bonjour **à tous**." in french.body
    post.refresh_from_db()
    assert post.state == PostState.DRAFT
    assert not Notification.objects.filter(person__isnull=False).exists()


def test_bad_input_gets_clear_messages(world: SimpleNamespace, write: Callable[..., Post]) -> None:
    with pytest.raises(services.DomainError, match="default language"):
        write(default_language="fr", versions={"en": EN})
    with pytest.raises(services.DomainError, match="Only an announcement"):
        write(urgent=True)
