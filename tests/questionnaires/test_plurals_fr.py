"""Counts of required questions agree with their noun in French ("1 questions obligatoires"
was once on a newcomer's profile)."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from django.utils import translation

from bridgeway.programs.models import Enrollment
from bridgeway.programs.questionnaires import panels
from bridgeway.programs.questionnaires.profiles import profile_blockers

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("optional", "blocker", "step"),
    [
        (
            ("help", "time_zone"),
            "1 question obligatoire du profil n’a pas encore de réponse.",
            "Remplissez votre profil : 1 question obligatoire à répondre.",
        ),
        (
            ("help",),
            "2 questions obligatoires du profil n’ont pas encore de réponse.",
            "Remplissez votre profil : 2 questions obligatoires à répondre.",
        ),
    ],
)
def test_it_counts_required_questions_in_french(
    world: SimpleNamespace,
    questions: SimpleNamespace,
    optional: tuple[str, ...],
    blocker: str,
    step: str,
) -> None:
    for name in optional:
        question = getattr(questions, name)
        question.is_required = False
        question.save(update_fields=["is_required"])
    enrollment = Enrollment.objects.get(person=world.erin)
    with translation.override("fr"):
        assert profile_blockers(enrollment) == [blocker]
        assert [s.text for s in panels.next_steps(enrollment)] == [step]
