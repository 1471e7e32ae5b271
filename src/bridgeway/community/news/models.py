"""A post (announcement, newsletter or blog post) with its segment, and its language versions.

The segment is the post's scope (one program, one agency with its programs, or the whole
network) narrowed by filters; an empty filter narrows nothing. Who it reaches is computed when
it is sent (segments.py) and the number kept on the post."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from bridgeway.core.models import Network, Organization, TimeStampedModel
from bridgeway.programs.models import Program


class PostKind(models.TextChoices):
    ANNOUNCEMENT = "announcement", _("Announcement")
    NEWSLETTER = "newsletter", _("Newsletter")
    BLOG = "blog", _("Blog post")


class PostScope(models.TextChoices):
    NETWORK = "network", _("The whole network")
    AGENCY = "agency", _("One agency and its programs")
    PROGRAM = "program", _("One program")


class Visibility(models.TextChoices):
    PUBLIC = "public", _("Public: anyone, and the Atom feed")
    MEMBERS = "members", _("Members only: signed in and part of the scope")


class PostState(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SCHEDULED = "scheduled", _("Scheduled")
    SENT = "sent", _("Sent")


class Post(TimeStampedModel):
    kind = models.CharField(_("kind"), max_length=20, choices=PostKind.choices)
    scope = models.CharField(_("sent to"), max_length=10, choices=PostScope.choices)
    network = models.ForeignKey(Network, on_delete=models.CASCADE, related_name="news_posts")
    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, null=True, blank=True, related_name="news_posts"
    )
    program = models.ForeignKey(
        Program, on_delete=models.CASCADE, null=True, blank=True, related_name="news_posts"
    )
    default_language = models.CharField(_("default language"), max_length=12)
    visibility = models.CharField(
        _("who may read it in the archive"),
        max_length=10,
        choices=Visibility.choices,
        default=Visibility.MEMBERS,
    )
    urgent = models.BooleanField(_("urgent"), default=False)
    # The segment's filters: lists of codes, empty for "any".
    roles = models.JSONField(_("roles"), default=list, blank=True)
    statuses = models.JSONField(_("enrollment statuses"), default=list, blank=True)
    cohort_start = models.DateField(_("cohort starting on"), null=True, blank=True)
    languages = models.JSONField(_("languages"), default=list, blank=True)
    sectors = models.JSONField(_("occupation groups"), default=list, blank=True)
    countries = models.JSONField(_("countries"), default=list, blank=True)
    time_zones = models.JSONField(_("time zones"), default=list, blank=True)
    state = models.CharField(
        _("state"), max_length=10, choices=PostState.choices, default=PostState.DRAFT
    )
    send_at = models.DateTimeField(_("send on"), null=True, blank=True)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    recipient_count = models.PositiveIntegerField(_("recipients"), default=0)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    client_key = models.CharField(max_length=64, blank=True)

    class Meta:
        verbose_name = _("post")
        verbose_name_plural = _("posts")
        ordering = ["-sent_at", "-created_at", "-pk"]
        indexes = [models.Index(fields=["state", "scope", "-sent_at"], name="news_post_archive")]
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(scope="network", organization__isnull=True, program__isnull=True)
                    | Q(scope="agency", organization__isnull=False, program__isnull=True)
                    | Q(scope="program", organization__isnull=False, program__isnull=False)
                ),
                name="news_post_scope_matches",
            ),
            models.UniqueConstraint(
                fields=["created_by", "client_key"],
                condition=~Q(client_key=""),
                name="news_post_once_per_client_key",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.pk}"

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("community:news_post", args=[self.pk])


class PostVersion(models.Model):
    """The post in one language: its title, a one-line summary and the text in Markdown."""

    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="versions")
    language = models.CharField(_("language"), max_length=12)
    title = models.CharField(_("title"), max_length=160)
    summary = models.CharField(_("summary"), max_length=300, blank=True)
    body = models.TextField(_("text"), max_length=50000)

    class Meta:
        verbose_name = _("post version")
        verbose_name_plural = _("post versions")
        ordering = ["language"]
        constraints = [
            models.UniqueConstraint(fields=["post", "language"], name="news_version_once")
        ]

    def __str__(self) -> str:
        return f"{self.post_id} [{self.language}] {self.title}"
