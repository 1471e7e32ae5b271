"""Durable timers, the notification outbox and each person's notification settings.

A `Timer` is anything due at a time (a request that expires, a reminder): claimed by one worker,
its handler run with the row marked done in the same transaction, retried with backoff, and
left "failed" for staff to see and retry. A `Notification` is written in the same transaction
as the change that causes it; its `Delivery` rows (one per channel) are sent after commit by
the worker. A notification is unique per (kind, event, recipient), a delivery per
(notification, channel): a retried job never notifies twice."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from bridgeway.core.models import Organization


class Timer(models.Model):
    class State(models.TextChoices):
        PENDING = "pending", _("Waiting")
        RUNNING = "running", _("Running")
        DONE = "done", _("Done")
        FAILED = "failed", _("Failed")
        CANCELLED = "cancelled", _("Cancelled")

    kind = models.CharField(_("kind"), max_length=80)
    # What makes the timer unique ("referral-expire:42"): scheduling it again moves it.
    key = models.CharField(_("key"), max_length=200, unique=True)
    due_at = models.DateTimeField(_("due"))
    state = models.CharField(
        _("state"), max_length=12, choices=State.choices, default=State.PENDING
    )
    payload = models.JSONField(_("details"), default=dict, blank=True)
    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    attempts = models.PositiveIntegerField(_("attempts"), default=0)
    last_error = models.TextField(_("last error"), blank=True)
    claim_token = models.CharField(max_length=32, blank=True)
    claimed_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now, editable=False)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)

    class Meta:
        verbose_name = _("timer")
        verbose_name_plural = _("timers")
        indexes = [models.Index(fields=["state", "due_at"], name="timer_due")]

    def __str__(self) -> str:
        return self.key


class Channel(models.TextChoices):
    EMAIL = "email", _("Email")
    SMS = "sms", _("Text message (SMS)")
    WHATSAPP = "whatsapp", _("WhatsApp")


class Frequency(models.TextChoices):
    IMMEDIATE = "immediate", _("Right away")
    DAILY = "daily", _("In a daily summary")
    WEEKLY = "weekly", _("In a weekly summary")
    OFF = "off", _("Off")


class Notification(models.Model):
    """What a person is told, in-app (the bell) and through their channels. Rendered in the
    recipient's language when it is shown or sent, from `params`."""

    kind = models.CharField(_("kind"), max_length=80)
    # The change that caused it ("enrollment:12:approved"): with the kind and the recipient, it
    # makes the notification unique, so a retried job never notifies twice.
    event = models.CharField(_("event"), max_length=200)
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="notifications",
    )
    # For someone without an account (an invitation): the address and the language to write in.
    address = models.EmailField(_("address"), blank=True)
    language = models.CharField(_("language"), max_length=12, blank=True)
    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    params = models.JSONField(default=dict, blank=True)
    url = models.CharField(_("link"), max_length=500, blank=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now, db_index=True)
    read_at = models.DateTimeField(_("read"), null=True, blank=True)

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "event", "person"],
                condition=Q(person__isnull=False),
                name="notification_once_per_person",
            ),
            models.UniqueConstraint(
                fields=["kind", "event", "address"],
                condition=Q(person__isnull=True),
                name="notification_once_per_address",
            ),
        ]
        indexes = [
            models.Index(
                fields=["person", "read_at"],
                name="notification_unread",
                condition=Q(read_at__isnull=True),
            )
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.event}"


class Delivery(models.Model):
    """One notification on one channel: queued, sent after commit, retried, and its outcome."""

    class State(models.TextChoices):
        QUEUED = "queued", _("Waiting to be sent")
        SENDING = "sending", _("Sending")
        DIGEST = "digest", _("Waiting for the summary")
        SENT = "sent", _("Sent")
        IN_DIGEST = "in_digest", _("Sent in a summary")
        SKIPPED = "skipped", _("Not sent (already read)")
        FAILED = "failed", _("Failed")
        UNDELIVERABLE = "undeliverable", _("Undeliverable")

    notification = models.ForeignKey(
        Notification, on_delete=models.CASCADE, related_name="deliveries"
    )
    channel = models.CharField(_("channel"), max_length=12, choices=Channel.choices)
    state = models.CharField(_("state"), max_length=16, choices=State.choices)
    # For a summary: daily or weekly.
    frequency = models.CharField(max_length=12, choices=Frequency.choices, blank=True)
    due_at = models.DateTimeField(_("due"), default=timezone.now)
    attempts = models.PositiveIntegerField(_("attempts"), default=0)
    last_error = models.TextField(_("reason"), blank=True)
    claim_token = models.CharField(max_length=32, blank=True)
    claimed_at = models.DateTimeField(null=True, blank=True)
    sent_to = models.CharField(_("sent to"), max_length=254, blank=True)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    message_id = models.CharField(max_length=200, blank=True)
    # The email service's or SMS provider's id for the message: bounces are matched on it.
    provider_id = models.CharField(max_length=200, blank=True, db_index=True)
    digest = models.ForeignKey(
        Notification, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("delivery")
        verbose_name_plural = _("deliveries")
        constraints = [
            models.UniqueConstraint(
                fields=["notification", "channel"], name="delivery_once_per_channel"
            )
        ]
        indexes = [models.Index(fields=["state", "due_at"], name="delivery_due")]

    def __str__(self) -> str:
        return f"{self.channel} {self.state}"


class ContactSettings(models.Model):
    """How a person can be reached besides the app: phone channels with their opt-in, quiet
    hours in their own time zone, and when their last summaries went out."""

    person = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="contact_settings"
    )
    phone = models.CharField(_("mobile number"), max_length=20, blank=True)
    sms_opt_in_at = models.DateTimeField(_("text messages accepted"), null=True, blank=True)
    whatsapp_opt_in_at = models.DateTimeField(_("WhatsApp accepted"), null=True, blank=True)
    # STOP received (or the carrier says the number opted out): nothing more is sent there.
    sms_stopped_at = models.DateTimeField(_("text messages stopped"), null=True, blank=True)
    whatsapp_stopped_at = models.DateTimeField(_("WhatsApp stopped"), null=True, blank=True)
    quiet_start = models.TimeField(_("quiet hours start"), null=True, blank=True)
    quiet_end = models.TimeField(_("quiet hours end"), null=True, blank=True)
    last_daily_digest_at = models.DateTimeField(null=True, blank=True)
    last_weekly_digest_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("contact settings")
        verbose_name_plural = _("contact settings")

    def __str__(self) -> str:
        return str(self.person)

    def can_text(self, channel: str) -> bool:
        if not self.phone:
            return False
        if channel == Channel.SMS:
            return self.sms_opt_in_at is not None and self.sms_stopped_at is None
        if channel == Channel.WHATSAPP:
            return self.whatsapp_opt_in_at is not None and self.whatsapp_stopped_at is None
        return False


class Preference(models.Model):
    """A person's choice for one kind of notification on one channel; without a row, the
    kind's default for their role applies."""

    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notification_preferences"
    )
    kind = models.CharField(_("kind"), max_length=80)
    channel = models.CharField(_("channel"), max_length=12, choices=Channel.choices)
    frequency = models.CharField(_("how often"), max_length=12, choices=Frequency.choices)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("notification preference")
        verbose_name_plural = _("notification preferences")
        constraints = [
            models.UniqueConstraint(
                fields=["person", "kind", "channel"], name="preference_once_per_kind_channel"
            )
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.channel} {self.frequency}"
