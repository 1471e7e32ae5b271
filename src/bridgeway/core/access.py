"""Access helpers: the only way from a URL id to an agency-owned object.

Each helper answers the same 404 for an object that does not exist and for one that belongs to
another agency, so that ids reveal nothing across agencies.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from functools import reduce, wraps
from operator import or_
from typing import TYPE_CHECKING, Any, TypeVar

from allauth.mfa.utils import is_mfa_enabled
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.db.models import BooleanField, Exists, ExpressionWrapper, Q, QuerySet, Value
from django.http import Http404, HttpRequest
from django.http.response import HttpResponseBase
from django.shortcuts import redirect
from django.utils.module_loading import import_string

from bridgeway.core.kept_queries import KeptQuery
from bridgeway.core.models import Membership, NetworkAdmin, Organization, StaffRole

if TYPE_CHECKING:
    from bridgeway.accounts.models import Person

# Any response: a page, a redirect, or a streamed download.
ViewFunc = TypeVar("ViewFunc", bound=Callable[..., HttpResponseBase])


def staff_memberships(person: Person) -> QuerySet[Membership]:
    if not person.is_authenticated:
        return Membership.objects.none()
    return Membership.objects.filter(person=person, organization__is_active=True)


def staff_organizations(
    person: Person, roles: Iterable[str] | None = None
) -> QuerySet[Organization]:
    memberships = staff_memberships(person)
    if roles is not None:
        memberships = memberships.filter(role__in=list(roles))
    return Organization.objects.filter(pk__in=memberships.values("organization_id"))


def is_network_admin(person: Person) -> bool:
    return person.is_authenticated and NetworkAdmin.objects.filter(person=person).exists()


def _two_step_role_rows(person: Person) -> list[QuerySet[Any]]:
    """The rows that give the person a role of BRIDGEWAY_TWO_STEP_ROLES (each function of the
    setting answers a queryset: the person holds the role when it has a row)."""
    return [import_string(path)(person) for path in settings.BRIDGEWAY_TWO_STEP_ROLES]


def _roles_query(person: Person, *, with_mfa: bool = False) -> QuerySet[Any]:
    other_roles: Any = Value(False, output_field=BooleanField())
    held = [Q(Exists(rows)) for rows in _two_step_role_rows(person)]
    if held:
        other_roles = ExpressionWrapper(reduce(or_, held), output_field=BooleanField())
    columns: dict[str, Any] = {
        "staff": Exists(staff_memberships(person)),
        "network_admin": Exists(NetworkAdmin.objects.filter(person=person)),
        "other_roles": other_roles,
    }
    if with_mfa:
        columns["mfa"] = Exists(_authenticators(person.pk))
    return get_user_model().objects.filter(pk=person.pk).annotate(**columns).values(*columns)


def _authenticators(person_id: Any) -> QuerySet[Any]:
    """The rows allauth's own `is_mfa_enabled` asks for (any authenticator of the person)."""
    from allauth.mfa.models import Authenticator

    return Authenticator.objects.filter(user_id=person_id)


_ROLE_COLUMNS = ("staff", "network_admin", "other_roles")
# Asked by every API call (two-step) and by the session's staff refresh: one query, compiled
# once per process (core/kept_queries.py).
_roles = KeptQuery(
    _roles_query, _ROLE_COLUMNS, version=lambda: tuple(settings.BRIDGEWAY_TWO_STEP_ROLES)
)
# The same row and whether the person has two-step verification set up, for a staff page
# (`mfa_required`): one query instead of two. Never kept between requests: a person who has
# just added or removed an authenticator is treated accordingly on their next request.
_roles_mfa = KeptQuery(
    lambda person: _roles_query(person, with_mfa=True),
    (*_ROLE_COLUMNS, "mfa"),
    version=lambda: tuple(settings.BRIDGEWAY_TWO_STEP_ROLES),
)
_mfa = KeptQuery(
    lambda person: (
        get_user_model()
        .objects.filter(pk=person.pk)
        .annotate(mfa=Exists(_authenticators(person.pk)))
        .values("mfa")
    ),
    ("mfa",),
)


