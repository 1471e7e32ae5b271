"""The API: my assessments and answering them once; an instrument's results for its staff."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from rest_framework.test import APIClient

from bridgeway.reports.assessments.models import AssessmentAnswer
from bridgeway.reports.assessments.moments import assessment_send
from tests.factories import EnrollmentFactory

pytestmark = pytest.mark.django_db


def test_i_list_and_answer_my_assessment_once(known: SimpleNamespace) -> None:
    enrollment = EnrollmentFactory(program=known.world.program_a, role="mentee")
    sent = assessment_send(instrument=known.instrument, enrollment=enrollment, moment="before")
    assert sent is not None
    api = APIClient()
    api.force_authenticate(enrollment.person)
    [item] = api.get("/api/v1/me/assessments/?pending=1").json()
    assert item["moment"] == "before"
    assert item["questions"][0]["key"] == "confidence_skills"
    assert item["questions"][0]["scale_max"] == 5
    url = f"/api/v1/me/assessments/{sent.pk}/answers/"
    refused = api.post(url, {"confidence_skills": 7, "network_size": "lots"}, format="json")
    assert refused.status_code == 400
    assert refused.json()["confidence_skills"] == ["Choose a whole number from 1 to 5."]
    assert refused.json()["network_size"] == ["Give a whole number from 0 to 500."]
    done = api.post(url, {"confidence_skills": 4, "employment": "in_field"}, format="json")
    assert done.status_code == 200
    assert done.json()["answers"] == {"confidence_skills": 4, "employment": "in_field"}
    again = api.post(url, {"confidence_skills": 1}, format="json")
    assert again.status_code == 409
    assert AssessmentAnswer.objects.filter(assessment=sent).count() == 2
    assert api.get("/api/v1/me/assessments/?pending=1").json() == []


def test_another_person_s_assessment_is_not_found(known: SimpleNamespace) -> None:
    api = APIClient()
    api.force_authenticate(known.people[1].person)
    theirs = known.people[0].assessments.first()
    response = api.post(f"/api/v1/me/assessments/{theirs.pk}/answers/", {}, format="json")
    assert response.status_code == 404


def test_staff_read_the_results_and_other_agencies_get_404(known: SimpleNamespace) -> None:
    world = known.world
    url = f"/api/v1/programs/{world.program_a.pk}/assessments/{known.instrument.pk}/results/"
    api = APIClient()
    api.force_authenticate(world.bob)
    rows = {row["key"]: row for row in api.get(url).json()}
    assert rows["confidence_skills"]["n"] == 5
    assert rows["confidence_skills"]["mean_change"] == pytest.approx(1.6)
    assert rows["confidence_skills"]["ci_low"] == pytest.approx(0.184285223, abs=1e-8)
    assert api.get(f"{url}?after=yesterday").status_code == 400
    api.force_authenticate(world.carol)
    assert api.get(url).status_code == 404
    api.force_authenticate(known.people[0].person)
    assert api.get(url).status_code == 404
