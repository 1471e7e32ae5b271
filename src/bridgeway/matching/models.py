"""Match proposals: a pair a coordinator (or the matching command, or a mentee's choice among
suggestions) puts forward. The request/accept lifecycle that turns a proposal into a match is a
later step; a proposal only records who was proposed to whom, why, and by whom."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from bridgeway.programs.models import Enrollment, Program


class MatchProposal(models.Model):
    """A proposed pair. At most one open ("proposed") proposal per mentee; a declined proposal
    keeps the mentor away from that mentee in later runs."""

    class Source(models.TextChoices):
        BULK = "bulk", _("Proposed assignment")
        MANUAL = "manual", _("Set by hand")
        SUGGESTION = "suggestion", _("Chosen from suggestions")

    class Status(models.TextChoices):
        PROPOSED = "proposed", _("Proposed")
        WITHDRAWN = "withdrawn", _("Withdrawn")
        DECLINED = "declined", _("Declined by the mentor")
        ACCEPTED = "accepted", _("Accepted")
        EXPIRED = "expired", _("Not answered in time")

    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="match_proposals")
    mentee = models.ForeignKey(
        Enrollment, on_delete=models.CASCADE, related_name="proposals_as_mentee"
    )
    mentor = models.ForeignKey(
        Enrollment, on_delete=models.CASCADE, related_name="proposals_as_mentor"
    )
    score = models.DecimalField(_("score"), max_digits=5, decimal_places=2)
    # The engine's reasons as data ({criterion, code, params, points, max_points}), rendered in
    # the reader's language when shown.
    reasons = models.JSONField(_("reasons"), default=list, blank=True)
    breaks_hard_rule = models.BooleanField(_("breaks a rule that must be met"), default=False)
    source = models.CharField(_("source"), max_length=12, choices=Source.choices)
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.PROPOSED
    )
    override_reason = models.CharField(_("reason for the choice"), max_length=500, blank=True)
    decline_reason = models.CharField(_("reason for declining"), max_length=500, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("proposed"), default=timezone.now)
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)

    class Meta:
        verbose_name = _("match proposal")
        verbose_name_plural = _("match proposals")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["mentee"],
                condition=Q(status="proposed"),
                name="proposal_one_open_per_mentee",
            ),
            models.CheckConstraint(
                condition=Q(score__gte=0) & Q(score__lte=100), name="proposal_score_0_100"
            ),
        ]
        indexes = [
            models.Index(fields=["program", "status"]),
            models.Index(fields=["mentor", "status"]),
        ]

    def __str__(self) -> str:
        return f"{self.mentee_id} → {self.mentor_id} ({self.status})"
