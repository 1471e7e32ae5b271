from __future__ import annotations

import re
from types import SimpleNamespace

import pytest
from django.test import Client
from django.urls import reverse

from bridgeway.core.models import AuditEvent
from bridgeway.programs.models import Enrollment
from bridgeway.programs.questionnaires.models import Answer, Question

pytestmark = pytest.mark.django_db

NEW_CHOICE_QUESTION = {
    "kind": "multiple_choice",
    "key": "interests",
    "text_en": "What do you enjoy?",
    "text_fr": "Qu'aimez-vous?",
    "audience": "both",
    "is_required": "on",
    "choices_en": "Cooking\nHiking\nMusic",
    "choices_fr": "Cuisine\nRandonnée\nMusique",
    "rule": "required_overlap",
    "rule_weight": "6",
    "min_shared": "1",
    "side": "mentee",
}


def _builder(world: SimpleNamespace) -> str:
    return reverse("questionnaires:builder", args=[world.program_a.pk])


def test_an_admin_adds_a_choice_question_in_two_languages(
    client: Client, world: SimpleNamespace
) -> None:
    client.force_login(world.alice)
    url = reverse("questionnaires:question_new", args=[world.program_a.pk])
    response = client.post(url, NEW_CHOICE_QUESTION)
    question = Question.objects.get(key="interests")
    assert response["Location"] == f"{_builder(world)}#question-{question.pk}"
    assert question.text == {"en": "What do you enjoy?", "fr": "Qu'aimez-vous?"}
    assert [c["value"] for c in question.choices] == ["cooking", "hiking", "music"]
    assert question.choices[1]["label"] == {"en": "Hiking", "fr": "Randonnée"}
    assert question.rule_params == {"min_shared": 1}
    page = client.get(_builder(world))
    assert "Cooking, Hiking, Music" in page.content.decode()


def test_choice_lines_must_match_across_languages(client: Client, world: SimpleNamespace) -> None:
    client.force_login(world.alice)
    url = reverse("questionnaires:question_new", args=[world.program_a.pk])
    response = client.post(url, {**NEW_CHOICE_QUESTION, "choices_fr": "Cuisine\nMusique"})
    assert "Write as many lines in French as in English (3)" in response.content.decode()
    assert not Question.objects.exists()


def test_field_errors_name_the_problem_in_french(client: Client, world: SimpleNamespace) -> None:
    world.alice.preferred_language = "fr"
    world.alice.save()
    client.force_login(world.alice)
    client.cookies["django_language"] = "fr"
    url = reverse("questionnaires:question_new", args=[world.program_a.pk])
    response = client.post(url, {**NEW_CHOICE_QUESTION, "key": "Bad Key!", "text_en": ""})
    assert response.status_code == 200
    assert 'lang="fr"' in response.content.decode()
    assert 'aria-invalid="true"' in response.content.decode()
    assert not Question.objects.exists()


def test_renaming_a_choice_keeps_its_code_and_the_answers(
    client: Client, world: SimpleNamespace
) -> None:
    client.force_login(world.alice)
    client.post(
        reverse("questionnaires:question_new", args=[world.program_a.pk]), NEW_CHOICE_QUESTION
    )
    question = Question.objects.get(key="interests")
    Answer.objects.create(
        enrollment=Enrollment.objects.get(person=world.erin), question=question, value=["hiking"]
    )
    edit = reverse("questionnaires:question_edit", args=[world.program_a.pk, question.pk])
    assert "Cooking\nHiking\nMusic" in client.get(edit).content.decode()
    client.post(edit, {**NEW_CHOICE_QUESTION, "choices_en": "Cooking\nWalking in nature\nMusic"})
    question.refresh_from_db()
    assert [c["value"] for c in question.choices] == ["cooking", "hiking", "music"]
    assert Answer.objects.get(question=question).value == ["hiking"]
    assert AuditEvent.objects.filter(action="question.update", actor=world.alice).exists()


def test_a_coordinator_reads_the_questionnaire_but_cannot_change_it(
    client: Client, world: SimpleNamespace
) -> None:
    Question.objects.create(program=world.program_a, key="city", kind="city", text={"en": "City?"})
    client.force_login(world.bob)
    page = client.get(_builder(world))
    assert page.status_code == 200
    assert "City?" in page.content.decode()
    assert "Move down" not in page.content.decode()
    response = client.post(
        reverse("questionnaires:question_new", args=[world.program_a.pk]), NEW_CHOICE_QUESTION
    )
    assert response.status_code == 404
    assert not Question.objects.filter(key="interests").exists()


def test_an_admin_starts_from_a_template_and_reorders(
    client: Client, world: SimpleNamespace
) -> None:
    client.force_login(world.alice)
    client.post(
        reverse("questionnaires:start", args=[world.program_a.pk]), {"starter": "professional"}
    )
    first, second = list(Question.objects.filter(program=world.program_a))[:2]
    assert first.key == "occupation"
    move = reverse("questionnaires:question_move", args=[world.program_a.pk, second.pk])
    response = client.post(move, {"direction": "up"})
    assert response["Location"].endswith(f"#question-{second.pk}")
    assert next(iter(Question.objects.filter(program=world.program_a))).key == second.key


