"""Writes of the assessments: instruments (a ready-made one in one step, or built question by
question with the questionnaire builder's kinds) and a person's answers to one sending."""

from __future__ import annotations

from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from bridgeway.accounts.models import Person
from bridgeway.core.services import DomainError, audit_record
from bridgeway.programs.models import Program

# The questionnaire builder's own checks of a question's texts, choices and scale.
from bridgeway.programs.questionnaires.services import (
    KEY_PATTERN,
    _checked_choices,
    _checked_scale,
    _texts,
)
from bridgeway.reports.assessments.answers import AnswersInvalid, answers_clean
from bridgeway.reports.assessments.models import (
    KIND_CHOICES,
    NUMBER,
    Assessment,
    AssessmentAnswer,
    Instrument,
    InstrumentQuestion,
    Moment,
)
from bridgeway.reports.assessments.ready_made import READY_MADE

NUMBER_LIMIT = 100_000


class AlreadyAnswered(DomainError):
    pass


@transaction.atomic
def instrument_add_ready_made(*, program: Program, name: str, by: Person) -> Instrument:
    """Add the ready-made instrument `name` ("mentee" or "mentor") to the program, with its
    questions; a program has each at most once."""
    spec = READY_MADE.get(name)
    if spec is None:
        raise DomainError(_("Choose a ready-made instrument from the list."))
    Program.objects.select_for_update().filter(pk=program.pk).first()
    if Instrument.objects.filter(program=program, audience=name, ready_made=name).exists():
        raise DomainError(_("This program already has this ready-made instrument."))
    instrument = Instrument.objects.create(
        program=program,
        audience=name,
        title=spec["title"],
        intro=spec["intro"],
        moments=[str(moment) for moment in spec["moments"]],
        ready_made=name,
    )
    InstrumentQuestion.objects.bulk_create(
        InstrumentQuestion(
            instrument=instrument,
            position=position,
            **{**question, "moments": [str(m) for m in question.get("moments", [])]},
        )
        for position, question in enumerate(spec["questions"], start=1)
    )
    _audit(by, instrument, "assessments.instrument_add", {"ready_made": name})
    return instrument


@transaction.atomic
def instrument_create(
    *, program: Program, by: Person, audience: str, title: dict[str, str], moments: list[str]
) -> Instrument:
    instrument = Instrument(program=program, audience=audience)
    _instrument_fill(instrument, title=title, intro={}, moments=moments, is_active=True)
    instrument.save()
    _audit(by, instrument, "assessments.instrument_add", {"audience": audience})
    return instrument


@transaction.atomic
def instrument_update(
    *,
    instrument: Instrument,
    by: Person,
    title: dict[str, str],
    intro: dict[str, str],
    moments: list[str],
    is_active: bool,
) -> Instrument:
    _instrument_fill(instrument, title=title, intro=intro, moments=moments, is_active=is_active)
    instrument.save()
    _audit(by, instrument, "assessments.instrument_change", {"moments": instrument.moments})
    return instrument


def _instrument_fill(
    instrument: Instrument,
    *,
    title: dict[str, str],
    intro: dict[str, str],
    moments: list[str],
    is_active: bool,
) -> None:
    if not moments or any(moment not in Moment.values for moment in moments):
        raise DomainError(_("Choose at least one moment to send it."), "moments")
    instrument.title = _texts(title, "title", required=True)
    instrument.intro = _texts(intro, "intro")
    instrument.moments = [moment for moment in Moment.values if moment in moments]
    instrument.is_active = is_active


