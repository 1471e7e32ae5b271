"""A safety concern reaches the program's staff at once; a concern nobody on staff handles for
BRIDGEWAY_CONCERN_ESCALATE_DAYS days is escalated to the agency's admins, once per round; any
staff action starts the count again; closing it stops it."""

from __future__ import annotations

from datetime import timedelta
from types import SimpleNamespace

import pytest
from django.test import Client, override_settings
from django.urls import reverse
from django.utils import timezone

from bridgeway.concerns import services
from bridgeway.concerns.escalation import escalate
from bridgeway.concerns.models import Concern
from bridgeway.core.models import AuditEvent
from bridgeway.notifications.models import Delivery, Notification, Timer
from bridgeway.notifications.timers import timers_run_due
from bridgeway.relationships.models import Relationship
from tests.concerns.conftest import raise_concern

pytestmark = pytest.mark.django_db


def _escalations() -> list[str]:
    return sorted(
        Notification.objects.filter(kind="concerns.escalated").values_list(
            "person__email", flat=True
        )
    )


def test_a_safety_concern_alerts_staff_at_once_by_email_and_bell(
    world: SimpleNamespace, pair: Relationship
) -> None:
    concern = raise_concern(world, pair, category="safety")
    assert concern.priority == "high"
    alerts = Notification.objects.filter(kind="concerns.safety")
    assert {n.person.email for n in alerts} == {"alice@agency-a.org", "bob@agency-a.org"}
    emails = Delivery.objects.filter(notification__in=alerts, channel="email")
    assert emails.count() == 2
    # Not kept for the staff's daily summary, nor for the morning.
    assert all(d.state == "queued" and d.due_at <= timezone.now() for d in emails)
    assert not Notification.objects.filter(kind="concerns.raised").exists()


def test_another_category_tells_staff_in_their_usual_rhythm(
    world: SimpleNamespace, pair: Relationship
) -> None:
    raise_concern(world, pair, category="inactivity")
    told = Notification.objects.filter(kind="concerns.raised")
    assert told.count() == 2
    assert set(Delivery.objects.filter(notification__in=told).values_list("state", flat=True)) == {
        "digest"
    }


@override_settings(BRIDGEWAY_CONCERN_ESCALATE_DAYS=3)
def test_an_untouched_concern_is_escalated_to_the_admins_once(
    client: Client, world: SimpleNamespace, pair: Relationship
) -> None:
    concern = raise_concern(world, pair)
    timers_run_due(now=timezone.now() + timedelta(days=2, hours=23))
    assert _escalations() == []
    later = timezone.now() + timedelta(days=3, hours=1)
    timers_run_due(now=later)
    timers_run_due(now=later)  # the sweep again: nobody is told twice
    assert _escalations() == ["alice@agency-a.org"]  # the admin, not the coordinator
    concern.refresh_from_db()
    assert concern.escalated_at is not None
    assert AuditEvent.objects.filter(action="concern.escalate").count() == 1
    client.force_login(world.bob)
    page = client.get(reverse("concerns:staff_list", args=["agency-a"])).content.decode()
    assert "escalated" in page
    # Left alone three more days: escalated again.
    timers_run_due(now=later + timedelta(days=3))
    assert _escalations() == ["alice@agency-a.org", "alice@agency-a.org"]


@override_settings(BRIDGEWAY_CONCERN_ESCALATE_DAYS=3)
def test_a_staff_action_starts_the_count_again_and_closing_stops_it(
    world: SimpleNamespace, pair: Relationship
) -> None:
    concern = raise_concern(world, pair)
    first = Timer.objects.get(kind="concerns.escalate")
    services.concern_note(concern=concern, by=world.bob, text="Called Erin.")
    first.refresh_from_db()
    assert first.state == "cancelled"
    pending = Timer.objects.get(kind="concerns.escalate", state="pending")
    assert pending.due_at > first.due_at
    # The old timer, had it gone off, does nothing: it no longer matches the concern.
    escalate(first)
    assert _escalations() == []
    services.concern_update(
        concern=concern, by=world.bob, status="resolved", outcome="settled", outcome_note=""
    )
    assert not Timer.objects.filter(kind="concerns.escalate", state="pending").exists()
    timers_run_due(now=timezone.now() + timedelta(days=30))
    assert _escalations() == []
    concern.refresh_from_db()
    assert concern.status == Concern.Status.RESOLVED


@override_settings(BRIDGEWAY_CONCERN_ESCALATE_DAYS=3)
def test_a_concern_waiting_for_the_reporter_is_not_escalated_until_they_answer(
    world: SimpleNamespace, pair: Relationship
) -> None:
    concern = raise_concern(world, pair)
    services.concern_update(concern=concern, by=world.bob, status="waiting")
    assert not Timer.objects.filter(kind="concerns.escalate", state="pending").exists()
    # A week waiting for Erin: staff are not the ones holding it up.
    timers_run_due(now=timezone.now() + timedelta(days=7))
    assert _escalations() == []
    services.concern_answer(concern=concern, by=world.erin, text="He wrote again last night.")
    concern.refresh_from_db()
    assert concern.status == Concern.Status.IN_PROGRESS
    pending = Timer.objects.get(kind="concerns.escalate", state="pending")
    assert pending.due_at > timezone.now() + timedelta(days=2, hours=23)
    timers_run_due(now=timezone.now() + timedelta(days=3, hours=1))
    assert _escalations() == ["alice@agency-a.org"]