def test_deleting_asks_first_and_says_how_many_answers_go(
    client: Client, world: SimpleNamespace
) -> None:
    question = Question.objects.create(
        program=world.program_a, key="city", kind="city", text={"en": "City?"}
    )
    Answer.objects.create(
        enrollment=Enrollment.objects.get(person=world.erin), question=question, value="Halifax"
    )
    client.force_login(world.alice)
    url = reverse("questionnaires:question_delete", args=[world.program_a.pk, question.pk])
    assert "1 participant has answered it" in client.get(url).content.decode()
    assert Question.objects.filter(pk=question.pk).exists()
    client.post(url)
    assert not Question.objects.filter(pk=question.pk).exists()


def test_a_participant_fills_their_profile(
    client: Client, world: SimpleNamespace, questions
) -> None:
    enrollment = Enrollment.objects.get(person=world.erin)
    client.force_login(world.erin)
    url = reverse("questionnaires:profile", args=[enrollment.pk])
    page = client.get(url).content.decode()
    assert "Required questions answered: 0 of 3" in page
    assert '<progress max="3" value="0"' in page
    assert "Question scale" in page  # asked of mentees
    assert "Question text" not in page  # asked of mentors only
    response = client.post(
        url,
        {
            "q_languages_0": "ar",
            "q_languages_1": "native",
            "q_languages_2": "en",
            "q_languages_3": "conversational",
            "q_help": ["housing"],
            "q_confidence": "4",
            "accessibility_needs": ["captions"],
            "contact_mode": "video",
        },
    )
    assert response.status_code == 302
    answers = dict(Answer.objects.values_list("question__key", "value"))
    assert answers == {
        "languages": {"ar": "native", "en": "conversational"},
        "help": ["housing"],
        "confidence": 4,
    }
    world.erin.refresh_from_db()
    assert world.erin.accessibility_needs == ["captions"]
    assert world.erin.contact_mode == "video"
    page = client.get(url).content.decode()
    assert "1 required question is still unanswered" in page
    assert "Required questions answered: 2 of 3" in page


def test_a_bad_answer_saves_nothing_and_says_why(
    client: Client, world: SimpleNamespace, questions
) -> None:
    enrollment = Enrollment.objects.get(person=world.erin)
    client.force_login(world.erin)
    response = client.post(
        reverse("questionnaires:profile", args=[enrollment.pk]),
        {
            "q_languages_0": "ar",
            "q_languages_1": "",
            "q_help": ["housing"],
            "contact_mode": "video",
        },
    )
    page = response.content.decode()
    assert "Choose your level for each language you give." in page
    assert not Answer.objects.exists()
    world.erin.refresh_from_db()
    assert world.erin.contact_mode == "any"


def test_the_dashboard_shows_profile_completeness(
    client: Client, world: SimpleNamespace, questions
) -> None:
    client.force_login(world.erin)
    page = client.get(reverse("core:dashboard")).content.decode()
    enrollment = Enrollment.objects.get(person=world.erin)
    assert "Required questions answered: 0 of 3" in page
    assert reverse("questionnaires:profile", args=[enrollment.pk]) in page


def test_the_dashboard_says_nothing_when_a_program_asks_nothing(
    client: Client, world: SimpleNamespace
) -> None:
    client.force_login(world.erin)
    assert "required question" not in client.get(reverse("core:dashboard")).content.decode()


def test_staff_see_the_profile_with_accessibility_needs_first(
    client: Client, world: SimpleNamespace, questions
) -> None:
    world.erin.accessibility_needs = ["captions"]
    world.erin.save()
    enrollment = Enrollment.objects.get(person=world.erin)
    Answer.objects.create(enrollment=enrollment, question=questions.time_zone, value="Asia/Kabul")
    client.force_login(world.bob)
    page = client.get(
        reverse("questionnaires:staff_profile", args=[enrollment.pk])
    ).content.decode()
    assert page.index("Needs captions on video calls") < page.index("Kabul (UTC+04:30)")
    assert "Asia/Kabul" not in page
    assert "Not answered yet" in page


def test_the_agency_page_lists_questionnaires(
    client: Client, world: SimpleNamespace, questions
) -> None:
    client.force_login(world.bob)
    page = client.get(reverse("core:agency_overview", args=["agency-a"])).content.decode()
    assert reverse("questionnaires:builder", args=[world.program_a.pk]) in page
    assert "5 questions" in page


