from __future__ import annotations

from types import SimpleNamespace

import pytest
from django.test import Client
from django.urls import reverse

from bridgeway.learning.models import LessonCompletion, QuizAttempt
from bridgeway.programs.models import EnrollmentStatus
from tests.learning.conftest import right_answers, wrong_answers

pytestmark = pytest.mark.django_db


def _progress_url(t: SimpleNamespace) -> str:
    return reverse("api:training-progress", args=[t.frank_enrollment.pk])


def _attempt_url(t: SimpleNamespace) -> str:
    return reverse("api:training-quiz-attempt", args=[t.frank_enrollment.pk, t.module.pk])


def _payload(answers: dict[int, list[int]], **extra: object) -> dict[str, object]:
    return {
        "answers": [{"question": q, "choices": c} for q, c in answers.items()],
        **extra,
    }


def test_the_person_reads_their_modules_with_progress_but_not_the_answers(
    client: Client, training: SimpleNamespace
) -> None:
    client.force_login(training.frank)
    data = client.get(_progress_url(training)).json()
    assert data["modules_total"] == 1
    assert data["complete"] is False
    module = data["modules"][0]
    assert module["title"] == "Mentor basics"
    assert module["lessons_total"] == 2
    assert [q["choose_all_that_apply"] for q in module["questions"]] == [False, True]
    assert "correct" not in str(module["questions"])


def test_agency_staff_read_progress_but_cannot_record_it(
    client: Client, training: SimpleNamespace
) -> None:
    client.force_login(training.bob)
    assert client.get(_progress_url(training)).status_code == 200
    url = reverse(
        "api:training-lesson-complete", args=[training.frank_enrollment.pk, training.lessons[0].pk]
    )
    assert client.post(url).status_code == 404
    assert not LessonCompletion.objects.exists()


def test_lessons_and_a_passed_quiz_through_the_api_make_the_person_ready(
    client: Client, training: SimpleNamespace
) -> None:
    client.force_login(training.frank)
    for lesson in training.lessons:
        url = reverse(
            "api:training-lesson-complete", args=[training.frank_enrollment.pk, lesson.pk]
        )
        assert client.post(url).json()["lesson"] == lesson.pk
    response = client.post(
        _attempt_url(training),
        _payload(right_answers(training.module)),
        content_type="application/json",
    )
    assert response.status_code == 201
    body = response.json()
    assert body["score"] == 100
    assert body["passed"] is True
    assert body["became_ready"] is True
    training.frank_enrollment.refresh_from_db()
    assert training.frank_enrollment.status == EnrollmentStatus.READY


def test_a_failed_attempt_says_which_questions_were_wrong(
    client: Client, training: SimpleNamespace
) -> None:
    client.force_login(training.frank)
    body = client.post(
        _attempt_url(training),
        _payload(wrong_answers(training.module)),
        content_type="application/json",
    ).json()
    assert body["passed"] is False
    assert [r["right"] for r in body["results"]] == [False, False]
    assert all(r["correct_choices"] for r in body["results"])


def test_a_retry_with_the_same_key_is_stored_once(
    client: Client, training: SimpleNamespace
) -> None:
    client.force_login(training.frank)
    payload = _payload(
        wrong_answers(training.module), submission_key="0d4d7b1e-3a57-4c51-8f6f-3b7c2f2d9e10"
    )
    ids = {
        client.post(_attempt_url(training), payload, content_type="application/json").json()["id"]
        for _ in range(2)
    }
    assert len(ids) == 1
    assert QuizAttempt.objects.count() == 1


@pytest.mark.parametrize(
    "payload",
    [
        {},
        {"answers": []},
        {"answers": "all of them"},
        {"answers": [{"question": "x", "choices": [1]}]},
        {"answers": [{"question": 1, "choices": []}]},
        {"answers": [{"question": 2**70, "choices": [1]}]},
        {"answers": [{"question": 1, "choices": [1]}], "submission_key": "not-a-uuid"},
    ],
)
def test_bad_submissions_get_a_field_error_and_write_nothing(
    client: Client, training: SimpleNamespace, payload: dict[str, object]
) -> None:
    client.force_login(training.frank)
    response = client.post(_attempt_url(training), payload, content_type="application/json")
    assert response.status_code == 400
    assert response.json()
    assert not QuizAttempt.objects.exists()


def test_a_missing_answer_is_named(client: Client, training: SimpleNamespace) -> None:
    client.force_login(training.frank)
    answers = right_answers(training.module)
    answers.pop(next(iter(answers)))
    response = client.post(
        _attempt_url(training), _payload(answers), content_type="application/json"
    )
    assert response.status_code == 400
    assert response.json() == {"answers": ["Answer question 1."]}


def test_the_training_endpoints_are_in_the_schema(client: Client) -> None:
    schema = client.get(reverse("api:schema"), {"format": "json"}).json()
    paths = schema["paths"]
    assert "/api/v1/enrollments/{id}/training/" in paths
    assert "post" in paths["/api/v1/enrollments/{id}/training/modules/{module_pk}/attempts/"]
    assert "post" in paths["/api/v1/enrollments/{id}/training/lessons/{lesson_pk}/complete/"]
