"""Mentors' links to their employer, a partner. A link counts only with both sides: the mentor
consents — choosing whether their mentoring is counted in the partner's figures, whether their
recognition letters go to the partner, or both — and the staff of the agency where they mentor
confirm that the partner is their employer. Either side starts it (the mentor names their
employer; the staff suggest it, from a work email domain for instance) and either side ends
it. The words the mentor agreed to are kept with the link, in the language they read them.

Callers have checked access: the mentor acts on their own links, staff on their agency's."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from bridgeway.core.services import DomainError, audit_record
from bridgeway.notifications.outbox import notify
from bridgeway.programs.models import Enrollment, EnrollmentRole
from bridgeway.reports.partners.models import EmployerLink, Partner
from bridgeway.reports.partners.report import partner_programs

if TYPE_CHECKING:
    from bridgeway.accounts.models import Person
    from bridgeway.core.models import Organization

S = EmployerLink.Status
OPEN = (S.PROPOSED, S.REQUESTED, S.ACTIVE)
REASON_MAX = 500


def consent_statement(*, partner: Partner, share_figures: bool, share_letters: bool) -> str:
    """What the mentor agrees to, in the active language (kept with the link)."""
    parts = []
    if share_figures:
        parts.append(
            _(
                "My mentoring is counted in the figures that the contacts of %(partner)s read: "
                "numbers of mentors, mentorships, meetings, hours and mean satisfaction, "
                "added up over at least five employees, never with my name or my mentees'."
            )
            % {"partner": partner.name}
        )
    if share_letters:
        parts.append(
            _(
                "The letters recognizing my mentoring that the program issues for me are "
                "also sent to the contacts of %(partner)s, with my name, the program, my hours "
                "and the mentorships I completed."
            )
            % {"partner": partner.name}
        )
    return " ".join(parts)


def _choices(share_figures: bool, share_letters: bool) -> None:
    if not (share_figures or share_letters):
        raise DomainError(
            _("Choose what to share: your figures, your letters, or both."), "share_figures"
        )


def _consent(partner: Partner, share_figures: bool, share_letters: bool) -> dict[str, object]:
    """The consent fields of a link: the choices, when, and the words agreed to."""
    return {
        "share_figures": share_figures,
        "share_letters": share_letters,
        "consent_at": timezone.now(),
        "consent_statement": consent_statement(
            partner=partner, share_figures=share_figures, share_letters=share_letters
        ),
        "consent_language": translation.get_language() or "",
    }


def _set(link: EmployerLink, fields: dict[str, object]) -> None:
    for name, value in fields.items():
        setattr(link, name, value)


def _audit(link: EmployerLink, by: Person | None, action: str, **data: object) -> None:
    audit_record(
        actor=by,
        organization=link.organization,
        action=action,
        target=link,
        summary=f"{link.partner.name}: {action}"[:300],
        data={"partner": link.partner.name, "name": link.person.name, **data},
    )


def _tell(link: EmployerLink, kind: str) -> None:
    notify(
        kind=kind,
        event=f"employer-link:{link.pk}:{link.status}",
        person=link.person,
        role="mentor",
        params={"link": link.pk},
        url=reverse("reports:my_employer"),
        organization=link.organization,
    )


def _open_link_exists(partner: Partner, person: Person) -> bool:
    return EmployerLink.objects.filter(partner=partner, person=person, status__in=OPEN).exists()


def _create(**fields: object) -> EmployerLink:
    try:
        with transaction.atomic():
            return EmployerLink.objects.create(**fields)
    except IntegrityError:  # the same link sent twice at once
        raise DomainError(_("This employer is already named for this mentor.")) from None


def _mentors_here(person: Person, partner: Partner, organization: Organization) -> bool:
    return Enrollment.objects.filter(
        person=person,
        role=EnrollmentRole.MENTOR,
        program__organization=organization,
        program__in=partner_programs(partner),
    ).exists()


@transaction.atomic
def link_request(
    *,
    person: Person,
    partner: Partner,
    organization: Organization,
    share_figures: bool,
    share_letters: bool,
) -> EmployerLink:
    """The mentor names the partner as their employer; the agency's staff confirm it."""
    _choices(share_figures, share_letters)
    if not _mentors_here(person, partner, organization):
        raise DomainError(_("Choose an employer from the list."), "partner")
    if _open_link_exists(partner, person):
        raise DomainError(_("You already named this employer."), "partner")
    link = _create(
        partner=partner,
        person=person,
        organization=organization,
        status=S.REQUESTED,
        **_consent(partner, share_figures, share_letters),
    )
    _audit(link, person, "partners.link_request")
    return link


