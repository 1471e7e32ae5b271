from __future__ import annotations

import uuid
from types import SimpleNamespace

import pytest
from django.core import mail

from bridgeway.core.models import AuditEvent
from bridgeway.core.services import DomainError
from bridgeway.learning import quizzes, services
from bridgeway.learning.models import Lesson, LessonCompletion, QuizAttempt, TrainingModule
from bridgeway.learning.progress import lesson_complete
from bridgeway.learning.quizzes import ChoiceData
from bridgeway.programs.models import EnrollmentStatus
from bridgeway.programs.readiness import readiness_blockers
from bridgeway.programs.services import enrollment_set_status
from tests.factories import EnrollmentFactory, PersonFactory
from tests.learning.conftest import make_module, right_answers, wrong_answers

pytestmark = pytest.mark.django_db


def _complete_lessons(t: SimpleNamespace) -> None:
    for lesson in t.lessons:
        lesson_complete(enrollment=t.frank_enrollment, lesson=lesson)


def test_a_program_without_modules_blocks_nothing(world: SimpleNamespace) -> None:
    enrollment = EnrollmentFactory(program=world.program_b, role="mentor", status="training")
    assert readiness_blockers(enrollment) == []


def test_unfinished_required_training_blocks_ready_to_match(training: SimpleNamespace) -> None:
    with pytest.raises(DomainError) as error:
        enrollment_set_status(enrollment=training.frank_enrollment, status="ready", by=training.bob)
    assert "Finish the required training: 1 module left." in error.value.message
    training.frank_enrollment.refresh_from_db()
    assert training.frank_enrollment.status == EnrollmentStatus.TRAINING


def test_a_program_that_does_not_require_training_blocks_nothing(
    training: SimpleNamespace,
) -> None:
    training.program_a.training_required = False
    training.program_a.save(update_fields=["training_required"])
    training.frank_enrollment.refresh_from_db()
    assert readiness_blockers(training.frank_enrollment) == []


def test_optional_modules_and_the_other_roles_modules_do_not_block(
    training: SimpleNamespace,
) -> None:
    training.module.required = False
    training.module.save(update_fields=["required"])
    training.frank_enrollment.refresh_from_db()
    # The mentee module is required, but frank is a mentor.
    assert readiness_blockers(training.frank_enrollment) == []


def test_finishing_the_last_required_module_makes_the_person_ready(
    training: SimpleNamespace, django_capture_on_commit_callbacks: object
) -> None:
    with django_capture_on_commit_callbacks(execute=True):  # type: ignore[operator]
        _complete_lessons(training)
        result = quizzes.quiz_submit(
            enrollment=training.frank_enrollment,
            module=training.module,
            answers=right_answers(training.module),
        )
    assert result.attempt.score == 100
    assert result.attempt.passed
    assert result.became_ready
    training.frank_enrollment.refresh_from_db()
    assert training.frank_enrollment.status == EnrollmentStatus.READY
    assert [m.subject for m in mail.outbox] == ["You are ready to be matched"]
    assert "frank@example.org" in mail.outbox[0].to


def test_a_module_without_quiz_is_complete_when_its_lessons_are_done(
    world: SimpleNamespace,
) -> None:
    mentor = PersonFactory()
    enrollment = EnrollmentFactory(
        program=world.program_a, person=mentor, role="mentor", status="training"
    )
    module = make_module(world.program_a, lessons=1)
    step = lesson_complete(enrollment=enrollment, lesson=module.lessons.get())
    assert step.module_complete
    assert step.became_ready


def test_marking_a_lesson_done_twice_keeps_one_row(training: SimpleNamespace) -> None:
    for _ in range(2):
        lesson_complete(enrollment=training.frank_enrollment, lesson=training.lessons[0])
    assert LessonCompletion.objects.filter(enrollment=training.frank_enrollment).count() == 1


def test_choose_all_that_apply_needs_exactly_the_right_answers(
    training: SimpleNamespace,
) -> None:
    answers = right_answers(training.module)
    second = list(answers)[1]
    answers[second] = answers[second][:1]  # one of the two right answers only
    result = quizzes.quiz_submit(
        enrollment=training.frank_enrollment, module=training.module, answers=answers
    )
    assert result.attempt.score == 50
    assert not result.attempt.passed


def test_a_failed_quiz_can_be_retaken_and_a_passed_one_is_closed(
    training: SimpleNamespace,
) -> None:
    enrollment, module = training.frank_enrollment, training.module
    failed = quizzes.quiz_submit(
        enrollment=enrollment, module=module, answers=wrong_answers(module)
    )
    assert failed.attempt.score == 0
    assert not failed.attempt.passed
    passed = quizzes.quiz_submit(
        enrollment=enrollment, module=module, answers=right_answers(module)
    )
    assert passed.attempt.passed
    with pytest.raises(DomainError, match="already passed"):
        quizzes.quiz_submit(enrollment=enrollment, module=module, answers=right_answers(module))
    assert QuizAttempt.objects.filter(enrollment=enrollment).count() == 2


def test_the_same_quiz_form_sent_twice_is_stored_once(training: SimpleNamespace) -> None:
    key = uuid.uuid4()
    for _ in range(2):
        quizzes.quiz_submit(
            enrollment=training.frank_enrollment,
            module=training.module,
            answers=wrong_answers(training.module),
            submission_key=key,
        )
    assert QuizAttempt.objects.filter(enrollment=training.frank_enrollment).count() == 1


