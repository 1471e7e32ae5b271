"""A mentor's reason for declining reaches the coordinator: on the match board beside the
mentee to match again, and as a to-do on the agency page; never another agency's staff."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from django.test import Client
from django.urls import reverse

from bridgeway.matching import services
from bridgeway.matching.models import MatchProposal

pytestmark = pytest.mark.django_db


def _declined(cohort: SimpleNamespace, reason: str = "Away until June") -> MatchProposal:
    proposal = services.proposal_set(
        program=cohort.program,
        by=cohort.world.bob,
        mentee_id=cohort.amal.pk,
        mentor_id=cohort.dana.pk,
        reason="",
        proposed={cohort.amal.pk: cohort.dana.pk},
    )
    services.proposal_decline(proposal=proposal, by=cohort.dana.person, reason=reason)
    return proposal


def test_the_match_board_shows_the_mentor_decline_and_its_reason(
    client: Client, cohort: SimpleNamespace
) -> None:
    _declined(cohort)
    client.force_login(cohort.world.bob)
    page = client.get(reverse("matching:board", args=[cohort.program.pk])).content.decode()
    declines = page[page.index('id="declines-heading"') : page.index('id="proposals-heading"')]
    assert "Amal" in declines
    assert "declined by Dana" in declines
    assert "Away until June" in declines


def test_the_decline_leaves_the_board_once_the_mentee_has_a_new_proposal(
    client: Client, cohort: SimpleNamespace
) -> None:
    _declined(cohort)
    services.proposal_set(
        program=cohort.program,
        by=cohort.world.bob,
        mentee_id=cohort.amal.pk,
        mentor_id=cohort.fay.pk,
        reason="Same profession",
        proposed={},
    )
    client.force_login(cohort.world.bob)
    page = client.get(reverse("matching:board", args=[cohort.program.pk])).content.decode()
    assert "Away until June" not in page
    assert "No mentee waits after a mentor declined." in page


def test_the_agency_to_do_counts_the_decline_and_links_the_board(
    client: Client, cohort: SimpleNamespace
) -> None:
    _declined(cohort)
    client.force_login(cohort.world.bob)
    page = client.get(reverse("core:agency_overview", args=["agency-a"])).content.decode()
    assert "1 mentee to match again: a mentor declined" in page
    assert reverse("matching:board", args=[cohort.program.pk]) + "#declines-heading" in page


def test_another_agency_sees_neither_the_reason_nor_the_count(
    client: Client, cohort: SimpleNamespace
) -> None:
    _declined(cohort)
    client.force_login(cohort.world.dave)
    assert client.get(reverse("matching:board", args=[cohort.program.pk])).status_code == 404
    page = client.get(reverse("core:agency_overview", args=["agency-b"])).content.decode()
    assert "Away until June" not in page
    assert "to match again" not in page


def test_the_mentees_staff_page_shows_who_declined_and_why(
    client: Client, cohort: SimpleNamespace
) -> None:
    _declined(cohort)
    client.force_login(cohort.world.bob)
    page = client.get(reverse("programs:staff_enrollment", args=[cohort.amal.pk])).content.decode()
    assert "Proposals declined by a mentor" in page
    assert "Declined by the mentor Dana" in page
    assert "Reason: Away until June" in page
    assert reverse("matching:board", args=[cohort.program.pk]) + "#declines-heading" in page


def test_the_mentors_staff_page_shows_whom_they_declined_and_why(
    client: Client, cohort: SimpleNamespace
) -> None:
    _declined(cohort)
    client.force_login(cohort.world.bob)
    page = client.get(reverse("programs:staff_enrollment", args=[cohort.dana.pk])).content.decode()
    assert "Declined the mentee Amal" in page
    assert "Reason: Away until June" in page


def test_a_staff_page_without_a_decline_has_no_declines_section(
    client: Client, cohort: SimpleNamespace
) -> None:
    _declined(cohort)
    client.force_login(cohort.world.bob)
    page = client.get(reverse("programs:staff_enrollment", args=[cohort.chen.pk])).content.decode()
    assert "Proposals declined by a mentor" not in page


def test_the_reason_stays_with_the_agency_and_off_the_mentees_pages(
    client: Client, cohort: SimpleNamespace
) -> None:
    _declined(cohort)
    client.force_login(cohort.world.dave)
    url = reverse("programs:staff_enrollment", args=[cohort.amal.pk])
    assert client.get(url).status_code == 404
    client.force_login(cohort.amal.person)
    assert "Away until June" not in client.get(reverse("core:dashboard")).content.decode()
