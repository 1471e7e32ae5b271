"""Reminders of the breach register: a breach with a real risk still not reported to the
Privacy Commissioner, or its people not notified, BRIDGEWAY_BREACH_REMINDER_DAYS after its
discovery, is reminded once to its register's admins (the agency's, or the network's for the
network's own), each in their language; nothing once the date is recorded."""

from __future__ import annotations

from datetime import date, timedelta
from types import SimpleNamespace
from typing import Any

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from bridgeway.notifications.models import Notification
from bridgeway.notifications.outbox import deliveries_send_due
from bridgeway.privacy.breaches.models import Breach
from bridgeway.privacy.breaches.reminders import breach_reminders_send
from bridgeway.privacy.breaches.tasks import remind_overdue_breaches
from tests.factories import MembershipFactory, PersonFactory

pytestmark = pytest.mark.django_db

TODAY = date(2026, 12, 10)


def _breach(world: SimpleNamespace, organization: Any, **fields: Any) -> Breach:
    values: dict[str, Any] = {
        "network": world.agency_a.network,
        "organization": organization,
        "occurred_on": date(2026, 12, 1),
        "discovered_on": date(2026, 12, 2),
        "description": "A laptop with an export of intakes was stolen.",
        "people_affected": 40,
        "real_risk": True,
        "risk_reasoning": "Immigration status; the disk was not encrypted.",
        **fields,
    }
    return Breach.objects.create(**values)


def _sent_later() -> None:
    deliveries_send_due(now=timezone.now() + timedelta(days=1))


def test_admins_are_reminded_once_of_each_missing_step(world: SimpleNamespace) -> None:
    french_admin = PersonFactory(email="eloise@example.org", preferred_language="fr")
    MembershipFactory(organization=world.agency_a, person=french_admin, role="admin")
    breach = _breach(world, world.agency_a)
    assert breach_reminders_send(today=TODAY) == 4  # 2 admins × (report, notification)
    told = Notification.objects.filter(kind__startswith="breach.")
    assert set(told.values_list("person", "kind")) == {
        (world.alice.pk, "breach.report_due"),
        (world.alice.pk, "breach.notify_due"),
        (french_admin.pk, "breach.report_due"),
        (french_admin.pk, "breach.notify_due"),
    }
    # Never the coordinator, nor another agency's admin.
    assert not told.filter(person__in=[world.bob, world.carol]).exists()
    assert all(n.url == reverse("breaches:detail", args=[breach.pk]) for n in told)
    _sent_later()
    subjects = {(tuple(m.to), m.subject) for m in mail.outbox}
    assert (
        (world.alice.email,),
        f"Breach {breach.pk} is not yet reported to the Privacy Commissioner",
    ) in subjects
    english = next(m for m in mail.outbox if m.to == [world.alice.email])
    assert "discovered Dec. 2, 2026" in english.body
    assert "laptop" not in english.body  # what happened stays in the register
    french = [m for m in mail.outbox if m.to == [french_admin.email]]
    assert len(french) == 2
    # In her language (the sentences are translated centrally; the date already reads so).
    assert all("2 décembre 2026" in m.body for m in french)

    # The next day: nobody is told again (unique per breach and kind).
    assert breach_reminders_send(today=TODAY + timedelta(days=1)) == 0
    assert told.count() == 4


def test_not_before_the_days_nor_once_recorded_nor_without_a_real_risk(
    world: SimpleNamespace, settings: Any
) -> None:
    settings.BRIDGEWAY_BREACH_REMINDER_DAYS = 5
    early = _breach(world, world.agency_a, discovered_on=TODAY - timedelta(days=4))
    _breach(world, world.agency_a, real_risk=False, risk_reasoning="Sealed envelope.")
    reported = _breach(world, world.agency_a, commissioner_reported_on=date(2026, 12, 3))
    assert breach_reminders_send(today=TODAY) == 1
    assert list(Notification.objects.values_list("kind", "event")) == [
        ("breach.notify_due", f"breach:{reported.pk}")
    ]
    # A day later the early one is due; once its dates are recorded nothing more is sent.
    Breach.objects.filter(pk=early.pk).update(
        commissioner_reported_on=TODAY, people_notified_on=TODAY
    )
    assert breach_reminders_send(today=TODAY + timedelta(days=1)) == 0


def test_the_network_register_reminds_the_network_admins(world: SimpleNamespace) -> None:
    _breach(world, None, people_notified_on=date(2026, 12, 3))
    assert breach_reminders_send(today=TODAY) == 1
    reminder = Notification.objects.get()
    assert (reminder.person, reminder.kind, reminder.organization) == (
        world.grace,
        "breach.report_due",
        None,
    )


def test_the_daily_job_sends_them_and_the_link_opens_the_record(
    world: SimpleNamespace, client: Client
) -> None:
    breach = _breach(world, world.agency_a, discovered_on=timezone.localdate() - timedelta(days=3))
    assert remind_overdue_breaches.call_local() == 2
    client.force_login(world.alice)
    bell = client.get(reverse("notifications:list")).content.decode()
    assert f"Breach {breach.pk} of {world.agency_a.name}" in bell
    reminder = Notification.objects.filter(person=world.alice).first()
    assert reminder is not None
    opened = client.get(reverse("notifications:open", args=[reminder.pk]))
    assert opened["Location"] == reverse("breaches:detail", args=[breach.pk])
