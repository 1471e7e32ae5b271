"""A person's request for a copy of their data (PIPEDA: answered within 30 days).

Asked by the person or by staff of their agency for them; built in the background into one zip
in the private attachments storage; delivered by a signed link that only that person, signed in,
can open for 7 days; the file is removed when the link expires. The dates stay as the record
that the request was answered in time."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class ExportRequest(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", _("Being prepared")
        READY = "ready", _("Ready to download")
        FAILED = "failed", _("Could not be prepared")
        EXPIRED = "expired", _("Expired")

    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="export_requests"
    )
    # Who asked: the person themself, or a staff member of their agency (with a reason).
    asked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    organization = models.ForeignKey(
        "core.Organization", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    reason = models.CharField(_("reason"), max_length=300, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    asked_at = models.DateTimeField(_("asked"), default=timezone.now)
    built_at = models.DateTimeField(_("prepared"), null=True, blank=True)
    delivered_at = models.DateTimeField(_("first downloaded"), null=True, blank=True)
    expires_at = models.DateTimeField(_("link expires"), null=True, blank=True)
    expired_at = models.DateTimeField(_("expired"), null=True, blank=True)
    stored_name = models.CharField(max_length=200, blank=True)
    size = models.BigIntegerField(_("size in bytes"), default=0)
    files = models.PositiveIntegerField(_("files"), default=0)

    class Meta:
        ordering = ["-asked_at", "-pk"]
        constraints = [
            # One request being prepared at a time: two clicks or two staff cannot queue two.
            models.UniqueConstraint(
                fields=["person"],
                condition=Q(status="pending"),
                name="privacy_export_one_pending",
            )
        ]
        indexes = [models.Index(fields=["status", "expires_at"])]

    def __str__(self) -> str:
        return f"export {self.pk} of {self.person_id}"
