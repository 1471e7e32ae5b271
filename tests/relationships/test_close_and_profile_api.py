"""The API closes a mentorship with the page's rules and messages, and shows a mentee one of
their suggested mentors' profile, each only to the people it belongs to."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from bridgeway.core.models import AuditEvent
from bridgeway.notifications.models import Notification
from bridgeway.relationships import agreements, services
from bridgeway.relationships.models import Relationship

pytestmark = pytest.mark.django_db
MISSING = 987654321


@pytest.fixture
def api() -> APIClient:
    return APIClient()


@pytest.fixture
def pair(cohort: SimpleNamespace) -> Relationship:
    [request] = services.requests_send(
        mentee=cohort.amal, mentor_ids=[cohort.dana.pk], message="", by=cohort.amal.person
    )
    relationship = services.request_accept(request=request, by=cohort.dana.person)
    agreements.agreement_waive(agreement=relationship.agreement, by=cohort.world.bob, reason="x")
    relationship.refresh_from_db()
    return relationship


def _close(api: APIClient, person: Any, relationship: Relationship, body: dict[str, str]) -> Any:
    api.force_authenticate(person)
    url = reverse("api:relationship-close", args=[relationship.pk])
    return api.post(url, body, format="json")


def test_either_person_closes_through_the_api_with_the_pages_rules(
    api: APIClient, pair: Relationship, cohort: SimpleNamespace
) -> None:
    amal = cohort.amal.person
    refused = _close(api, amal, pair, {"reason": "other"})
    assert refused.status_code == 400
    assert refused.json() == {"note": ["Say in a few words why it closes."]}
    for reason in ("staff", "flash_held", "nonsense"):
        answer = _close(api, amal, pair, {"reason": reason})
        assert answer.status_code == 400
        assert "Choose a reason from the list." in str(answer.json())
    pair.refresh_from_db()
    assert pair.status == Relationship.Status.ACTIVE
    response = _close(api, amal, pair, {"reason": "completed"})
    assert response.status_code == 200
    data = response.json()
    assert (data["status"], data["close_reason"]) == ("closed", "completed")
    assert Notification.objects.filter(kind="relationships.closed").count() == 2
    assert Notification.objects.filter(kind="relationships.alumni_invitation").count() == 1
    assert AuditEvent.objects.filter(action="relationships.close").count() == 1
    again = _close(api, cohort.dana.person, pair, {"reason": "no_time"})  # a second close
    assert again.status_code == 400
    assert again.json() == {"non_field_errors": ["This mentorship is already closed."]}
    assert Notification.objects.filter(kind="relationships.closed").count() == 2


def test_nobody_else_closes_it(api: APIClient, pair: Relationship, cohort: SimpleNamespace) -> None:
    for person in (cohort.fay.person, cohort.world.bob, cohort.world.carol):
        assert _close(api, person, pair, {"reason": "no_time"}).status_code == 404
    api.force_authenticate(cohort.amal.person)
    missing = reverse("api:relationship-close", args=[MISSING])
    assert api.post(missing, {"reason": "no_time"}, format="json").status_code == 404
    api.force_authenticate(None)
    url = reverse("api:relationship-close", args=[pair.pk])
    assert api.post(url, {"reason": "no_time"}, format="json").status_code in (401, 403)
    pair.refresh_from_db()
    assert pair.status == Relationship.Status.ACTIVE


def test_a_mentee_reads_one_suggested_mentors_profile(
    api: APIClient, cohort: SimpleNamespace
) -> None:
    api.force_authenticate(cohort.amal.person)
    url = reverse("api:matching-suggested-mentor", args=[cohort.amal.pk, cohort.dana.pk])
    response = api.get(url)
    assert response.status_code == 200
    data = response.json()
    assert data["mentor"] == {"enrollment": cohort.dana.pk, "name": "Dana"}
    assert data["rank"] == 1
    assert data["score"] > 0
    assert data["reasons"]
    assert data["accessibility"] == ["Needs captions on video calls"]
    assert data["time_zone"] == cohort.dana.person.time_zone
    assert any(a["answered"] and a["answer"] for a in data["answers"])
    # Not a suggestion now (another mentee, a mentee's own enrollment id of someone else):
    other = reverse("api:matching-suggested-mentor", args=[cohort.amal.pk, cohort.bo.pk])
    assert api.get(other).status_code == 404
    api.force_authenticate(cohort.chen.person)
    assert api.get(url).status_code == 404
    api.force_authenticate(cohort.world.bob)
    assert api.get(url).status_code == 404


def test_the_schema_lists_both_endpoints(api: APIClient) -> None:
    schema = api.get(reverse("api:schema")).content.decode()
    assert "/api/v1/relationships/{id}/close/" in schema
    assert "/api/v1/enrollments/{id}/suggestions/{mentor_pk}/" in schema
