"""A pair matched through the app counts with the score and reasons the mentee saw: Amal asks
Dana among her suggestions, Dana accepts, they close and Amal answers the survey."""

from __future__ import annotations

from datetime import timedelta
from types import SimpleNamespace

import pytest
from django.utils import timezone

from bridgeway.matching.models import MatchProposal
from bridgeway.relationships import agreements, closure, services
from bridgeway.reports.quality.analysis import quality_report
from bridgeway.reports.scope import ReportFilter, Scope
from tests.matching.conftest import cohort  # noqa: F401 - the matching cohort, shared

pytestmark = pytest.mark.django_db


def test_a_pair_matched_in_the_app_carries_its_proposal_s_score(
    cohort: SimpleNamespace,  # noqa: F811
) -> None:
    world = cohort.world
    [request] = services.requests_send(
        mentee=cohort.amal, mentor_ids=[cohort.dana.pk], message="", by=cohort.amal.person
    )
    relationship = services.request_accept(request=request, by=cohort.dana.person)
    assert relationship is not None
    agreements.agreement_waive(agreement=relationship.agreement, by=world.bob, reason="Paper copy")
    relationship = closure.relationship_close(
        relationship=relationship, by=world.bob, reason="staff"
    )
    closure.survey_submit(
        relationship=relationship,
        by=cohort.amal.person,
        satisfaction=5,
        goals_achieved="yes",
        would_recommend=True,
        continue_informally=True,
    )
    proposal = MatchProposal.objects.get(mentee=cohort.amal, mentor=cohort.dana)
    today = timezone.localdate()
    scope = Scope(
        level="agency", organization_ids=(world.agency_a.pk,), organization=world.agency_a
    )
    chosen = ReportFilter(start=today - timedelta(days=1), end=today)
    report = quality_report(scope=scope, chosen=chosen, side="mentee")
    [pair] = report.read.pairs
    assert pair.score == float(proposal.score)
    assert (pair.satisfaction, pair.goals_reached) == (5, True)
    met = {
        reason["criterion"]: 2 * reason["points"] >= reason["max_points"]
        for reason in proposal.reasons
        if reason["max_points"] > 0 and reason["criterion"] != "exclude"
    }
    assert pair.rules == met
    assert pair.rules["occupation"] is True  # the professional cohort's rule that must be met
    assert [result.rule.key for result in report.rules][:2] == ["occupation", "noc"]
