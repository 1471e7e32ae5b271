"""Dashboard panels: an open referral on the person's enrollment card, and the referrals an
agency's coordinators have to look at."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from django.urls import reverse
from django.utils.translation import ngettext

from bridgeway.core.dashboard import TodoItem
from bridgeway.programs.intake.models import Referral
from bridgeway.programs.intake.selectors import (
    referral_list_incoming,
    referral_list_open_for_person,
)

if TYPE_CHECKING:
    from bridgeway.accounts.models import Person
    from bridgeway.core.models import Organization
    from bridgeway.programs.models import Enrollment

PANEL_ROWS = 5


def open_referrals_panel(
    *, enrollments: Sequence[Enrollment], person: Person
) -> dict[int, dict[str, Any]]:
    """The referrals waiting for the person's answer, on the card of the enrollment they
    come from (only the person's own enrollments)."""
    own = {e.pk for e in enrollments if e.person_id == person.pk}
    referrals: dict[int, list[Referral]] = defaultdict(list)
    if not own:
        return {}
    for referral in referral_list_open_for_person(person=person):
        if referral.from_enrollment_id in own:
            referrals[referral.from_enrollment_id].append(referral)
    return {pk: {"referrals": found} for pk, found in referrals.items()}


def incoming_referrals_panel(*, organization: Organization, person: Person) -> dict[str, Any]:
    waiting = referral_list_incoming(organization=organization, status=Referral.Status.CONSENTED)
    return {
        "organization": organization,
        "count": waiting.count(),
        "referrals": list(waiting[:PANEL_ROWS]),
    }


def todo(*, organization: Organization) -> list[TodoItem]:
    """Referrals the person agreed to, waiting for this agency's answer."""
    count = referral_list_incoming(
        organization=organization, status=Referral.Status.CONSENTED
    ).count()
    return [
        TodoItem(
            count,
            ngettext(
                "%(count)d referral from another agency waiting for your answer",
                "%(count)d referrals from other agencies waiting for your answer",
                count,
            )
            % {"count": count},
            reverse("intake:referral_list", args=[organization.slug]),
        )
    ]
