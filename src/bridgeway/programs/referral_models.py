""" "Each one, reach one": a mentor's or alumna's personal link for colleagues, and the
applications that came through it (imported by models.py so Django sees these models)."""

from __future__ import annotations

import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from bridgeway.core.models import TimeStampedModel
from bridgeway.programs.models import Enrollment, Program


def _referral_token() -> str:
    return secrets.token_urlsafe(32)


class ReferralLink(TimeStampedModel):
    """One person's invitation link to one program. Replacing it ends the old one (kept, with
    `replaced_at`, so applications already counted keep their referrer)."""

    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="referral_links")
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="referral_links"
    )
    token = models.CharField(max_length=64, unique=True, default=_referral_token, editable=False)
    replaced_at = models.DateTimeField(_("replaced"), null=True, blank=True)

    class Meta:
        verbose_name = _("colleague invitation link")
        verbose_name_plural = _("colleague invitation links")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["program", "person"],
                condition=Q(replaced_at__isnull=True),
                name="referral_link_one_active",
            )
        ]

    def __str__(self) -> str:
        return f"{self.person_id} → {self.program_id}"


class Referral(models.Model):
    """An application that came through a colleague's link: one per applicant and program,
    however many times they apply or in how many roles."""

    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="referrals")
    link = models.ForeignKey(ReferralLink, on_delete=models.CASCADE, related_name="referrals")
    referrer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    applicant = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    enrollment = models.ForeignKey(
        Enrollment, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("applied"), auto_now_add=True)

    class Meta:
        verbose_name = _("application through a colleague")
        verbose_name_plural = _("applications through colleagues")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["program", "applicant"], name="referral_once_per_applicant"
            )
        ]

    def __str__(self) -> str:
        return f"{self.referrer_id} → {self.applicant_id} ({self.program_id})"
