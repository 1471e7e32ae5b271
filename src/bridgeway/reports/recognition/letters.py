"""Letters to a mentor's employer or manager: the mentor asks (naming the person, with their
consent), the program's staff issue the letter — emailed to that person through the outbox with
the PDF attached when the mentor asked for it, and always downloadable by the mentor — or
decline with a reason the mentor reads."""

from __future__ import annotations

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from bridgeway.accounts.models import Person
from bridgeway.core.services import DomainError, audit_record
from bridgeway.notifications.outbox import notify
from bridgeway.programs.models import Enrollment, EnrollmentRole
from bridgeway.reports.partners.letters import letter_share
from bridgeway.reports.recognition.hours import standings
from bridgeway.reports.recognition.models import Certificate, LetterRequest
from bridgeway.reports.recognition.services import REASON_MAX, _create, _tell_holder, _title


@transaction.atomic
def letter_request(
    *,
    enrollment: Enrollment,
    recipient_name: str,
    recipient_email: str,
    employer: str,
    language: str,
    send_by_email: bool,
    consent: bool,
) -> LetterRequest:
    """The mentor's request. The caller has checked that the enrollment is theirs."""
    if enrollment.role != EnrollmentRole.MENTOR:
        raise DomainError(_("Letters to an employer are for mentors."))
    if not consent:
        raise DomainError(
            _("Confirm that the program may write to this person about your mentoring."),
            "consent",
        )
    Enrollment.objects.select_for_update().get(pk=enrollment.pk)
    if LetterRequest.objects.filter(
        enrollment=enrollment, status=LetterRequest.Status.PENDING
    ).exists():
        raise DomainError(
            _("You already asked for a letter in this program; the staff will answer it first.")
        )
    standing = standings(Enrollment.objects.filter(pk=enrollment.pk))[enrollment.pk]
    if not standing.minutes and not standing.finished:
        raise DomainError(
            _("A letter can be asked for once you have logged meetings in this program.")
        )
    return LetterRequest.objects.create(
        enrollment=enrollment,
        recipient_name=recipient_name.strip(),
        recipient_email=recipient_email.strip().lower(),
        employer=employer.strip(),
        language=language if language in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE,
        send_by_email=send_by_email,
    )


def _pending(request: LetterRequest) -> LetterRequest:
    request = (
        LetterRequest.objects.select_for_update()
        .select_related("enrollment__person", "enrollment__program__organization")
        .get(pk=request.pk)
    )
    if request.status != LetterRequest.Status.PENDING:
        raise DomainError(_("This request has already been answered."))
    return request


@transaction.atomic
def letter_issue(*, request: LetterRequest, by: Person, signer_title: str) -> Certificate:
    """Issue the letter; email it to the employer when the mentor asked for that."""
    title = _title(signer_title)
    request = _pending(request)
    enrollment = request.enrollment
    standing = standings(Enrollment.objects.filter(pk=enrollment.pk))[enrollment.pk]
    certificate = _create(
        enrollment=enrollment,
        standing=standing,
        by=by,
        signer_title=title,
        kind=Certificate.Kind.EMPLOYER_LETTER,
        language=request.language,
        recipient_name=request.recipient_name,
        employer=request.employer,
    )
    now = timezone.now()
    request.status = LetterRequest.Status.ISSUED
    request.certificate = certificate
    request.handled_by = by
    request.handled_at = now
    request.save(update_fields=["status", "certificate", "handled_by", "handled_at"])
    organization = enrollment.program.organization
    if request.send_by_email:
        notify(
            kind="recognition.employer_letter",
            event=f"letter:{certificate.pk}",
            address=request.recipient_email,
            language=request.language,
            params={
                "certificate": certificate.pk,
                "recipient": request.recipient_name,
                "mentor": certificate.name,
                "agency": certificate.agency_name,
            },
            url=settings.SITE_URL + reverse("reports:verify_code", args=[certificate.code]),
            organization=organization,
        )
        certificate.emailed_at = now
        certificate.save(update_fields=["emailed_at"])
    audit_record(
        actor=by,
        action="recognition.letter_issue",
        organization=organization,
        target=certificate,
        subject=enrollment.person,
        summary=f"letter {certificate.code} for {certificate.name}",
        data={
            "code": certificate.code_shown,
            "name": certificate.name,
            "emailed": request.send_by_email,
        },
    )
    _tell_holder(certificate)
    letter_share(certificate=certificate, by=by)  # to the employer's partner contacts, if shared
    return certificate


@transaction.atomic
def letter_decline(*, request: LetterRequest, by: Person, reason: str) -> LetterRequest:
    reason = reason.strip()
    if not reason:
        raise DomainError(_("Say why: the mentor reads the reason."), "reason")
    request = _pending(request)
    request.status = LetterRequest.Status.DECLINED
    request.decline_reason = reason[:REASON_MAX]
    request.handled_by = by
    request.handled_at = timezone.now()
    request.save(update_fields=["status", "decline_reason", "handled_by", "handled_at"])
    enrollment = request.enrollment
    audit_record(
        actor=by,
        action="recognition.letter_decline",
        organization=enrollment.program.organization,
        target=request,
        subject=enrollment.person,
        summary=f"letter declined: {reason}"[:300],
        data={"name": enrollment.person.name, "reason": reason},
    )
    notify(
        kind="recognition.letter_declined",
        event=f"letter-request:{request.pk}",
        person=enrollment.person,
        role="mentor",
        params={"request": request.pk, "reason": request.decline_reason},
        url=reverse("reports:recognition_mine"),
        organization=enrollment.program.organization,
    )
    return request
