"""The mentor self-assessment: agency admins set it up (threshold, advice, questions); a mentor
takes it and keeps their score (before applying, screening/views.self_assessment_try scores it
without keeping anything)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from bridgeway.core.i18n import translated
from bridgeway.core.ordering import order_move
from bridgeway.core.services import DomainError, audit_record, changed_fields
from bridgeway.programs.models import Enrollment, Program
from bridgeway.programs.screening import defaults
from bridgeway.programs.screening.models import (
    SelfAssessment,
    SelfAssessmentChoice,
    SelfAssessmentQuestion,
    SelfAssessmentResult,
)
from bridgeway.programs.screening.selectors import (
    ACTIVE_STATUSES,
    assessment_for_program,
    assessment_is_open,
    assessment_score,
)
from bridgeway.programs.screening.services import in_every_language, screening_audit

if TYPE_CHECKING:
    from bridgeway.accounts.models import Person

MAX_CHOICES = 6


# --- Self-assessment: configuration (agency admins) ---------------------------------------------


@transaction.atomic
def assessment_save(
    *,
    program: Program,
    by: Person,
    threshold: int,
    advice_above: dict[str, str],
    advice_below: dict[str, str],
    intro: dict[str, str] | None = None,
) -> SelfAssessment:
    data = {
        "threshold": threshold,
        "intro": intro or {},
        "advice_above": advice_above,
        "advice_below": advice_below,
    }
    assessment, created = SelfAssessment.objects.get_or_create(program=program, defaults=data)
    changes = {} if created else changed_fields(assessment, data)
    if not created and not changes:
        return assessment
    for name, value in data.items():
        setattr(assessment, name, value)
    assessment.full_clean(exclude=["program"])
    assessment.save()
    audit_record(
        actor=by,
        organization=program.organization,
        action="screening.assessment_save",
        target=assessment,
        summary=program.name,
        data={"changes": changes},
    )
    return assessment


@transaction.atomic
def assessment_add_defaults(*, program: Program, by: Person) -> SelfAssessment:
    """The suggested questionnaire (8 questions) for a program that has no questions yet."""
    Program.objects.select_for_update(no_key=True).filter(pk=program.pk).first()
    assessment, _created = SelfAssessment.objects.get_or_create(
        program=program,
        defaults={
            "threshold": defaults.THRESHOLD,
            "intro": in_every_language(defaults.INTRO),
            "advice_below": in_every_language(defaults.ADVICE_BELOW),
            "advice_above": in_every_language(defaults.ADVICE_ABOVE),
        },
    )
    if assessment.questions.exists():
        raise DomainError(_("This self-assessment already has questions."))
    for order, (question_text, choices) in enumerate(defaults.QUESTIONS, start=1):
        question = SelfAssessmentQuestion.objects.create(
            assessment=assessment, text=in_every_language(question_text), order=order
        )
        SelfAssessmentChoice.objects.bulk_create(
            SelfAssessmentChoice(
                question=question, text=in_every_language(text), points=points, order=index
            )
            for index, (text, points) in enumerate(choices, start=1)
        )
    screening_audit(by, program, "screening.assessment_defaults", assessment, program.name)
    return assessment


@transaction.atomic
def question_save(
    *,
    assessment: SelfAssessment,
    by: Person,
    text: dict[str, str],
    choices: list[tuple[dict[str, str], int]],
    question: SelfAssessmentQuestion | None = None,
) -> SelfAssessmentQuestion:
    """Create or replace a question with its answers (earlier results keep their copy)."""
    if not text:
        raise DomainError(_("Write the question."), field="text")
    if len(choices) < 2:
        raise DomainError(_("Give at least two answers to choose from."), field="choices")
    if len(choices) > MAX_CHOICES:
        raise DomainError(
            ngettext(
                "Give at most %(count)d answer.", "Give at most %(count)d answers.", MAX_CHOICES
            )
            % {"count": MAX_CHOICES},
            field="choices",
        )
    if any(not 0 <= points <= 10 for _text, points in choices):
        raise DomainError(_("Points go from 0 to 10."), field="choices")
    if max(points for _text, points in choices) == 0:
        raise DomainError(_("At least one answer must be worth some points."), field="choices")
    if question is None:
        top = assessment.questions.aggregate(top=Max("order"))["top"]
        question = SelfAssessmentQuestion.objects.create(
            assessment=assessment, text=text, order=(top or 0) + 1
        )
        action = "screening.question_create"
    else:
        question.text = text
        question.save(update_fields=["text"])
        question.choices.all().delete()
        action = "screening.question_update"
    SelfAssessmentChoice.objects.bulk_create(
        SelfAssessmentChoice(question=question, text=choice, points=points, order=index)
        for index, (choice, points) in enumerate(choices, start=1)
    )
    screening_audit(by, assessment.program, action, question, translated(text)[:200])
    return question


@transaction.atomic
def question_delete(*, question: SelfAssessmentQuestion, by: Person) -> None:
    screening_audit(
        by, question.assessment.program, "screening.question_delete", question, str(question)[:200]
    )
    question.delete()


@transaction.atomic
def question_move(*, question: SelfAssessmentQuestion, by: Person, direction: str) -> None:
    rows = SelfAssessmentQuestion.objects.filter(assessment=question.assessment)
    if order_move(rows=rows, item=question, direction=direction):
        screening_audit(
            by,
            question.assessment.program,
            "screening.question_move",
            question,
            f"{str(question)[:100]} {direction}",
        )


# --- Self-assessment: a mentor takes it ---------------------------------------------------------


@transaction.atomic
def assessment_submit(*, enrollment: Enrollment, answers: dict[int, int]) -> SelfAssessmentResult:
    """Score a mentor's answers (question id → answer id) from 0 to 100 and keep a copy."""
    if enrollment.role != Enrollment.Role.MENTOR:
        raise DomainError(_("The self-assessment is for mentors."))
    if enrollment.status not in ACTIVE_STATUSES:
        raise DomainError(_("This enrollment is closed."))
    assessment = assessment_for_program(program=enrollment.program)
    if assessment is None or not assessment_is_open(assessment):
        raise DomainError(_("This program has no self-assessment."))
    score, copied = assessment_score(assessment=assessment, answers=answers)
    return SelfAssessmentResult.objects.create(
        enrollment=enrollment,
        assessment=assessment,
        score=score,
        threshold=assessment.threshold,
        answers=copied,
    )
