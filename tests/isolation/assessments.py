"""Isolation entries for the assessments: agency A's instruments, their questions and results,
and A's participants' assessments answer agency B's people as missing ones do; A's canary (in
an instrument's title, a question and an answer) never appears; the network page holds only
figures, for network admins."""

from __future__ import annotations

from collections.abc import Callable
from types import SimpleNamespace

from bridgeway.reports.assessments.models import (
    Assessment,
    AssessmentAnswer,
    Instrument,
    InstrumentQuestion,
)
from bridgeway.reports.assessments.moments import assessment_send
from bridgeway.reports.assessments.services import (
    assessment_submit,
    instrument_add_ready_made,
    question_save,
)
from tests.isolation._shared import CANARY, MISSING, NO_IDS, Entry, Pair, pk_of

FINGERPRINT_MODELS = [Instrument, InstrumentQuestion, Assessment, AssessmentAnswer]


def _program(a: SimpleNamespace) -> list[Pair]:
    return [({"pk": a.program.pk}, {"pk": MISSING})]


def _instrument(a: SimpleNamespace) -> list[Pair]:
    return [
        (
            {"pk": a.program.pk, "instrument_pk": a.instrument.pk},
            {"pk": MISSING, "instrument_pk": MISSING},
        ),
        # B's own program in the address with A's instrument.
        (
            {"pk": a.b_program.pk, "instrument_pk": a.instrument.pk},
            {"pk": a.b_program.pk, "instrument_pk": MISSING},
        ),
    ]


def _question(a: SimpleNamespace) -> list[Pair]:
    ids = {"pk": a.program.pk, "instrument_pk": a.instrument.pk}
    return [
        ({**ids, "question_pk": a.assessment_question.pk}, {**ids, "question_pk": MISSING}),
        (
            {
                "pk": a.b_program.pk,
                "instrument_pk": a.instrument.pk,
                "question_pk": a.assessment_question.pk,
            },
            {"pk": a.b_program.pk, "instrument_pk": MISSING, "question_pk": MISSING},
        ),
    ]


def _results_api(a: SimpleNamespace) -> list[Pair]:
    return _instrument(a)


mine: Callable[[SimpleNamespace], list[Pair]] = pk_of("assessment")

MATRIX: dict[str, Entry] = {
    "reports:assessments": NO_IDS,
    "reports:assessment": mine,
    "reports:assessment_instruments": _program,
    "reports:assessment_ready_made": _program,
    "reports:assessment_instrument_new": _program,
    "reports:assessment_instrument": _instrument,
    "reports:assessment_results": _instrument,
    "reports:assessment_question_new": _instrument,
    "reports:assessment_question_edit": _question,
    "reports:assessment_question_delete": _question,
    "reports:network_assessments": NO_IDS,
    "api:my-assessments": NO_IDS,
    "api:my-assessment-answers": mine,
    "api:assessment-results": _results_api,
}


def extend(world: SimpleNamespace, a: SimpleNamespace) -> None:
    instrument = instrument_add_ready_made(program=world.program_a, name="mentee", by=world.alice)
    instrument.title = {"en": f"Instrument {CANARY}"}
    instrument.save(update_fields=["title"])
    question = question_save(
        instrument=instrument,
        by=world.alice,
        kind="text",
        data={"key": "notes", "text": {"en": f"Question {CANARY}"}, "max_length": 500},
    )
    assessment = assessment_send(instrument=instrument, enrollment=a.enrollment, moment="before")
    assert assessment is not None
    assessment_submit(
        assessment=assessment,
        by=a.enrollment.person,
        answers={"notes": f"Answer {CANARY}", "confidence_skills": 2},
    )
    a.instrument, a.assessment_question, a.assessment = instrument, question, assessment
