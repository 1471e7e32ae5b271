from __future__ import annotations

from datetime import timedelta
from types import SimpleNamespace

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from bridgeway.core.models import AuditEvent
from bridgeway.learning.models import Lesson, LessonCompletion, QuizAttempt, TrainingModule
from bridgeway.programs.models import Enrollment, EnrollmentStatus
from tests.factories import EnrollmentFactory, PersonFactory
from tests.learning.conftest import make_module, right_answers, wrong_answers

pytestmark = pytest.mark.django_db


def _lesson_url(t: SimpleNamespace, lesson: Lesson) -> str:
    return reverse("learning:lesson", args=[t.frank_enrollment.pk, lesson.pk])


def _quiz_url(t: SimpleNamespace) -> str:
    return reverse("learning:quiz", args=[t.frank_enrollment.pk, t.module.pk])


def _quiz_post(module: TrainingModule, answers: dict[int, list[int]]) -> dict[str, object]:
    data: dict[str, object] = {"submission_key": "6b0f3c3e-8f6e-4a53-9d4e-1c1c0f7c2a11"}
    for question, choices in answers.items():
        data[f"question_{question}"] = [str(c) for c in choices]
    return data


# Participants -------------------------------------------------------------------------------


def test_the_training_page_shows_modules_for_the_persons_role_with_progress(
    client: Client, training: SimpleNamespace
) -> None:
    client.force_login(training.frank)
    response = client.get(reverse("learning:home"))
    assert b"Mentor basics" in response.content
    assert b"Mentee basics" not in response.content
    assert b"Modules complete: 0 of 1" in response.content
    assert b"Finish the required modules to be ready for matching." in response.content


def test_someone_without_training_sees_an_empty_state(
    client: Client, world: SimpleNamespace
) -> None:
    client.force_login(world.mallory)
    response = client.get(reverse("learning:home"))
    assert b"No training for you yet" in response.content


def test_a_lesson_is_shown_safely_with_its_paragraphs(
    client: Client, training: SimpleNamespace
) -> None:
    lesson = training.lessons[0]
    lesson.body = {"en": "First <script>alert(1)</script>\n\nSecond"}
    lesson.save()
    client.force_login(training.frank)
    response = client.get(_lesson_url(training, lesson))
    assert b"<script>alert(1)" not in response.content
    assert b"&lt;script&gt;" in response.content
    assert b"<p>Second</p>" in response.content
    assert b"Lesson 1 of 2" in response.content


def test_a_video_lesson_links_out_in_a_new_tab_with_its_transcript(
    client: Client, training: SimpleNamespace
) -> None:
    lesson = Lesson.objects.create(
        module=training.module,
        kind="video",
        title={"en": "Welcome video"},
        body={"en": "In this video, our coordinator explains the program."},
        video_url="https://video.example.org/welcome",
        order=3,
    )
    client.force_login(training.frank)
    response = client.get(_lesson_url(training, lesson))
    assert b'href="https://video.example.org/welcome" target="_blank"' in response.content
    assert b"opens in a new tab" in response.content
    assert b"our coordinator explains" in response.content


def test_marking_lessons_done_leads_to_the_next_lesson_then_the_quiz(
    client: Client, training: SimpleNamespace
) -> None:
    client.force_login(training.frank)
    first, second = training.lessons
    response = client.post(_lesson_url(training, first))
    assert response["Location"] == _lesson_url(training, second)
    response = client.post(_lesson_url(training, second))
    assert response["Location"] == _quiz_url(training)
    assert LessonCompletion.objects.filter(enrollment=training.frank_enrollment).count() == 2


def test_an_unanswered_quiz_names_the_question_and_saves_nothing(
    client: Client, training: SimpleNamespace
) -> None:
    client.force_login(training.frank)
    answers = right_answers(training.module)
    answers.pop(next(iter(answers)))
    response = client.post(_quiz_url(training), _quiz_post(training.module, answers))
    assert response.status_code == 200
    assert b"Answer this question." in response.content
    assert not QuizAttempt.objects.exists()


def test_passing_the_quiz_after_the_lessons_makes_the_mentor_ready(
    client: Client, training: SimpleNamespace
) -> None:
    client.force_login(training.frank)
    for lesson in training.lessons:
        client.post(_lesson_url(training, lesson))
    response = client.post(
        _quiz_url(training),
        _quiz_post(training.module, right_answers(training.module)),
        follow=True,
    )
    assert b"You passed with 100%." in response.content
    assert b"You are ready to be matched." in response.content
    training.frank_enrollment.refresh_from_db()
    assert training.frank_enrollment.status == EnrollmentStatus.READY
    # The quiz is closed once passed: it shows the result again.
    assert client.get(_quiz_url(training)).status_code == 302


