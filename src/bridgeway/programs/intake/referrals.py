"""State changes for referrals: one agency suggests another agency's program; the person
decides, and only then does the other agency see what the person agreed to share."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from bridgeway.accounts.models import Person
from bridgeway.core.services import DomainError, audit_record
from bridgeway.notifications.outbox import notify
from bridgeway.privacy.consent.models import Purpose
from bridgeway.privacy.consent.selectors import consent_withdrawn
from bridgeway.programs.intake.models import ALWAYS_SHARED, ConsentRecord, Referral, SharedField
from bridgeway.programs.intake.selectors import submission_latest_applied
from bridgeway.programs.models import Enrollment, Program
from bridgeway.programs.services import ACTIVE_STATUSES, enrollment_apply


@transaction.atomic
def referral_create(
    *, enrollment: Enrollment, to_program: Program, shared_fields: list[str], note: str, by: Person
) -> Referral:
    """A coordinator of the enrollment's agency suggests another agency's program. The person
    decides; until then the other agency sees nothing."""
    source = enrollment.program.organization
    if (
        not to_program.is_published
        or not to_program.organization.is_active
        or to_program.organization_id == source.pk
        or to_program.organization.network_id != source.network_id
    ):
        raise DomainError(_("Choose a listed program of another agency."), field="to_program")
    if enrollment.status not in ACTIVE_STATUSES:
        raise DomainError(_("Only a current participant can be referred."))
    if consent_withdrawn(person_id=enrollment.person_id, purpose=Purpose.REFERRAL):
        raise DomainError(
            _("This person withdrew their consent to referrals: they cannot be referred.")
        )
    if Enrollment.objects.filter(
        program=to_program, person=enrollment.person, status__in=ACTIVE_STATUSES
    ).exists():
        raise DomainError(_("This person is already in that program."), field="to_program")
    unknown = set(shared_fields) - set(SharedField.values)
    if unknown:
        raise DomainError(_("Choose details from the list."), field="shared_fields")
    fields = [f for f in SharedField.values if f in set(shared_fields) | set(ALWAYS_SHARED)]
    try:
        with transaction.atomic():
            referral = Referral.objects.create(
                from_enrollment=enrollment,
                to_program=to_program,
                referred_by=by,
                note=note.strip(),
                shared_fields=fields,
                expires_at=Referral.default_expiry(),
            )
    except IntegrityError:
        raise DomainError(
            _("This person already has an open referral to that program."), field="to_program"
        ) from None
    audit_record(
        actor=by,
        organization=source,
        action="referral.create",
        target=referral,
        summary=f"{enrollment.person.email} → {to_program.organization.name}: {to_program.name}",
        data={"fields": fields},
    )
    referral_send(referral_id=referral.pk)
    return referral


def referral_send(*, referral_id: int) -> None:
    """Tell the person another agency's program could help them: in the outbox, in the
    caller's transaction."""
    referral = Referral.objects.select_related(
        "from_enrollment__person", "from_enrollment__program__organization"
    ).get(pk=referral_id)
    notify(
        kind="intake.referral",
        event=f"referral:{referral.pk}",
        person=referral.from_enrollment.person,
        role=referral.from_enrollment.role,
        params={"referral": referral.pk},
        url=reverse("intake:referral_answer", args=[referral.token]),
        organization=referral.from_enrollment.program.organization,
    )


@transaction.atomic
def referral_withdraw(*, referral: Referral, by: Person) -> None:
    updated = Referral.objects.filter(pk=referral.pk, status=Referral.Status.PENDING).update(
        status=Referral.Status.WITHDRAWN, answered_at=timezone.now()
    )
    if not updated:
        raise DomainError(_("Only a referral still waiting for the person can be withdrawn."))
    audit_record(
        actor=by,
        organization=referral.from_enrollment.program.organization,
        action="referral.withdraw",
        target=referral,
        summary=referral.to_program.name,
    )


