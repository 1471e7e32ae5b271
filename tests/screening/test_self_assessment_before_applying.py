"""Someone thinking of mentoring can take a program's self-assessment before applying, and the
advice's "read the orientation guide" leads to a guide anyone can read."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from bridgeway.programs.screening.models import SelfAssessmentResult
from tests.factories import ProgramFactory
from tests.screening.conftest import best_answers, worst_answers

pytestmark = pytest.mark.django_db


def _post(answers: dict[int, int]) -> dict[str, str]:
    return {f"question_{question}": str(choice) for question, choice in answers.items()}


def test_a_visitor_takes_it_before_applying_and_nothing_is_kept(
    client: Client, world: SimpleNamespace, assessment: Any
) -> None:
    program_page = client.get(reverse("programs:detail", args=[world.program_a.pk])).content
    url = reverse("screening:self_assessment_try", args=[world.program_a.pk])
    assert url.encode() in program_page
    assert client.get(url).status_code == 200
    low = client.post(url, _post(worst_answers(assessment))).content.decode()
    assert "Your score: 0 out of 100." in low
    assert "The program asks for 60." in low
    assert reverse("learning:mentor_guide") in low
    high = client.post(url, _post(best_answers(assessment))).content.decode()
    assert "Your score: 100 out of 100." in high
    assert not SelfAssessmentResult.objects.exists()


def test_an_unanswered_question_is_named_and_gives_no_score(
    client: Client, world: SimpleNamespace, assessment: Any
) -> None:
    answers = best_answers(assessment)
    answers.pop(next(iter(answers)))
    url = reverse("screening:self_assessment_try", args=[world.program_a.pk])
    response = client.post(url, _post(answers))
    assert response.status_code == 400
    assert "Choose an answer to this question." in response.content.decode()
    assert "Your score" not in response.content.decode()


def test_programs_without_an_open_assessment_or_unpublished_give_404(
    client: Client, world: SimpleNamespace, assessment: Any
) -> None:
    hidden = ProgramFactory(organization=world.agency_a, is_published=False)
    for program in (world.program_b, hidden):
        url = reverse("screening:self_assessment_try", args=[program.pk])
        assert client.get(url).status_code == 404
    page = client.get(reverse("programs:detail", args=[world.program_b.pk])).content.decode()
    assert "self-assessment" not in page


def test_the_orientation_guides_are_open_to_everyone_in_their_language(client: Client) -> None:
    page = client.get(reverse("learning:mentor_guide")).content.decode()
    assert "Mentor orientation" in page
    client.cookies.load({"django_language": "fr"})
    page = client.get(reverse("learning:mentee_guide"), HTTP_ACCEPT_LANGUAGE="fr").content
    assert "Orientation" in page.decode()


def test_the_enrolled_mentor_s_result_links_the_guide(
    client: Client, world: SimpleNamespace, assessment: Any, mentor: Any
) -> None:
    client.force_login(world.frank)
    url = reverse("screening:self_assessment", args=[mentor.pk])
    client.post(url, _post(worst_answers(assessment)))
    assert reverse("learning:mentor_guide") in client.get(url).content.decode()


def test_answers_given_before_applying_come_filled_in_after_applying_as_a_mentor(
    client: Client, world: SimpleNamespace, assessment: Any
) -> None:
    answers = best_answers(assessment)
    client.post(reverse("screening:self_assessment_try", args=[world.program_a.pk]), _post(answers))
    assert not SelfAssessmentResult.objects.exists()  # nothing recorded before applying
    client.force_login(world.mallory)
    client.post(reverse("programs:detail", args=[world.program_a.pk]), {"role": "mentor"})
    enrollment = world.mallory.enrollments.get(program=world.program_a)
    url = reverse("screening:self_assessment", args=[enrollment.pk])
    page = client.get(url).content.decode()
    assert "Filled in from the answers you gave before applying" in page
    for question, choice in answers.items():
        assert f'name="question_{question}" value="{choice}"' in page
    assert page.count(" checked") == len(answers)
    client.post(url, _post(answers))
    assert SelfAssessmentResult.objects.get(enrollment=enrollment).score == 100
    retake = client.get(f"{url}?retake=1").content.decode()
    assert "Filled in from the answers" not in retake


def test_earlier_answers_are_not_offered_to_someone_who_never_took_it(
    client: Client, world: SimpleNamespace, assessment: Any, mentor: Any
) -> None:
    client.force_login(world.frank)
    page = client.get(reverse("screening:self_assessment", args=[mentor.pk])).content.decode()
    assert "Filled in from the answers" not in page
    assert " checked" not in page


def test_the_dashboard_result_links_the_guide_its_advice_mentions(
    client: Client, world: SimpleNamespace, assessment: Any, mentor: Any
) -> None:
    client.force_login(world.frank)
    client.post(
        reverse("screening:self_assessment", args=[mentor.pk]), _post(worst_answers(assessment))
    )
    dashboard = client.get(reverse("core:dashboard")).content.decode()
    assert "guide" in str(assessment.advice_below)
    assert reverse("learning:mentor_guide") in dashboard
