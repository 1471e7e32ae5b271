"""Quizzes: staff write the questions of a module's quiz; participants take it. A pass completes
the module when every lesson is read."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from bridgeway.core.i18n import translated
from bridgeway.core.ordering import order_move
from bridgeway.core.services import DomainError, audit_record
from bridgeway.learning.models import QuizAttempt, QuizChoice, QuizQuestion, TrainingModule
from bridgeway.learning.progress import after_step, check_can_train
from bridgeway.learning.selectors import quiz_questions
from bridgeway.learning.services import (
    default_text,
    held_back_by_training,
    next_order,
    release_training,
    require_text,
)
from bridgeway.programs.models import Enrollment

if TYPE_CHECKING:
    from bridgeway.accounts.models import Person

MIN_CHOICES = 2


# Quiz questions -----------------------------------------------------------------------------


@dataclass(frozen=True)
class ChoiceData:
    text: dict[str, str]
    is_correct: bool


def _check_question(text: dict[str, str], choices: Sequence[ChoiceData]) -> list[ChoiceData]:
    require_text(text, "text")
    for number, choice in enumerate(choices, start=1):
        if choice.is_correct and not translated(choice.text):
            raise DomainError(
                _("Answer %(number)s is marked correct but has no text.") % {"number": number},
                field=f"choice_{number}",
            )
        if translated(choice.text):
            require_text(choice.text, f"choice_{number}")
    kept = [choice for choice in choices if translated(choice.text)]
    if len(kept) < MIN_CHOICES:
        raise DomainError(_("Give at least two answers."), field="choice_1")
    if not any(choice.is_correct for choice in kept):
        raise DomainError(_("Mark at least one answer as correct."), field="choice_1")
    return kept


@transaction.atomic
def question_save(
    *,
    module: TrainingModule,
    by: Person,
    text: dict[str, str],
    choices: Sequence[ChoiceData],
    question: QuizQuestion | None = None,
) -> QuizQuestion:
    """Create a question, or edit one keeping its answers' ids so past results still read."""
    kept = _check_question(text, choices)
    if question is None:
        question = QuizQuestion.objects.create(
            module=module, text=text, order=next_order(module.questions.all())
        )
        action = "training.question.create"
    else:
        question.text = text
        question.save()
        action = "training.question.update"
    existing = list(question.choices.order_by("order", "pk"))
    for position, choice in enumerate(kept, start=1):
        if position <= len(existing):
            row = existing[position - 1]
            row.text, row.is_correct, row.order = choice.text, choice.is_correct, position
            row.save()
        else:
            QuizChoice.objects.create(
                question=question, text=choice.text, is_correct=choice.is_correct, order=position
            )
    QuizChoice.objects.filter(pk__in=[row.pk for row in existing[len(kept) :]]).delete()
    audit_record(
        actor=by,
        organization=module.program.organization,
        action=action,
        target=question,
        summary=default_text(question.text),
    )
    return question


@transaction.atomic
def question_delete(*, question: QuizQuestion, by: Person) -> None:
    """Delete a question. Past results stand; deleting the last question deletes the quiz, so
    whoever has read every lesson has finished the module."""
    module = question.module
    last = not module.questions.exclude(pk=question.pk).exists()
    held_back = held_back_by_training(module.program) if module.required and last else []
    audit_record(
        actor=by,
        organization=module.program.organization,
        action="training.question.delete",
        target=question,
        summary=default_text(question.text),
    )
    question.delete()
    release_training(
        held_back,
        module=module,
        reason=gettext_lazy(
            "Training requirement removed: the quiz of the module “%(module)s” was deleted."
        ),
    )


@transaction.atomic
def question_move(*, question: QuizQuestion, by: Person, direction: str) -> None:
    if order_move(rows=question.module.questions.all(), item=question, direction=direction):
        audit_record(
            actor=by,
            organization=question.module.program.organization,
            action="training.question.move",
            target=question,
            summary=f"{default_text(question.text)} {direction}",
        )


@dataclass(frozen=True)
class QuizResult:
    attempt: QuizAttempt
    module_complete: bool
    became_ready: bool


def _score(
    questions: list[QuizQuestion], answers: dict[int, list[int]]
) -> tuple[int, dict[str, list[int]]]:
    """The score out of 100 and the answers as stored. A question counts as right when exactly
    its correct answers are chosen."""
    right = 0
    stored: dict[str, list[int]] = {}
    for number, question in enumerate(questions, start=1):
        choices = list(question.choices.all())
        chosen = sorted(set(answers.get(question.pk) or []))
        if not chosen:
            raise DomainError(
                _("Answer question %(number)s.") % {"number": number}, field="answers"
            )
        valid = {choice.pk for choice in choices}
        if not set(chosen) <= valid:
            raise DomainError(
                _("Question %(number)s has no such answer. Reload the quiz and try again.")
                % {"number": number},
                field="answers",
            )
        correct = {choice.pk for choice in choices if choice.is_correct}
        if len(correct) == 1 and len(chosen) > 1:
            raise DomainError(
                _("Question %(number)s takes one answer only.") % {"number": number},
                field="answers",
            )
        right += set(chosen) == correct
        stored[str(question.pk)] = chosen
    return round(100 * right / len(questions)), stored


@transaction.atomic
def quiz_submit(
    *,
    enrollment: Enrollment,
    module: TrainingModule,
    answers: dict[int, list[int]],
    submission_key: uuid.UUID | None = None,
) -> QuizResult:
    """Score a quiz and save the attempt. The same form sent twice is saved once; after a pass
    the quiz is closed, after a fail it can be taken again."""
    check_can_train(enrollment)
    key = submission_key or uuid.uuid4()
    # One person's attempts at a time, so that "passed once" and the key are checked safely.
    Enrollment.objects.select_for_update().filter(pk=enrollment.pk).first()
    earlier = QuizAttempt.objects.filter(enrollment=enrollment, module=module)
    repeated = earlier.filter(submission_key=key).first()
    if repeated is not None:
        return QuizResult(attempt=repeated, module_complete=False, became_ready=False)
    if earlier.filter(passed=True).exists():
        raise DomainError(_("You have already passed this quiz."))
    questions = quiz_questions(module=module)
    if not questions:
        raise DomainError(_("This module has no quiz."))
    score, stored = _score(questions, answers)
    try:
        with transaction.atomic():
            attempt = QuizAttempt.objects.create(
                enrollment=enrollment,
                module=module,
                score=score,
                passed=score >= module.pass_mark,
                answers=stored,
                submission_key=key,
            )
    except IntegrityError:
        raise DomainError(_("You have already passed this quiz.")) from None
    step = after_step(enrollment, module)
    return QuizResult(
        attempt=attempt, module_complete=step.module_complete, became_ready=step.became_ready
    )