def test_agency_a_staff_see_what_the_isolation_matrix_hides_from_agency_b(
    client: Client, world: SimpleNamespace
) -> None:
    """The canary of tests/isolation/questionnaires.py is really on the pages it guards."""
    from tests.isolation._shared import CANARY
    from tests.isolation.questionnaires import extend

    a = SimpleNamespace(
        program=world.program_a, enrollment=Enrollment.objects.get(person=world.erin)
    )
    extend(world, a)
    client.force_login(world.alice)
    for url in (
        reverse("questionnaires:builder", args=[a.program.pk]),
        reverse("questionnaires:staff_profile", args=[a.enrollment.pk]),
        reverse("api:program-questions", args=[a.program.pk]),
        reverse("api:enrollment-answers", args=[a.enrollment.pk]),
    ):
        assert CANARY in client.get(url).content.decode(), url


def test_the_profile_does_not_ask_again_what_the_person_already_told_us(
    client: Client, world: SimpleNamespace, questions
) -> None:
    """Country and languages given at intake (on the person) come filled in; the person only
    chooses their levels, and nothing already answered is overwritten."""
    Question.objects.create(
        program=world.program_a, key="home", kind="country", text={"en": "Home country?"}
    )
    world.erin.country = "SY"
    world.erin.spoken_languages = ["ar", "en"]
    world.erin.save(update_fields=["country", "spoken_languages"])
    enrollment = Enrollment.objects.get(person=world.erin)
    client.force_login(world.erin)
    url = reverse("questionnaires:profile", args=[enrollment.pk])
    page = client.get(url).content.decode()
    assert '<option value="SY" selected>' in page
    assert '<option value="ar" selected>' in page
    assert '<option value="en" selected>' in page
    assert "Filled in from what you already told us" in page
    Answer.objects.create(
        enrollment=enrollment, question=Question.objects.get(key="home"), value="LB"
    )
    page = client.get(url).content.decode()
    assert '<option value="LB" selected>' in page
    assert '<option value="SY" selected>' not in page


def test_the_availability_question_says_its_time_zone_once(
    client: Client, world: SimpleNamespace
) -> None:
    from bridgeway.programs.questionnaires.services import questionnaire_start

    questionnaire_start(program=world.program_a, by=world.alice, starter="hosting")
    enrollment = Enrollment.objects.get(person=world.erin)
    client.force_login(world.erin)
    page = client.get(reverse("questionnaires:profile", args=[enrollment.pk])).content.decode()
    (help_text,) = re.findall(r'<p class="help" id="[^"]*">([^<]*Tick every time[^<]*)</p>', page)
    assert help_text.count("time zone") == 1
    assert "The times are in your time zone: Toronto (UTC" in help_text


def test_availability_questions_made_from_the_old_starter_get_the_new_help(
    world: SimpleNamespace,
) -> None:
    import importlib

    from django.apps import apps

    from tests.questionnaires.conftest import make_question

    migration = importlib.import_module(
        "bridgeway.programs.questionnaires.migrations.0003_availability_help_text"
    )
    unedited = make_question(world, "availability", help_text=migration.OLD)
    edited = make_question(
        world, "availability", key="free", help_text={"en": "Evenings are best for us."}
    )
    migration.replace(apps, None)
    unedited.refresh_from_db()
    edited.refresh_from_db()
    assert unedited.help_text == migration.NEW
    assert edited.help_text == {"en": "Evenings are best for us."}


def test_the_occupation_given_at_intake_comes_filled_in(
    client: Client, world: SimpleNamespace
) -> None:
    from bridgeway.programs.intake.models import IntakeSubmission
    from bridgeway.programs.intake.selectors import consent_text_current

    Question.objects.create(
        program=world.program_a, key="work", kind="occupation", text={"en": "Your field?"}
    )
    IntakeSubmission.objects.create(
        person=world.erin,
        answers={"help": ["career"], "occupation": "3"},
        program_ids=[world.program_a.pk],
        role="mentee",
        consent_text=consent_text_current(),
        status=IntakeSubmission.Status.APPLIED,
    )
    enrollment = Enrollment.objects.get(person=world.erin)
    client.force_login(world.erin)
    page = client.get(reverse("questionnaires:profile", args=[enrollment.pk])).content.decode()
    assert '<option value="3" selected>' in page
    assert "Filled in from what you already told us" in page


def test_a_question_can_be_marked_sensitive(client: Client, world: SimpleNamespace) -> None:
    """Its answers are hidden once the person withdraws consent to sensitive information."""
    client.force_login(world.alice)
    url = reverse("questionnaires:question_new", args=[world.program_a.pk])
    client.post(url, {**NEW_CHOICE_QUESTION, "is_sensitive": "on"})
    question = Question.objects.get(key="interests")
    assert question.is_sensitive
    assert "sensitive" in client.get(_builder(world)).content.decode()
    edit = reverse("questionnaires:question_edit", args=[world.program_a.pk, question.pk])
    client.post(edit, {**NEW_CHOICE_QUESTION})
    question.refresh_from_db()
    assert not question.is_sensitive
