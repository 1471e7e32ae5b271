"""`make run` shows funder exports with something to check: answers from most of Maple's past
mentees, a few problems to fix, and a mapping Maple uploaded itself."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from bridgeway.accounts.models import Person
from bridgeway.core.models import Organization
from bridgeway.demo.funders import demo_funders
from bridgeway.demo.network import DEMO_DOMAIN, demo_load
from bridgeway.demo.reports import demo_reports
from bridgeway.programs.questionnaires.models import Answer
from bridgeway.reports.funders.check import export_check
from bridgeway.reports.funders.models import FunderMapping
from bridgeway.reports.funders.rows import Selection
from bridgeway.reports.funders.selectors import mapping_get

pytestmark = pytest.mark.django_db


def test_the_demo_gives_the_funder_exports_rows_and_problems(client: Client) -> None:
    demo_load()
    demo_reports()
    demo_funders()
    answers = Answer.objects.count()
    demo_funders()
    assert Answer.objects.count() == answers
    assert FunderMapping.objects.get().key == "maple-city-sessions"
    maple = Organization.objects.get(slug="maple")
    today = timezone.localdate()
    year = Selection(organization=maple, start=today - timedelta(days=365), end=today)
    check = export_check(
        mapping_get(organization=maple, ref="icare-community-connections-v1").usable, year
    )
    assert check.rows > 10
    assert 0 < check.people_with_problems < check.people
    assert {p.column for p in check.problems} == {"Client Validation ID (UCI)", "Date of Birth"}
    city = export_check(mapping_get(organization=maple, ref="maple-city-sessions-v1").usable, year)
    assert city.ready
    client.force_login(Person.objects.get(email=f"maple.coordinator@{DEMO_DOMAIN}"))
    page = client.get(reverse("reports:funders", args=["maple"])).content.decode()
    assert "Mentoring sessions" in page
