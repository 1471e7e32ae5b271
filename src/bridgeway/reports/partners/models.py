"""Corporate partners: the employers of mentors, as organisations an agency (or the network)
works with. A partner has contacts — people the staff invite, who see only aggregate figures
about the partner's employees who mentor and the recognition letters those employees agreed to
share — and links to mentors, each resting on the mentor's own consent."""

from __future__ import annotations

import secrets
from datetime import datetime, timedelta

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from bridgeway.core.models import Network, Organization, TimeStampedModel
from bridgeway.reports.recognition.models import Certificate


def _contact_token() -> str:
    return secrets.token_urlsafe(32)


class Partner(TimeStampedModel):
    """An employer the agency (or, without an agency, the whole network) works with."""

    network = models.ForeignKey(Network, on_delete=models.CASCADE, related_name="partners")
    # Null: a partner of the whole network, run by its admins, open to every agency's mentors.
    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, null=True, blank=True, related_name="partners"
    )
    name = models.CharField(_("name"), max_length=200)
    # Lowercase domains of the employer's work email ("northern.example"), to suggest mentors.
    domains = models.JSONField(_("work email domains"), default=list, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        verbose_name = _("partner employer")
        verbose_name_plural = _("partner employers")
        ordering = ["name", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "name"],
                condition=Q(organization__isnull=False),
                name="partner_name_once_per_agency",
            ),
            models.UniqueConstraint(
                fields=["network", "name"],
                condition=Q(organization__isnull=True),
                name="partner_name_once_per_network",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_network_wide(self) -> bool:
        return self.organization_id is None


class PartnerContact(TimeStampedModel):
    """Someone at the partner the staff invited to read its figures and letters. Until they
    accept the emailed invitation (signed in with the invited address) they see nothing."""

    class Status(models.TextChoices):
        INVITED = "invited", _("Invited")
        ACTIVE = "active", _("Active")
        REMOVED = "removed", _("Removed")

    partner = models.ForeignKey(Partner, on_delete=models.CASCADE, related_name="contacts")
    email = models.EmailField(_("email"))
    name = models.CharField(_("name"), max_length=150)
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="partner_contacts",
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.INVITED
    )
    token = models.CharField(max_length=64, unique=True, default=_contact_token, editable=False)
    language = models.CharField(_("language of the invitation"), max_length=12, blank=True)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    invited_at = models.DateTimeField(_("invited"), default=timezone.now)
    accepted_at = models.DateTimeField(_("accepted"), null=True, blank=True)

    class Meta:
        verbose_name = _("partner contact")
        verbose_name_plural = _("partner contacts")
        ordering = ["name", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["partner", "email"], name="partner_contact_once")
        ]

    def __str__(self) -> str:
        return f"{self.name} · {self.partner_id}"

    @property
    def expires_at(self) -> datetime:
        return self.invited_at + timedelta(days=settings.BRIDGEWAY_INVITATION_DAYS)


class EmployerLink(models.Model):
    """A mentor named as an employee of a partner. It counts only once both sides agree: the
    mentor (their consent, with what they chose to share) and the staff of the agency where
    they mentor (who confirm it). Either side may end it."""

    class Status(models.TextChoices):
        PROPOSED = "proposed", _("Suggested by the staff: waiting for the mentor")
        REQUESTED = "requested", _("Asked by the mentor: waiting for the staff")
        ACTIVE = "active", _("Linked")
        ENDED = "ended", _("Ended")

    class Ending(models.TextChoices):
        WITHDRAWN = "withdrawn", _("The mentor withdrew their consent")
        DECLINED = "declined", _("The mentor declined the suggestion")
        UNLINKED = "unlinked", _("The staff ended the link")

    partner = models.ForeignKey(Partner, on_delete=models.CASCADE, related_name="links")
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="employer_links"
    )
    # The agency whose staff confirm the link: where the mentor mentors.
    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="employer_links"
    )
    status = models.CharField(_("status"), max_length=10, choices=Status.choices)
    share_figures = models.BooleanField(_("counted in the partner's figures"), default=False)
    share_letters = models.BooleanField(_("recognition letters go to the partner"), default=False)
    consent_at = models.DateTimeField(_("consent given"), null=True, blank=True)
    # The words the mentor agreed to, in the language they read them.
    consent_statement = models.TextField(_("what the mentor agreed to"), blank=True)
    consent_language = models.CharField(max_length=12, blank=True)
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    confirmed_at = models.DateTimeField(_("confirmed"), null=True, blank=True)
    ended_at = models.DateTimeField(_("ended"), null=True, blank=True)
    ending = models.CharField(_("how it ended"), max_length=10, choices=Ending.choices, blank=True)
    end_reason = models.CharField(_("reason"), max_length=500, blank=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now)

    class Meta:
        verbose_name = _("mentor's link to a partner employer")
        verbose_name_plural = _("mentors' links to partner employers")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["partner", "person"],
                condition=~Q(status="ended"),
                name="one_open_employer_link",
            )
        ]
        indexes = [models.Index(fields=["partner", "status"])]

    def __str__(self) -> str:
        return f"{self.person_id} → {self.partner_id} ({self.status})"


class SharedLetter(models.Model):
    """A recognition letter delivered to a partner's contacts, because the mentor shares their
    letters with that partner. Listed on the partner's page while the link shares letters."""

    partner = models.ForeignKey(Partner, on_delete=models.CASCADE, related_name="letters")
    link = models.ForeignKey(EmployerLink, on_delete=models.CASCADE, related_name="letters")
    certificate = models.ForeignKey(
        Certificate, on_delete=models.CASCADE, related_name="partner_shares"
    )
    shared_at = models.DateTimeField(_("shared"), default=timezone.now)

    class Meta:
        verbose_name = _("letter shared with a partner")
        verbose_name_plural = _("letters shared with partners")
        ordering = ["-shared_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["partner", "certificate"], name="letter_shared_once_per_partner"
            )
        ]

    def __str__(self) -> str:
        return f"{self.certificate_id} → {self.partner_id}"