def test_a_failed_quiz_shows_the_right_answers_and_offers_a_retake(
    client: Client, training: SimpleNamespace
) -> None:
    client.force_login(training.frank)
    response = client.post(
        _quiz_url(training),
        _quiz_post(training.module, wrong_answers(training.module)),
        follow=True,
    )
    assert b"Your score is 0%. You need 80% to pass." in response.content
    assert b"The right answers:" in response.content
    assert b"Check time zones; Write clearly" in response.content
    assert b"Take the quiz again" in response.content


def test_a_mentee_cannot_open_a_mentor_module(client: Client, training: SimpleNamespace) -> None:
    client.force_login(training.erin)
    url = reverse("learning:module", args=[training.erin_enrollment.pk, training.module.pk])
    assert client.get(url).status_code == 404
    url = reverse("learning:lesson", args=[training.erin_enrollment.pk, training.lessons[0].pk])
    assert client.post(url).status_code == 404
    assert not LessonCompletion.objects.exists()


def test_nobody_else_opens_a_persons_training(client: Client, training: SimpleNamespace) -> None:
    client.force_login(training.erin)
    assert client.get(_quiz_url(training)).status_code == 404
    assert client.post(_lesson_url(training, training.lessons[0])).status_code == 404
    assert not LessonCompletion.objects.exists()


def test_the_dashboard_card_shows_training_progress_and_a_way_to_continue(
    client: Client, training: SimpleNamespace
) -> None:
    client.force_login(training.frank)
    response = client.get(reverse("core:dashboard"))
    assert b"Continue the training" in response.content
    assert (
        reverse("learning:module", args=[training.frank_enrollment.pk, training.module.pk]).encode()
        in response.content
    )


# Staff --------------------------------------------------------------------------------------


def test_an_admin_creates_a_module_in_two_languages(client: Client, world: SimpleNamespace) -> None:
    client.force_login(world.alice)
    response = client.post(
        reverse("learning:module_new", args=[world.program_a.pk]),
        {
            "title_en": "Safety first",
            "title_fr": "La sécurité d'abord",
            "summary_en": "",
            "audience": "both",
            "required": "on",
            "pass_mark": "70",
            "organization": str(world.agency_b.pk),
        },
    )
    module = TrainingModule.objects.get()
    assert response["Location"] == reverse(
        "learning:module_edit", args=[world.program_a.pk, module.pk]
    )
    assert module.title == {"en": "Safety first", "fr": "La sécurité d'abord"}
    assert module.program == world.program_a
    assert AuditEvent.objects.filter(action="training.module.create", actor=world.alice).exists()


def test_module_form_errors_name_the_field(client: Client, world: SimpleNamespace) -> None:
    client.force_login(world.alice)
    response = client.post(
        reverse("learning:module_new", args=[world.program_a.pk]),
        {"title_fr": "Seulement en français", "audience": "mentor", "pass_mark": "150"},
    )
    assert b"Write this text at least in English." in response.content
    assert b"Ensure this value is less than or equal to 100." in response.content
    assert not TrainingModule.objects.exists()


def test_a_video_lesson_with_an_insecure_address_is_refused(
    client: Client, training: SimpleNamespace
) -> None:
    client.force_login(training.alice)
    response = client.post(
        reverse("learning:lesson_new", args=[training.program_a.pk, training.module.pk]),
        {
            "kind": "video",
            "title_en": "Welcome",
            "body_en": "Transcript",
            "video_url": "http://video.example.org/v",
        },
    )
    assert b"Use a secure address that starts with https://." in response.content
    assert not Lesson.objects.filter(kind="video").exists()


def test_an_admin_adds_a_question_with_several_right_answers(
    client: Client, training: SimpleNamespace
) -> None:
    client.force_login(training.alice)
    response = client.post(
        reverse("learning:question_new", args=[training.program_a.pk, training.module.pk]),
        {
            "text_en": "Which help?",
            "choice_1_en": "Listening",
            "correct_1": "on",
            "choice_2_en": "Sharing contacts",
            "correct_2": "on",
            "choice_3_en": "Lending money",
        },
    )
    assert response.status_code == 302
    question = training.module.questions.order_by("-order").first()
    assert question.choices.filter(is_correct=True).count() == 2


def test_a_question_without_a_right_answer_says_so(
    client: Client, training: SimpleNamespace
) -> None:
    client.force_login(training.alice)
    before = training.module.questions.count()
    response = client.post(
        reverse("learning:question_new", args=[training.program_a.pk, training.module.pk]),
        {"text_en": "Which?", "choice_1_en": "A", "choice_2_en": "B"},
    )
    assert b"Mark at least one answer as correct." in response.content
    assert training.module.questions.count() == before


