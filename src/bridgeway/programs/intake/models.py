"""Intake, consent and referrals: what a person agreed to, what they answered, and where a
coordinator suggested they go next."""

from __future__ import annotations

import secrets
from datetime import datetime, timedelta

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from bridgeway.core.models import TimeStampedModel
from bridgeway.programs.models import Enrollment, EnrollmentRole, Program

REFERRAL_DAYS = 30
INTAKE_CONFIRM_DAYS = 7


def _token() -> str:
    return secrets.token_urlsafe(32)


class ConsentText(TimeStampedModel):
    """One version of what a person agrees to when they use the intake. The newest published
    version is shown; a record keeps the version each person agreed to."""

    version = models.PositiveIntegerField(_("version"), unique=True)
    text = models.JSONField(_("text"), default=dict, help_text=_("Text per language code."))
    published_at = models.DateTimeField(_("published"), null=True, blank=True)

    class Meta:
        verbose_name = _("consent text")
        verbose_name_plural = _("consent texts")
        ordering = ["-version"]

    def __str__(self) -> str:
        return f"v{self.version}"


class ConsentRecord(models.Model):
    """A person agreed to something, at a time, on a version of the text."""

    class Covers(models.TextChoices):
        INTAKE = "intake", _("Intake: the programs applied to see the answers")
        REFERRAL = "referral", _("Referral: the chosen details are shared with another agency")

    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="consent_records"
    )
    consent_text = models.ForeignKey(
        ConsentText, on_delete=models.PROTECT, null=True, blank=True, related_name="records"
    )
    covers = models.CharField(_("covers"), max_length=20, choices=Covers.choices)
    details = models.JSONField(_("details"), default=dict, blank=True)
    given_at = models.DateTimeField(_("given"), default=timezone.now)
    withdrawn_at = models.DateTimeField(_("withdrawn"), null=True, blank=True)

    class Meta:
        verbose_name = _("consent record")
        verbose_name_plural = _("consent records")
        ordering = ["-given_at", "-id"]

    def __str__(self) -> str:
        return f"{self.person_id} · {self.covers} · {self.given_at:%Y-%m-%d}"


class IntakeSubmission(TimeStampedModel):
    """The answers of one intake and the programs chosen.

    For a new address everything is applied at once. For an address that already has an
    account nothing happens until that person signs in and confirms (the token), so that no
    one can enroll someone else."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for the person to sign in")
        APPLIED = "applied", _("Applied")
        EXPIRED = "expired", _("Expired")

    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="intake_submissions"
    )
    answers = models.JSONField(_("answers"), default=dict)
    program_ids = models.JSONField(_("programs chosen"), default=list)
    role = models.CharField(_("role"), max_length=10, choices=EnrollmentRole.choices)
    consent_text = models.ForeignKey(ConsentText, on_delete=models.PROTECT, related_name="+")
    # {purpose: version} of the consent texts the page listed beside the intake's own, recorded
    # by purpose once the intake is applied. Empty for intakes made before the page listed them:
    # the versions current when applied are recorded (docs/privacy.md).
    purpose_versions = models.JSONField(_("consent versions by purpose"), default=dict, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.PENDING
    )
    token = models.CharField(max_length=64, unique=True, default=_token, editable=False)
    applied_at = models.DateTimeField(_("applied"), null=True, blank=True)
    # Codes of colleagues' invitation links the person came through ("each one, reach one"),
    # kept so that an application finished later is still counted for the colleague.
    colleague_codes = models.JSONField(_("colleagues' link codes"), default=list, blank=True)

    class Meta:
        verbose_name = _("intake")
        verbose_name_plural = _("intakes")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.person_id} · {self.created_at:%Y-%m-%d}"

    @property
    def confirm_expires_at(self) -> datetime:
        return self.created_at + timedelta(days=INTAKE_CONFIRM_DAYS)


class SharedField(models.TextChoices):
    """What a referral may share with the receiving agency, and nothing else."""

    NAME = "name", _("Name")
    EMAIL = "email", _("Email")
    LANGUAGES = "languages", _("Languages spoken")
    COUNTRY = "country", _("Country where they live now")
    TIME_ZONE = "time_zone", _("Time zone")
    ACCESSIBILITY = "accessibility_needs", _("Accessibility needs")
    INTAKE_ANSWERS = "intake_answers", _("Intake answers")
    NOTE = "note", _("The referring agency's note")


# The receiving agency needs these to reach the person, so every referral shares them.
ALWAYS_SHARED = (SharedField.NAME, SharedField.EMAIL)


class Referral(TimeStampedModel):
    """A coordinator suggests another agency's program to a person. Nothing reaches the other
    agency until the person consents; then it sees only `shared` (a snapshot taken then)."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for the person")
        CONSENTED = "consented", _("The person agreed")
        DECLINED = "declined", _("The person said no")
        WITHDRAWN = "withdrawn", _("Withdrawn by the referring agency")
        ACCEPTED = "accepted", _("Accepted by the receiving agency")
        EXPIRED = "expired", _("Expired")

    from_enrollment = models.ForeignKey(
        Enrollment, on_delete=models.CASCADE, related_name="referrals_out"
    )
    to_program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="referrals_in")
    referred_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    note = models.TextField(_("note for the receiving agency"), blank=True, max_length=2000)
    shared_fields = models.JSONField(_("details to share"), default=list)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.PENDING
    )
    token = models.CharField(max_length=64, unique=True, default=_token, editable=False)
    expires_at = models.DateTimeField(_("expires"))
    answered_at = models.DateTimeField(_("answered"), null=True, blank=True)
    shared = models.JSONField(_("details shared"), default=dict, blank=True)
    consent_record = models.ForeignKey(
        ConsentRecord, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    to_enrollment = models.ForeignKey(
        Enrollment, on_delete=models.SET_NULL, null=True, blank=True, related_name="referrals_in"
    )
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    accepted_at = models.DateTimeField(_("accepted"), null=True, blank=True)

    class Meta:
        verbose_name = _("referral")
        verbose_name_plural = _("referrals")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["to_program", "status"])]
        constraints = [
            # One open referral per enrollment and program: a second click changes nothing.
            models.UniqueConstraint(
                fields=["from_enrollment", "to_program"],
                condition=Q(status="pending"),
                name="referral_one_pending_per_program",
            )
        ]

    def __str__(self) -> str:
        return f"{self.from_enrollment_id} → {self.to_program_id} ({self.status})"

    @staticmethod
    def default_expiry() -> datetime:
        return timezone.now() + timedelta(days=REFERRAL_DAYS)

    @property
    def is_open(self) -> bool:
        return self.status == self.Status.PENDING and self.expires_at > timezone.now()
