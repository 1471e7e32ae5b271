"""The person answers on a page: the questionnaire's fields, clear errors, once."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from django.test import Client
from django.urls import reverse

from bridgeway.reports.assessments.models import AssessmentAnswer
from bridgeway.reports.assessments.moments import assessment_send
from bridgeway.reports.assessments.services import instrument_add_ready_made
from tests.factories import EnrollmentFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def sent(world: SimpleNamespace):  # type: ignore[no-untyped-def]
    instrument = instrument_add_ready_made(program=world.program_a, name="mentee", by=world.alice)
    enrollment = EnrollmentFactory(program=world.program_a, role="mentee")
    return assessment_send(instrument=instrument, enrollment=enrollment, moment="before")


GOOD = {
    "q_confidence_skills": "2",
    "q_network_size": "3",
    "q_applications_sent": "12",
    "q_interviews": "",
    "q_employment": "not_working",
}


def test_the_page_asks_each_question_with_a_label(client: Client, sent) -> None:  # type: ignore[no-untyped-def]
    client.force_login(sent.enrollment.person)
    page = client.get(reverse("reports:assessment", args=[sent.pk])).content.decode()
    assert "How confident are you presenting your skills" in page
    assert "<legend>How confident are you presenting your skills" in page  # radios in a fieldset
    assert 'inputmode="numeric"' in page
    assert '<label for="id_q_network_size">' in page


def test_answering_saves_once_and_a_second_submit_changes_nothing(client: Client, sent) -> None:  # type: ignore[no-untyped-def]
    client.force_login(sent.enrollment.person)
    url = reverse("reports:assessment", args=[sent.pk])
    response = client.post(url, GOOD)
    assert response.status_code == 302
    sent.refresh_from_db()
    assert sent.completed_at is not None
    stored = {a.question.key: a.value for a in AssessmentAnswer.objects.filter(assessment=sent)}
    assert stored == {
        "confidence_skills": 2,
        "network_size": 3,
        "applications_sent": 12,
        "employment": "not_working",
    }
    again = client.post(url, {**GOOD, "q_confidence_skills": "5"}, follow=True)
    assert "You have already answered. Your first answers are kept." in again.content.decode()
    assert AssessmentAnswer.objects.filter(assessment=sent).count() == 4
    assert (
        AssessmentAnswer.objects.get(assessment=sent, question__key="confidence_skills").value == 2
    )
    page = client.get(url).content.decode()
    assert "You answered on" in page
    assert "Not working" not in page
    assert "No, not at the moment" in page


def test_refused_answers_are_explained_and_nothing_is_saved(client: Client, sent) -> None:  # type: ignore[no-untyped-def]
    client.force_login(sent.enrollment.person)
    url = reverse("reports:assessment", args=[sent.pk])
    page = client.post(url, {**GOOD, "q_network_size": "-4", "q_confidence_skills": "9"})
    text = page.content.decode()
    assert page.status_code == 200
    assert "Some answers need your attention" in text
    assert "Ensure this value is greater than or equal to 0." in text
    assert "Select a valid choice." in text
    sent.refresh_from_db()
    assert sent.completed_at is None
    assert not AssessmentAnswer.objects.exists()


def test_a_required_question_left_empty_is_named(client: Client, sent) -> None:  # type: ignore[no-untyped-def]
    sent.instrument.questions.filter(key="employment").update(is_required=True)
    client.force_login(sent.enrollment.person)
    url = reverse("reports:assessment", args=[sent.pk])
    text = client.post(url, {**GOOD, "q_employment": ""}).content.decode()
    assert "Answer this question." in text
    assert 'id="id_q_employment_error"' in text or "field-invalid" in text
    assert not AssessmentAnswer.objects.exists()


def test_someone_else_s_assessment_is_not_found(client: Client, sent, world) -> None:  # type: ignore[no-untyped-def]
    client.force_login(world.erin)
    url = reverse("reports:assessment", args=[sent.pk])
    assert client.get(url).status_code == 404
    assert client.post(url, GOOD).status_code == 404
    client.force_login(world.alice)  # staff read results, not the person's page
    assert client.get(url).status_code == 404
    sent.refresh_from_db()
    assert sent.completed_at is None


def test_the_person_s_list_shows_what_waits(client: Client, sent) -> None:  # type: ignore[no-untyped-def]
    client.force_login(sent.enrollment.person)
    page = client.get(reverse("reports:assessments")).content.decode()
    assert reverse("reports:assessment", args=[sent.pk]) in page
    assert "Your job search and your confidence" in page
