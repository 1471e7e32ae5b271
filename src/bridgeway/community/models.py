"""Community forums: spaces at the network, agency or program level, each for an audience;
topics and replies in sanitized Markdown; "helpful" marks and follows."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from bridgeway.community.news.models import Post, PostVersion  # noqa: F401 (this app's models)
from bridgeway.core.models import Network, Organization, TimeStampedModel
from bridgeway.messaging.models import Attachment
from bridgeway.programs.models import Program
from bridgeway.programs.reach import Audience, Level, scope_constraint


class Space(TimeStampedModel):
    """A place to talk. Its level says whose participants may come in (every program of the
    network, of one agency, or one program); its audience narrows them by role or status."""

    level = models.CharField(_("level"), max_length=10, choices=Level.choices)
    network = models.ForeignKey(Network, on_delete=models.CASCADE, related_name="spaces")
    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, null=True, blank=True, related_name="spaces"
    )
    program = models.ForeignKey(
        Program, on_delete=models.CASCADE, null=True, blank=True, related_name="spaces"
    )
    name = models.CharField(_("name"), max_length=120)
    description = models.TextField(_("description"), blank=True, max_length=2000)
    audience = models.CharField(
        _("who may read and post"),
        max_length=10,
        choices=Audience.choices,
        default=Audience.EVERYONE,
    )
    sector = models.CharField(
        _("occupation group"),
        max_length=10,
        blank=True,
        help_text=_("A NOC 2021 code (for example 2 or 21) for a sector space; empty for any."),
    )
    hold_first_posts = models.PositiveSmallIntegerField(
        _("posts held for review"),
        default=0,
        help_text=_(
            "A newcomer's first posts in this space wait for a moderator's approval; 0 holds none."
        ),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        verbose_name = _("community space")
        verbose_name_plural = _("community spaces")
        ordering = ["name", "pk"]
        constraints = [scope_constraint("community_space_level_matches_scope")]

    def __str__(self) -> str:
        return self.name


class PostState(models.TextChoices):
    PUBLISHED = "published", _("Published")
    HELD = "held", _("Waiting for review")
    REJECTED = "rejected", _("Not approved")


class Moderated(models.Model):
    """What topics and replies share: whether they wait for review, and whether a moderator
    hid them (with the reason their author reads)."""

    state = models.CharField(
        _("review"), max_length=10, choices=PostState.choices, default=PostState.PUBLISHED
    )
    review_note = models.CharField(_("why it was not approved"), max_length=500, blank=True)
    hidden_at = models.DateTimeField(_("hidden"), null=True, blank=True)
    hidden_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    hidden_reason = models.CharField(_("why it was hidden"), max_length=500, blank=True)

    class Meta:
        abstract = True

    @property
    def is_hidden(self) -> bool:
        return self.hidden_at is not None

    @property
    def is_published(self) -> bool:
        return self.state == PostState.PUBLISHED


class Topic(Moderated):
    space = models.ForeignKey(Space, on_delete=models.CASCADE, related_name="topics")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="community_topics"
    )
    title = models.CharField(_("title"), max_length=160)
    body = models.TextField(_("text"), max_length=20000)
    pinned = models.BooleanField(_("pinned"), default=False)
    locked = models.BooleanField(_("locked"), default=False)
    created_at = models.DateTimeField(_("posted"), default=timezone.now)
    last_activity_at = models.DateTimeField(_("last activity"), default=timezone.now)
    reply_count = models.PositiveIntegerField(default=0)
    client_key = models.CharField(max_length=64, blank=True)

    class Meta:
        verbose_name = _("topic")
        verbose_name_plural = _("topics")
        ordering = ["-pinned", "-last_activity_at", "-pk"]
        indexes = [models.Index(fields=["space", "-pinned", "-last_activity_at"])]
        constraints = [
            models.UniqueConstraint(
                fields=["author", "client_key"],
                condition=~Q(client_key=""),
                name="community_topic_once_per_client_key",
            )
        ]

    def __str__(self) -> str:
        return self.title


class Reply(Moderated):
    topic = models.ForeignKey(Topic, on_delete=models.CASCADE, related_name="replies")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="community_replies"
    )
    body = models.TextField(_("text"), max_length=20000)
    created_at = models.DateTimeField(_("posted"), default=timezone.now)
    helpful_count = models.PositiveIntegerField(default=0)
    client_key = models.CharField(max_length=64, blank=True)

    class Meta:
        verbose_name = _("reply")
        verbose_name_plural = _("replies")
        ordering = ["created_at", "pk"]
        indexes = [models.Index(fields=["topic", "created_at"])]
        constraints = [
            models.UniqueConstraint(
                fields=["author", "client_key"],
                condition=~Q(client_key=""),
                name="community_reply_once_per_client_key",
            )
        ]

    def __str__(self) -> str:
        return f"{self.topic_id}#{self.pk}"


class Helpful(models.Model):
    """One person found one reply helpful (one mark each; marking again takes it back)."""

    reply = models.ForeignKey(Reply, on_delete=models.CASCADE, related_name="helpful_marks")
    person = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["reply", "person"], name="community_helpful_once")
        ]

    def __str__(self) -> str:
        return f"{self.person_id} → {self.reply_id}"


class Follow(models.Model):
    """A person hears about new topics of a space, or new replies to a topic."""

    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="community_follows"
    )
    space = models.ForeignKey(
        Space, on_delete=models.CASCADE, null=True, blank=True, related_name="follows"
    )
    topic = models.ForeignKey(
        Topic, on_delete=models.CASCADE, null=True, blank=True, related_name="follows"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(space__isnull=False, topic__isnull=True)
                | Q(space__isnull=True, topic__isnull=False),
                name="community_follow_space_or_topic",
            ),
            models.UniqueConstraint(
                fields=["person", "space"],
                condition=Q(space__isnull=False),
                name="community_follow_space_once",
            ),
            models.UniqueConstraint(
                fields=["person", "topic"],
                condition=Q(topic__isnull=False),
                name="community_follow_topic_once",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person_id} → {self.space_id or self.topic_id}"


class Moderator(models.Model):
    """A person staff named to moderate one space (participants or staff); the space's
    managers moderate it without being named."""

    space = models.ForeignKey(Space, on_delete=models.CASCADE, related_name="moderators")
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="community_moderations"
    )
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("moderator")
        verbose_name_plural = _("moderators")
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(fields=["space", "person"], name="community_moderator_once")
        ]

    def __str__(self) -> str:
        return f"{self.person_id} moderates {self.space_id}"


class ReportReason(models.TextChoices):
    SPAM = "spam", _("Spam or advertising")
    HARASSMENT = "harassment", _("Harassment, hate or threats")
    PERSONAL = "personal", _("Someone's personal information")
    MISLEADING = "misleading", _("False or dangerous advice")
    OFF_TOPIC = "off_topic", _("Off topic for this space")
    OTHER = "other", _("Something else")


class Report(models.Model):
    """A reader asks the moderators to look at a topic or a reply. Its author never learns
    who reported it."""

    class Status(models.TextChoices):
        OPEN = "open", _("Waiting")
        ACTED = "acted", _("Handled")
        DISMISSED = "dismissed", _("Dismissed")

    topic = models.ForeignKey(Topic, on_delete=models.CASCADE, related_name="reports")
    reply = models.ForeignKey(
        Reply, on_delete=models.CASCADE, null=True, blank=True, related_name="reports"
    )
    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="community_reports"
    )
    reason = models.CharField(_("reason"), max_length=12, choices=ReportReason.choices)
    text = models.CharField(_("what is wrong"), max_length=1000, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.OPEN)
    created_at = models.DateTimeField(default=timezone.now)
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    handled_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("report")
        verbose_name_plural = _("reports")
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["reporter", "topic"],
                condition=Q(status="open", reply__isnull=True),
                name="community_report_topic_once_open",
            ),
            models.UniqueConstraint(
                fields=["reporter", "reply"],
                condition=Q(status="open", reply__isnull=False),
                name="community_report_reply_once_open",
            ),
        ]

    def __str__(self) -> str:
        return f"report {self.pk}"

    @property
    def post(self) -> Topic | Reply:
        return self.reply if self.reply is not None else self.topic


class Suspension(models.Model):
    """A person may read a space but not post in it, until a date (included) or until a
    moderator lifts it."""

    space = models.ForeignKey(Space, on_delete=models.CASCADE, related_name="suspensions")
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="community_suspensions"
    )
    reason = models.CharField(_("reason"), max_length=500)
    until = models.DateField(_("until"), null=True, blank=True)
    # The end of `until` in the person's own time zone (None: until lifted).
    ends_at = models.DateTimeField(null=True, blank=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    lifted_at = models.DateTimeField(null=True, blank=True)
    lifted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("suspension")
        verbose_name_plural = _("suspensions")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.person_id} suspended from {self.space_id}"


class TopicMove(models.Model):
    """A topic went from one space to another; readers of the old space who cannot read the
    new one are told so at the topic's address."""

    topic = models.ForeignKey(Topic, on_delete=models.CASCADE, related_name="moves")
    from_space = models.ForeignKey(Space, on_delete=models.CASCADE, related_name="+")
    to_space = models.ForeignKey(Space, on_delete=models.CASCADE, related_name="+")
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.topic_id}: {self.from_space_id} → {self.to_space_id}"


