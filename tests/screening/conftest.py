from __future__ import annotations

from types import SimpleNamespace
from typing import Any

import pytest

from bridgeway.programs.models import Enrollment
from bridgeway.programs.screening import assessments, checklists, services
from bridgeway.programs.screening.models import ScreeningItem


@pytest.fixture
def checklist(world: SimpleNamespace) -> list[ScreeningItem]:
    """The suggested mentor checklist on program A: two references, interview, police check."""
    return checklists.items_add_defaults(program=world.program_a, by=world.alice)


@pytest.fixture
def mentor(world: SimpleNamespace) -> Enrollment:
    """Frank, a mentor of program A, in screening."""
    enrollment = Enrollment.objects.get(person=world.frank)
    enrollment.status = Enrollment.Status.SCREENING
    enrollment.save(update_fields=["status"])
    return enrollment


@pytest.fixture
def assessment(world: SimpleNamespace) -> Any:
    """The suggested 8-question self-assessment on program A (score needed: 60)."""
    return assessments.assessment_add_defaults(program=world.program_a, by=world.alice)


def best_answers(assessment: Any) -> dict[int, int]:
    return {
        question.pk: max(question.choices.all(), key=lambda c: c.points).pk
        for question in assessment.questions.all()
    }


def worst_answers(assessment: Any) -> dict[int, int]:
    return {
        question.pk: min(question.choices.all(), key=lambda c: c.points).pk
        for question in assessment.questions.all()
    }


def pass_all(enrollment: Enrollment, items: list[ScreeningItem], by: Any) -> None:
    from django.utils import timezone

    for item in items:
        services.check_record(
            enrollment=enrollment,
            item=item,
            status="passed",
            completed_on=timezone.localdate(),
            by=by,
        )
