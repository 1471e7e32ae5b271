"""Reads of the breach register, scoped: an agency's admins see their agency's register, the
network's admins the network's own register. Another agency's row and a missing one give the
same 404."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import Q, QuerySet
from django.http import Http404

from bridgeway.core.access import ADMIN_ONLY, staff_organizations
from bridgeway.core.models import Network, NetworkAdmin
from bridgeway.privacy.breaches.models import Breach, BreachChange

if TYPE_CHECKING:
    from bridgeway.accounts.models import Person
    from bridgeway.core.models import Organization


def networks_administered(person: Person) -> QuerySet[Network]:
    if not person.is_authenticated:
        return Network.objects.none()
    return Network.objects.filter(
        pk__in=NetworkAdmin.objects.filter(person=person).values("network_id")
    )


def breaches_for_organization(*, organization: Organization) -> QuerySet[Breach]:
    return Breach.objects.filter(organization=organization).select_related("recorded_by")


def breaches_for_network(*, network: Network) -> QuerySet[Breach]:
    return Breach.objects.filter(network=network, organization=None).select_related("recorded_by")


def breach_get_for_admin(*, person: Person, breach_id: int) -> Breach:
    """A breach the person administers: their agency's (as its admin) or their network's own
    (as a network admin); the same 404 for any other and for one that does not exist."""
    mine = Q(organization__in=staff_organizations(person, roles=ADMIN_ONLY)) | Q(
        organization=None, network__in=networks_administered(person)
    )
    found = (
        Breach.objects.filter(mine, pk=breach_id)
        .select_related("organization", "network", "recorded_by")
        .first()
    )
    if found is None:
        raise Http404
    return found


def breach_history(*, breach: Breach) -> QuerySet[BreachChange]:
    return breach.changes.select_related("changed_by")