class PostFile(models.Model):
    """A file attached to a topic or a reply: checked, stored and served exactly like a
    message's (messaging/attachments.py, messaging/downloads.py)."""

    topic = models.ForeignKey(Topic, on_delete=models.CASCADE, related_name="files")
    reply = models.ForeignKey(
        Reply, on_delete=models.CASCADE, null=True, blank=True, related_name="files"
    )
    stored_name = models.CharField(max_length=200, unique=True)
    name = models.CharField(_("file name"), max_length=200)
    size = models.BigIntegerField(_("size in bytes"))
    content_type = models.CharField(_("type"), max_length=100)
    kind = models.CharField(_("kind"), max_length=8, choices=Attachment.Kind.choices)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("file")
        verbose_name_plural = _("files")
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.name


# Circles: a circle's space is one of these spaces, readable by its members only.
from bridgeway.community.circles.models import Circle, CircleMember  # noqa: E402

# Curriculum mode's tables live beside the forums' (community/curriculum/).
from bridgeway.community.curriculum.models import Prompt, PromptDelivery  # noqa: E402

# Ask-an-Expert lives in its own module; imported here so that Django finds its models.
from bridgeway.community.experts.models import (  # noqa: E402
    Expert,
    ExpertTopic,
    PublishedAnswer,
    Question,
    QuestionPost,
)
from bridgeway.community.sessions.models import (  # noqa: E402
    Registration,
    Session,
    SessionSeries,
)

__all__ = [
    "Audience",
    "Circle",
    "CircleMember",
    "Expert",
    "ExpertTopic",
    "Level",
    "Prompt",
    "PromptDelivery",
    "PublishedAnswer",
    "Question",
    "QuestionPost",
    "Registration",
    "Session",
    "SessionSeries",
]
