from __future__ import annotations

from types import SimpleNamespace
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from bridgeway.programs.models import Enrollment
from bridgeway.programs.screening.models import SelfAssessmentResult
from tests.learning.conftest import make_module
from tests.screening.conftest import best_answers

pytestmark = pytest.mark.django_db


@pytest.fixture
def api() -> APIClient:
    return APIClient()


def test_staff_read_a_programs_checklist(
    api: APIClient, world: SimpleNamespace, checklist: list[Any]
) -> None:
    api.force_authenticate(world.bob)
    response = api.get(reverse("api:screening-items", args=[world.program_a.pk]))
    assert response.status_code == 200
    assert [row["name"] for row in response.json()] == [
        "First reference",
        "Second reference",
        "Interview with a coordinator",
        "Police check",
    ]
    api.force_authenticate(world.carol)
    assert api.get(reverse("api:screening-items", args=[world.program_a.pk])).status_code == 404


def test_a_coordinator_records_and_approves_through_the_api(
    api: APIClient, world: SimpleNamespace, checklist: list[Any], mentor: Enrollment
) -> None:
    api.force_authenticate(world.bob)
    url = reverse("api:screening-check", args=[mentor.pk])
    today = timezone.localdate().isoformat()
    response = api.post(reverse("api:screening-approve", args=[mentor.pk]))
    assert response.status_code == 400
    assert "is not done yet" in response.json()["non_field_errors"][0]
    for item in checklist:
        response = api.post(url, {"item": item.pk, "status": "passed", "completed_on": today})
        assert response.status_code == 200, response.json()
    make_module(world.program_a)  # training Frank has not done yet holds him in training
    body = api.get(reverse("api:screening-detail", args=[mentor.pk])).json()
    assert body["blockers"] == []
    assert all(row["cleared"] for row in body["checks"])
    response = api.post(reverse("api:screening-approve", args=[mentor.pk]))
    assert response.json()["status"] == "training"


def test_a_bad_check_gets_field_errors(
    api: APIClient, world: SimpleNamespace, checklist: list[Any], mentor: Enrollment
) -> None:
    api.force_authenticate(world.bob)
    url = reverse("api:screening-check", args=[mentor.pk])
    response = api.post(url, {"item": 987654, "status": "passed"})
    assert response.status_code == 400
    assert "item" in response.json()
    response = api.post(url, {"item": checklist[0].pk, "status": "passed"})
    assert response.json() == {"completed_on": ["Give the date of the check."]}
    response = api.post(url, {"item": checklist[0].pk, "status": "approved"})
    assert "status" in response.json()


def test_declining_through_the_api_needs_a_reason(
    api: APIClient, world: SimpleNamespace, mentor: Enrollment
) -> None:
    api.force_authenticate(world.bob)
    url = reverse("api:screening-decline", args=[mentor.pk])
    assert api.post(url, {}).status_code == 400
    response = api.post(url, {"reason": "Not enough time this year"})
    assert response.json()["status"] == "declined"


def test_a_mentor_answers_the_self_assessment_through_the_api(
    api: APIClient, world: SimpleNamespace, mentor: Enrollment, assessment: Any
) -> None:
    api.force_authenticate(world.frank)
    url = reverse("api:self-assessment", args=[mentor.pk])
    body = api.get(url).json()
    assert len(body["questions"]) == 8
    assert body["latest"] is None
    answers = [{"question": q, "choice": c} for q, c in best_answers(assessment).items()]
    response = api.post(url, {"answers": answers}, format="json")
    assert response.status_code == 201
    assert response.json()["latest"]["score"] == 100
    response = api.post(url, {"answers": answers[:-1]}, format="json")
    assert response.status_code == 400
    assert SelfAssessmentResult.objects.count() == 1


def test_nobody_else_reaches_a_mentors_self_assessment(
    api: APIClient, world: SimpleNamespace, mentor: Enrollment, assessment: Any
) -> None:
    url = reverse("api:self-assessment", args=[mentor.pk])
    for person in (world.erin, world.bob, world.carol):
        api.force_authenticate(person)
        assert api.get(url).status_code == 404


def test_the_screening_endpoints_are_in_the_schema(api: APIClient) -> None:
    schema = api.get(reverse("api:schema"), {"format": "json"}).content.decode()
    for path in [
        "/api/v1/programs/{id}/screening-items/",
        "/api/v1/enrollments/{id}/screening/",
        "/api/v1/enrollments/{id}/screening/checks/",
        "/api/v1/enrollments/{id}/screening/approve/",
        "/api/v1/enrollments/{id}/screening/decline/",
        "/api/v1/enrollments/{id}/self-assessment/",
    ]:
        assert path in schema
