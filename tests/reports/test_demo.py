"""`make run` shows dashboards with something in them."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from bridgeway.accounts.models import Person
from bridgeway.demo.network import DEMO_DOMAIN, demo_load
from bridgeway.demo.reports import demo_reports
from bridgeway.programs.models import Enrollment
from bridgeway.reports.report import report_build
from bridgeway.reports.scope import default_filter
from bridgeway.reports.selectors import network_scope

pytestmark = pytest.mark.django_db


def test_the_demo_history_fills_the_dashboards_once(client: Client) -> None:
    demo_load()
    demo_reports()
    count = Enrollment.objects.count()
    demo_reports()
    assert Enrollment.objects.count() == count
    admin = Person.objects.get(email=f"network@{DEMO_DOMAIN}")
    report = report_build(scope=network_scope(person=admin), chosen=default_filter())
    assert report.figure("pipeline", "total").shown
    assert report.figure("activity", "hours").shown
    assert report.figure("satisfaction", "mentee_mean").shown
    client.force_login(Person.objects.get(email=f"maple.coordinator@{DEMO_DOMAIN}"))
    page = client.get(reverse("reports:agency", args=["maple"])).content.decode()
    assert "Mentorships started each month" in page


def test_the_demo_s_past_participants_used_the_library() -> None:
    from bridgeway.demo.library import demo_library

    demo_load()
    demo_reports()
    demo_library()
    admin = Person.objects.get(email=f"network@{DEMO_DOMAIN}")
    report = report_build(scope=network_scope(person=admin), chosen=default_filter())
    assert report.figure("resources", "mentees").shown
    assert report.figure("resources", "mentee_views").shown
