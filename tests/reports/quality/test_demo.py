"""`make run` shows a match-quality page with enough closed pairs to say something."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from bridgeway.accounts.models import Person
from bridgeway.demo.network import DEMO_DOMAIN, demo_load
from bridgeway.demo.quality import demo_match_quality
from bridgeway.demo.reports import demo_reports
from bridgeway.matching.models import MatchProposal
from bridgeway.programs.models import Program
from bridgeway.relationships.models import Relationship
from bridgeway.reports.quality.analysis import quality_report
from bridgeway.reports.scope import default_filter
from bridgeway.reports.selectors import agency_scope

pytestmark = pytest.mark.django_db


def test_the_demo_shows_a_rule_that_goes_with_better_results_once(client: Client) -> None:
    demo_load()
    demo_reports()
    demo_match_quality()
    proposals = MatchProposal.objects.count()
    demo_match_quality()
    assert MatchProposal.objects.count() == proposals
    cohort = Program.objects.get(slug="professional-bridge")
    past = Relationship.objects.filter(program=cohort, mentee__person__email__startswith="past.")
    assert not past.filter(request__isnull=True).exists()
    coordinator = Person.objects.get(email=f"maple.coordinator@{DEMO_DOMAIN}")
    scope, _membership = agency_scope(person=coordinator, slug="maple")
    report = quality_report(scope=scope, chosen=default_filter(), side="mentee")
    assert report.n >= 40
    assert report.read.without_score == 0
    assert len(report.bands) == 4
    assert ("noc", "satisfaction") in {(r.rule.key, measure) for r, measure, _c in report.clear}
    client.force_login(coordinator)
    page = client.get(reverse("reports:match_quality", args=["maple"])).content.decode()
    assert "Clear differences between pairs who met a rule and pairs who did not" in page
