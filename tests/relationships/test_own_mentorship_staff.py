"""A coordinator who also mentors in a program of their own agency reads their mentorship as
its mentor, never as staff: its staff page, its staff API and its staff copy of the agreement
are the same 404 as a missing id for them, and the program's relationships list (page and API)
leaves it out, while the agency's other staff still open and list it."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from django.test import Client
from django.urls import reverse

from bridgeway.core.models import Membership, StaffRole
from bridgeway.relationships import agreements, closure, services
from bridgeway.relationships.models import CloseReason, ClosureSurvey
from tests.conftest import signed_in
from tests.factories import enable_mfa

pytestmark = pytest.mark.django_db


def test_a_coordinator_who_mentors_cannot_read_the_staff_side_of_their_own_mentorship(
    cohort: SimpleNamespace, client: Client
) -> None:
    dana = cohort.dana.person  # Dana mentors in agency A's program and is now its coordinator
    Membership.objects.create(
        organization=cohort.program.organization, person=dana, role=StaffRole.COORDINATOR
    )
    enable_mfa(dana)
    [request] = services.requests_send(
        mentee=cohort.amal, mentor_ids=[cohort.dana.pk], message="", by=cohort.amal.person
    )
    relationship = services.request_accept(request=request, by=dana)
    agreements.agreement_waive(
        agreement=relationship.agreement, by=cohort.world.bob, reason="Signed on paper"
    )
    closure.relationship_close(
        relationship=relationship, by=cohort.amal.person, reason=CloseReason.NOT_WORKING
    )
    relationship.refresh_from_db()
    closure.survey_submit(
        relationship=relationship,
        by=cohort.amal.person,
        satisfaction=1,
        goals_achieved=ClosureSurvey.Achieved.NO,
        would_recommend=False,
        continue_informally=False,
        comments="Dana never listened to me.",
    )
    pages = [
        reverse("relationships:staff_relationship", args=[relationship.pk]),
        reverse("api:staff-relationship-detail", args=[relationship.pk]),
        reverse("relationships:staff_agreement_pdf", args=[relationship.pk]),
    ]

    signed_in(client, dana)
    for url in pages:
        response = client.get(url)
        assert response.status_code == 404, url
        assert "never listened" not in response.content.decode(errors="replace")
    # As the mentor, her own page still opens; it never shows Amal's answers.
    mine = client.get(reverse("relationships:detail", args=[relationship.pk]))
    assert mine.status_code == 200
    assert "never listened" not in mine.content.decode()

    lists = [
        reverse("relationships:staff_list", args=[cohort.program.pk]),
        reverse("api:staff-relationship-list", args=[cohort.program.pk]),
    ]
    page, api = (client.get(url) for url in lists)
    assert pages[0] not in page.content.decode()
    assert [row["id"] for row in api.json()["results"]] == []

    signed_in(client, cohort.world.bob)  # the agency's other coordinator reads it all
    assert client.get(pages[0]).status_code == 200
    assert "never listened" in client.get(pages[1]).content.decode()
    page, api = (client.get(url) for url in lists)
    assert pages[0] in page.content.decode()
    assert [row["id"] for row in api.json()["results"]] == [relationship.pk]