def test_an_unanswered_question_is_named_and_nothing_is_saved(training: SimpleNamespace) -> None:
    answers = right_answers(training.module)
    answers.pop(list(answers)[1])
    with pytest.raises(DomainError, match=r"Answer question 2\."):
        quizzes.quiz_submit(
            enrollment=training.frank_enrollment, module=training.module, answers=answers
        )
    assert not QuizAttempt.objects.exists()


def test_an_answer_of_another_question_is_refused(training: SimpleNamespace) -> None:
    answers = right_answers(training.module)
    first, second = list(answers)
    answers[first] = answers[second][:1]
    with pytest.raises(DomainError, match="Question 1 has no such answer"):
        quizzes.quiz_submit(
            enrollment=training.frank_enrollment, module=training.module, answers=answers
        )


def test_a_withdrawn_person_cannot_record_progress(training: SimpleNamespace) -> None:
    training.frank_enrollment.status = EnrollmentStatus.WITHDRAWN
    training.frank_enrollment.save(update_fields=["status"])
    with pytest.raises(DomainError, match="training can no longer change"):
        lesson_complete(enrollment=training.frank_enrollment, lesson=training.lessons[0])
    assert not LessonCompletion.objects.exists()


def test_the_default_mentor_orientation_is_copied_once(world: SimpleNamespace) -> None:
    module = services.orientation_copy(program=world.program_a, by=world.alice, audience="mentor")
    assert module.audience == "mentor"
    assert module.pass_mark == 80
    assert module.required
    assert module.lessons.count() == 6
    assert set(module.lessons.values_list("kind", flat=True)) == {"text", "etiquette", "scenario"}
    assert module.questions.count() == 5
    for question in module.questions.all():
        assert question.choices.filter(is_correct=True).exists()
        assert question.text["fr"]
    assert module.title == {"en": "Mentor orientation", "fr": "Orientation des mentors"}
    assert AuditEvent.objects.filter(action="training.orientation.copy", actor=world.alice).exists()
    with pytest.raises(DomainError, match="already has this orientation"):
        services.orientation_copy(program=world.program_a, by=world.alice, audience="mentor")
    assert TrainingModule.objects.filter(program=world.program_a).count() == 1


def test_the_default_mentee_orientation_has_a_three_question_quiz(
    world: SimpleNamespace,
) -> None:
    module = services.orientation_copy(program=world.program_a, by=world.alice, audience="mentee")
    assert module.audience == "mentee"
    assert module.questions.count() == 3
    assert module.lessons.filter(kind="etiquette").exists()


def test_moving_a_lesson_swaps_it_with_its_neighbour(training: SimpleNamespace) -> None:
    first, second = training.lessons
    services.lesson_move(lesson=second, by=training.alice, direction="up")
    assert list(training.module.lessons.order_by("order")) == [second, first]
    services.lesson_move(lesson=second, by=training.alice, direction="up")  # already first
    assert AuditEvent.objects.filter(action="training.lesson.move").count() == 1


def test_a_video_lesson_needs_a_secure_address_and_a_transcript(
    training: SimpleNamespace,
) -> None:
    data = {"kind": "video", "title": {"en": "Welcome"}, "body": {"en": "Transcript"}}
    with pytest.raises(DomainError) as error:
        services.lesson_create(
            module=training.module, by=training.alice, **{**data, "video_url": "http://x.org/v"}
        )
    assert error.value.field == "video_url"
    with pytest.raises(DomainError) as error:
        services.lesson_create(
            module=training.module,
            by=training.alice,
            **{**data, "body": {}, "video_url": "https://x.org/v"},
        )
    assert error.value.field == "body"
    assert Lesson.objects.filter(kind="video").count() == 0


def test_a_question_needs_two_answers_and_a_correct_one(training: SimpleNamespace) -> None:
    before = training.module.questions.count()
    with pytest.raises(DomainError, match=r"Mark at least one answer as correct\."):
        quizzes.question_save(
            module=training.module,
            by=training.alice,
            text={"en": "Why?"},
            choices=[ChoiceData({"en": "A"}, False), ChoiceData({"en": "B"}, False)],
        )
    with pytest.raises(DomainError, match=r"Give at least two answers\."):
        quizzes.question_save(
            module=training.module,
            by=training.alice,
            text={"en": "Why?"},
            choices=[ChoiceData({"en": "A"}, True)],
        )
    assert training.module.questions.count() == before


def test_editing_a_question_keeps_its_answers_so_past_results_still_read(
    training: SimpleNamespace,
) -> None:
    question = training.module.questions.order_by("order").first()
    ids = list(question.choices.order_by("order").values_list("pk", flat=True))
    quizzes.question_save(
        module=training.module,
        by=training.alice,
        text={"en": "Reworded?"},
        choices=[ChoiceData({"en": "Listen well"}, True), ChoiceData({"en": "Lend"}, False)],
        question=question,
    )
    assert list(question.choices.order_by("order").values_list("pk", flat=True)) == ids
    assert AuditEvent.objects.filter(action="training.question.update").exists()
