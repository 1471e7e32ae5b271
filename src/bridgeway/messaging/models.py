"""Conversations and their messages.

A conversation belongs to one agency (and usually one program); its members are the only
people who read it without a reason. A pair's conversation opens when the mentorship becomes
active and turns read-only when it closes. Messages are rows first: a page, a socket or an
email only ever shows what is stored."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from bridgeway.core.models import Organization
from bridgeway.programs.models import Program

EDIT_WINDOW = timedelta(minutes=15)
MAX_BODY = 10_000


class Conversation(models.Model):
    class Kind(models.TextChoices):
        PAIR = "pair", _("Mentorship")
        GROUP = "group", _("Group")
        STAFF = "staff", _("With program staff")

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        CLOSED = "closed", _("Closed")

    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="conversations"
    )
    program = models.ForeignKey(
        Program, on_delete=models.CASCADE, null=True, blank=True, related_name="conversations"
    )
    kind = models.CharField(_("kind"), max_length=8, choices=Kind.choices)
    relationship = models.OneToOneField(
        "relationships.Relationship",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="conversation",
    )
    title = models.CharField(_("title"), max_length=200, blank=True)
    status = models.CharField(_("status"), max_length=8, choices=Status.choices, default="open")
    created_at = models.DateTimeField(_("started"), default=timezone.now)
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)
    last_message_at = models.DateTimeField(_("last message"), null=True, blank=True)

    class Meta:
        verbose_name = _("conversation")
        verbose_name_plural = _("conversations")
        ordering = ["-last_message_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.kind} {self.pk}"

    @property
    def is_open(self) -> bool:
        return self.status == self.Status.OPEN


class Member(models.Model):
    """A person in a conversation, and how far they have read."""

    class Role(models.TextChoices):
        PARTICIPANT = "participant", _("Participant")
        MEDIATOR = "mediator", _("Mediator from program staff")
        STAFF = "staff", _("Program staff")

    conversation = models.ForeignKey(Conversation, on_delete=models.CASCADE, related_name="members")
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="conversation_memberships"
    )
    role = models.CharField(_("role"), max_length=12, choices=Role.choices, default="participant")
    joined_at = models.DateTimeField(_("joined"), default=timezone.now)
    left_at = models.DateTimeField(_("left"), null=True, blank=True)
    # Read receipts: the newest message this person has seen (message ids only grow).
    last_read_id = models.BigIntegerField(_("read up to"), default=0)
    last_read_at = models.DateTimeField(_("last read"), null=True, blank=True)
    # The newest message an "unread messages" email has told them about (one per gathering).
    told_up_to_id = models.BigIntegerField(default=0)
    # When the waiting "unread messages" alert goes off (none waits when empty or past).
    alert_due_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("conversation member")
        verbose_name_plural = _("conversation members")
        constraints = [
            models.UniqueConstraint(fields=["conversation", "person"], name="one_membership")
        ]
        indexes = [models.Index(fields=["person", "left_at"])]

    def __str__(self) -> str:
        return f"{self.person_id} in {self.conversation_id}"


class Message(models.Model):
    class Kind(models.TextChoices):
        TEXT = "text", _("Message")
        EVENT = "event", _("Event")  # someone joined, a call took place: worded when shown

    conversation = models.ForeignKey(
        Conversation, on_delete=models.CASCADE, related_name="messages"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="messages_written",
    )
    kind = models.CharField(_("kind"), max_length=8, choices=Kind.choices, default="text")
    body = models.TextField(_("message"), max_length=MAX_BODY, blank=True)
    # An event's code and values, worded in the reader's language (events.py).
    event = models.CharField(max_length=40, blank=True)
    event_data = models.JSONField(default=dict, blank=True)
    # The sender's idempotency key: the same key from the same person stores one message.
    client_key = models.CharField(_("client key"), max_length=64, blank=True)
    created_at = models.DateTimeField(_("sent"), default=timezone.now)
    edited_at = models.DateTimeField(_("edited"), null=True, blank=True)
    deleted_at = models.DateTimeField(_("deleted"), null=True, blank=True)

    class Meta:
        verbose_name = _("message")
        verbose_name_plural = _("messages")
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["author", "client_key"],
                condition=~Q(client_key=""),
                name="one_message_per_client_key",
            )
        ]
        indexes = [models.Index(fields=["conversation", "id"])]

    def __str__(self) -> str:
        return f"message {self.pk}"

    @property
    def is_deleted(self) -> bool:
        return self.deleted_at is not None

    def editable_until(self) -> datetime:
        return self.created_at + EDIT_WINDOW


class MessageEdit(models.Model):
    """What a message said before an edit (kept for the archive, shown to its readers)."""

    message = models.ForeignKey(Message, on_delete=models.CASCADE, related_name="edits")
    body = models.TextField(max_length=MAX_BODY)
    replaced_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["pk"]

    def __str__(self) -> str:
        return f"edit of {self.message_id}"


class MessagingSettings(models.Model):
    """A program's rules for its conversations."""

    program = models.OneToOneField(
        Program, on_delete=models.CASCADE, related_name="messaging_settings"
    )
    keep_deleted = models.BooleanField(
        _("keep deleted messages in the archive"),
        default=True,
        help_text=_(
            "On: a deleted message disappears for everyone, and staff who review the "
            "conversation with a reason still read it. Off: its text is erased."
        ),
    )
    # Words that flag a message to staff, per language: {"en": ["suicide", ...], "fr": [...]}.
    flag_words = models.JSONField(_("words that flag a message"), default=dict, blank=True)
    attachment_limit_mb = models.PositiveIntegerField(_("largest attachment (MB)"), default=100)

    class Meta:
        verbose_name = _("messaging settings")
        verbose_name_plural = _("messaging settings")

    def __str__(self) -> str:
        return f"messaging settings of {self.program_id}"


