"""Invitations to join a program, for people an agency does not know yet.

A participants import (csv_io.py) names people by email. Someone the agency already knows — in
one of its programs, or on its staff — is enrolled at once. Anyone else is invited by email,
whether or not the address has an account here: the agency sees the same "invited" for both, so
an import reveals nothing about people outside the agency, and the person's profile reaches the
agency only when they accept (the same rule as referrals between agencies)."""

from __future__ import annotations

from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from bridgeway.accounts.models import Person
from bridgeway.core.notify import language_for_address
from bridgeway.core.services import DomainError, audit_record
from bridgeway.notifications.outbox import notify
from bridgeway.programs.models import (
    Enrollment,
    EnrollmentRole,
    EnrollmentStatus,
    Program,
    ProgramInvitation,
)
from bridgeway.programs.services import enrollment_advance_if_ready

if TYPE_CHECKING:
    from bridgeway.core.models import Organization

Invitation = ProgramInvitation
# How long a person has to answer; an open invitation for the same program and role is reused.
INVITATION_DAYS = 30


def agency_known_emails(*, organization: Organization, emails: set[str]) -> set[str]:
    """Which of `emails` belong to people the agency already knows: enrolled in one of its
    programs, or on its staff. Addresses are compared in lower case."""
    people = Person.objects.filter(email__in=emails)
    enrolled = people.filter(enrollments__program__organization=organization)
    staff = people.filter(memberships__organization=organization)
    found = [*enrolled.values_list("email", flat=True), *staff.values_list("email", flat=True)]
    return {email.lower() for email in found}


def invitations_open(*, program: Program, emails: set[str]) -> set[tuple[str, str]]:
    """(email, role) of the program's invitations still waiting for an answer."""
    rows = Invitation.objects.filter(
        program=program,
        email__in=emails,
        status=Invitation.Status.PENDING,
        expires_at__gt=timezone.now(),
    )
    return set(rows.values_list("email", "role"))


def invitations_declined(*, program: Program, emails: set[str]) -> set[tuple[str, str]]:
    """(email, role) of people who declined the program's invitation: they are not asked again
    (they can still apply to the program themselves)."""
    rows = Invitation.objects.filter(
        program=program, email__in=emails, status=Invitation.Status.DECLINED
    )
    return set(rows.values_list("email", "role"))


def invitations_for_program(*, program: Program) -> list[ProgramInvitation]:
    """The program's invitations, newest first, for its staff."""
    return list(Invitation.objects.filter(program=program).select_related("invited_by")[:200])


def invitation_get_for_person(*, token: str, person: Person) -> ProgramInvitation:
    """The invitation behind a link, only for the address it was sent to; anyone else gets
    the same 404 as for a link that does not exist."""
    from django.http import Http404

    invitation = (
        Invitation.objects.select_related("program__organization")
        .filter(token=token, email__iexact=person.email)
        .first()
    )
    if invitation is None:
        raise Http404
    return invitation


def invitation_create(
    *, program: Program, email: str, role: str, details: dict[str, Any], by: Person
) -> ProgramInvitation | None:
    """Invite `email` to the program in `role` and email them after commit; None when an
    invitation is already waiting for their answer, or when they declined one. Call inside the
    import's transaction."""
    now = timezone.now()
    Invitation.objects.filter(
        program=program,
        email=email,
        role=role,
        status=Invitation.Status.PENDING,
        expires_at__lte=now,
    ).update(status=Invitation.Status.EXPIRED)
    if Invitation.objects.filter(
        program=program,
        email=email,
        role=role,
        status__in=[Invitation.Status.PENDING, Invitation.Status.DECLINED],
    ).exists():
        return None
    try:
        with transaction.atomic():
            invitation = Invitation.objects.create(
                program=program,
                email=email,
                role=role,
                details=details,
                invited_by=by,
                expires_at=now + timedelta(days=INVITATION_DAYS),
            )
    except IntegrityError:
        return None  # another import invited them at the same moment
    invitation_send(invitation_id=invitation.pk)
    return invitation


def invitation_send(*, invitation_id: int) -> None:
    """Email the invitation, in the invited person's language, through the outbox (in the
    caller's transaction; sent after commit)."""
    invitation = (
        Invitation.objects.select_related("program__organization")
        .filter(pk=invitation_id, status=Invitation.Status.PENDING)
        .first()
    )
    if invitation is None:
        return
    # The invited person's own language when the address has an account (the agency never
    # learns which), else the one the agency's file gave, else the site's.
    notify(
        kind="programs.invitation",
        event=f"program-invitation:{invitation.pk}",
        address=invitation.email,
        language=language_for_address(
            invitation.email, invitation.details.get("preferred_language", "")
        ),
        params={"invitation": invitation.pk},
        url=reverse("programs:program_invitation", args=[invitation.token]),
        organization=invitation.program.organization,
    )


