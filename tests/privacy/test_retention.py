"""Retention: each agency's policy (its admins set it, with sensible defaults), applied by the
daily job in batches; the dry run counts and changes nothing."""

from __future__ import annotations

from datetime import timedelta
from io import StringIO
from typing import Any

import pytest
from allauth.account.models import EmailAddress
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from bridgeway.accounts.models import Person
from bridgeway.core.models import AuditEvent
from bridgeway.messaging.models import Conversation, Message
from bridgeway.notifications.models import Notification
from bridgeway.privacy.retention import services
from bridgeway.privacy.retention.models import RetentionPolicy
from bridgeway.privacy.retention.services import retention_run
from bridgeway.programs.intake.models import ConsentText, IntakeSubmission
from bridgeway.programs.models import Enrollment
from bridgeway.programs.questionnaires.models import Answer, Question
from bridgeway.relationships.models import Relationship
from tests.conftest import signed_in
from tests.factories import EnrollmentFactory, OrganizationFactory, ProgramFactory

pytestmark = pytest.mark.django_db

NOW = timezone.now()


def _closed_conversation(organization: Any, program: Any, closed_years_ago: float) -> Conversation:
    conversation = Conversation.objects.create(
        organization=organization,
        program=program,
        kind="staff",
        status="closed",
        closed_at=NOW - timedelta(days=365 * closed_years_ago),
    )
    for number in range(3):
        Message.objects.create(conversation=conversation, body=f"message {number}")
    return conversation


def test_the_policy_page(world: Any, client: Client) -> None:
    url = reverse("privacy_retention:policy", args=["agency-a"])
    signed_in(client, world.bob)  # a coordinator reads it
    page = client.get(url).content.decode()
    assert "Only the agency's admins can change the policy." in page
    assert "30 days" in page
    client.post(url, {"message_years": "2", "application_years": "1", "notification_days": "60"})
    assert not RetentionPolicy.objects.exists()
    signed_in(client, world.alice)
    refused = client.post(
        url, {"message_years": "0", "application_years": "1", "notification_days": "10"}
    )
    assert refused.status_code == 200
    assert not RetentionPolicy.objects.exists()
    client.post(url, {"message_years": "2", "application_years": "1", "notification_days": "60"})
    policy = RetentionPolicy.objects.get(organization=world.agency_a)
    assert (policy.message_years, policy.application_years, policy.notification_days) == (2, 1, 60)
    event = AuditEvent.objects.get(action="retention.update")
    assert event.actor == world.alice
    assert event.data["message_years"] == 2
    signed_in(client, world.carol)
    assert client.get(url).status_code == 404


def test_each_agency_keeps_closed_conversations_as_long_as_its_policy_says(world: Any) -> None:
    RetentionPolicy.objects.create(organization=world.agency_a, message_years=2)
    a_old = _closed_conversation(world.agency_a, world.program_a, 3)
    a_recent = _closed_conversation(world.agency_a, world.program_a, 1)
    b_old = _closed_conversation(world.agency_b, world.program_b, 3)  # B keeps the default 7
    b_older = _closed_conversation(world.agency_b, world.program_b, 8)
    open_one = Conversation.objects.create(organization=world.agency_a, kind="staff")
    Message.objects.create(conversation=open_one, body="still talking")
    dry = retention_run(now=NOW, dry_run=True)
    assert dry["messages"] == 6
    assert Message.objects.count() == 13
    assert retention_run(now=NOW)["messages"] == 6
    assert not a_old.messages.exists()
    assert not b_older.messages.exists()
    assert a_recent.messages.count() == 3
    assert b_old.messages.count() == 3
    assert open_one.messages.count() == 1
    assert retention_run(now=NOW)["messages"] == 0


def test_large_backlogs_go_in_batches(world: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(services, "BATCH", 2)
    _closed_conversation(world.agency_a, world.program_a, 9)
    _closed_conversation(world.agency_a, world.program_a, 9)
    assert retention_run(now=NOW)["messages"] == 6
    assert not Message.objects.exists()


def test_unconfirmed_intakes_old_notifications_and_applications_never_placed(world: Any) -> None:
    text = ConsentText.objects.order_by("-version").first()  # from the migrations
    assert text is not None
    old = IntakeSubmission.objects.create(
        person=world.mallory, role="mentee", consent_text=text, answers={"name": "Mallory"}
    )
    IntakeSubmission.objects.filter(pk=old.pk).update(created_at=NOW - timedelta(days=31))
    fresh = IntakeSubmission.objects.create(person=world.frank, role="mentor", consent_text=text)
    Notification.objects.create(person=world.erin, kind="erasure.received", event="old")
    Notification.objects.update(created_at=NOW - timedelta(days=200))
    Notification.objects.create(person=world.erin, kind="erasure.received", event="new")
    question = Question.objects.create(program=world.program_a, key="q", kind="long_text")
    withdrawn = EnrollmentFactory(
        program=world.program_a, status="withdrawn", status_reason="moved away"
    )
    Enrollment.objects.filter(pk=withdrawn.pk).update(status_changed_at=NOW - timedelta(days=800))
    Answer.objects.create(enrollment=withdrawn, question=question, value="my answer")
    placed = EnrollmentFactory(program=world.program_a, status="withdrawn", role="mentee")
    Enrollment.objects.filter(pk=placed.pk).update(status_changed_at=NOW - timedelta(days=800))
    Relationship.objects.create(
        program=world.program_a,
        mentee=placed,
        mentor=Enrollment.objects.get(person=world.frank),
        status="closed",
        planned_end=NOW.date(),
    )
    Answer.objects.create(enrollment=placed, question=question, value="kept")
    # Mallory's account was made by the old intake and never used (its address unconfirmed,
    # as the intake leaves it); Frank's is in use.
    EmailAddress.objects.filter(user=world.mallory).update(verified=False)
    dry = retention_run(now=NOW, dry_run=True)
    assert dry["intakes"] == 1
    assert dry["accounts"] == 1
    counts = retention_run(now=NOW)
    assert counts["accounts"] == 1
    assert not Person.objects.filter(pk=world.mallory.pk).exists()
    assert Person.objects.filter(pk=world.frank.pk).exists()
    assert counts["intakes"] == 1
    assert counts["notifications"] == 1
    assert counts["applications"] == 1
    assert list(IntakeSubmission.objects.all()) == [fresh]
    assert list(Notification.objects.values_list("event", flat=True)) == ["new"]
    assert list(Answer.objects.values_list("value", flat=True)) == ["kept"]
    withdrawn.refresh_from_db()
    assert withdrawn.status_reason == ""  # the enrollment stays for the counts


def test_the_command_shows_what_it_would_delete(world: Any) -> None:
    _closed_conversation(world.agency_a, world.program_a, 9)
    out = StringIO()
    call_command("retention", "--dry-run", stdout=out)
    assert "would delete        3  messages of conversations closed" in out.getvalue()
    assert Message.objects.count() == 3
    out = StringIO()
    call_command("retention", stdout=out)
    assert "deleted        3  messages" in out.getvalue()
    assert not Message.objects.exists()


def test_the_job_logs_counts_only(world: Any, caplog: pytest.LogCaptureFixture) -> None:
    OrganizationFactory(slug="agency-c")
    ProgramFactory(organization=world.agency_a)
    _closed_conversation(world.agency_a, world.program_a, 9)
    with caplog.at_level("INFO", logger="bridgeway.privacy.retention.services"):
        from bridgeway.privacy.retention.tasks import apply_retention

        apply_retention.call_local()
    assert "retention applied: messages 3, calls 0" in caplog.text
    assert "message 0" not in caplog.text