def referral_preview(*, referral: Referral) -> dict[str, Any]:
    """Exactly what the receiving agency would see, taken from the person's data now."""
    person = referral.from_enrollment.person
    latest = submission_latest_applied(person=person)
    values: dict[str, Any] = {
        SharedField.NAME: person.name,
        SharedField.EMAIL: person.email,
        SharedField.LANGUAGES: list(person.spoken_languages or []),
        SharedField.COUNTRY: person.country,
        SharedField.TIME_ZONE: person.time_zone,
        # Not shared once the person withdrew their consent to sensitive information.
        SharedField.ACCESSIBILITY: []
        if consent_withdrawn(person_id=person.pk, purpose=Purpose.SENSITIVE)
        else list(person.accessibility_needs or []),
        SharedField.INTAKE_ANSWERS: latest.answers if latest is not None else {},
        SharedField.NOTE: referral.note,
    }
    return {str(field): values[field] for field in referral.shared_fields if field in values}


@transaction.atomic
def referral_answer(*, referral: Referral, person: Person, consent: bool) -> Referral:
    """The person agrees (the chosen details are shared and they join the program) or says
    no (nothing is shared). One answer only."""
    if referral.from_enrollment.person_id != person.pk:
        raise DomainError(_("This referral is for another account."))
    new_status = Referral.Status.CONSENTED if consent else Referral.Status.DECLINED
    now = timezone.now()
    claimed = Referral.objects.filter(
        pk=referral.pk, status=Referral.Status.PENDING, expires_at__gt=now
    ).update(status=new_status, answered_at=now)
    if not claimed:
        raise DomainError(_("This referral is no longer open."))
    referral.refresh_from_db()
    sender = referral.from_enrollment.program.organization
    if consent:
        _share(referral, person)
    audit_record(
        actor=person,
        organization=sender,
        action="referral.consent" if consent else "referral.decline",
        target=referral,
        summary=referral.to_program.name,
    )
    return referral


def _share(referral: Referral, person: Person) -> None:
    program = referral.to_program
    if not program.is_published or not program.organization.is_active:
        raise DomainError(_("That program no longer takes applications."))
    referral.shared = referral_preview(referral=referral)
    referral.consent_record = ConsentRecord.objects.create(
        person=person,
        covers=ConsentRecord.Covers.REFERRAL,
        details={
            "referral": referral.pk,
            "agency": program.organization.name,
            "program": program.name,
            "fields": list(referral.shared_fields),
        },
    )
    role = referral.from_enrollment.role
    enrollment = Enrollment.objects.filter(
        program=program, person=person, role=role, status__in=ACTIVE_STATUSES
    ).first()
    referral.to_enrollment = enrollment or enrollment_apply(
        person=person, program=program, role=role
    )
    referral.save(update_fields=["shared", "consent_record", "to_enrollment", "updated_at"])
    audit_record(
        actor=person,
        organization=program.organization,
        action="referral.receive",
        target=referral,
        summary=program.name,
        data={"fields": list(referral.shared_fields)},
    )


@transaction.atomic
def referral_accept(*, referral: Referral, by: Person) -> None:
    """The receiving agency takes the referral on."""
    updated = Referral.objects.filter(pk=referral.pk, status=Referral.Status.CONSENTED).update(
        status=Referral.Status.ACCEPTED, accepted_by=by, accepted_at=timezone.now()
    )
    if not updated:
        raise DomainError(_("This referral has already been handled."))
    audit_record(
        actor=by,
        organization=referral.to_program.organization,
        action="referral.accept",
        target=referral,
        summary=referral.to_program.name,
    )


def referrals_expire(*, now: datetime | None = None) -> int:
    """Referrals the person never answered; safe to run anywhere, twice."""
    now = now or timezone.now()
    return Referral.objects.filter(status=Referral.Status.PENDING, expires_at__lte=now).update(
        status=Referral.Status.EXPIRED, answered_at=now
    )
