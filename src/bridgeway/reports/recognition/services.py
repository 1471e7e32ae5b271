"""Issuing and revoking certificates, and mentors' requests for a letter to their employer.
The callers have checked access: staff of the program's agency, or the mentor themselves."""

from __future__ import annotations

import secrets

from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from bridgeway.accounts.models import Person
from bridgeway.core.services import DomainError, audit_record
from bridgeway.notifications.outbox import notify
from bridgeway.programs.models import Enrollment, Program
from bridgeway.reports.recognition.hours import Standing, standings
from bridgeway.reports.recognition.models import (
    CODE_ALPHABET,
    CODE_LENGTH,
    Certificate,
)

TITLE_MAX = 120
REASON_MAX = 500


def new_code() -> str:
    """Ten characters from a 31-letter alphabet: about 50 bits, not worth guessing."""
    return "".join(secrets.choice(CODE_ALPHABET) for _i in range(CODE_LENGTH))


def normalized_code(typed: str) -> str:
    """The code as stored, from what a person typed (spaces, dashes, small letters)."""
    return "".join(ch for ch in typed.upper() if ch.isalnum())[: CODE_LENGTH + 2]


def _title(signer_title: str) -> str:
    title = signer_title.strip()
    if not title:
        raise DomainError(
            _("Give your title as it should appear under your name, for example “Coordinator”."),
            "signer_title",
        )
    return title[:TITLE_MAX]


def _create(
    *, enrollment: Enrollment, standing: Standing, by: Person, signer_title: str, **fields: str
) -> Certificate:
    program = enrollment.program
    values = {
        "program": program,
        "enrollment": enrollment,
        "role": enrollment.role,
        "name": enrollment.person.name,
        "program_name": program.name,
        "program_language": program.content_language,
        "agency_name": program.organization.name,
        "minutes": standing.minutes,
        "mentorships": standing.completed,
        "started_on": standing.started_on,
        "finished_on": standing.finished_on,
        "signed_by": by,
        "signer_name": by.name,
        "signer_title": signer_title,
        "language": enrollment.person.preferred_language,
        **fields,
    }
    for _attempt in range(5):
        code = new_code()
        try:
            with transaction.atomic():
                return Certificate.objects.create(code=code, **values)
        except IntegrityError:
            if not Certificate.objects.filter(code=code).exists():
                raise  # not a clash of codes
    raise RuntimeError("could not find a free verification code")


def _tell_holder(certificate: Certificate) -> None:
    enrollment = certificate.enrollment
    notify(
        kind="recognition.issued",
        event=f"certificate:{certificate.pk}",
        person=enrollment.person,
        role=enrollment.role,
        params={"certificate": certificate.pk, "kind": certificate.kind},
        url=reverse("reports:recognition_mine"),
        organization=certificate.program.organization,
    )


@transaction.atomic
def certificate_issue(
    *, enrollment: Enrollment, by: Person, signer_title: str, standing: Standing | None = None
) -> tuple[Certificate, bool]:
    """A participant's certificate of participation, and whether it is new: issuing again
    returns the certificate already issued (a revoked one does not count)."""
    title = _title(signer_title)
    enrollment = (
        Enrollment.objects.select_for_update()
        .select_related("person", "program__organization")
        .get(pk=enrollment.pk)
    )
    existing = Certificate.objects.filter(
        enrollment=enrollment, kind=Certificate.Kind.PARTICIPATION, revoked_at__isnull=True
    ).first()
    if existing is not None:
        return existing, False
    standing = standing or standings(Enrollment.objects.filter(pk=enrollment.pk))[enrollment.pk]
    if not standing.finished:
        raise DomainError(
            _("%(name)s has not completed a mentorship in this program: no certificate yet.")
            % {"name": enrollment.person.name}
        )
    certificate = _create(
        enrollment=enrollment,
        standing=standing,
        by=by,
        signer_title=title,
        kind=Certificate.Kind.PARTICIPATION,
    )
    audit_record(
        actor=by,
        action="recognition.issue",
        organization=enrollment.program.organization,
        target=certificate,
        subject=enrollment.person,
        summary=f"certificate {certificate.code} for {certificate.name}",
        data={"code": certificate.code_shown, "name": certificate.name},
    )
    _tell_holder(certificate)
    return certificate, True


def certificates_issue_for_program(
    *, program: Program, by: Person, signer_title: str
) -> tuple[int, int]:
    """A certificate for everyone who completed a mentorship in the program: (issued now,
    already had one)."""
    _title(signer_title)
    found = standings(Enrollment.objects.filter(program=program))
    issued = existing = 0
    for enrollment in Enrollment.objects.filter(
        pk__in=[pk for pk, standing in found.items() if standing.finished]
    ).order_by("pk"):
        _certificate, new = certificate_issue(
            enrollment=enrollment, by=by, signer_title=signer_title, standing=found[enrollment.pk]
        )
        issued += new
        existing += not new
    return issued, existing


@transaction.atomic
def certificate_revoke(*, certificate: Certificate, by: Person, reason: str) -> Certificate:
    reason = reason.strip()
    if not reason:
        raise DomainError(
            _("Say why it is revoked: the reason is kept in the audit log."), "reason"
        )
    locked = Certificate.objects.select_for_update().select_related("program__organization")
    certificate = locked.get(pk=certificate.pk)
    if certificate.revoked_at is not None:
        raise DomainError(_("This certificate was already revoked."))
    certificate.revoked_at = timezone.now()
    certificate.revoked_reason = reason[:REASON_MAX]
    certificate.revoked_by = by
    certificate.save(update_fields=["revoked_at", "revoked_reason", "revoked_by"])
    audit_record(
        actor=by,
        action="recognition.revoke",
        organization=certificate.program.organization,
        target=certificate,
        subject=certificate.enrollment.person,
        summary=f"certificate {certificate.code} revoked: {reason}"[:300],
        data={"code": certificate.code_shown, "name": certificate.name, "reason": reason},
    )
    return certificate
