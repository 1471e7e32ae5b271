"""Training fixtures: frank (a mentor of agency A) in training, with a mentor module of two
lessons and a two-question quiz, and a mentee module erin takes."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

import pytest

from bridgeway.learning.models import Lesson, QuizChoice, QuizQuestion, TrainingModule
from bridgeway.programs.models import Enrollment, EnrollmentStatus


def make_module(
    program: Any,
    *,
    audience: str = "mentor",
    title: str = "Mentor basics",
    lessons: int = 2,
    questions: list[list[tuple[str, bool]]] | None = None,
    pass_mark: int = 80,
    required: bool = True,
    order: int = 1,
) -> TrainingModule:
    module = TrainingModule.objects.create(
        program=program,
        audience=audience,
        title={"en": title, "fr": f"{title} (fr)"},
        summary={"en": "What to know first."},
        pass_mark=pass_mark,
        required=required,
        order=order,
    )
    for number in range(1, lessons + 1):
        Lesson.objects.create(
            module=module,
            title={"en": f"Lesson {number}"},
            body={"en": f"Paragraph one of lesson {number}.\n\nParagraph two."},
            order=number,
        )
    for number, choices in enumerate(questions or [], start=1):
        question = QuizQuestion.objects.create(
            module=module, text={"en": f"Question {number}?"}, order=number
        )
        for position, (text, correct) in enumerate(choices, start=1):
            QuizChoice.objects.create(
                question=question, text={"en": text}, is_correct=correct, order=position
            )
    return module


def right_answers(module: TrainingModule) -> dict[int, list[int]]:
    return {q.pk: [c.pk for c in q.choices.all() if c.is_correct] for q in module.questions.all()}


def wrong_answers(module: TrainingModule) -> dict[int, list[int]]:
    return {
        q.pk: [next(c.pk for c in q.choices.all() if not c.is_correct)]
        for q in module.questions.all()
    }


@pytest.fixture
def training(world: SimpleNamespace) -> SimpleNamespace:
    frank_enrollment = Enrollment.objects.get(person=world.frank)
    frank_enrollment.status = EnrollmentStatus.TRAINING
    frank_enrollment.save(update_fields=["status"])
    module = make_module(
        world.program_a,
        questions=[
            [("Listen first", True), ("Lend money", False)],
            [("Check time zones", True), ("Write clearly", True), ("Use slang", False)],
        ],
    )
    mentee_module = make_module(
        world.program_a, audience="mentee", title="Mentee basics", lessons=1, order=2
    )
    return SimpleNamespace(
        **vars(world),
        module=module,
        mentee_module=mentee_module,
        lessons=list(module.lessons.order_by("order")),
        frank_enrollment=frank_enrollment,
        erin_enrollment=Enrollment.objects.get(person=world.erin),
    )