def test_an_admin_copies_the_default_orientation_then_deletes_it(
    client: Client, world: SimpleNamespace
) -> None:
    client.force_login(world.alice)
    client.post(
        reverse("learning:orientation_copy", args=[world.program_a.pk]), {"audience": "mentee"}
    )
    module = TrainingModule.objects.get()
    assert module.title["fr"] == "Orientation des mentorés"
    response = client.get(reverse("learning:module_delete", args=[world.program_a.pk, module.pk]))
    assert b"This cannot be undone." in response.content
    client.post(reverse("learning:module_delete", args=[world.program_a.pk, module.pk]))
    assert not TrainingModule.objects.exists()
    assert AuditEvent.objects.filter(action="training.module.delete").exists()


def test_a_coordinator_sees_the_modules_but_cannot_change_them(
    client: Client, training: SimpleNamespace
) -> None:
    client.force_login(training.bob)
    response = client.get(reverse("learning:staff_training", args=[training.program_a.pk]))
    assert b"Mentor basics" in response.content
    assert b"New module" not in response.content
    url = reverse("learning:module_edit", args=[training.program_a.pk, training.module.pk])
    assert (
        client.post(url, {"title_en": "Renamed", "audience": "both", "pass_mark": "1"}).status_code
        == 404
    )
    training.module.refresh_from_db()
    assert training.module.title["en"] == "Mentor basics"


def test_reordering_modules_moves_them(client: Client, training: SimpleNamespace) -> None:
    client.force_login(training.alice)
    url = reverse("learning:module_move", args=[training.program_a.pk, training.mentee_module.pk])
    client.post(url, {"direction": "up"})
    order = list(TrainingModule.objects.order_by("order").values_list("pk", flat=True))
    assert order == [training.mentee_module.pk, training.module.pk]


def test_staff_see_each_persons_progress(
    client: Client, training: SimpleNamespace, django_assert_max_num_queries: object
) -> None:
    LessonCompletion.objects.create(
        enrollment=training.frank_enrollment, lesson=training.lessons[0]
    )
    client.force_login(training.bob)
    url = reverse("learning:staff_progress", args=[training.program_a.pk])
    response = client.get(url)
    assert b"Frank" in response.content
    assert b"Erin" in response.content
    assert b"Modules complete: 0 of 1" in response.content
    for _ in range(15):
        EnrollmentFactory(program=training.program_a, role="mentor")
    # One of them asks which sections the header links to (community, library).
    with django_assert_max_num_queries(17):  # type: ignore[operator]
        client.get(url)
    response = client.get(url, {"role": "mentee"})
    assert b"Frank" not in response.content


def test_the_agency_page_lists_people_stuck_in_training(
    client: Client, training: SimpleNamespace
) -> None:
    Enrollment.objects.filter(pk=training.frank_enrollment.pk).update(
        status_changed_at=timezone.now() - timedelta(days=20)
    )
    recent = EnrollmentFactory(
        program=training.program_a,
        person=PersonFactory(display_name="Recent Rami"),
        role="mentor",
        status="training",
    )
    assert recent.status == "training"
    client.force_login(training.bob)
    response = client.get(reverse("core:agency_overview", args=["agency-a"]))
    assert b"In training for more than 14 days" in response.content
    assert b"1 person has been in training for a long time." in response.content
    assert b"Frank" in response.content
    assert b"Recent Rami" not in response.content


def test_an_agency_with_nobody_stuck_says_so(client: Client, training: SimpleNamespace) -> None:
    client.force_login(training.bob)
    response = client.get(reverse("core:agency_overview", args=["agency-a"]))
    assert b"Nobody is held up in training." in response.content
    make_module(training.program_a, title="Spare")  # more modules, same page


def test_a_program_written_in_english_is_marked_on_a_french_training_page(
    client: Client, training: SimpleNamespace
) -> None:
    program = training.frank_enrollment.program
    program.content_language = "en"
    program.save(update_fields=["content_language"])
    training.frank.preferred_language = "fr"
    training.frank.save(update_fields=["preferred_language"])
    client.force_login(training.frank)
    page = client.get(reverse("learning:home")).content.decode()
    assert f'<span lang="en">{program.name}</span>' in page
    training.frank.preferred_language = "en"
    training.frank.save(update_fields=["preferred_language"])
    page = client.get(reverse("learning:home")).content.decode()
    assert 'lang="en">' not in page.split("<body", 1)[1]
