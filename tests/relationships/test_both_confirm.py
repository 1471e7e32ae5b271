"""A coordinator's proposal both people confirm: each accepts or declines by the deadline, the
relationship starts on the second yes, a decline by either ends it for good, and everyone is
told."""

from __future__ import annotations

from datetime import timedelta
from types import SimpleNamespace
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from rest_framework.test import APIClient

from bridgeway.core.services import DomainError
from bridgeway.matching import services as matching
from bridgeway.matching.models import MatchProposal
from bridgeway.matching.selectors import matching_context, mentee_key, mentor_key
from bridgeway.notifications.models import Notification
from bridgeway.notifications.render import summary_in
from bridgeway.notifications.timers import timers_run_due
from bridgeway.programs.forms import ProgramForm
from bridgeway.relationships import confirmation, services
from bridgeway.relationships.models import MentorRequest, Relationship

pytestmark = pytest.mark.django_db
R = MentorRequest.Status


def _told(person: Any, kind: str) -> list[str]:
    return [
        summary_in(n, "en")
        for n in Notification.objects.filter(person=person, kind=kind).order_by("pk")
    ]


@pytest.fixture
def proposed(cohort: SimpleNamespace) -> MentorRequest:
    """The coordinator proposes Dana to Amal in a program where both confirm."""
    cohort.program.requests_confirmed_by = "both"
    cohort.program.save()
    proposal = matching.proposal_set(
        program=cohort.program,
        by=cohort.world.bob,
        mentee_id=cohort.amal.pk,
        mentor_id=cohort.dana.pk,
        reason="",
        proposed={cohort.amal.pk: cohort.dana.pk},
    )
    return MentorRequest.objects.get(proposal=proposal)


def test_the_relationship_starts_when_both_have_accepted(
    client: Client, cohort: SimpleNamespace, proposed: MentorRequest
) -> None:
    amal, dana = cohort.amal, cohort.dana
    assert (proposed.status, proposed.mentee_confirms) == (R.WAITING, True)
    [told] = _told(amal.person, "relationships.proposal_to_confirm")
    assert told.startswith("Your coordinator proposes Dana as your mentor in Welcome Hosts A.")
    assert len(_told(dana.person, "relationships.request_new")) == 1

    client.force_login(amal.person)
    mentee_url = reverse("relationships:mentee_request", args=[amal.pk, proposed.pk])
    dashboard = client.get(reverse("core:dashboard")).content.decode()
    assert "Proposed mentors waiting for your answer" in dashboard
    assert mentee_url in dashboard
    page = client.get(mentee_url).content.decode()
    assert "Accept this mentor" in page
    response = client.post(mentee_url, {"answer": "accept"}, follow=True)
    assert "You accepted. We are waiting for the other answer." in response.content.decode()
    # A double submit is told and changes nothing.
    response = client.post(mentee_url, {"answer": "accept"}, follow=True)
    assert "You have already accepted this proposal." in response.content.decode()
    assert not Relationship.objects.exists()
    [half] = _told(dana.person, "relationships.request_half_accepted")
    assert half.startswith("Amal said yes to the proposed mentorship.")

    dashboard = client.get(reverse("core:dashboard")).content.decode()
    assert "Proposed mentors waiting for your answer" not in dashboard  # answered

    client.force_login(dana.person)
    mentor_url = reverse("relationships:request", args=[dana.pk, proposed.pk])
    response = client.post(mentor_url, {"answer": "accept"})
    relationship = Relationship.objects.get()
    assert response["Location"] == reverse("relationships:detail", args=[relationship.pk])
    assert (relationship.mentee, relationship.mentor) == (amal, dana)
    assert MatchProposal.objects.get().status == MatchProposal.Status.ACCEPTED
    assert _told(amal.person, "relationships.started") == [
        "Your mentorship with Dana in Welcome Hosts A begins."
    ]
    with pytest.raises(DomainError, match="already accepted"):
        services.request_accept(request=proposed, by=dana.person)
    assert Relationship.objects.count() == 1


def test_the_mentor_first_then_the_mentee_through_the_api(
    cohort: SimpleNamespace, proposed: MentorRequest
) -> None:
    api = APIClient()
    api.force_authenticate(cohort.dana.person)
    accept = reverse("api:relationships-request-accept", args=[cohort.dana.pk, proposed.pk])
    response = api.post(accept)
    assert response.status_code == 202
    assert response.json()["mentor_accepted_at"] is not None
    assert api.post(accept).status_code == 400  # twice: refused
    assert _told(cohort.amal.person, "relationships.request_half_accepted")[0].startswith(
        "Dana said yes"
    )
    client = Client()
    client.force_login(cohort.dana.person)
    dashboard = client.get(reverse("core:dashboard")).content.decode()
    assert "Amal: you accepted; the mentee answers by" in dashboard
    api.force_authenticate(cohort.amal.person)
    mentee_accept = reverse(
        "api:relationships-mentee-request-accept", args=[cohort.amal.pk, proposed.pk]
    )
    response = api.post(mentee_accept)
    assert response.status_code == 201
    assert response.json()["role"] == "mentee"
    assert api.post(mentee_accept).status_code == 400
    assert Relationship.objects.count() == 1


