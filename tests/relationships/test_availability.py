"""A mentor takes a break or changes how many mentees they take, from a request's page: a
mentor on a break is neither suggested nor asked; a request already sent still waits."""

from __future__ import annotations

from datetime import timedelta
from types import SimpleNamespace

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from bridgeway.core.services import DomainError
from bridgeway.matching.suggestions import suggestions_for_mentee
from bridgeway.relationships import services
from bridgeway.relationships.availability import mentor_availability_set
from bridgeway.relationships.models import MentorRequest

pytestmark = pytest.mark.django_db


def suggested(cohort: SimpleNamespace) -> set[int]:
    items = suggestions_for_mentee(mentee=cohort.bo, record=False).items
    return {item.mentor.pk for item in items}


def test_a_mentor_on_a_break_is_not_suggested_or_asked_until_the_day_has_passed(
    client: Client, cohort: SimpleNamespace
) -> None:
    [request] = services.requests_send(
        mentee=cohort.amal, mentor_ids=[cohort.dana.pk], message="", by=cohort.amal.person
    )
    assert cohort.eli.pk in suggested(cohort)
    # Eli answers a request of his own.
    client.force_login(cohort.eli.person)
    request.mentor = cohort.eli
    request.save(update_fields=["mentor"])
    url = reverse("relationships:request", args=[cohort.eli.pk, request.pk])
    until = timezone.localdate() + timedelta(days=30)
    response = client.post(
        url, {"answer": "availability", "paused_until": until.isoformat(), "capacity": "3"}
    )
    assert response.status_code == 302
    cohort.eli.refresh_from_db()
    assert (cohort.eli.paused_until, cohort.eli.capacity) == (until, 3)
    assert cohort.eli.pk not in suggested(cohort)
    with pytest.raises(DomainError, match="takes no new mentee until"):
        services.requests_send(
            mentee=cohort.bo, mentor_ids=[cohort.eli.pk], message="", by=cohort.bo.person
        )
    # The request already sent still waits for Eli's answer.
    request.refresh_from_db()
    assert request.status == MentorRequest.Status.WAITING
    assert "You take no new mentee until" in client.get(url).content.decode()
    mentor_availability_set(mentor=cohort.eli, by=cohort.eli.person, paused_until=None, capacity=3)
    assert cohort.eli.pk in suggested(cohort)


def test_bad_availability_is_refused_with_the_reason_and_changes_nothing(
    client: Client, cohort: SimpleNamespace
) -> None:
    [request] = services.requests_send(
        mentee=cohort.amal, mentor_ids=[cohort.dana.pk], message="", by=cohort.amal.person
    )
    request.mentor = cohort.eli
    request.save(update_fields=["mentor"])
    client.force_login(cohort.eli.person)
    url = reverse("relationships:request", args=[cohort.eli.pk, request.pk])
    past = (timezone.localdate() - timedelta(days=1)).isoformat()
    far = (timezone.localdate() + timedelta(days=400)).isoformat()
    for data, words in (
        ({"paused_until": past, "capacity": "2"}, "from today on"),
        ({"paused_until": far, "capacity": "2"}, "at most"),
        ({"paused_until": "", "capacity": "0"}, "greater than or equal to 1"),
    ):
        response = client.post(url, {"answer": "availability", **data})
        assert response.status_code == 400
        assert words in response.content.decode()
    cohort.eli.refresh_from_db()
    assert cohort.eli.paused_until is None
    assert cohort.eli.capacity == 2
    # Only the mentor changes it.
    with pytest.raises(DomainError):
        mentor_availability_set(
            mentor=cohort.eli, by=cohort.amal.person, paused_until=None, capacity=1
        )
