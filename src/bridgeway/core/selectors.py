"""Reads of tenancy data, scoped to the acting person or the agency the caller resolved: an id
from another agency or network answers like one that does not exist."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import Count, Q, QuerySet
from django.shortcuts import get_object_or_404

from bridgeway.core.models import AuditEvent, Invitation, Membership, Network, Organization

if TYPE_CHECKING:
    from bridgeway.accounts.models import Person


def membership_get_for_agency(*, organization: Organization, membership_id: int) -> Membership:
    return get_object_or_404(
        Membership.objects.select_related("person", "organization"),
        organization=organization,
        pk=membership_id,
    )


def audit_events_for_agency(
    *, organization: Organization, action: str = ""
) -> QuerySet[AuditEvent]:
    """The agency's audit log, newest first, with who acted and whom it concerned; `action`
    keeps the events of that code (or, for a part of a code, those starting so)."""
    events = AuditEvent.objects.filter(organization=organization).select_related("actor", "subject")
    if action:
        events = events.filter(Q(action=action) | Q(action__startswith=f"{action.rstrip('.')}."))
    return events


def audit_actions_for_agency(*, organization: Organization) -> list[str]:
    """The action codes the agency's log holds, for its filter."""
    return list(
        AuditEvent.objects.filter(organization=organization)
        .order_by()
        .values_list("action", flat=True)
        .distinct()
    )


def invitation_get_for_person(*, token: str, person: Person) -> Invitation:
    """A staff invitation, only for the address it was sent to."""
    return get_object_or_404(
        Invitation.objects.select_related("organization"),
        token=token,
        email__iexact=person.email,
    )


def network_for_admin(*, person: Person) -> Network:
    return get_object_or_404(Network, admins__person=person)


def agencies_for_network_admin(*, person: Person, query: str = "") -> QuerySet[Organization]:
    """The agencies of the networks the person runs, with their program and staff counts."""
    agencies = (
        Organization.objects.filter(network__admins__person=person)
        .annotate(
            program_count=Count("programs", distinct=True),
            staff_count=Count("memberships", distinct=True),
        )
        .order_by("name", "pk")
    )
    if query:
        agencies = agencies.filter(Q(name__icontains=query) | Q(city__icontains=query))
    return agencies


def agency_get_for_network_admin(*, person: Person, organization_id: int) -> Organization:
    return get_object_or_404(Organization, pk=organization_id, network__admins__person=person)
