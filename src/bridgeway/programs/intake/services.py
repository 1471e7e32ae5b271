"""State changes for intake, consent and referrals."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any, cast

from allauth.account.models import EmailAddress
from django.conf import settings
from django.core.cache import cache
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from bridgeway.accounts.models import Person
from bridgeway.core.notify import email_person
from bridgeway.core.services import DomainError, audit_record
from bridgeway.programs.intake.answers import answers_for_fit
from bridgeway.programs.intake.fit import programs_that_fit
from bridgeway.programs.intake.models import (
    ALWAYS_SHARED,
    INTAKE_CONFIRM_DAYS,
    ConsentRecord,
    ConsentText,
    IntakeSubmission,
    Referral,
    SharedField,
)
from bridgeway.programs.intake.selectors import consent_text_current, submission_latest_applied
from bridgeway.programs.models import Enrollment, Program
from bridgeway.programs.selectors import program_list_public
from bridgeway.programs.services import ACTIVE_STATUSES, enrollment_apply

INTAKE_LIMIT_PER_HOUR = 10


def intake_rate_allows(*, key: str, now: datetime | None = None) -> bool:
    """Count one intake for `key` (an IP address) in the current hour; False once over the
    limit. The counter lives in the shared cache, so it holds across web workers."""
    now = now or timezone.now()
    bucket = f"intake-rate:{key}:{now:%Y%m%d%H}"
    cache.add(bucket, 0, timeout=3600)
    try:
        count = cache.incr(bucket)
    except ValueError:  # expired between add and incr
        cache.set(bucket, 1, timeout=3600)
        count = 1
    return count <= INTAKE_LIMIT_PER_HOUR


@transaction.atomic
def intake_submit(
    *,
    answers: dict[str, Any],
    program_ids: list[int],
    consent_version: int,
    email: str = "",
    name: str = "",
    preferred_language: str = "",
    time_zone: str = "",
    by: Person | None = None,
    email_link: bool = False,
) -> IntakeSubmission:
    """Record an intake. A signed-in person, or a new address, is enrolled at once; an address
    that already has an account waits until its owner signs in and confirms, so that no one
    can enroll someone else. The caller answers the same way in both cases. With
    `email_link`, the address receives the link that finishes the application."""
    consent_text = _current_consent(consent_version)
    programs = _fitting_programs(answers, program_ids)
    role = answers_for_fit(answers).role
    ids = [program.pk for program in programs]
    signed_in = by is not None and by.is_authenticated
    if by is not None and signed_in:
        person, is_new = by, False
    else:
        person, is_new = _person_for(
            email=email,
            name=name,
            preferred_language=preferred_language,
            time_zone=time_zone,
            answers=answers,
        )
    submission = IntakeSubmission.objects.create(
        person=person,
        answers=answers,
        program_ids=ids,
        role=role,
        consent_text=consent_text,
    )
    if is_new or signed_in:
        _apply(submission, programs, update_profile=signed_in)
    if email_link:
        transaction.on_commit(lambda: intake_send_confirmation(submission_id=submission.pk))
    return submission


@transaction.atomic
def intake_confirm(*, submission: IntakeSubmission, person: Person) -> list[Enrollment]:
    """The owner of an existing account, signed in, confirms an intake made with their
    address. Safe to call twice: an applied intake changes nothing."""
    locked = IntakeSubmission.objects.select_for_update().get(pk=submission.pk)
    if locked.person_id != person.pk:
        raise DomainError(_("This link is for another account."))
    if locked.status == IntakeSubmission.Status.APPLIED:
        return []
    if locked.status == IntakeSubmission.Status.EXPIRED or (
        locked.confirm_expires_at <= timezone.now()
    ):
        IntakeSubmission.objects.filter(pk=locked.pk).update(status=IntakeSubmission.Status.EXPIRED)
        raise DomainError(_("This application has expired. Please fill in the form again."))
    programs = list(program_list_public().filter(pk__in=locked.program_ids))
    if not programs:
        raise DomainError(_("The programs you chose no longer take applications."))
    return _apply(locked, programs, update_profile=True)


def _current_consent(version: int) -> ConsentText:
    current = consent_text_current()
    if current is None:
        raise DomainError(_("Applications are closed for a moment. Please try again later."))
    if current.version != version:
        raise DomainError(
            _("The consent text has just changed. Please read it again and tick the box."),
            field="consent",
        )
    return current


def _fitting_programs(answers: dict[str, Any], program_ids: list[int]) -> list[Program]:
    if not program_ids:
        raise DomainError(_("Choose at least one program."), field="programs")
    chosen = list(program_list_public().filter(pk__in=program_ids))
    fits = programs_that_fit(
        answers_for_fit(answers),
        ((program, program.organization.city) for program in chosen),
        today=timezone.localdate(),
    )
    if len(fits) != len(set(program_ids)):
        raise DomainError(
            _("One of the programs you chose no longer fits your answers. Choose again."),
            field="programs",
        )
    return [cast(Program, fit.program) for fit in fits]


def _person_for(
    *, email: str, name: str, preferred_language: str, time_zone: str, answers: dict[str, Any]
) -> tuple[Person, bool]:
    email = email.strip().lower()
    existing = Person.objects.filter(email__iexact=email).first()
    if existing is not None:
        return existing, False
    languages = {code for code, _name in settings.LANGUAGES}
    person = Person(
        email=email,
        display_name=name.strip(),
        preferred_language=preferred_language if preferred_language in languages else "en",
        time_zone=time_zone,
    )
    _fill_profile(person, answers)
    # Sign-in is by a code sent to this address; there is no password to guess.
    person.set_unusable_password()
    try:
        with transaction.atomic():
            person.save()
    except IntegrityError:  # the same address, submitted twice at once
        return Person.objects.get(email__iexact=email), False
    EmailAddress.objects.create(user=person, email=email, primary=True, verified=False)
    return person, True


def _fill_profile(person: Person, answers: dict[str, Any]) -> None:
    """Add what the intake told us to the profile, never erasing what the person wrote."""
    person.spoken_languages = sorted(
        set(person.spoken_languages or []) | set(answers.get("languages", []))
    )
    person.country = person.country or answers.get("country", "")
    if not person.arrival_date and answers.get("arrival_date"):
        person.arrival_date = answers["arrival_date"]


def _apply(
    submission: IntakeSubmission, programs: list[Program], *, update_profile: bool
) -> list[Enrollment]:
    person = submission.person
    if update_profile:
        _fill_profile(person, submission.answers)
        person.save(update_fields=["spoken_languages", "country", "arrival_date"])
    ConsentRecord.objects.create(
        person=person,
        consent_text=submission.consent_text,
        covers=ConsentRecord.Covers.INTAKE,
        details={"submission": submission.pk, "programs": [p.pk for p in programs]},
    )
    enrollments = []
    for program in programs:
        current = Enrollment.objects.filter(
            program=program, person=person, role=submission.role, status__in=ACTIVE_STATUSES
        ).first()
        if current is None:
            current = enrollment_apply(person=person, program=program, role=submission.role)
        # Each agency concerned keeps the consent its application came with.
        audit_record(
            actor=person,
            organization=program.organization,
            action="intake.consent",
            target=current,
            summary=f"{submission.consent_text} · {program.name}",
            data={"version": submission.consent_text.version, "program": program.name},
        )
        enrollments.append(current)
    submission.status = IntakeSubmission.Status.APPLIED
    submission.applied_at = timezone.now()
    submission.save(update_fields=["status", "applied_at", "updated_at"])
    return enrollments


def intake_send_confirmation(*, submission_id: int) -> None:
    """For intakes made through the API: the link that finishes the application after the
    person signs in with a code sent to their address."""
    submission = IntakeSubmission.objects.select_related("person").get(pk=submission_id)
    url = settings.SITE_URL + reverse("intake:confirm", args=[submission.token])
    email_person(
        person=submission.person,
        subject=cast(str, gettext_lazy("Finish your application on Bridgeway")),
        template="intake/email/confirm.txt",
        context={"submission": submission, "url": url},
    )


def intakes_expire(*, now: datetime | None = None) -> int:
    """Pending intakes nobody confirmed in time; safe to run anywhere, twice."""
    now = now or timezone.now()
    cutoff = now - timedelta(days=INTAKE_CONFIRM_DAYS)
    return IntakeSubmission.objects.filter(
        status=IntakeSubmission.Status.PENDING, created_at__lte=cutoff
    ).update(status=IntakeSubmission.Status.EXPIRED)


# --- Referrals --------------------------------------------------------------------------------


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
    transaction.on_commit(lambda: referral_send(referral_id=referral.pk))
    return referral


def referral_send(*, referral_id: int) -> None:
    referral = Referral.objects.select_related(
        "from_enrollment__person", "to_program__organization"
    ).get(pk=referral_id)
    url = settings.SITE_URL + reverse("intake:referral_answer", args=[referral.token])
    email_person(
        person=referral.from_enrollment.person,
        subject=cast(str, gettext_lazy("A program at another agency could help you")),
        template="intake/email/referral.txt",
        context={"referral": referral, "url": url},
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
        SharedField.ACCESSIBILITY: list(person.accessibility_needs or []),
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
