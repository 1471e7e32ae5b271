"""Dashboard panels: an open referral on the person's enrollment card, and the referrals an
agency's coordinators have to look at."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from django.db.models import Count, Exists, OuterRef, QuerySet
from django.urls import reverse
from django.utils.translation import ngettext

from bridgeway.core.dashboard import TodoItem
from bridgeway.core.kept_queries import KeptRows
from bridgeway.core.models import Organization
from bridgeway.programs.intake.models import Referral
from bridgeway.programs.intake.selectors import (
    referral_list_incoming,
    referral_list_open_for_person,
)

if TYPE_CHECKING:
    from bridgeway.accounts.models import Person
    from bridgeway.programs.models import Enrollment

PANEL_ROWS = 5


# Asked by the dashboard with the person's enrollments (dashboard/reads.py), in the same
# statement: whether a referral from the enrollment is pending (expired or not). When none is,
# nothing more is read; enrollments read without it (any other caller) are read as before.
HINT_PENDING = "panel_referrals_pending"


def dashboard_hints() -> dict[str, Any]:
    pending = Referral.objects.filter(
        from_enrollment_id=OuterRef("pk"), status=Referral.Status.PENDING
    )
    return {HINT_PENDING: Exists(pending)}


def open_referrals_panel(
    *, enrollments: Sequence[Enrollment], person: Person
) -> dict[int, dict[str, Any]]:
    """The referrals waiting for the person's answer, on the card of the enrollment they
    come from (only the person's own enrollments)."""
    own = {e.pk for e in enrollments if e.person_id == person.pk and getattr(e, HINT_PENDING, True)}
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


def _consented_count(organization_id: int) -> QuerySet[Referral, tuple[int]]:
    """How many referrals wait for the agency's answer: no row when none."""
    return (
        referral_list_incoming(
            organization=Organization(pk=organization_id), status=Referral.Status.CONSENTED
        )
        .order_by()
        .values("to_program__organization")
        .annotate(n=Count("pk"))
        .values_list("n")
    )


# Compiled once per process, run with the agency's id (the coordinators' dashboard).
_kept_consented_count = KeptRows(_consented_count, int)


def todo(*, organization: Organization) -> list[TodoItem]:
    """Referrals the person agreed to, waiting for this agency's answer."""
    rows = _kept_consented_count.list(organization.pk)
    count = rows[0][0] if rows else 0
    if not count:
        return []
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