def _allauth_asks_authenticators() -> bool:
    """Whether allauth answers `is_mfa_enabled` with its own query (MFA_ADAPTER is its
    default adapter, or one that keeps its `is_mfa_enabled`): the kept queries then ask
    the same rows. Another adapter is asked itself."""
    from allauth.mfa.adapter import DefaultMFAAdapter, get_adapter

    return type(get_adapter()).is_mfa_enabled is DefaultMFAAdapter.is_mfa_enabled


def mfa_enabled(person: Person) -> bool:
    """allauth's `is_mfa_enabled(person)` (whether the person has any authenticator), its SQL
    compiled once per process instead of built by the ORM on every call; asked afresh on
    every call, never kept."""
    if not _allauth_asks_authenticators():
        return is_mfa_enabled(person)
    if not person.is_authenticated or person.pk is None:
        return False
    return bool(_mfa.row(person).get("mfa"))


def _role_row(person: Person) -> dict[str, Any]:
    if not person.is_authenticated or person.pk is None:
        return {}
    return _roles.row(person)


def holds_staff_role(person: Person) -> bool:
    """Staff of any agency or admin of the network: these people must use MFA."""
    row = _role_row(person)
    return bool(row.get("staff") or row.get("network_admin"))


def needs_two_step(person: Person) -> bool:
    """Staff, network admins, and the other roles that read what people do (the rows of the
    person listed by BRIDGEWAY_TWO_STEP_ROLES: partner contacts) use two-step sign-in. One
    query answers all three."""
    row = _role_row(person)
    return bool(row.get("staff") or row.get("network_admin") or row.get("other_roles"))


def organization_get_for_staff(
    *, person: Person, slug: str, roles: Iterable[str] | None = None
) -> tuple[Organization, Membership]:
    """The agency and the person's role in it; 404 when the person is not on its staff."""
    membership = (
        staff_memberships(person)
        .select_related("organization")
        .filter(organization__slug=slug)
        .first()
    )
    if membership is None:
        raise Http404
    if roles is not None and membership.role not in roles:
        raise PermissionDenied
    return membership.organization, membership


def require_role(membership: Membership, roles: Iterable[str]) -> None:
    if membership.role not in roles:
        raise PermissionDenied


ADMIN_ONLY = (StaffRole.ADMIN,)
ANY_STAFF = (StaffRole.ADMIN, StaffRole.COORDINATOR)


def is_agency_admin(person: Person, organization: Organization) -> bool:
    """Whether the person is an admin of this agency: pages show admins the controls that
    change the agency's setup (staff, programs, questionnaires, training)."""
    return Membership.objects.filter(
        organization=organization, person=person, role=StaffRole.ADMIN
    ).exists()


def mfa_required(view: ViewFunc) -> ViewFunc:
    """Staff pages: signed in, on some staff, and two-step verification set up before any
    staff action. People with no staff role get the same 404 as for a missing page."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        person: Any = request.user
        if not _allauth_asks_authenticators():
            if not holds_staff_role(person):
                raise Http404
            if not is_mfa_enabled(person):
                return redirect("accounts:mfa_required")
            return view(request, *args, **kwargs)
        # holds_staff_role and is_mfa_enabled, answered by one query.
        row = _roles_mfa.row(person) if person.pk is not None else {}
        if not (row.get("staff") or row.get("network_admin")):
            raise Http404
        if not row.get("mfa"):
            return redirect("accounts:mfa_required")
        return view(request, *args, **kwargs)

    return wrapper  # type: ignore[return-value]


def network_admin_required(view: ViewFunc) -> ViewFunc:
    @wraps(view)
    @mfa_required
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if not is_network_admin(request.user):  # type: ignore[arg-type]
            raise Http404
        return view(request, *args, **kwargs)

    return wrapper  # type: ignore[return-value]
