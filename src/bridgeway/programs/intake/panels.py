"""Dashboard panels: an open referral on the person's enrollment card, and the referrals an
agency's coordinators have to look at."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from bridgeway.programs.intake.models import Referral
from bridgeway.programs.intake.selectors import (
    referral_list_incoming,
    referral_list_open_for_enrollment,
)

if TYPE_CHECKING:
    from bridgeway.accounts.models import Person
    from bridgeway.core.models import Organization
    from bridgeway.programs.models import Enrollment

PANEL_ROWS = 5


def open_referrals_panel(*, enrollment: Enrollment, person: Person) -> dict[str, Any] | None:
    if enrollment.person_id != person.pk:
        return None
    referrals = list(referral_list_open_for_enrollment(enrollment=enrollment))
    return {"referrals": referrals} if referrals else None


def incoming_referrals_panel(*, organization: Organization, person: Person) -> dict[str, Any]:
    waiting = referral_list_incoming(organization=organization, status=Referral.Status.CONSENTED)
    return {
        "organization": organization,
        "count": waiting.count(),
        "referrals": list(waiting[:PANEL_ROWS]),
    }
