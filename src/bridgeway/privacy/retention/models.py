"""Each agency's retention policy: how long personal data it no longer needs is kept."""

from __future__ import annotations

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from bridgeway.core.models import Organization

# The defaults (docs/privacy.md, "Retention"): what an agency keeps without choosing.
DEFAULT_MESSAGE_YEARS = 7
DEFAULT_APPLICATION_YEARS = 2
DEFAULT_NOTIFICATION_DAYS = 180
INTAKE_DAYS = 30  # unconfirmed intakes: the same for every agency


class RetentionPolicy(models.Model):
    """An agency's choices; an agency without a row keeps the defaults above."""

    organization = models.OneToOneField(
        Organization, on_delete=models.CASCADE, related_name="retention_policy"
    )
    message_years = models.PositiveSmallIntegerField(
        _("messages and calls of closed conversations, in years"),
        default=DEFAULT_MESSAGE_YEARS,
        validators=[MinValueValidator(1), MaxValueValidator(25)],
        help_text=_(
            "Counted from the day the mentorship, group or conversation closed. Then the "
            "messages, their files and the records of calls are deleted."
        ),
    )
    application_years = models.PositiveSmallIntegerField(
        _("applications that never led to a match, in years"),
        default=DEFAULT_APPLICATION_YEARS,
        validators=[MinValueValidator(1), MaxValueValidator(25)],
        help_text=_(
            "Counted from the application's last change, for applications withdrawn or "
            "declined before any mentorship. Then their answers and notes are deleted."
        ),
    )
    notification_days = models.PositiveSmallIntegerField(
        _("notifications, in days"),
        default=DEFAULT_NOTIFICATION_DAYS,
        validators=[MinValueValidator(30), MaxValueValidator(3650)],
        help_text=_("Notifications and the record of their emails and text messages."),
    )
    updated_at = models.DateTimeField(default=timezone.now)
    updated_by = models.ForeignKey(
        "accounts.Person", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("retention policy")
        verbose_name_plural = _("retention policies")

    def __str__(self) -> str:
        return f"retention {self.organization_id}"
