"""Checking a person's answers: the questionnaire's checks (values.clean_value) for its kinds,
and whole numbers within the question's bounds. Messages are the ones a person understands."""

from __future__ import annotations

from typing import Any, cast

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from bridgeway.core.services import DomainError
from bridgeway.programs.questionnaires import values
from bridgeway.programs.questionnaires.models import Question
from bridgeway.reports.assessments.models import NUMBER, InstrumentQuestion


class AnswersInvalid(DomainError):
    """Some answers were refused: `errors` is {question key: message}."""

    def __init__(self, errors: dict[str, str]) -> None:
        super().__init__(_("Some answers need your attention."))
        self.errors = errors


def as_question(question: InstrumentQuestion) -> Question:
    """The questionnaire's checks and fields read only a question's kind, texts, choices, scale
    and longest text, which an instrument's question has too."""
    return cast(Question, question)


def number_clean(question: InstrumentQuestion, value: Any) -> int | None:
    if isinstance(value, str):
        value = value.strip()
    if values.is_empty(value):
        return None
    low, high = question.scale_min or 0, question.scale_max or 0
    if isinstance(value, str) and value.isdigit():
        value = int(value)
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        raise ValidationError(
            _("Give a whole number from %(low)s to %(high)s.") % {"low": low, "high": high}
        )
    return value


def value_clean(question: InstrumentQuestion, value: Any) -> Any:
    if question.kind == NUMBER:
        return number_clean(question, value)
    return values.clean_value(as_question(question), value)


def answers_clean(questions: list[InstrumentQuestion], answers: dict[str, Any]) -> dict[str, Any]:
    """{key: cleaned value or None} for every question; AnswersInvalid lists every refusal."""
    cleaned: dict[str, Any] = {}
    errors: dict[str, str] = {}
    for question in questions:
        try:
            cleaned[question.key] = value_clean(question, answers.get(question.key))
        except ValidationError as error:
            errors[question.key] = " ".join(error.messages)
            continue
        if question.is_required and cleaned[question.key] is None:
            errors[question.key] = _("Answer this question.")
    if errors:
        raise AnswersInvalid(errors)
    return cleaned


def display(question: InstrumentQuestion, value: Any) -> str:
    """An answer in words, in the reader's language."""
    if question.kind == NUMBER:
        return "" if values.is_empty(value) else str(value)
    return values.display_value(as_question(question), value)
