"""Who reaches a partner, and how: from a URL id to a partner there is one way per kind of
reader, and each answers the same 404 for a partner that does not exist and one the person may
not see.

- A partner's **contacts** read its figures and letters, and nothing else: they hold no staff
  role, so every agency and participant page answers them 404. They sign in with two-step
  verification like staff (`selectors.partners_of_contact` is listed in
  BRIDGEWAY_TWO_STEP_ROLES).
- Its **managers** change its name, domains and contacts: the admins of its agency, or the
  network's admins for a partner of the whole network.
- Its **linkers** link mentors to it: the staff of its agency, or of any agency of the network
  for a network partner — each for the mentors of their own agency only."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import TYPE_CHECKING, Any, TypeVar

from django.contrib.auth.views import redirect_to_login
from django.db.models import Q, QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect

from bridgeway.core.access import ADMIN_ONLY, mfa_enabled, staff_organizations
from bridgeway.core.models import Network, Organization
from bridgeway.reports.partners.models import Partner, PartnerContact

if TYPE_CHECKING:
    from bridgeway.accounts.models import Person

ViewFunc = TypeVar("ViewFunc", bound=Callable[..., HttpResponse])


def admin_networks(person: Person) -> QuerySet[Network]:
    if not person.is_authenticated:
        return Network.objects.none()
    return Network.objects.filter(admins__person=person)


def partners_managed(person: Person) -> QuerySet[Partner]:
    """Partners whose settings and contacts the person changes."""
    return Partner.objects.filter(
        Q(organization__in=staff_organizations(person, roles=ADMIN_ONLY))
        | Q(organization__isnull=True, network__in=admin_networks(person))
    )


def partners_linkable(person: Person) -> QuerySet[Partner]:
    """Partners the person links their own agencies' mentors to."""
    agencies = staff_organizations(person)
    return Partner.objects.filter(
        Q(organization__in=agencies)
        | Q(organization__isnull=True, network__organizations__in=agencies)
    ).distinct()


def partners_readable(person: Person) -> QuerySet[Partner]:
    """Partners whose figures the person reads: as a contact, as the staff of the partner's
    agency, or as an admin of the network of a network partner."""
    if not person.is_authenticated:
        return Partner.objects.none()
    contact = PartnerContact.objects.filter(person=person, status=PartnerContact.Status.ACTIVE)
    return Partner.objects.filter(
        Q(pk__in=contact.values("partner_id"))
        | Q(organization__in=staff_organizations(person))
        | Q(organization__isnull=True, network__in=admin_networks(person))
    )


def partner_get_for_reader(*, person: Person, partner_id: int) -> Partner:
    return get_object_or_404(
        partners_readable(person).select_related("organization"), pk=partner_id
    )


def partner_get_for_staff(*, person: Person, partner_id: int) -> tuple[Partner, bool, bool]:
    """The partner, and whether the person manages it and links mentors to it; the same 404
    as a missing partner for anyone who does neither."""
    partner = get_object_or_404(
        Partner.objects.select_related("organization", "network"), pk=partner_id
    )
    manages = partners_managed(person).filter(pk=partner.pk).exists()
    links = partners_linkable(person).filter(pk=partner.pk).exists()
    if not (manages or links):
        raise Http404
    return partner, manages, links


def agencies_linking(person: Person, partner: Partner) -> QuerySet[Organization]:
    """The person's agencies whose mentors they may link to this partner."""
    agencies = staff_organizations(person)
    if partner.organization_id is not None:
        return agencies.filter(pk=partner.organization_id)
    return agencies.filter(network_id=partner.network_id)


def reader_required(view: ViewFunc) -> ViewFunc:
    """The partner pages: signed in, and two-step verification set up before any figure is
    shown. Whether the person may read this partner is the view's selector's to say (404)."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not partners_readable(request.user).exists():  # type: ignore[arg-type]
            raise Http404
        if not mfa_enabled(request.user):
            return redirect("accounts:mfa_required")
        return view(request, *args, **kwargs)

    return wrapper  # type: ignore[return-value]
