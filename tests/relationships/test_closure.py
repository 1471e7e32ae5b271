"""Closing well: a reason, both told and asked four questions, meetings cancelled, the mentor
ready for the next mentee, a new mentor for the mentee, and the alumni path."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from django.test import Client
from django.urls import reverse

from bridgeway.core.services import DomainError
from bridgeway.matching.selectors import matching_context, mentor_key
from bridgeway.notifications.models import Notification
from bridgeway.programs.models import Enrollment
from bridgeway.relationships import agreements, closure, services
from bridgeway.relationships.models import ClosureSurvey, Relationship

pytestmark = pytest.mark.django_db


@pytest.fixture
def pair(cohort: SimpleNamespace) -> Relationship:
    cohort.program.is_published = True
    cohort.program.save()
    [request] = services.requests_send(
        mentee=cohort.amal, mentor_ids=[cohort.dana.pk], message="", by=cohort.amal.person
    )
    relationship = services.request_accept(request=request, by=cohort.dana.person)
    agreements.agreement_waive(
        agreement=relationship.agreement, by=cohort.world.bob, reason="Signed on paper"
    )
    relationship.refresh_from_db()
    return relationship


def test_the_mentee_closes_it_finished_and_is_invited_to_mentor(
    client: Client, pair: Relationship, cohort: SimpleNamespace
) -> None:
    amal = cohort.amal.person
    client.force_login(amal)
    url = reverse("relationships:close", args=[pair.pk])
    assert "Close this mentorship?" in client.get(url).content.decode()
    assert 'value="staff"' not in client.get(url).content.decode()  # staff's reason only
    response = client.post(url, {"reason": "goals_met"})
    assert response["Location"] == reverse("relationships:survey", args=[pair.pk])
    pair.refresh_from_db()
    assert pair.status == Relationship.Status.CLOSED
    cohort.amal.refresh_from_db()
    cohort.dana.refresh_from_db()
    assert cohort.amal.status == "closed"
    assert cohort.dana.status == "ready"  # ready for the next mentee
    context = matching_context(program=cohort.program)
    assert context.free[mentor_key(cohort.dana.pk)] == 1
    assert Notification.objects.filter(kind="relationships.closed").count() == 2
    survey = reverse("relationships:survey", args=[pair.pk])
    client.post(
        survey,
        {
            "satisfaction": "5",
            "goals_achieved": "yes",
            "would_recommend": "yes",
            "continue_informally": "no",
            "comments": "Thank you",
        },
    )
    assert ClosureSurvey.objects.get().satisfaction == 5
    page = client.get(survey).content.decode()
    assert "You have answered." in page
    # The alumni path: one step to a mentor application; the mentee enrollment becomes alumni.
    assert Notification.objects.filter(person=amal, kind="relationships.alumni_invitation").exists()
    response = client.post(reverse("relationships:become_mentor", args=[pair.pk]))
    mentor = Enrollment.objects.get(person=amal, role="mentor")
    assert response["Location"] == reverse("programs:applied", args=[mentor.pk])
    cohort.amal.refresh_from_db()
    assert cohort.amal.status == "alumni"
    with pytest.raises(DomainError, match="already applied to mentor"):
        closure.become_mentor(relationship=pair, by=amal)


def test_an_early_close_needs_a_reason_and_staff_find_the_mentee_a_new_mentor(
    client: Client, pair: Relationship, cohort: SimpleNamespace
) -> None:
    with pytest.raises(DomainError, match="Say in a few words"):
        closure.relationship_close(relationship=pair, by=cohort.dana.person, reason="other")
    with pytest.raises(DomainError, match="Only the pair or the program's staff"):
        closure.relationship_close(relationship=pair, by=cohort.fay.person, reason="no_time")
    client.force_login(cohort.world.bob)
    url = reverse("relationships:staff_relationship", args=[pair.pk])
    client.post(url, {"form": "close", "reason": "staff", "note": "A concern was raised"})
    pair.refresh_from_db()
    assert (pair.close_reason, pair.close_note) == ("staff", "A concern was raised")
    assert not Notification.objects.filter(kind="relationships.alumni_invitation").exists()
    client.post(url, {"form": "debrief", "debrief_note": "Check in with Amal next week."})
    pair.refresh_from_db()
    assert pair.debrief_note == "Check in with Amal next week."
    client.post(url, {"form": "rematch"})
    cohort.amal.refresh_from_db()
    assert cohort.amal.status == "ready"
    with pytest.raises(DomainError, match="already closed"):
        closure.relationship_close(relationship=pair, by=cohort.amal.person, reason="no_time")
    client.force_login(cohort.amal.person)
    with pytest.raises(DomainError, match="has finished"):
        closure.become_mentor(relationship=pair, by=cohort.amal.person)


def lapsed_check(enrollment: Enrollment) -> list[str]:
    """A readiness check that blocks every mentor: as when their police check expired during
    the mentorship."""
    return ["Your police check has expired."] if enrollment.role == "mentor" else []


def test_a_mentor_whose_check_lapsed_goes_back_to_their_requirements_when_the_pair_closes(
    client: Client, pair: Relationship, cohort: SimpleNamespace, settings: object
) -> None:
    settings.BRIDGEWAY_READINESS_CHECKS = [  # type: ignore[attr-defined]
        "tests.relationships.test_closure.lapsed_check"
    ]
    client.force_login(cohort.amal.person)
    response = client.post(reverse("relationships:close", args=[pair.pk]), {"reason": "goals_met"})
    assert response.status_code == 302  # closing is not refused because of the mentor
    pair.refresh_from_db()
    cohort.dana.refresh_from_db()
    assert pair.status == Relationship.Status.CLOSED
    assert cohort.dana.status == "training"  # back to what must be done before a next mentee
    history = cohort.dana.status_changes.order_by("-pk").first()  # type: ignore[attr-defined]
    assert history is not None and "Your police check has expired." in history.reason