@transaction.atomic
def question_save(
    *,
    instrument: Instrument,
    by: Person,
    kind: str,
    data: dict[str, Any],
    question: InstrumentQuestion | None = None,
) -> InstrumentQuestion:
    """Add a question to the instrument, or change one (its kind stays). Raises DomainError
    naming the field."""
    if kind not in dict(KIND_CHOICES):
        raise DomainError(_("Choose a kind of question from the list."))
    key = str(data.get("key", "")).strip()
    if not KEY_PATTERN.match(key):
        raise DomainError(
            _("Use lowercase letters, digits and underscores, starting with a letter."), "key"
        )
    clash = InstrumentQuestion.objects.filter(instrument=instrument, key=key)
    if question is not None:
        clash = clash.exclude(pk=question.pk)
    if clash.exists():
        raise DomainError(_("Another question of this instrument uses this key."), "key")
    fields: dict[str, Any] = {
        "key": key,
        "text": _texts(data.get("text"), "text", required=True),
        "help_text": _texts(data.get("help_text"), "help_text"),
        "is_required": bool(data.get("is_required")),
        "choices": _checked_choices(kind, data.get("choices") or []),
        "max_length": int(data.get("max_length") or 1000),
        **(_number_bounds(data) if kind == NUMBER else _checked_scale(kind, data)),
    }
    if question is None:
        last = instrument.questions.aggregate(last=Max("position"))["last"] or 0
        question = InstrumentQuestion(instrument=instrument, kind=kind, position=last + 1)
    for name, value in fields.items():
        setattr(question, name, value)
    question.save()
    _audit(by, instrument, "assessments.question_change", {"key": key})
    return question


def _number_bounds(data: dict[str, Any]) -> dict[str, Any]:
    low, high = data.get("scale_min"), data.get("scale_max")
    low = 0 if low is None else low
    high = 1000 if high is None else high
    if not 0 <= low < high <= NUMBER_LIMIT:
        raise DomainError(
            _("Give a lowest and a highest number from 0 to 100,000, the highest above."),
            "scale_max",
        )
    return {"scale_min": low, "scale_max": high, "scale_min_label": {}, "scale_max_label": {}}


@transaction.atomic
def question_delete(*, question: InstrumentQuestion, by: Person) -> None:
    if question.answers.exists():
        raise DomainError(
            _(
                "People have answered this question, so it stays: their answers count in the "
                "results."
            )
        )
    instrument, key = question.instrument, question.key
    question.delete()
    _audit(by, instrument, "assessments.question_change", {"key": key, "deleted": True})


@transaction.atomic
def assessment_submit(*, assessment: Assessment, by: Person, answers: dict[str, Any]) -> Assessment:
    """The person's answers, all at once. A second submission (a double click, a retry) changes
    nothing: AlreadyAnswered. Refused answers raise AnswersInvalid {question key: message}."""
    locked = (
        Assessment.objects.select_for_update()
        .select_related("enrollment", "instrument")
        .get(pk=assessment.pk)
    )
    if locked.enrollment.person_id != by.pk:
        raise DomainError(_("Only the person it was sent to answers it."))
    if locked.completed_at is not None:
        raise AlreadyAnswered(_("You have already answered. Your first answers are kept."))
    questions = [q for q in locked.instrument.questions.all() if q.asked_at(locked.moment)]
    cleaned = answers_clean(questions, answers)
    try:
        AssessmentAnswer.objects.bulk_create(
            AssessmentAnswer(assessment=locked, question=question, value=cleaned[question.key])
            for question in questions
            if cleaned.get(question.key) is not None
        )
    except IntegrityError:  # pragma: no cover - the row lock makes this a safety net
        raise AlreadyAnswered(
            _("You have already answered. Your first answers are kept.")
        ) from None
    locked.completed_at = timezone.now()
    locked.save(update_fields=["completed_at"])
    return locked


def _audit(by: Person, instrument: Instrument, action: str, data: dict[str, Any]) -> None:
    audit_record(
        actor=by,
        organization=instrument.program.organization,
        action=action,
        target=instrument,
        summary=f"{instrument.program.name}: {instrument.name}",
        data=data,
    )


__all__ = ["AlreadyAnswered", "AnswersInvalid"]
