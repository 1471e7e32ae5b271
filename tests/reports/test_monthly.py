"""The monthly report by email: asked for on the dashboard, sent once per month in the
subscriber's language, never to someone who left the staff."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from types import SimpleNamespace

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from bridgeway.core.models import Membership
from bridgeway.notifications.outbox import deliveries_send_due
from bridgeway.reports.models import MonthlyReportSubscription
from bridgeway.reports.monthly import monthly_reports_send

pytestmark = pytest.mark.django_db
EARLY_DECEMBER = datetime(2025, 12, 2, 9, tzinfo=UTC)


def _subscribe(client, person, org: str = "agency-a") -> None:
    client.force_login(person)
    response = client.post(reverse("reports:agency_monthly", args=[org]), {"wanted": "yes"})
    assert response.status_code == 302


def test_asking_twice_keeps_one_subscription_and_stopping_removes_it(client, alice) -> None:
    _subscribe(client, alice)
    _subscribe(client, alice)
    assert MonthlyReportSubscription.objects.filter(person=alice).count() == 1
    page = client.get(reverse("reports:agency", args=["agency-a"])).content.decode()
    assert "Stop the monthly email" in page
    client.post(reverse("reports:agency_monthly", args=["agency-a"]), {"wanted": "no"})
    assert not MonthlyReportSubscription.objects.filter(person=alice).exists()


def test_the_month_s_figures_reach_the_subscriber_in_their_language(
    client, known: SimpleNamespace, alice, bob
) -> None:
    bob.preferred_language = "fr"
    bob.save(update_fields=["preferred_language"])
    _subscribe(client, alice)
    _subscribe(client, bob)
    assert monthly_reports_send(now=EARLY_DECEMBER) == 2
    deliveries_send_due(now=timezone.now() + timedelta(days=1))  # after quiet hours
    to_alice = next(m for m in mail.outbox if m.to == [alice.email])
    assert to_alice.subject.endswith("Agency A: the report for November 2025")
    assert "Mentee applications: 0" in to_alice.body
    assert "/manage/agency-a/reports/?start=2025-11-01&end=2025-11-30" in to_alice.body
    to_bob = next(m for m in mail.outbox if m.to == [bob.email])
    assert "novembre 2025" in to_bob.subject


def test_running_the_job_again_sends_nothing_twice(client, known, alice) -> None:
    _subscribe(client, alice)
    assert monthly_reports_send(now=EARLY_DECEMBER) == 1
    assert monthly_reports_send(now=EARLY_DECEMBER) == 0


def test_someone_who_left_the_staff_gets_nothing(client, known, alice) -> None:
    _subscribe(client, alice)
    Membership.objects.filter(person=alice).delete()
    assert monthly_reports_send(now=EARLY_DECEMBER) == 0


def test_network_admins_receive_the_network_s_report(client, known, grace) -> None:
    client.force_login(grace)
    client.post(reverse("reports:network_monthly"), {"wanted": "yes"})
    assert monthly_reports_send(now=datetime(2025, 4, 2, 9, tzinfo=UTC)) == 1
    deliveries_send_due(now=timezone.now() + timedelta(days=1))  # after quiet hours
    [email] = [m for m in mail.outbox if m.to == [grace.email]]
    assert "March 2025" in email.subject
    assert "Mentee applications: fewer than 5" in email.body


def test_the_report_reads_as_often_with_more_people(
    known: SimpleNamespace, program_a, erin
) -> None:
    from bridgeway.reports.report import report_build
    from bridgeway.reports.scope import Scope
    from tests.reports.conftest import YEAR_2025, build

    organization = program_a.organization
    scope = Scope(level="agency", organization_ids=(organization.pk,), organization=organization)

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            report_build(scope=scope, chosen=YEAR_2025)
        return len(queries)

    before = count()
    for _ in range(3):
        build(program_a, erin)
    assert count() == before
