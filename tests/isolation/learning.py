"""Isolation entries for training: agency A's module, lessons, quiz and a mentor's progress
carry the canary; agency B tries A's ids on every address, also under B's own program, module
and enrollment."""

from __future__ import annotations

from collections.abc import Callable
from types import SimpleNamespace

from bridgeway.learning.models import (
    Lesson,
    LessonCompletion,
    QuizAttempt,
    QuizChoice,
    QuizQuestion,
    TrainingModule,
)
from tests.factories import EnrollmentFactory, PersonFactory
from tests.isolation._shared import CANARY, MISSING, NO_IDS, Entry, Pair, pk_of

# Rows a request by agency B must never change (added to the matrix fingerprint).
FINGERPRINT_MODELS = [
    TrainingModule,
    Lesson,
    QuizQuestion,
    QuizChoice,
    LessonCompletion,
    QuizAttempt,
]


def _module(a: SimpleNamespace) -> list[Pair]:
    return [
        (
            {"pk": a.program.pk, "module_pk": a.training_module.pk},
            {"pk": MISSING, "module_pk": MISSING},
        ),
        (
            {"pk": a.training_program_b.pk, "module_pk": a.training_module.pk},
            {"pk": a.training_program_b.pk, "module_pk": MISSING},
        ),
    ]


def _in_module(attr: str, name: str) -> Callable[[SimpleNamespace], list[Pair]]:
    """A's object under A's program and module, and under B's own program and module."""

    def pairs(a: SimpleNamespace) -> list[Pair]:
        pk = getattr(a, attr).pk
        return [
            (
                {"pk": a.program.pk, "module_pk": a.training_module.pk, name: pk},
                {"pk": MISSING, "module_pk": MISSING, name: MISSING},
            ),
            (
                {"pk": a.training_program_b.pk, "module_pk": a.training_module_b.pk, name: pk},
                {"pk": a.training_program_b.pk, "module_pk": a.training_module_b.pk, name: MISSING},
            ),
        ]

    return pairs


def _learner(name: str, attr: str) -> Callable[[SimpleNamespace], list[Pair]]:
    """A's enrollment with A's object, and B's own mentor enrollment with A's object."""

    def pairs(a: SimpleNamespace) -> list[Pair]:
        pk = getattr(a, attr).pk
        return [
            (
                {"enrollment_pk": a.mentor_enrollment.pk, name: pk},
                {"enrollment_pk": MISSING, name: MISSING},
            ),
            (
                {"enrollment_pk": a.training_enrollment_b.pk, name: pk},
                {"enrollment_pk": a.training_enrollment_b.pk, name: MISSING},
            ),
        ]

    return pairs


def _api(name: str, attr: str) -> Callable[[SimpleNamespace], list[Pair]]:
    def pairs(a: SimpleNamespace) -> list[Pair]:
        pk = getattr(a, attr).pk
        return [
            ({"pk": a.mentor_enrollment.pk, name: pk}, {"pk": MISSING, name: MISSING}),
            (
                {"pk": a.training_enrollment_b.pk, name: pk},
                {"pk": a.training_enrollment_b.pk, name: MISSING},
            ),
        ]

    return pairs


MATRIX: dict[str, Entry] = {
    "learning:home": NO_IDS,
    "learning:mentor_guide": NO_IDS,
    "learning:mentee_guide": NO_IDS,
    "learning:module": _learner("module_pk", "training_module"),
    "learning:lesson": _learner("lesson_pk", "training_lesson"),
    "learning:quiz": _learner("module_pk", "training_module"),
    "learning:attempt": _learner("attempt_pk", "training_attempt"),
    "learning:staff_training": pk_of("program"),
    "learning:staff_progress": pk_of("program"),
    "learning:module_new": pk_of("program"),
    "learning:orientation_copy": pk_of("program"),
    "learning:module_edit": _module,
    "learning:module_move": _module,
    "learning:module_delete": _module,
    "learning:lesson_new": _module,
    "learning:lesson_edit": _in_module("training_lesson", "lesson_pk"),
    "learning:lesson_move": _in_module("training_lesson", "lesson_pk"),
    "learning:lesson_delete": _in_module("training_lesson", "lesson_pk"),
    "learning:question_new": _module,
    "learning:question_edit": _in_module("training_question", "question_pk"),
    "learning:question_move": _in_module("training_question", "question_pk"),
    "learning:question_delete": _in_module("training_question", "question_pk"),
    "api:training-progress": pk_of("mentor_enrollment"),
    "api:training-lesson-complete": _api("lesson_pk", "training_lesson"),
    "api:training-quiz-attempt": _api("module_pk", "training_module"),
}


def extend(world: SimpleNamespace, a: SimpleNamespace) -> None:
    module = TrainingModule.objects.create(
        program=a.program,
        audience="both",
        title={"en": f"Module {CANARY}"},
        summary={"en": f"Summary {CANARY}"},
    )
    lesson = Lesson.objects.create(
        module=module,
        kind="scenario",
        title={"en": f"Lesson {CANARY}"},
        body={"en": f"Situation {CANARY}"},
        discussion={"en": f"Discussion {CANARY}"},
    )
    question = QuizQuestion.objects.create(module=module, text={"en": f"Question {CANARY}"})
    right = QuizChoice.objects.create(
        question=question, text={"en": f"Yes {CANARY}"}, is_correct=True
    )
    QuizChoice.objects.create(question=question, text={"en": "No"}, is_correct=False)
    LessonCompletion.objects.create(enrollment=a.mentor_enrollment, lesson=lesson)
    attempt = QuizAttempt.objects.create(
        enrollment=a.mentor_enrollment,
        module=module,
        score=100,
        passed=True,
        answers={str(question.pk): [right.pk]},
    )
    # B's own program, module and mentor enrollment, so that B's people reach the lookup of
    # A's object inside something of their own.
    module_b = TrainingModule.objects.create(
        program=world.program_b, audience="both", title={"en": "B module"}
    )
    enrollment_b = EnrollmentFactory(
        program=world.program_b,
        person=PersonFactory(email="b-learner@example.org"),
        role="mentor",
    )
    a.training_module = module
    a.training_lesson = lesson
    a.training_question = question
    a.training_attempt = attempt
    a.training_program_b = world.program_b
    a.training_module_b = module_b
    a.training_enrollment_b = enrollment_b
