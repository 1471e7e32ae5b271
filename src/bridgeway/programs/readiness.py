"""What must be true before an enrollment can become "ready to match".

Apps that gate readiness (screening, training) register a check in their AppConfig.ready(); a
check returns the reasons that still block, in the person's words, or an empty list."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from bridgeway.programs.models import Enrollment

ReadinessCheck = Callable[["Enrollment"], list[str]]
_checks: list[ReadinessCheck] = []


def register_readiness_check(check: ReadinessCheck) -> None:
    if check not in _checks:
        _checks.append(check)


def readiness_blockers(enrollment: Enrollment) -> list[str]:
    """Every reason this enrollment cannot be ready yet; empty when it can."""
    return [reason for check in _checks for reason in check(enrollment)]