def test_a_mentee_decline_ends_it_for_good_and_only_staff_read_why(
    client: Client, cohort: SimpleNamespace, proposed: MentorRequest
) -> None:
    amal, dana = cohort.amal, cohort.dana
    client.force_login(amal.person)
    mentee_url = reverse("relationships:mentee_request", args=[amal.pk, proposed.pk])
    page = client.post(mentee_url, {"answer": "decline", "reason": "other"}).content.decode()
    assert "Say briefly why; it helps your coordinator." in page
    response = client.post(
        mentee_url, {"answer": "decline", "reason": "other", "note": "I moved to Halifax"}
    )
    assert response.status_code == 302
    proposed.refresh_from_db()
    assert (proposed.status, proposed.declined_by) == (R.DECLINED, "mentee")
    proposal = MatchProposal.objects.get()
    assert proposal.status == MatchProposal.Status.DECLINED
    assert "I moved to Halifax" in proposal.decline_reason
    # Dana hears that it will not happen, not why; staff hear it too and read why.
    [ended] = _told(dana.person, "relationships.proposal_ended")
    assert ended == "Amal has declined the proposed mentorship. Your place is free again."
    assert _told(cohort.world.bob, "relationships.proposal_ended") == [
        "Amal declined the proposal of Dana in Welcome Hosts A."
    ]
    client.force_login(cohort.world.bob)
    page = client.get(reverse("relationships:staff_list", args=[cohort.program.pk])).content
    assert "The mentee declined: Another reason: I moved to Halifax" in page.decode()
    # Never proposed or suggested again.
    context = matching_context(program=cohort.program, include_mentee=amal)
    assert context.score(amal, dana).feasible is False
    assert context.engine is not None
    suggested = context.engine.suggest(mentee_key(amal.pk), k=5, record=False)
    assert mentor_key(dana.pk) not in {s.pair.mentor for s in suggested}
    # The mentor can no longer answer it.
    with pytest.raises(DomainError, match="already been answered"):
        services.request_accept(request=proposed, by=dana.person)


def test_a_mentor_decline_tells_the_mentee_without_the_reason(
    cohort: SimpleNamespace, proposed: MentorRequest
) -> None:
    services.request_decline(request=proposed, by=cohort.dana.person, reason="no_time")
    [ended] = _told(cohort.amal.person, "relationships.proposal_ended")
    assert ended.startswith("Dana cannot be your mentor this time.")
    assert "I do not have time" not in ended
    with pytest.raises(DomainError, match="already been answered"):
        confirmation.request_accept_as_mentee(request=proposed, by=cohort.amal.person)


def test_the_deadline_applies_to_both_answers(
    cohort: SimpleNamespace, proposed: MentorRequest
) -> None:
    amal, dana = cohort.amal, cohort.dana
    services.request_accept(request=proposed, by=dana.person)
    proposed.refresh_from_db()
    assert proposed.due_at is not None
    timers_run_due(now=proposed.due_at - timedelta(days=2))
    # Only the one who has not answered is reminded.
    assert len(_told(amal.person, "relationships.proposal_reminder")) == 1
    assert _told(dana.person, "relationships.request_reminder") == []
    timers_run_due(now=proposed.due_at + timedelta(minutes=1))
    proposed.refresh_from_db()
    assert proposed.status == R.EXPIRED
    assert not Relationship.objects.exists()
    with pytest.raises(DomainError, match="expired before your answer"):
        confirmation.request_accept_as_mentee(request=proposed, by=amal.person)
    assert _told(amal.person, "relationships.proposal_ended")[0].startswith(
        "The proposed mentorship with Dana was not confirmed in time."
    )
    assert _told(dana.person, "relationships.proposal_ended") == [
        "The proposed mentorship with Amal was not confirmed in time by both of you. Your place "
        "is free again."
    ]
    assert len(_told(cohort.world.bob, "relationships.request_expired_staff")) == 1


def test_only_the_mentee_proposed_answers_and_only_where_both_confirm(
    cohort: SimpleNamespace, proposed: MentorRequest
) -> None:
    with pytest.raises(DomainError, match="Only the mentee"):
        confirmation.request_accept_as_mentee(request=proposed, by=cohort.bo.person)
    [own] = services.requests_send(
        mentee=cohort.bo, mentor_ids=[cohort.eli.pk], message="", by=cohort.bo.person
    )
    with pytest.raises(DomainError, match="Only the mentee"):
        confirmation.request_accept_as_mentee(request=own, by=cohort.bo.person)


def test_the_program_form_offers_both_with_help(cohort: SimpleNamespace) -> None:
    form = ProgramForm(instance=cohort.program)
    field = form.fields["requests_confirmed_by"]
    assert "both" in dict(field.choices)  # type: ignore[attr-defined]
    assert "the match starts when both have accepted" in str(field.help_text)


def test_an_unanswered_coordinators_proposal_tells_the_mentor_what_happens(
    cohort: SimpleNamespace,
) -> None:
    proposal = matching.proposal_set(
        program=cohort.program,
        by=cohort.world.bob,
        mentee_id=cohort.amal.pk,
        mentor_id=cohort.dana.pk,
        reason="",
        proposed={cohort.amal.pk: cohort.dana.pk},
    )
    request = MentorRequest.objects.get(proposal=proposal)
    assert request.due_at is not None
    timers_run_due(now=request.due_at + timedelta(minutes=1))
    assert _told(cohort.dana.person, "relationships.request_expired") == []
    assert _told(cohort.dana.person, "relationships.proposal_ended") == [
        "The proposal of Amal expired without your answer. Your place is free again; the "
        "coordinator will look for another mentor with them."
    ]
