"""An agency's retention policy as it applies: its own row, or the defaults."""

from __future__ import annotations

from django.db.models import Q

from bridgeway.accounts.models import Person
from bridgeway.core.models import Organization
from bridgeway.privacy.retention.models import RetentionPolicy


def policy_for(organization: Organization | None) -> RetentionPolicy:
    """The agency's policy (unsaved defaults when it chose none; the defaults for rows of no
    agency)."""
    if organization is not None:
        found = RetentionPolicy.objects.filter(organization=organization).first()
        if found is not None:
            return found
        return RetentionPolicy(organization=organization)
    return RetentionPolicy()


def policies_by_agency() -> dict[int, RetentionPolicy]:
    return {row.organization_id: row for row in RetentionPolicy.objects.all()}


def policy_for_person(person: Person) -> list[RetentionPolicy]:
    """The policies of the agencies a person takes part in, for the page that explains what
    erasure keeps and for how long."""
    agencies = (
        Organization.objects.filter(
            Q(programs__enrollments__person=person) | Q(memberships__person=person)
        )
        .distinct()
        .order_by("name")
    )
    return [policy_for(agency) for agency in agencies]
