"""Reads of erasure requests, scoped to the person or to the staff of the person's agencies."""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import Http404

from bridgeway.accounts.models import Person
from bridgeway.core.access import ANY_STAFF, staff_organizations
from bridgeway.core.models import Organization
from bridgeway.privacy.erasure.holds import held_person_ids
from bridgeway.privacy.erasure.models import ErasureRequest
from bridgeway.programs.models import Enrollment

SHOWN = ("pending", "held", "done")


def request_of(*, person: Person) -> ErasureRequest | None:
    """The person's latest request (open or not)."""
    return ErasureRequest.objects.filter(person=person).order_by("-created_at", "-pk").first()


def requests_for_agency(*, organization: Organization, show: str) -> list[ErasureRequest]:
    """An agency's requests: waiting for review ("pending"), held by an open concern ("held"),
    or carried out ("done", with those in progress)."""
    rows = ErasureRequest.objects.filter(organizations=organization).select_related("person")
    if show == "done":
        return list(rows.filter(status__in=["approved", "done"]).order_by("-approved_at", "-pk"))
    pending = list(rows.filter(status="pending").order_by("created_at", "pk"))
    held = held_person_ids([row.person_id for row in pending])
    return [row for row in pending if (row.person_id in held) == (show == "held")]


def requests_for_staff(*, person: Person, show: str) -> list[ErasureRequest]:
    """The requests of every agency the person is on staff of (the API's list)."""
    rows: dict[int, ErasureRequest] = {}
    for organization in staff_organizations(person, roles=ANY_STAFF):
        for row in requests_for_agency(organization=organization, show=show):
            rows.setdefault(row.pk, row)
    return sorted(rows.values(), key=lambda row: (row.created_at, row.pk))


def request_get_for_staff(
    *, person: Person, request_id: int
) -> tuple[ErasureRequest, Organization]:
    """A request of one of the agencies the person is on staff of, with that agency; 404
    otherwise (missing and another agency's look the same)."""
    organizations = staff_organizations(person, roles=ANY_STAFF)
    request = (
        ErasureRequest.objects.filter(pk=request_id, organizations__in=organizations)
        .select_related("person")
        .first()
    )
    if request is None:
        raise Http404
    organization = request.organizations.filter(pk__in=organizations).order_by("pk").first()
    assert organization is not None
    return request, organization


def participants_of(*, organization: Organization) -> QuerySet[Person]:
    """The people an agency's staff may ask to erase: its participants, not yet erased."""
    ids = Enrollment.objects.filter(program__organization=organization).values_list(
        "person_id", flat=True
    )
    return Person.objects.filter(pk__in=ids, erased_at__isnull=True).order_by("display_name", "pk")


def participant_get(*, organization: Organization, person_id: int) -> Person:
    person = participants_of(organization=organization).filter(pk=person_id).first()
    if person is None:
        raise Http404
    return person
