"""Concerns: a participant or a staff member tells the program's staff that something is wrong
(conduct, safety, language and communication, …). Each concern is a confidential case of the
agency: its staff follow it (status, assignee, priority, notes, an outcome), the person who
raised it follows its progress, and the person it is about never sees it.

A participant may block the other person of their mentorship while staff review the concern;
messaging asks `selectors.is_blocked` before it lets a message through."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from bridgeway.core.models import Organization
from bridgeway.programs.models import Program
from bridgeway.relationships.models import Relationship

DESCRIPTION_MAX = 5000
CLIENT_KEY_MAX = 64
NOTE_MAX = 5000


class Category(models.TextChoices):
    CONDUCT = "conduct", _("Conduct")
    SAFETY = "safety", _("Safety")
    LANGUAGE = "language", _("Language and communication")
    INACTIVITY = "inactivity", _("Inactivity")
    ACCESSIBILITY = "accessibility", _("Accessibility")
    OTHER = "other", _("Other")


class Priority(models.TextChoices):
    LOW = "low", _("Low")
    NORMAL = "normal", _("Normal")
    HIGH = "high", _("High")
    URGENT = "urgent", _("Urgent")


class Outcome(models.TextChoices):
    SETTLED = "settled", _("Settled with the people involved")
    GUIDANCE = "guidance", _("Guidance or training given")
    CHANGED = "changed", _("The mentorship was changed or ended")
    REFERRED = "referred", _("Referred to another service")
    NO_ACTION = "no_action", _("No action was needed")
    OTHER = "other", _("Another outcome")


class Concern(models.Model):
    class Status(models.TextChoices):
        NEW = "new", _("New")
        IN_PROGRESS = "in_progress", _("Being looked into")
        WAITING = "waiting", _("Waiting for the person who raised it")
        RESOLVED = "resolved", _("Resolved")
        CLOSED = "closed", _("Closed")

    OPEN = (Status.NEW, Status.IN_PROGRESS, Status.WAITING)

    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="concerns"
    )
    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="concerns")
    relationship = models.ForeignKey(
        Relationship,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="concerns",
    )
    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="concerns_raised"
    )
    # The other person of the relationship, when the concern is about them; never shown to them.
    about = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    # The message the person reported, when they raised the concern from a conversation.
    message = models.ForeignKey(
        "messaging.Message",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="concerns",
        verbose_name=_("message reported"),
    )
    category = models.CharField(_("what it is about"), max_length=20, choices=Category.choices)
    description = models.TextField(_("what happened"), max_length=DESCRIPTION_MAX)
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.NEW
    )
    priority = models.CharField(
        _("priority"), max_length=10, choices=Priority.choices, default=Priority.NORMAL
    )
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="concerns_assigned",
    )
    outcome = models.CharField(_("outcome"), max_length=12, choices=Outcome.choices, blank=True)
    outcome_note = models.TextField(_("outcome in a few words"), max_length=2000, blank=True)
    created_at = models.DateTimeField(_("raised"), default=timezone.now)
    # The last time staff did anything with it: escalation counts from here.
    staff_touched_at = models.DateTimeField(_("last handled by staff"), default=timezone.now)
    escalated_at = models.DateTimeField(_("escalated"), null=True, blank=True)
    escalations = models.PositiveSmallIntegerField(default=0)
    resolved_at = models.DateTimeField(_("resolved"), null=True, blank=True)
    # A key the form (or an API client) sends with the concern: sending twice raises it once.
    client_key = models.CharField(_("client key"), max_length=CLIENT_KEY_MAX, blank=True)

    class Meta:
        verbose_name = _("concern")
        verbose_name_plural = _("concerns")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["reporter", "client_key"],
                condition=~models.Q(client_key=""),
                name="one_concern_per_client_key",
            )
        ]
        indexes = [
            models.Index(fields=["organization", "status"], name="concern_org_status"),
            models.Index(fields=["organization", "created_at"], name="concern_org_created"),
        ]

    def __str__(self) -> str:
        return f"{self.pk} {self.category} ({self.status})"

    @property
    def status_for_reporter(self) -> str:
        """The status in the words of the person who raised it."""
        return str(REPORTER_STATUS.get(self.status, self.get_status_display()))

    @property
    def is_open(self) -> bool:
        return self.status in self.OPEN

    @property
    def escalation_key(self) -> str:
        """The key of the timer that escalates this concern if staff leave it untouched. Each
        staff action and each escalation makes a new key, so a timer set before them is
        recognised as stale when it goes off."""
        return (
            f"concern:{self.pk}:escalate:{self.staff_touched_at.timestamp():.6f}:{self.escalations}"
        )


REPORTER_STATUS: dict[str, Any] = {
    Concern.Status.NEW: _("Received: the program's staff will look at it soon"),
    Concern.Status.IN_PROGRESS: _("The program's staff are looking into it"),
    Concern.Status.WAITING: _("The program's staff are waiting for your answer"),
    Concern.Status.RESOLVED: _("Resolved"),
    Concern.Status.CLOSED: _("Closed"),
}


class ConcernEvent(models.Model):
    """One line of a concern's history. The person who raised it reads only the lines marked
    for them (when it was raised, its status, messages staff send them, their own answers);
    staff read every line, notes included."""

    class Kind(models.TextChoices):
        RAISED = "raised", _("Raised")
        STATUS = "status", _("Status changed")
        ASSIGNED = "assigned", _("Assigned")
        PRIORITY = "priority", _("Priority changed")
        NOTE = "note", _("Staff note")
        MESSAGE = "message", _("Message to the person who raised it")
        ANSWER = "answer", _("Answer from the person who raised it")
        ESCALATED = "escalated", _("Escalated")
        BLOCKED = "blocked", _("Blocked")
        BLOCK_LIFTED = "block_lifted", _("Block lifted")

    concern = models.ForeignKey(Concern, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(max_length=16, choices=Kind.choices)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    text = models.TextField(blank=True, max_length=NOTE_MAX)
    data = models.JSONField(default=dict, blank=True)
    for_reporter = models.BooleanField(default=False)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("concern history line")
        verbose_name_plural = _("concern history")
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"{self.concern_id} {self.kind}"


class Block(models.Model):
    """One person of a relationship blocks the other until staff lift it."""

    relationship = models.ForeignKey(Relationship, on_delete=models.CASCADE, related_name="blocks")
    blocker = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="blocks_made"
    )
    blocked = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="blocks_received"
    )
    concern = models.ForeignKey(
        Concern, on_delete=models.SET_NULL, null=True, blank=True, related_name="blocks"
    )
    created_at = models.DateTimeField(_("blocked"), default=timezone.now)
    lifted_at = models.DateTimeField(_("lifted"), null=True, blank=True)
    lifted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("block")
        verbose_name_plural = _("blocks")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["relationship", "blocker"],
                condition=Q(lifted_at__isnull=True),
                name="one_block_in_force_per_person",
            )
        ]

    def __str__(self) -> str:
        return f"{self.blocker_id} ⊘ {self.blocked_id}"
