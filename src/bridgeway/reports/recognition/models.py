"""Certificates (of participation, and letters to an employer) and mentors' requests for a
letter. A certificate keeps what it shows as it was on the day it was issued — the name, the
program, the agency, the hours, who signed — so that the document and its public verification
page always agree, whatever changes later."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from bridgeway.programs.models import Enrollment, EnrollmentRole, Program

CODE_LENGTH = 10
# Letters and digits that cannot be mistaken for one another when read or typed (no 0/O, 1/I/L).
CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"


class Certificate(models.Model):
    class Kind(models.TextChoices):
        PARTICIPATION = "participation", _("Certificate of participation")
        EMPLOYER_LETTER = "employer_letter", _("Letter to an employer")

    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    code = models.CharField(_("verification code"), max_length=CODE_LENGTH, unique=True)
    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="certificates")
    enrollment = models.ForeignKey(
        Enrollment, on_delete=models.CASCADE, related_name="certificates"
    )
    role = models.CharField(_("role"), max_length=10, choices=EnrollmentRole.choices)
    language = models.CharField(_("language"), max_length=10)
    # What the document shows, as on the day it was issued.
    name = models.CharField(_("name"), max_length=150)
    program_name = models.CharField(_("program"), max_length=200)
    program_language = models.CharField(max_length=20, blank=True)
    agency_name = models.CharField(_("agency"), max_length=200)
    minutes = models.PositiveIntegerField(_("minutes of meetings"), default=0)
    mentorships = models.PositiveSmallIntegerField(_("mentorships completed"), default=0)
    started_on = models.DateField(_("from"), null=True, blank=True)
    finished_on = models.DateField(_("to"), null=True, blank=True)
    signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    signer_name = models.CharField(_("signed by"), max_length=150)
    signer_title = models.CharField(_("title"), max_length=120)
    recipient_name = models.CharField(_("addressed to"), max_length=150, blank=True)
    employer = models.CharField(_("employer"), max_length=200, blank=True)
    issued_at = models.DateTimeField(_("issued"), default=timezone.now)
    emailed_at = models.DateTimeField(_("emailed"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)
    revoked_reason = models.CharField(_("reason"), max_length=500, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        verbose_name = _("certificate")
        verbose_name_plural = _("certificates")
        ordering = ["-issued_at", "-pk"]
        constraints = [
            # Issuing twice returns the first; after a revocation a new one may be issued.
            models.UniqueConstraint(
                fields=["enrollment"],
                condition=Q(kind="participation", revoked_at__isnull=True),
                name="one_valid_participation_certificate",
            )
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.code}"

    @property
    def code_shown(self) -> str:
        """The code in two groups of five, easier to read out and to type."""
        return f"{self.code[:5]}-{self.code[5:]}"

    @property
    def signer_shown(self) -> str:
        """Who signed, as the document shows it: their name, or, once that staff member's
        account is erased, "A former staff member" (in the language being rendered)."""
        return self.signer_name or gettext("A former staff member")

    @property
    def hours(self) -> float:
        return round(self.minutes / 60, 1)


class LetterRequest(models.Model):
    """A mentor asks for a letter to their employer or manager, who they name with their
    consent; the program's staff issue it (and email it) or decline."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for the program's staff")
        ISSUED = "issued", _("Letter issued")
        DECLINED = "declined", _("Declined")

    enrollment = models.ForeignKey(
        Enrollment, on_delete=models.CASCADE, related_name="letter_requests"
    )
    recipient_name = models.CharField(_("your manager's or employer's name"), max_length=150)
    recipient_email = models.EmailField(_("their email address"))
    employer = models.CharField(_("the organization you work for"), max_length=200)
    language = models.CharField(_("language of the letter"), max_length=10)
    send_by_email = models.BooleanField(_("the program emails it to them"), default=True)
    consent_at = models.DateTimeField(_("consent given"), default=timezone.now)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    decline_reason = models.CharField(_("reason"), max_length=500, blank=True)
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    handled_at = models.DateTimeField(_("answered"), null=True, blank=True)
    certificate = models.OneToOneField(
        Certificate, on_delete=models.SET_NULL, null=True, blank=True, related_name="request"
    )

    class Meta:
        verbose_name = _("request for a letter to an employer")
        verbose_name_plural = _("requests for a letter to an employer")
        ordering = ["-consent_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["enrollment"],
                condition=Q(status="pending"),
                name="one_pending_letter_request",
            )
        ]

    def __str__(self) -> str:
        return f"letter for {self.enrollment_id} ({self.status})"
