"""Reads for partners, each scoped to the acting person (access.py): the staff's lists and
suggestions, a mentor's own links and the employers they may name, a contact's partners and
letters. Ids of another agency's rows answer the same 404 as missing ones."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import ngettext

from bridgeway.accounts.models import Person
from bridgeway.core.access import staff_organizations
from bridgeway.core.dashboard import TodoItem
from bridgeway.core.kept_queries import KeptRows
from bridgeway.core.models import Network, Organization
from bridgeway.programs.models import Enrollment, EnrollmentRole, EnrollmentStatus
from bridgeway.reports.partners.access import (
    agencies_linking,
    partners_managed,
    partners_readable,
)
from bridgeway.reports.partners.links import OPEN
from bridgeway.reports.partners.models import (
    EmployerLink,
    Partner,
    PartnerContact,
    SharedLetter,
)
from bridgeway.reports.partners.report import partner_programs
from bridgeway.reports.recognition.models import LetterRequest

SUGGESTIONS_MAX = 50
GONE = (EnrollmentStatus.WITHDRAWN, EnrollmentStatus.DECLINED)


def _with_counts(
    partners: QuerySet[Partner], agency: Organization | None = None
) -> QuerySet[Partner]:
    """Contacts, linked mentors and requests waiting (of `agency`'s mentors, when given)."""
    links = Q(links__organization=agency) if agency is not None else Q()
    return partners.annotate(
        contact_count=Count(
            "contacts", filter=Q(contacts__status=PartnerContact.Status.ACTIVE), distinct=True
        ),
        linked_count=Count(
            "links", filter=links & Q(links__status=EmployerLink.Status.ACTIVE), distinct=True
        ),
        waiting_count=Count(
            "links", filter=links & Q(links__status=EmployerLink.Status.REQUESTED), distinct=True
        ),
    ).order_by("name", "pk")


def partners_for_agency(organization: Organization) -> QuerySet[Partner]:
    """The agency's partners and the network's, with counts for the agency's mentors."""
    partners = Partner.objects.filter(
        Q(organization=organization)
        | Q(organization__isnull=True, network_id=organization.network_id)
    )
    return _with_counts(partners, organization)


def partners_for_network(network: Network) -> QuerySet[Partner]:
    return _with_counts(Partner.objects.filter(network=network, organization__isnull=True))


def network_for_admin(person: Person) -> Network:
    network = Network.objects.filter(admins__person=person).order_by("pk").first()
    if network is None:
        raise Http404
    return network


def linked_total(partner: Partner) -> int:
    """Mentors linked to the partner, from every agency: a count for the network's admins."""
    return partner.links.filter(status=EmployerLink.Status.ACTIVE).count()


def contacts_of(partner: Partner) -> QuerySet[PartnerContact]:
    return partner.contacts.exclude(status=PartnerContact.Status.REMOVED).order_by("name", "pk")


def contact_get_for_manager(*, person: Person, contact_id: int) -> PartnerContact:
    return get_object_or_404(
        PartnerContact.objects.filter(partner__in=partners_managed(person)).select_related(
            "partner"
        ),
        pk=contact_id,
    )


def contact_get_by_token(*, token: str, person: Person) -> PartnerContact:
    """The invitation, for the invited address only: anyone else gets the same 404."""
    return get_object_or_404(
        PartnerContact.objects.select_related(
            "partner__organization", "partner__network", "invited_by"
        ),
        token=token,
        email__iexact=person.email,
    )


def links_for_staff(*, person: Person, partner: Partner) -> QuerySet[EmployerLink]:
    """The open links of the partner with mentors of the person's agencies."""
    return (
        EmployerLink.objects.filter(
            partner=partner,
            status__in=OPEN,
            organization__in=agencies_linking(person, partner),
        )
        .select_related("person", "organization")
        .order_by("status", "person__display_name", "pk")
    )


def link_get_for_staff(*, person: Person, link_id: int) -> EmployerLink:
    return get_object_or_404(
        EmployerLink.objects.filter(organization__in=staff_organizations(person)).select_related(
            "partner", "person", "organization"
        ),
        pk=link_id,
    )


def mentor_get_for_linking(*, person: Person, partner: Partner, enrollment_id: int) -> Enrollment:
    """A mentor enrollment of the person's agencies, in the partner's programs."""
    return get_object_or_404(
        Enrollment.objects.filter(
            role=EnrollmentRole.MENTOR,
            program__organization__in=agencies_linking(person, partner),
            program__in=partner_programs(partner),
        ).select_related("person", "program__organization"),
        pk=enrollment_id,
    )


def mentor_find_by_email(*, person: Person, partner: Partner, email: str) -> Enrollment | None:
    return (
        Enrollment.objects.filter(
            role=EnrollmentRole.MENTOR,
            person__email__iexact=email.strip(),
            program__organization__in=agencies_linking(person, partner),
            program__in=partner_programs(partner),
        )
        .exclude(status__in=GONE)
        .select_related("person", "program__organization")
        .order_by("-created_at")
        .first()
    )


@dataclass(frozen=True)
class Suggestion:
    enrollment: Enrollment
    # What matched: the mentor's own address, or the address or name in a letter request.
    by_email: bool
    by_letter: bool


def _any_domain(field: str, domains: list[str]) -> Q:
    q = Q(pk__in=[])
    for domain in domains:
        q |= Q(**{f"{field}__iendswith": f"@{domain}"})
    return q


def suggestions(*, person: Person, partner: Partner) -> list[Suggestion]:
    """Mentors of the person's agencies who may work for the partner — their own address is at
    one of its domains, or the manager's address or the employer they gave when asking for a
    letter is — and have no open link to it. At most SUGGESTIONS_MAX, in one query."""
    linked = EmployerLink.objects.filter(partner=partner, status__in=OPEN).values("person_id")
    letter = LetterRequest.objects.filter(enrollment__person_id=OuterRef("person_id")).filter(
        Q(employer__iexact=partner.name) | _any_domain("recipient_email", partner.domains)
    )
    found = (
        Enrollment.objects.filter(
            role=EnrollmentRole.MENTOR,
            program__organization__in=agencies_linking(person, partner),
            program__in=partner_programs(partner),
        )
        .annotate(by_letter=Exists(letter))
        .filter(_any_domain("person__email", partner.domains) | Q(by_letter=True))
        .exclude(status__in=GONE)
        .exclude(person_id__in=linked)
        .select_related("person", "program__organization")
        .order_by("person__display_name", "person_id", "pk")
    )
    rows: dict[int, Suggestion] = {}
    for enrollment in found[: SUGGESTIONS_MAX * 3]:
        if enrollment.person_id in rows or len(rows) >= SUGGESTIONS_MAX:
            continue
        email = enrollment.person.email.lower()
        rows[enrollment.person_id] = Suggestion(
            enrollment,
            by_email=any(email.endswith(f"@{domain}") for domain in partner.domains),
            by_letter=bool(enrollment.by_letter),  # type: ignore[attr-defined]
        )
    return list(rows.values())


@dataclass(frozen=True)
class EmployerChoice:
    partner: Partner
    organization: Organization


def employer_choices(person: Person) -> list[EmployerChoice]:
    """The partners a mentor may name as their employer: those of each agency where they mentor
    and those of its network, without the ones they already named. Each once, through the
    first such agency by name."""
    agencies = {
        e.program.organization_id: e.program.organization
        for e in Enrollment.objects.filter(person=person, role=EnrollmentRole.MENTOR)
        .exclude(status__in=GONE)
        .select_related("program__organization")
    }
    if not agencies:
        return []
    named = EmployerLink.objects.filter(person=person, status__in=OPEN).values("partner_id")
    partners = (
        Partner.objects.filter(
            Q(organization_id__in=agencies)
            | Q(
                organization__isnull=True,
                network_id__in={a.network_id for a in agencies.values()},
            )
        )
        .exclude(pk__in=named)
        .order_by("name", "pk")
    )
    ordered = sorted(agencies.values(), key=lambda a: a.name.casefold())
    choices = []
    for partner in partners:
        through = next(
            a
            for a in ordered
            if a.pk == partner.organization_id
            or (partner.organization_id is None and a.network_id == partner.network_id)
        )
        choices.append(EmployerChoice(partner, through))
    return choices


def is_mentor(person: Person) -> bool:
    return (
        Enrollment.objects.filter(person=person, role=EnrollmentRole.MENTOR)
        .exclude(status__in=GONE)
        .exists()
    )


def links_of(person: Person) -> QuerySet[EmployerLink]:
    """The mentor's links: open ones first, then those that ended."""
    return (
        EmployerLink.objects.filter(person=person)
        .select_related("partner", "organization")
        .order_by("status", "partner__name", "-pk")
    )


def link_get_for_person(*, person: Person, link_id: int) -> EmployerLink:
    return get_object_or_404(links_of(person).filter(status__in=OPEN), pk=link_id)


def partners_of_contact(person: Person) -> QuerySet[Partner]:
    return Partner.objects.filter(
        contacts__person=person, contacts__status=PartnerContact.Status.ACTIVE
    ).order_by("name", "pk")


def partners_for_reader(person: Person) -> QuerySet[Partner]:
    return partners_readable(person).select_related("organization", "network").order_by("name")


def shared_letters(partner: Partner) -> QuerySet[SharedLetter]:
    """The letters on the partner's page: of mentors who still share their letters with it."""
    return (
        SharedLetter.objects.filter(
            partner=partner,
            link__status=EmployerLink.Status.ACTIVE,
            link__share_letters=True,
        )
        .select_related("certificate")
        .order_by("-shared_at", "-pk")
    )


def shared_letter_get_for_reader(*, person: Person, letter_id: int) -> SharedLetter:
    letter = get_object_or_404(
        SharedLetter.objects.filter(partner__in=partners_readable(person)).select_related(
            "certificate", "partner"
        ),
        pk=letter_id,
    )
    if not shared_letters(letter.partner).filter(pk=letter.pk).exists():
        raise Http404
    return letter


def _named_partner_count(organization_id: int) -> QuerySet[EmployerLink, tuple[int]]:
    """How many of the agency's mentors named a partner, waiting for the staff: no row when
    none."""
    return (
        EmployerLink.objects.filter(
            organization_id=organization_id, status=EmployerLink.Status.REQUESTED
        )
        .order_by()
        .values("organization_id")
        .annotate(n=Count("pk"))
        .values_list("n")
    )


# Compiled once per process, run with the agency's id (the coordinators' dashboard).
_kept_named_partner_count = KeptRows(_named_partner_count, int)


def todo(*, organization: Organization) -> list[TodoItem]:
    """Mentors of the agency who named a partner as their employer, waiting for the staff."""
    rows = _kept_named_partner_count.list(organization.pk)
    n = rows[0][0] if rows else 0
    return [
        TodoItem(
            n,
            ngettext(
                "%(count)d mentor named a partner as their employer: confirm it",
                "%(count)d mentors named a partner as their employer: confirm it",
                n,
            )
            % {"count": n},
            reverse("reports:partners_agency", args=[organization.slug]),
        )
    ]
