"""Who can hold a person back from "ready to match" is listed in one place (settings)."""

from __future__ import annotations

from django.conf import settings

from bridgeway.learning.readiness import training_blockers
from bridgeway.programs.questionnaires.profiles import profile_blockers
from bridgeway.programs.readiness import readiness_checks
from bridgeway.programs.screening.panels import readiness_blockers as screening_blockers


def test_the_listed_checks_are_the_profile_screening_and_training() -> None:
    assert readiness_checks() == [profile_blockers, screening_blockers, training_blockers]
    assert len(settings.BRIDGEWAY_READINESS_CHECKS) == 3
