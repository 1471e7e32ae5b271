"""Isolation matrix entries of the questionnaires app."""

from __future__ import annotations

from collections.abc import Callable
from types import SimpleNamespace
from typing import Any

from bridgeway.programs.questionnaires.models import Answer, Question
from tests.isolation._shared import CANARY, MISSING, Entry, Pair, pk_of


def _question(a: SimpleNamespace) -> list[Pair]:
    return [
        (
            {"pk": a.program.pk, "question_pk": a.question.pk},
            {"pk": MISSING, "question_pk": MISSING},
        ),
        # B's own program in the address with A's question.
        (
            {"pk": a.b_program.pk, "question_pk": a.question.pk},
            {"pk": a.b_program.pk, "question_pk": MISSING},
        ),
    ]


program: Callable[[SimpleNamespace], list[Pair]] = pk_of("program")
enrollment: Callable[[SimpleNamespace], list[Pair]] = pk_of("enrollment")

MATRIX: dict[str, Entry] = {
    "questionnaires:builder": program,
    "questionnaires:start": program,
    "questionnaires:question_new": program,
    "questionnaires:question_edit": _question,
    "questionnaires:question_move": _question,
    "questionnaires:question_delete": _question,
    "questionnaires:profile": enrollment,
    "questionnaires:staff_profile": enrollment,
    "api:program-questions": program,
    "api:enrollment-answers": enrollment,
}
FINGERPRINT_MODELS: list[Any] = [Question, Answer]


def extend(world: SimpleNamespace, a: SimpleNamespace) -> None:
    """A question of agency A's program and Erin's answer, both carrying the canary."""
    a.question = Question.objects.create(
        program=a.program,
        key="hopes",
        kind="single_choice",
        audience="both",
        text={"en": f"Your hopes {CANARY}"},
        choices=[
            {"value": "work", "label": {"en": f"Work {CANARY}"}},
            {"value": "home", "label": {"en": "Home"}},
        ],
        is_required=True,
    )
    about = Question.objects.create(
        program=a.program, key="about", kind="text", audience="both", text={"en": "About you"}
    )
    Answer.objects.create(enrollment=a.enrollment, question=a.question, value="work")
    Answer.objects.create(enrollment=a.enrollment, question=about, value=f"I am {CANARY}")
