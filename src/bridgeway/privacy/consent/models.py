"""Consent by purpose: a versioned text per purpose (in every language) and, per person, a
record each time they give a consent; withdrawing stamps the record. The newest record of a
person for a purpose is `current`: it says whether the consent holds now."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Purpose(models.TextChoices):
    PARTICIPATION = "participation", _("Taking part in a program")
    MATCHING_PROFILE = "matching_profile", _("Sharing your matching profile")
    REFERRAL = "referral", _("Referral to another agency")
    TEXTING = "texting", _("Text messages (SMS and WhatsApp)")
    EVALUATION = "evaluation", _("Evaluation and research")
    SENSITIVE = "sensitive", _("Sensitive information (disability, health, immigration status)")


# What agreeing at intake records, in this order (the intake page lists them with their texts).
INTAKE_PURPOSES = (Purpose.PARTICIPATION, Purpose.MATCHING_PROFILE)

# Without it a person cannot take part: it is ended by leaving the program, not by a button.
REQUIRED = frozenset({Purpose.PARTICIPATION})


class PurposeText(models.Model):
    """One version of what a person agrees to for one purpose, per language code. A version
    whose meaning changed asks again, at their next sign-in, everyone who gave an earlier one;
    a correction (spelling, wording) does not."""

    purpose = models.CharField(_("purpose"), max_length=20, choices=Purpose.choices)
    version = models.PositiveIntegerField(_("version"))
    text = models.JSONField(_("text"), default=dict, help_text=_("Text per language code."))
    meaning_changed = models.BooleanField(_("meaning changed"), default=True)
    published_at = models.DateTimeField(_("published"), default=timezone.now)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("consent text of a purpose")
        verbose_name_plural = _("consent texts of purposes")
        ordering = ["purpose", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["purpose", "version"], name="purpose_text_version")
        ]

    def __str__(self) -> str:
        return f"{self.purpose} v{self.version}"


class Consent(models.Model):
    """A person gave a consent for one purpose, at a time, on a version of its text; and, if
    they withdrew it, when. Giving it again writes a new record: the history is kept."""

    class Source(models.TextChoices):
        INTAKE = "intake", _("Intake form")
        PAGE = "page", _("What you agreed to")
        SIGN_IN = "sign_in", _("Asked again at sign-in")
        API = "api", _("API")
        CONTACT = "contact", _("Contact settings")
        MIGRATED = "migrated", _("Given before consents had purposes")

    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="purpose_consents"
    )
    purpose = models.CharField(_("purpose"), max_length=20, choices=Purpose.choices)
    text = models.ForeignKey(PurposeText, on_delete=models.PROTECT, related_name="consents")
    # None: the person said no without having given it here (withdrawn_at is then set).
    given_at = models.DateTimeField(_("given"), null=True, blank=True, default=timezone.now)
    withdrawn_at = models.DateTimeField(_("withdrawn"), null=True, blank=True)
    current = models.BooleanField(default=True)
    source = models.CharField(_("how"), max_length=20, choices=Source.choices)
    language = models.CharField(_("language read"), max_length=35, blank=True)

    class Meta:
        verbose_name = _("consent")
        verbose_name_plural = _("consents")
        ordering = ["-id"]
        constraints = [
            # One current record per person and purpose: two clicks cannot make two.
            models.UniqueConstraint(
                fields=["person", "purpose"],
                condition=Q(current=True),
                name="consent_one_current_per_purpose",
            )
        ]
        indexes = [models.Index(fields=["purpose", "current", "withdrawn_at"])]

    def __str__(self) -> str:
        return f"{self.person_id} · {self.purpose} · v{self.text_id}"

    @property
    def holds(self) -> bool:
        return self.withdrawn_at is None


# Shown to a mentor or mentee who withdrew sharing their matching profile (their suggestions,
# their enrollment card, the page of their consents).
PROFILE_WITHDRAWN_NOTE = _(
    "You withdrew your consent to sharing your matching profile: while it is withdrawn you "
    "are not suggested to anyone and coordinators do not see you on the match board. The "
    "relationships you already have go on."
)