@transaction.atomic
def link_propose(*, partner: Partner, enrollment: Enrollment, by: Person) -> EmployerLink:
    """The staff suggest to a mentor of their agency that the partner is their employer;
    nothing is shared until the mentor agrees."""
    organization = enrollment.program.organization
    person = enrollment.person
    if enrollment.role != EnrollmentRole.MENTOR or not _mentors_here(person, partner, organization):
        raise DomainError(_("Only a mentor of the partner's programs can be linked to it."))
    if _open_link_exists(partner, person):
        raise DomainError(
            _("%(name)s is already linked to this partner, or a link is waiting.")
            % {"name": person.name}
        )
    link = _create(
        partner=partner, person=person, organization=organization, status=S.PROPOSED, proposed_by=by
    )
    _audit(link, by, "partners.link_propose")
    _tell(link, "partners.link_proposed")
    return link


def _locked(link: EmployerLink) -> EmployerLink:
    return (
        EmployerLink.objects.select_for_update()
        .select_related("partner", "person", "organization")
        .get(pk=link.pk)
    )


@transaction.atomic
def link_accept(
    *, link: EmployerLink, person: Person, share_figures: bool, share_letters: bool
) -> EmployerLink:
    """The mentor agrees to the staff's suggestion: the link counts at once (the staff already
    vouched for it). Agreeing twice changes nothing."""
    _choices(share_figures, share_letters)
    link = _locked(link)
    if link.person_id != person.pk or link.status not in (S.PROPOSED, S.ACTIVE):
        raise DomainError(_("This suggestion is no longer open."))
    if link.status == S.ACTIVE:
        return link
    _set(link, _consent(link.partner, share_figures, share_letters))
    link.status = S.ACTIVE
    link.confirmed_by, link.confirmed_at = link.proposed_by, timezone.now()
    link.save()
    _audit(link, person, "partners.link_accept", figures=share_figures, letters=share_letters)
    return link


@transaction.atomic
def link_update(
    *, link: EmployerLink, person: Person, share_figures: bool, share_letters: bool
) -> EmployerLink:
    """The mentor changes what they share; sharing nothing ends the link."""
    link = _locked(link)
    if link.person_id != person.pk or link.status not in (S.REQUESTED, S.ACTIVE):
        raise DomainError(_("This link is no longer open."))
    if not (share_figures or share_letters):
        return link_end(link=link, by=person)
    if (link.share_figures, link.share_letters) == (share_figures, share_letters):
        return link
    _set(link, _consent(link.partner, share_figures, share_letters))
    link.save()
    _audit(link, person, "partners.link_update", figures=share_figures, letters=share_letters)
    return link


@transaction.atomic
def link_confirm(*, link: EmployerLink, by: Person) -> EmployerLink:
    """The staff confirm that the partner is the mentor's employer. A second click (or two at
    once) changes nothing."""
    link = _locked(link)
    if link.status == S.ACTIVE:
        return link
    if link.status != S.REQUESTED:
        raise DomainError(_("Only a mentor's own request can be confirmed."))
    link.status, link.confirmed_by, link.confirmed_at = S.ACTIVE, by, timezone.now()
    link.save(update_fields=["status", "confirmed_by", "confirmed_at"])
    _audit(link, by, "partners.link_confirm")
    _tell(link, "partners.link_confirmed")
    return link


@transaction.atomic
def link_end(*, link: EmployerLink, by: Person, reason: str = "") -> EmployerLink:
    """End a link: the mentor withdraws (or declines a suggestion), or the staff end it — with a
    reason the mentor reads, unless they only take back their own suggestion. From then on the
    mentor is no longer counted, and their letters no longer show on the partner's page."""
    link = _locked(link)
    if link.status == S.ENDED:
        return link
    by_mentor = by.pk == link.person_id
    reason = reason.strip()[:REASON_MAX]
    if by_mentor:
        ending = (
            EmployerLink.Ending.DECLINED
            if link.status == S.PROPOSED
            else EmployerLink.Ending.WITHDRAWN
        )
    else:
        ending = EmployerLink.Ending.UNLINKED
        if link.status != S.PROPOSED and not reason:
            raise DomainError(_("Say why: the mentor reads the reason."), "reason")
    told = not by_mentor and link.status != S.PROPOSED
    link.status, link.ending, link.end_reason = S.ENDED, ending, reason
    link.ended_at = timezone.now()
    link.save(update_fields=["status", "ending", "end_reason", "ended_at"])
    _audit(link, by, "partners.link_end", ending=ending, reason=reason)
    if told:
        _tell(link, "partners.link_ended")
    return link
