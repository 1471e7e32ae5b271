"""Community forums: spaces at the network, agency or program level, each for an audience;
topics and replies in sanitized Markdown; "helpful" marks and follows."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from bridgeway.community.news.models import Post, PostVersion  # noqa: F401 (this app's models)
from bridgeway.core.models import Network, Organization, TimeStampedModel
from bridgeway.programs.models import Program


class Level(models.TextChoices):
    NETWORK = "network", _("Whole network")
    AGENCY = "agency", _("One agency")
    PROGRAM = "program", _("One program")


class Audience(models.TextChoices):
    EVERYONE = "everyone", _("Everyone")
    MENTORS = "mentors", _("Mentors only")
    MENTEES = "mentees", _("Mentees only")
    ALUMNI = "alumni", pgettext_lazy("audience", "Alumni")


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
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        verbose_name = _("community space")
        verbose_name_plural = _("community spaces")
        ordering = ["name", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(level="network", organization__isnull=True, program__isnull=True)
                    | Q(level="agency", organization__isnull=False, program__isnull=True)
                    | Q(level="program", organization__isnull=False, program__isnull=False)
                ),
                name="community_space_level_matches_scope",
            )
        ]

    def __str__(self) -> str:
        return self.name


class Topic(models.Model):
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


class Reply(models.Model):
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


# Curriculum mode's tables live beside the forums' (community/curriculum/).
from bridgeway.community.curriculum.models import Prompt, PromptDelivery  # noqa: E402

__all__ = ["Prompt", "PromptDelivery"]
from bridgeway.community.sessions.models import Registration, Session, SessionSeries  # noqa: E402, F401
