"""Lifting a requirement. A staff change that takes a requirement away (a screening check, a
profile question, a training module or its last lesson or quiz deleted, made optional or given
to the other role) is the last step for the people it alone held back. The caller reads who is
held back before the change; after it, `requirement_lifted` moves on those whom nothing else
blocks, as if they had met the requirement themselves. Adding a requirement moves nobody back."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING

from django.utils.functional import Promise
from django.utils.text import Truncator

from bridgeway.programs.services import enrollments_advance_if_ready

if TYPE_CHECKING:
    from bridgeway.programs.models import Enrollment

# A requirement's name is cut to this length inside the reason the person reads.
REASON_NAME_LENGTH = 100


def requirement_lifted(
    *,
    held_back: Iterable[Enrollment],
    reason: Promise,
    names: dict[str, str | Callable[[], str]],
) -> list[Enrollment]:
    """Move on those of `held_back` whom nothing else blocks now. `reason` names the
    requirement with %(…)s placeholders filled from `names`; a name may be a callable, for
    texts kept in several languages, and is read in each person's language. Returns those who
    became ready to match."""

    def text() -> str:
        filled = {key: value() if callable(value) else value for key, value in names.items()}
        return str(reason) % {
            key: Truncator(value).chars(REASON_NAME_LENGTH) for key, value in filled.items()
        }

    return enrollments_advance_if_ready(enrollments=held_back, reason=text)