class Flag(models.Model):
    """A message that contains one of the program's flag words, for staff to look at."""

    message = models.OneToOneField(Message, on_delete=models.CASCADE, related_name="flag")
    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    words = models.JSONField(_("words found"), default=list)
    created_at = models.DateTimeField(_("flagged"), default=timezone.now)
    handled_at = models.DateTimeField(_("handled"), null=True, blank=True)
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    handled_note = models.CharField(_("what was done"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("flagged message")
        verbose_name_plural = _("flagged messages")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"flag on {self.message_id}"


class Review(models.Model):
    """Staff reading a conversation they are not in: allowed for a while once they give a
    reason; every page they open while it lasts writes an audit row (without content)."""

    conversation = models.ForeignKey(Conversation, on_delete=models.CASCADE, related_name="+")
    staff = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    reason = models.CharField(_("reason"), max_length=300)
    started_at = models.DateTimeField(default=timezone.now)
    ends_at = models.DateTimeField()

    class Meta:
        ordering = ["-started_at"]
        indexes = [models.Index(fields=["conversation", "staff", "ends_at"])]

    def __str__(self) -> str:
        return f"review of {self.conversation_id} by {self.staff_id}"


class Call(models.Model):
    """A video or voice call in a conversation, person to person in the browser (WebRTC). Only
    who took part and when is kept: a call is never recorded."""

    conversation = models.ForeignKey(Conversation, on_delete=models.CASCADE, related_name="calls")
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    audio_only = models.BooleanField(_("voice only"), default=False)
    started_at = models.DateTimeField(_("started"), default=timezone.now)
    # When a second person joined: a call nobody answered is "missed", not zero minutes long.
    answered_at = models.DateTimeField(_("answered"), null=True, blank=True)
    ended_at = models.DateTimeField(_("ended"), null=True, blank=True)

    class Meta:
        verbose_name = _("call")
        verbose_name_plural = _("calls")
        ordering = ["-started_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["conversation"], condition=Q(ended_at=None), name="one_live_call"
            )
        ]

    def __str__(self) -> str:
        return f"call {self.pk} in {self.conversation_id}"

    @property
    def is_live(self) -> bool:
        return self.ended_at is None


class CallParticipant(models.Model):
    """One person's time in a call, from the page that joined it. Joining again from another
    page or device ends the earlier time, so a person is in a call once."""

    call = models.ForeignKey(Call, on_delete=models.CASCADE, related_name="participants")
    person = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    joined_at = models.DateTimeField(_("joined"), default=timezone.now)
    # The page's socket says it is still there every half minute (calls.HEARTBEAT_SECONDS): a
    # page that vanished without leaving (a crashed server) is counted out after a while.
    seen_at = models.DateTimeField(_("last seen"), default=timezone.now)
    left_at = models.DateTimeField(_("left"), null=True, blank=True)

    class Meta:
        verbose_name = _("call participant")
        verbose_name_plural = _("call participants")
        ordering = ["pk"]
        indexes = [models.Index(fields=["call", "left_at"])]

    def __str__(self) -> str:
        return f"{self.person_id} in call {self.call_id}"


class Attachment(models.Model):
    """A file sent with a message. It is stored under a random name through the
    "attachments" storage (never publicly served); the name the sender gave it is kept only
    as text to show and to offer when it is downloaded. Its type is the one read from its
    content, never the one the name or the browser claimed."""

    class Kind(models.TextChoices):
        DOCUMENT = "document", _("Document")
        IMAGE = "image", _("Image")
        VIDEO = "video", _("Video")
        AUDIO = "audio", _("Audio")

    message = models.ForeignKey(Message, on_delete=models.CASCADE, related_name="attachments")
    stored_name = models.CharField(max_length=200, unique=True)
    name = models.CharField(_("file name"), max_length=200)
    size = models.BigIntegerField(_("size in bytes"))
    content_type = models.CharField(_("type"), max_length=100)
    kind = models.CharField(_("kind"), max_length=8, choices=Kind.choices)
    created_at = models.DateTimeField(_("sent"), default=timezone.now)

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        ordering = ["pk"]

    def __str__(self) -> str:
        return f"attachment {self.pk} of message {self.message_id}"
