from __future__ import annotations

from types import SimpleNamespace

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from bridgeway.programs.models import Enrollment
from bridgeway.programs.questionnaires.models import Answer

pytestmark = pytest.mark.django_db


@pytest.fixture
def api() -> APIClient:
    return APIClient()


def _questions_url(world: SimpleNamespace) -> str:
    return reverse("api:program-questions", args=[world.program_a.pk])


def test_staff_read_every_question(api: APIClient, world: SimpleNamespace, questions) -> None:
    api.force_authenticate(world.bob)
    rows = api.get(_questions_url(world)).json()
    assert [row["key"] for row in rows] == ["languages", "help", "time_zone", "confidence", "offer"]
    help_row = rows[1]
    assert help_row["choices"][0] == {
        "value": "housing",
        "label": "Housing",
        "labels": {"en": "Housing", "fr": "Logement"},
    }
    assert help_row["rule"] == "covers"


def test_a_participant_reads_the_questions_of_their_role(
    api: APIClient, world: SimpleNamespace, questions
) -> None:
    api.force_authenticate(world.frank)
    keys = [row["key"] for row in api.get(_questions_url(world)).json()]
    assert keys == ["languages", "help", "time_zone", "offer"]


def test_a_questions_label_follows_the_callers_language(
    api: APIClient, world: SimpleNamespace, questions
) -> None:
    world.erin.preferred_language = "fr"
    world.erin.save()
    api.force_login(world.erin)
    rows = api.get(_questions_url(world)).json()
    assert rows[1]["label"] == "Quelle aide?"
    assert rows[1]["text"] == {"en": "What help?", "fr": "Quelle aide?"}


def test_people_outside_the_program_get_404(
    api: APIClient, world: SimpleNamespace, questions
) -> None:
    api.force_authenticate(world.mallory)
    theirs = api.get(_questions_url(world))
    missing = api.get(reverse("api:program-questions", args=[987654321]))
    assert theirs.status_code == missing.status_code == 404
    assert theirs.json() == missing.json()


def test_a_participant_puts_answers_and_reads_them_back(
    api: APIClient, world: SimpleNamespace, questions, erin_enrollment
) -> None:
    api.force_authenticate(world.erin)
    url = reverse("api:enrollment-answers", args=[erin_enrollment.pk])
    response = api.put(
        url, {"languages": {"ar": "native"}, "time_zone": "Asia/Damascus"}, format="json"
    )
    assert response.status_code == 200
    body = response.json()
    assert body["answers"] == {"languages": {"ar": "native"}, "time_zone": "Asia/Damascus"}
    assert (body["answered_required"], body["required"], body["editable"]) == (2, 3, True)
    cleared = api.put(url, {"time_zone": None}, format="json").json()
    assert cleared["answers"] == {"languages": {"ar": "native"}}


def test_bad_answers_get_400_by_question_key_and_nothing_is_saved(
    api: APIClient, world: SimpleNamespace, questions, erin_enrollment
) -> None:
    api.force_authenticate(world.erin)
    url = reverse("api:enrollment-answers", args=[erin_enrollment.pk])
    response = api.put(
        url,
        {"languages": {"ar": "native"}, "confidence": 11, "offer": "x", "nope": 1},
        format="json",
    )
    assert response.status_code == 400
    errors = response.json()
    assert errors["confidence"] == ["Choose a whole number from 1 to 5."]
    assert set(errors) == {"confidence", "offer", "nope"}
    assert not Answer.objects.exists()
    assert api.put(url, ["not", "an", "object"], format="json").status_code == 400


def test_staff_read_answers_but_cannot_change_them(
    api: APIClient, world: SimpleNamespace, questions, erin_enrollment
) -> None:
    Answer.objects.create(
        enrollment=erin_enrollment, question=questions.time_zone, value="Asia/Kabul"
    )
    api.force_authenticate(world.alice)
    url = reverse("api:enrollment-answers", args=[erin_enrollment.pk])
    body = api.get(url).json()
    assert body["answers"] == {"time_zone": "Asia/Kabul"}
    assert body["editable"] is False
    assert api.put(url, {"time_zone": "UTC"}, format="json").status_code == 403
    assert Answer.objects.get().value == "Asia/Kabul"


def test_another_agencys_staff_get_404_for_answers(
    api: APIClient, world: SimpleNamespace, erin_enrollment
) -> None:
    api.force_authenticate(world.carol)
    url = reverse("api:enrollment-answers", args=[erin_enrollment.pk])
    assert api.get(url).status_code == 404
    assert api.put(url, {}, format="json").status_code == 404


def test_huge_ids_are_simply_not_found(api: APIClient, world: SimpleNamespace) -> None:
    api.force_authenticate(world.erin)
    assert api.get(f"/api/v1/enrollments/{2**70}/answers/").status_code == 404
    assert api.get(f"/api/v1/programs/{2**70}/questions/").status_code == 404


def test_the_schema_describes_questions_and_answers(api: APIClient) -> None:
    paths = api.get(reverse("api:schema"), {"format": "json"}).json()["paths"]
    assert "get" in paths["/api/v1/programs/{id}/questions/"]
    assert {"get", "put"} <= set(paths["/api/v1/enrollments/{id}/answers/"])


def test_a_mentor_enrolled_in_the_program_sees_only_their_own_answers(
    api: APIClient, world: SimpleNamespace, erin_enrollment
) -> None:
    api.force_authenticate(world.frank)
    url = reverse("api:enrollment-answers", args=[erin_enrollment.pk])
    assert api.get(url).status_code == 404
    own = Enrollment.objects.get(person=world.frank)
    assert api.get(reverse("api:enrollment-answers", args=[own.pk])).status_code == 200
