"""Requests to mentors as the mentee, the mentor and staff live them: in order, answered once,
moved on by their deadline, and a relationship when a mentor says yes."""

from __future__ import annotations

from datetime import timedelta
from types import SimpleNamespace
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from bridgeway.core.services import DomainError
from bridgeway.matching import services as matching
from bridgeway.matching.models import MatchProposal
from bridgeway.matching.selectors import matching_context, mentor_key
from bridgeway.matching.suggestions import suggestions_for_mentee
from bridgeway.notifications.models import Notification, Timer
from bridgeway.notifications.render import summary_in
from bridgeway.notifications.timers import timers_run_due
from bridgeway.relationships import services
from bridgeway.relationships.models import MentorRequest, Relationship

pytestmark = pytest.mark.django_db
R = MentorRequest.Status


def _told(person: Any, kind: str) -> list[str]:
    return [
        summary_in(n, "en")
        for n in Notification.objects.filter(person=person, kind=kind).order_by("pk")
    ]


def test_a_request_goes_to_the_next_choice_after_a_decline_and_a_missed_deadline(
    cohort: SimpleNamespace,
) -> None:
    amal, dana, fay = cohort.amal, cohort.dana, cohort.fay
    first, second = services.requests_send(
        mentee=amal, mentor_ids=[dana.pk, fay.pk], message="I am a nurse.", by=amal.person
    )
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.status, second.status) == (R.WAITING, R.QUEUED)
    assert first.proposal is not None
    assert first.proposal.source == MatchProposal.Source.SUGGESTION
    assert first.due_at is not None
    assert first.due_at - first.sent_at == timedelta(days=cohort.program.mentor_response_days)
    [asked] = _told(dana.person, "relationships.request_new")
    assert asked.startswith("Amal asks you to be their mentor")

    services.request_decline(request=first, by=dana.person, reason="no_time")
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.status == R.DECLINED
    assert first.proposal is not None
    assert first.proposal.status == MatchProposal.Status.DECLINED
    assert second.status == R.WAITING
    [moved] = _told(amal.person, "relationships.request_moved_on")
    assert moved == "Dana cannot be your mentor this time. Your request now goes to Fay."
    # Dana is never suggested to Amal again.
    suggested = suggestions_for_mentee(mentee=amal, record=False).items
    assert dana.pk not in {item.mentor.pk for item in suggested}

    # Fay does not answer: reminded before the deadline, then it expires, once.
    assert second.due_at is not None
    timers_run_due(now=second.due_at - timedelta(days=2))
    assert len(_told(fay.person, "relationships.request_reminder")) == 1
    timers_run_due(now=second.due_at + timedelta(minutes=1))
    timers_run_due(now=second.due_at + timedelta(hours=1))
    second.refresh_from_db()
    assert second.status == R.EXPIRED
    assert len(_told(fay.person, "relationships.request_expired")) == 1
    staff = _told(cohort.world.bob, "relationships.request_expired_staff")
    assert staff == ["Fay did not answer the request of Amal in Welcome Hosts A in time."]
    last = _told(amal.person, "relationships.request_moved_on")[-1]
    assert last.endswith("Choose again from your suggestions, or wait: your coordinator will help.")
    assert (
        not Timer.objects.filter(state__in=["pending", "running"])
        .exclude(key__endswith=":remind")
        .exists()
    )


def test_an_accepted_request_starts_a_relationship_once(cohort: SimpleNamespace) -> None:
    amal, dana = cohort.amal, cohort.dana
    [request] = services.requests_send(
        mentee=amal, mentor_ids=[dana.pk], message="", by=amal.person
    )
    relationship = services.request_accept(request=request, by=dana.person)
    assert relationship.status == Relationship.Status.AGREEMENT
    amal.refresh_from_db()
    dana.refresh_from_db()
    assert (amal.status, dana.status) == ("matched", "matched")
    with pytest.raises(DomainError, match="already accepted"):
        services.request_accept(request=request, by=dana.person)
    assert Relationship.objects.count() == 1
    # Dana's one place is taken: she is not offered to anyone else.
    context = matching_context(program=cohort.program)
    assert context.free[mentor_key(dana.pk)] == 0
    [started] = _told(amal.person, "relationships.started")
    assert started == "Your mentorship with Dana in Welcome Hosts A begins."
    # The deadline timers are cancelled: nothing fires later.
    assert not Timer.objects.filter(state="pending").exists()


def test_only_the_mentor_asked_can_answer_and_an_expired_request_says_so(
    cohort: SimpleNamespace,
) -> None:
    amal, dana = cohort.amal, cohort.dana
    [request] = services.requests_send(
        mentee=amal, mentor_ids=[dana.pk], message="", by=amal.person
    )
    with pytest.raises(DomainError, match="Only the mentor asked"):
        services.request_accept(request=request, by=cohort.fay.person)
    request.refresh_from_db()
    assert request.due_at is not None
    timers_run_due(now=request.due_at + timedelta(minutes=1))
    with pytest.raises(DomainError, match="expired before your answer"):
        services.request_accept(request=request, by=dana.person)
    assert not Relationship.objects.exists()


def test_a_coordinators_proposal_becomes_a_request_or_a_match_when_staff_confirm(
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
    assert (request.source, request.status) == ("coordinator", R.WAITING)
    cohort.program.requests_confirmed_by = "staff"
    cohort.program.save()
    proposal = matching.proposal_set(
        program=cohort.program,
        by=cohort.world.bob,
        mentee_id=cohort.bo.pk,
        mentor_id=cohort.eli.pk,
        reason="Shared occupation",
        proposed={},
    )
    relationship = Relationship.objects.get(mentee=cohort.bo)
    assert relationship.mentor == cohort.eli
    assert len(_told(cohort.bo.person, "relationships.started")) == 1
    assert len(_told(cohort.eli.person, "relationships.started")) == 1


def test_the_mentee_asks_in_order_on_the_page_and_follows_the_request(
    client: Client, cohort: SimpleNamespace
) -> None:
    amal = cohort.amal
    client.force_login(amal.person)
    url = reverse("relationships:ask", args=[amal.pk])
    page = client.get(url).content.decode()
    assert f'name="rank_{cohort.dana.pk}"' in page
    both_first = {f"rank_{cohort.dana.pk}": "1", f"rank_{cohort.fay.pk}": "1"}
    page = client.post(url, both_first).content.decode()
    assert "Give each mentor a different place in your order." in page
    assert not MentorRequest.objects.exists()
    response = client.post(url, {f"rank_{cohort.dana.pk}": "1", "message": "Hello"})
    assert response.status_code == 302
    page = client.get(url).content.decode()
    assert "With Dana, who answers by" in page
    # The mentor reads it on her page, answers; another mentee's page is not found.
    request = MentorRequest.objects.get()
    client.force_login(cohort.dana.person)
    mentor_url = reverse("relationships:request", args=[cohort.dana.pk, request.pk])
    assert mentor_url in client.get(reverse("core:dashboard")).content.decode()
    page = client.get(mentor_url).content.decode()
    assert "Hello" in page
    response = client.post(mentor_url, {"answer": "accept"})
    relationship = Relationship.objects.get()
    assert response["Location"] == reverse("relationships:detail", args=[relationship.pk])
    response = client.post(mentor_url, {"answer": "accept"}, follow=True)  # a double submit
    assert "You have already accepted this request." in response.content.decode()
    assert Relationship.objects.count() == 1
    client.force_login(cohort.bo.person)
    assert client.get(mentor_url).status_code == 404
    assert client.get(reverse("relationships:detail", args=[relationship.pk])).status_code == 404
