"""What must be true before an enrollment can become "ready to match".

The checks are listed in one place, `BRIDGEWAY_READINESS_CHECKS` in config/settings.py: each is
a function of an enrollment that returns the reasons that still block, in the person's words, or
an empty list. Readiness is refused while any check names a reason."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from django.conf import settings
from django.utils.module_loading import import_string

if TYPE_CHECKING:
    from bridgeway.programs.models import Enrollment

ReadinessCheck = Callable[["Enrollment"], list[str]]


def readiness_checks() -> list[ReadinessCheck]:
    """The checks of BRIDGEWAY_READINESS_CHECKS, in their order."""
    return [import_string(path) for path in settings.BRIDGEWAY_READINESS_CHECKS]


def readiness_blockers(enrollment: Enrollment) -> list[str]:
    """Every reason this enrollment cannot be ready yet; empty when it can."""
    return [reason for check in readiness_checks() for reason in check(enrollment)]
