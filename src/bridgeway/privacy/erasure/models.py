"""Requests to erase a person's account and data, and how far each erasure has gone."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from bridgeway.core.models import Organization

REASON_MAX = 2000


class ErasureRequest(models.Model):
    """One request to erase one person. Staff of the person's agencies review it; an open
    concern case about or raised by the person holds it (worked out when read, never stored,
    so that it lifts by itself when the case closes)."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for review")
        APPROVED = "approved", _("Approved, being erased")
        DONE = "done", _("Erased")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    OPEN = (Status.PENDING, Status.APPROVED)

    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="erasure_requests"
    )
    # The agencies whose staff review it: where the person was enrolled or on staff when asked.
    organizations = models.ManyToManyField(
        Organization, related_name="erasure_requests", blank=True
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    by_staff = models.BooleanField(_("asked by staff"), default=False)
    reason = models.TextField(_("reason"), max_length=REASON_MAX, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    created_at = models.DateTimeField(_("asked"), default=timezone.now)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    approved_at = models.DateTimeField(_("approved"), null=True, blank=True)
    finished_at = models.DateTimeField(_("erased"), null=True, blank=True)
    # The erasure's steps already done (plan.py names them), so that a run that stopped half
    # way finishes the rest; and the stored files whose rows are gone but whose bytes are still
    # to be removed from storage (removed after the step's commit, and again by the next run).
    steps_done = models.JSONField(default=list, blank=True)
    pending_files = models.JSONField(default=list, blank=True)
    attempts = models.PositiveIntegerField(default=0)
    last_error = models.CharField(max_length=200, blank=True)
    # What was erased, as counts per kind of record (no personal data).
    counts = models.JSONField(default=dict, blank=True)

    class Meta:
        verbose_name = _("erasure request")
        verbose_name_plural = _("erasure requests")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["person"],
                condition=Q(status__in=["pending", "approved"]),
                name="one_open_erasure_request",
            )
        ]

    def __str__(self) -> str:
        return f"erasure {self.pk}"

    @property
    def is_open(self) -> bool:
        return self.status in self.OPEN
