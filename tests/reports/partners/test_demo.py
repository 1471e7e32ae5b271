"""`make run` shows a partner employer whose contact reads figures and a letter."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from bridgeway.accounts.models import Person
from bridgeway.demo.network import DEMO_DOMAIN, demo_load
from bridgeway.demo.partners import demo_partners
from bridgeway.demo.recognition import demo_recognition
from bridgeway.demo.reports import demo_reports
from bridgeway.reports.partners.models import EmployerLink, Partner, SharedLetter
from bridgeway.reports.partners.report import partner_report_build
from bridgeway.reports.scope import default_filter

pytestmark = pytest.mark.django_db


def test_the_demo_partner_has_figures_a_letter_and_a_request(client: Client) -> None:
    demo_load()
    demo_reports()
    demo_recognition()
    sign_in = demo_partners()
    again = demo_partners()
    assert sign_in == again
    assert sign_in is not None
    assert sign_in.totp_secret
    [partner] = Partner.objects.all()
    assert EmployerLink.objects.filter(status="active").count() == 7
    assert EmployerLink.objects.filter(status="requested").count() == 1
    report = partner_report_build(partner=partner, chosen=default_filter())
    assert report.enough
    summary = report.table("summary")
    assert summary is not None
    assert {f.key: f for f in summary.rows}["hours"].shown
    assert SharedLetter.objects.count() == 1
    client.force_login(Person.objects.get(email=f"partner.laura@{DEMO_DOMAIN}"))
    page = client.get(reverse("reports:partner", args=[partner.pk])).content.decode()
    assert "Northern Engineering Ltd.: your employees who mentor" in page
    assert "Download the letter for" in page
    client.force_login(Person.objects.get(email=f"maple.coordinator@{DEMO_DOMAIN}"))
    overview = client.get(reverse("core:agency_overview", args=["maple"])).content.decode()
    assert "1 mentor named a partner as their employer" in overview
