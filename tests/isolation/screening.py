"""Isolation entries for screening: agency A's checklist item, check, self-assessment and
result carry the canary; agency B tries A's ids on every address."""

from __future__ import annotations

from collections.abc import Callable
from types import SimpleNamespace

from bridgeway.programs.screening.models import (
    Reference,
    ScreeningCheck,
    ScreeningItem,
    SelfAssessment,
    SelfAssessmentChoice,
    SelfAssessmentQuestion,
    SelfAssessmentResult,
)
from tests.factories import EnrollmentFactory
from tests.isolation._shared import CANARY, MISSING, Entry, Pair, pk_of

# Rows a request by agency B must never change (added to the matrix fingerprint).
FINGERPRINT_MODELS = [
    Reference,
    ScreeningItem,
    ScreeningCheck,
    SelfAssessment,
    SelfAssessmentQuestion,
    SelfAssessmentChoice,
    SelfAssessmentResult,
]


def _program_and(attr: str, name: str) -> Callable[[SimpleNamespace], list[Pair]]:
    """A's object under A's program, and under B's own program (where B's staff get in)."""

    def pairs(a: SimpleNamespace) -> list[Pair]:
        pk = getattr(a, attr).pk
        return [
            ({"pk": a.program.pk, name: pk}, {"pk": MISSING, name: MISSING}),
            (
                {"pk": a.screening_program_b.pk, name: pk},
                {"pk": a.screening_program_b.pk, name: MISSING},
            ),
        ]

    return pairs


def _enrollment_and_item(a: SimpleNamespace) -> list[Pair]:
    return [
        (
            {"pk": a.mentor_enrollment.pk, "item_pk": a.screening_item.pk},
            {"pk": MISSING, "item_pk": MISSING},
        ),
        (
            {"pk": a.screening_enrollment_b.pk, "item_pk": a.screening_item.pk},
            {"pk": a.screening_enrollment_b.pk, "item_pk": MISSING},
        ),
    ]


MATRIX: dict[str, Entry] = {
    # The self-assessment of A's unlisted program answers like a program that does not exist.
    "screening:self_assessment_try": pk_of("unlisted_program"),
    "screening:references": pk_of("mentor_enrollment"),
    "screening:items": pk_of("program"),
    "screening:items_defaults": pk_of("program"),
    "screening:item_edit": _program_and("screening_item", "item_pk"),
    "screening:item_delete": _program_and("screening_item", "item_pk"),
    "screening:item_move": _program_and("screening_item", "item_pk"),
    "screening:assessment": pk_of("program"),
    "screening:assessment_defaults": pk_of("program"),
    "screening:question_new": pk_of("program"),
    "screening:question_edit": _program_and("screening_question", "question_pk"),
    "screening:question_delete": _program_and("screening_question", "question_pk"),
    "screening:question_move": _program_and("screening_question", "question_pk"),
    "screening:queue": lambda a: [({"org": "agency-a"}, {"org": "no-such-agency"})],
    "screening:enrollment": pk_of("mentor_enrollment"),
    "screening:start": pk_of("enrollment"),
    "screening:check_record": _enrollment_and_item,
    "screening:approve": pk_of("mentor_enrollment"),
    "screening:decline": pk_of("mentor_enrollment"),
    "screening:self_assessment": pk_of("mentor_enrollment"),
    "api:screening-items": pk_of("program"),
    "api:screening-detail": pk_of("mentor_enrollment"),
    "api:screening-check": pk_of("mentor_enrollment"),
    "api:screening-approve": pk_of("mentor_enrollment"),
    "api:screening-decline": pk_of("mentor_enrollment"),
    "api:self-assessment": pk_of("mentor_enrollment"),
}


def extend(world: SimpleNamespace, a: SimpleNamespace) -> None:
    from bridgeway.programs.models import Enrollment

    a.mentor_enrollment.status = Enrollment.Status.SCREENING
    a.mentor_enrollment.save(update_fields=["status"])
    item = ScreeningItem.objects.create(
        program=a.program,
        kind=ScreeningItem.Kind.REFERENCE,
        label={"en": f"Reference {CANARY}"},
        instructions={"en": f"Call {CANARY}"},
    )
    ScreeningCheck.objects.create(
        enrollment=a.mentor_enrollment, item=item, status="failed", note=f"Note {CANARY}"
    )
    Reference.objects.create(
        enrollment=a.mentor_enrollment,
        item=item,
        name=f"Referee {CANARY}",
        relationship=f"Manager {CANARY}",
        email="referee@example.org",
    )
    assessment = SelfAssessment.objects.create(
        program=a.program,
        intro={"en": f"Intro {CANARY}"},
        advice_above={"en": f"Well done {CANARY}"},
    )
    question = SelfAssessmentQuestion.objects.create(
        assessment=assessment, text={"en": f"Question {CANARY}"}
    )
    SelfAssessmentChoice.objects.create(question=question, text={"en": f"Yes {CANARY}"}, points=3)
    SelfAssessmentChoice.objects.create(question=question, text={"en": "No"}, points=0)
    from tests.factories import ProgramFactory

    a.unlisted_program = ProgramFactory(
        organization=world.agency_a, name=f"Unlisted {CANARY}", is_published=False
    )
    unlisted = SelfAssessment.objects.create(
        program=a.unlisted_program, intro={"en": f"Unlisted intro {CANARY}"}
    )
    unlisted_question = SelfAssessmentQuestion.objects.create(
        assessment=unlisted, text={"en": f"Unlisted question {CANARY}"}
    )
    SelfAssessmentChoice.objects.create(question=unlisted_question, text={"en": "Yes"}, points=3)
    SelfAssessmentChoice.objects.create(question=unlisted_question, text={"en": "No"}, points=0)
    SelfAssessmentResult.objects.create(
        enrollment=a.mentor_enrollment,
        assessment=assessment,
        score=40,
        threshold=60,
        answers=[{"question": {"en": CANARY}, "answer": {"en": CANARY}, "points": 0, "max": 3}],
    )
    a.screening_item = item
    a.screening_question = question
    a.screening_program_b = world.program_b
    # An enrollment of B's own, for B's staff to try A's checklist item on.
    a.screening_enrollment_b = EnrollmentFactory(program=world.program_b, role="mentor")
