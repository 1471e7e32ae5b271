"""The privacy breach register (PIPEDA: a record of every breach of security safeguards, kept
24 months after it is recorded). A row can be corrected, each change kept in its history; it
cannot be deleted before its 24 months: the model refuses, the pages offer no delete before
then, and a database trigger refuses a DELETE (migration 0001, SQLite and PostgreSQL)."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from bridgeway.core.models import Network, Organization

# 24 months as the database triggers count them (730 days on the model's side: a few days
# more than 24 calendar months at most, never fewer).
KEEP_DAYS = 731


class BreachKept(Exception):
    """A breach record younger than 24 months cannot be deleted."""


class InformationKind(models.TextChoices):
    CONTACT = "contact", _("Contact details (name, email, phone, address)")
    IDENTITY = "identity", _("Identity documents or numbers")
    IMMIGRATION = "immigration", _("Immigration status")
    HEALTH = "health", _("Health or disability")
    MESSAGES = "messages", _("Private messages or conversation notes")
    PROFILE = "profile", _("Profile and application answers")
    FINANCIAL = "financial", _("Financial information")
    ACCOUNT = "account", _("Account passwords or sign-in codes")
    OTHER = "other", _("Other (described below)")


class BreachQuerySet(models.QuerySet["Breach"]):
    def delete(self) -> tuple[int, dict[str, int]]:
        if self.filter(created_at__gt=Breach.keep_until_cutoff(), is_demo=False).exists():
            raise BreachKept(_("A breach record is kept for 24 months after it was recorded."))
        return super().delete()


class Breach(models.Model):
    network = models.ForeignKey(Network, on_delete=models.PROTECT, related_name="+")
    # Empty for a breach the network's admins record for the whole network.
    organization = models.ForeignKey(
        Organization, on_delete=models.PROTECT, null=True, blank=True, related_name="breaches"
    )
    occurred_on = models.DateField(_("when it happened"))
    discovered_on = models.DateField(_("when it was discovered"))
    description = models.TextField(_("what happened"), max_length=5000)
    information_kinds = models.JSONField(_("kinds of personal information"), default=list)
    information_other = models.CharField(_("other kinds"), max_length=300, blank=True)
    people_affected = models.PositiveIntegerField(_("people affected"))
    real_risk = models.BooleanField(_("real risk of significant harm"))
    risk_reasoning = models.TextField(_("why (the risk assessment)"), max_length=5000)
    commissioner_reported_on = models.DateField(
        _("reported to the Privacy Commissioner"), null=True, blank=True
    )
    people_notified_on = models.DateField(_("people notified"), null=True, blank=True)
    measures = models.TextField(_("measures taken"), max_length=5000, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(_("recorded"), default=timezone.now, editable=False)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    # Rows the demo network loads: they go with the demo (the trigger lets them).
    is_demo = models.BooleanField(default=False, editable=False)

    objects = BreachQuerySet.as_manager()

    class Meta:
        verbose_name = _("privacy breach")
        verbose_name_plural = _("privacy breaches")
        ordering = ["-discovered_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.discovered_on:%Y-%m-%d} · {self.people_affected}"

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        if not self.can_be_deleted:
            raise BreachKept(_("A breach record is kept for 24 months after it was recorded."))
        return super().delete(*args, **kwargs)

    @staticmethod
    def keep_until_cutoff() -> datetime:
        return timezone.now() - timedelta(days=KEEP_DAYS)

    @property
    def kept_until(self) -> datetime:
        return self.created_at + timedelta(days=KEEP_DAYS)

    @property
    def can_be_deleted(self) -> bool:
        return self.is_demo or self.kept_until < timezone.now()


class BreachChange(models.Model):
    """One correction of a breach record: who, when, and each field's old and new value."""

    breach = models.ForeignKey(Breach, on_delete=models.CASCADE, related_name="changes")
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    changed_at = models.DateTimeField(_("changed"), default=timezone.now)
    changes = models.JSONField(_("changes"), default=dict)

    class Meta:
        verbose_name = _("breach record correction")
        verbose_name_plural = _("breach record corrections")
        ordering = ["-changed_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.breach_id} · {self.changed_at:%Y-%m-%d}"
