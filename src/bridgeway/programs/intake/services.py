"""State changes for intake and consent ("no wrong door"); referrals are in referrals.py."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import Any, cast

from allauth.account.models import EmailAddress
from django.conf import settings
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from bridgeway.accounts.models import Person
from bridgeway.core.services import DomainError, audit_record
from bridgeway.notifications.outbox import notify
from bridgeway.privacy.consent.selectors import intake_purposes
from bridgeway.privacy.consent.services import consents_give_at_intake
from bridgeway.programs.colleagues import referrals_record
from bridgeway.programs.intake.answers import answers_for_fit
from bridgeway.programs.intake.fit import programs_that_fit
from bridgeway.programs.intake.models import (
    INTAKE_CONFIRM_DAYS,
    ConsentRecord,
    ConsentText,
    IntakeSubmission,
)
from bridgeway.programs.intake.selectors import consent_text_current
from bridgeway.programs.models import Enrollment, Program
from bridgeway.programs.selectors import program_list_public
from bridgeway.programs.services import ACTIVE_STATUSES, enrollment_apply


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
    colleague_codes: Sequence[str] = (),
    purpose_versions: dict[str, int] | None = None,
) -> IntakeSubmission:
    """Record an intake. A signed-in person, or a new address, is enrolled at once; an address
    that already has an account waits until its owner signs in and confirms, so that no one
    can enroll someone else. The caller answers the same way in both cases. With
    `email_link`, the address receives the link that finishes the application. An application
    to the program of one of `colleague_codes` (colleagues' invitation links) is counted for
    the colleague when it is made. `purpose_versions` are the versions of the purposes' texts
    the page listed (intake_purposes); without them, the current ones."""
    consent_text = _current_consent(consent_version)
    versions = _current_purposes(purpose_versions)
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
        purpose_versions=versions,
        colleague_codes=list(dict.fromkeys(code for code in colleague_codes if code))[:10],
    )
    if is_new or signed_in:
        _apply(submission, programs, update_profile=signed_in)
    if email_link:
        intake_send_confirmation(submission_id=submission.pk)
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


def _current_purposes(shown: dict[str, int] | None) -> dict[str, int]:
    """The versions read must still be the current ones, like the intake's own text."""
    current = {item.purpose: item.version for item in intake_purposes()}
    if shown is not None and {k: shown.get(k) for k in current} != current:
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
    # The intake text covers taking part and matching: both are recorded by purpose too.
    consents_give_at_intake(person=person, versions=submission.purpose_versions)
    enrollments = []
    new = []
    for program in programs:
        current = Enrollment.objects.filter(
            program=program, person=person, role=submission.role, status__in=ACTIVE_STATUSES
        ).first()
        if current is None:
            current = enrollment_apply(person=person, program=program, role=submission.role)
            new.append(current)
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
    # Only applications made now count for a colleague, not ones the person had already.
    referrals_record(enrollments=new, tokens=submission.colleague_codes)
    submission.status = IntakeSubmission.Status.APPLIED
    submission.applied_at = timezone.now()
    submission.save(update_fields=["status", "applied_at", "updated_at"])
    return enrollments


def intake_send_confirmation(*, submission_id: int) -> None:
    """For intakes made through the API: the link that finishes the application after the
    person signs in with a code sent to their address. Always emailed, at once."""
    submission = IntakeSubmission.objects.select_related("person").get(pk=submission_id)
    notify(
        kind="intake.confirm",
        event=f"intake:{submission.pk}",
        person=submission.person,
        params={"submission": submission.pk},
        url=reverse("intake:confirm", args=[submission.token]),
    )


def intakes_expire(*, now: datetime | None = None) -> int:
    """Pending intakes nobody confirmed in time; safe to run anywhere, twice."""
    now = now or timezone.now()
    cutoff = now - timedelta(days=INTAKE_CONFIRM_DAYS)
    return IntakeSubmission.objects.filter(
        status=IntakeSubmission.Status.PENDING, created_at__lte=cutoff
    ).update(status=IntakeSubmission.Status.EXPIRED)
