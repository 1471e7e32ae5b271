"""Questions of Agency A's program "Welcome Hosts A", as an admin would build them."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

import pytest

from bridgeway.programs.models import Enrollment
from bridgeway.programs.questionnaires import services
from bridgeway.programs.questionnaires.models import Question


def make_question(world: SimpleNamespace, kind: str, **data: Any) -> Question:
    data.setdefault("key", kind)
    data.setdefault("text", {"en": f"Question {kind}", "fr": f"Question {kind} (fr)"})
    return services.question_create(program=world.program_a, by=world.alice, kind=kind, **data)


@pytest.fixture
def questions(world: SimpleNamespace) -> SimpleNamespace:
    return SimpleNamespace(
        languages=make_question(
            world,
            "languages",
            is_required=True,
            rule="required_overlap",
            rule_params={"min_level": "conversational"},
            rule_is_hard=True,
        ),
        help=make_question(
            world,
            "multiple_choice",
            key="help",
            is_required=True,
            text={"en": "What help?", "fr": "Quelle aide?"},
            choices=[
                {"value": "housing", "label": {"en": "Housing", "fr": "Logement"}},
                {"value": "banking", "label": {"en": "Banking", "fr": "Banque"}},
            ],
            rule="covers",
            rule_params={"min_shared": 1},
        ),
        time_zone=make_question(world, "time_zone", is_required=True),
        confidence=make_question(
            world, "scale", key="confidence", audience="mentee", scale_min=1, scale_max=5
        ),
        offer=make_question(world, "text", key="offer", audience="mentor", max_length=20),
    )


@pytest.fixture
def erin_enrollment(world: SimpleNamespace) -> Enrollment:
    return Enrollment.objects.get(person=world.erin)