def consent_statement(*, invitation: ProgramInvitation) -> str:
    """What accepting shares, in the active language: shown on the invitation page and kept,
    word for word, as the person's consent when they accept."""
    return _(
        "If you accept, you are enrolled in the program, and the staff of %(agency)s see your "
        "profile (your name, languages, country, time zone and the needs you told us about) to "
        "support you."
    ) % {"agency": invitation.program.organization.name}


def _check_open(invitation: ProgramInvitation, person: Person) -> None:
    if invitation.email.lower() != person.email.lower():
        raise DomainError(_("This invitation was sent to another email address."))
    if invitation.status != Invitation.Status.PENDING:
        raise DomainError(_("This invitation has already been answered."))
    if invitation.expires_at <= timezone.now():
        raise DomainError(
            _("This invitation has expired. Ask the agency to send a new one if you wish.")
        )


def _fill_blank_profile(person: Person, details: dict[str, Any]) -> None:
    """What the agency's file said, only where the person's own profile is blank: accepting
    never overwrites what they wrote themselves."""
    changed = []
    if not person.display_name and details.get("name"):
        person.display_name = details["name"]
        changed.append("display_name")
    if not person.country and details.get("country"):
        person.country = details["country"]
        changed.append("country")
    if not person.spoken_languages and details.get("languages"):
        person.spoken_languages = details["languages"]
        changed.append("spoken_languages")
    if person.arrival_date is None and details.get("arrival_date"):
        person.arrival_date = date.fromisoformat(details["arrival_date"])
        changed.append("arrival_date")
    if changed:
        person.save(update_fields=changed)


@transaction.atomic
def invitation_accept(*, invitation: ProgramInvitation, person: Person) -> Enrollment:
    """Enroll the invited person, with their consent: the agency now sees their profile. The
    consent is kept on the invitation: who accepted, when, and the statement they agreed to in
    the language they read it (the active language)."""
    invitation = (
        Invitation.objects.select_for_update()
        .select_related("program__organization")
        .get(pk=invitation.pk)
    )
    _check_open(invitation, person)
    if not invitation.program.organization.is_active:
        raise DomainError(_("This agency no longer takes part in the network."))
    program, details = invitation.program, invitation.details
    role = invitation.role
    capacity = details.get("capacity") or (
        program.mentor_capacity_default if role == EnrollmentRole.MENTOR else None
    )
    enrollment, created = Enrollment.objects.get_or_create(
        program=program,
        person=person,
        role=role,
        defaults={
            "status": details.get("status") or EnrollmentStatus.APPLIED,
            "capacity": capacity if role == EnrollmentRole.MENTOR else None,
        },
    )
    _fill_blank_profile(person, details)
    invitation.status = Invitation.Status.ACCEPTED
    invitation.answered_at = timezone.now()
    invitation.enrollment = enrollment
    invitation.accepted_by = person
    invitation.consent_statement = consent_statement(invitation=invitation)
    invitation.consent_language = translation.get_language() or settings.LANGUAGE_CODE
    invitation.save(
        update_fields=[
            "status",
            "answered_at",
            "enrollment",
            "accepted_by",
            "consent_statement",
            "consent_language",
            "updated_at",
        ]
    )
    audit_record(
        actor=person,
        organization=program.organization,
        action="participants.invitation_accept",
        target=enrollment,
        summary=f"{invitation.email} ({role})",
    )
    if created and enrollment.status == EnrollmentStatus.TRAINING:
        enrollment_advance_if_ready(enrollment=enrollment)
    return enrollment


@transaction.atomic
def invitation_decline(*, invitation: ProgramInvitation, person: Person) -> None:
    """Say no: nothing is shared with the agency, which sees only that the invitation was
    declined."""
    invitation = (
        Invitation.objects.select_for_update().select_related("program").get(pk=invitation.pk)
    )
    _check_open(invitation, person)
    invitation.status = Invitation.Status.DECLINED
    invitation.answered_at = timezone.now()
    invitation.save(update_fields=["status", "answered_at", "updated_at"])
    audit_record(
        actor=None,
        organization=invitation.program.organization,
        action="participants.invitation_decline",
        target=invitation,
        summary=invitation.email,
    )
