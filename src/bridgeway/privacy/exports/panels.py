"""On the staff page of an enrollment: the person's data exports, and a way to ask for one."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from bridgeway.privacy.exports.selectors import exports_of

if TYPE_CHECKING:
    from bridgeway.accounts.models import Person
    from bridgeway.programs.models import Enrollment


def staff_panel(*, enrollment: Enrollment, person: Person) -> dict[str, Any]:
    return {"enrollment": enrollment, "exports": list(exports_of(enrollment.person)[:3])}
