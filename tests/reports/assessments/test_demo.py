"""`make run` shows assessments: results with a change, and one waiting for Priya."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from bridgeway.accounts.models import Person
from bridgeway.demo.assessments import demo_assessments
from bridgeway.demo.network import DEMO_DOMAIN, demo_load
from bridgeway.demo.reports import demo_reports
from bridgeway.reports.assessments.models import Assessment, Instrument

pytestmark = pytest.mark.django_db


def test_the_demo_has_answers_before_and_after_once(client: Client) -> None:
    demo_load()
    demo_reports()
    demo_assessments()
    count = Assessment.objects.count()
    demo_assessments()
    assert Assessment.objects.count() == count
    instrument = Instrument.objects.get(program__slug="professional-bridge")
    assert instrument.assessments.filter(moment="closure").count() >= 5
    client.force_login(Person.objects.get(email=f"maple.coordinator@{DEMO_DOMAIN}"))
    url = reverse("reports:assessment_results", args=[instrument.program_id, instrument.pk])
    page = client.get(url).content.decode()
    assert "from " in page  # an interval
    client.force_login(Person.objects.get(email=f"mentee.priya@{DEMO_DOMAIN}"))
    page = client.get(reverse("reports:assessments")).content.decode()
    assert "Your job search and your confidence" in page
