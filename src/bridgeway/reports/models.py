"""Who asked for the monthly report by email: a staff member for their agency, or a network
admin for the network. Reports themselves are computed when they are read, never stored."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from bridgeway.core.models import Network, Organization
from bridgeway.reports.assessments.models import *  # noqa: F403 (the assessments' models)


class MonthlyReportSubscription(models.Model):
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="report_subscriptions"
    )
    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    network = models.ForeignKey(
        Network, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("asked for"), default=timezone.now)

    class Meta:
        verbose_name = _("monthly report by email")
        verbose_name_plural = _("monthly reports by email")
        constraints = [
            models.CheckConstraint(
                condition=Q(organization__isnull=True, network__isnull=False)
                | Q(organization__isnull=False, network__isnull=True),
                name="report_subscription_one_scope",
            ),
            models.UniqueConstraint(
                fields=["person", "organization"],
                condition=Q(organization__isnull=False),
                name="report_subscription_once_per_agency",
            ),
            models.UniqueConstraint(
                fields=["person", "network"],
                condition=Q(network__isnull=False),
                name="report_subscription_once_per_network",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person_id} · {self.organization_id or self.network_id}"


from bridgeway.reports.funders.models import FunderMapping  # noqa: E402, F401
from bridgeway.reports.partners.models import (  # noqa: E402, F401
    EmployerLink,
    Partner,
    PartnerContact,
    SharedLetter,
)
from bridgeway.reports.recognition.models import Certificate, LetterRequest  # noqa: E402, F401
