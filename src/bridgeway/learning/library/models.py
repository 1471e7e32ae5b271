"""The resource library: documents, links and videos that staff share with the participants of
a program, an agency or the whole network, for an audience, in one or several languages, and
the Ask-an-Expert answers staff publish into it.

A resource is what people find and count; its versions hold the words and the content, one
per language (a French guide and its English translation are two versions of one resource).
A version's content is a file stored like messages' attachments (never under a public address),
an external address, or — for an expert's answer — a question and its answer written in the
app (sanitized Markdown). Views are counted once per person, resource and day."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from bridgeway.core.models import Network, Organization, TimeStampedModel
from bridgeway.programs.models import Program
from bridgeway.programs.reach import Audience, Level, scope_constraint


class Kind(models.TextChoices):
    DOCUMENT = "document", _("Document")
    LINK = "link", _("Link")
    VIDEO = "video", _("Video")
    ANSWER = "answer", _("Expert answer")


# What staff add on the library's own pages; an answer is published from its question.
ADDED_IN_THE_LIBRARY = (Kind.DOCUMENT, Kind.LINK, Kind.VIDEO)


class Arrival(models.TextChoices):
    """When in a newcomer's move a resource helps (read from the profile's arrival date)."""

    ANY = "", _("Any time")
    BEFORE = "before", _("Before arriving in Canada")
    AFTER = "after", _("After arriving in Canada")


class Topic(models.TextChoices):
    JOB_SEARCH = "job_search", _("Job search")
    RESUMES = "resumes", _("Résumés and interviews")
    CREDENTIALS = "credentials", _("Credentials and licensing")
    NETWORKING = "networking", _("Networking")
    WORKPLACE = "workplace", _("Workplace culture")
    LANGUAGE = "language", _("Language learning")
    HOUSING = "housing", _("Housing")
    HEALTH = "health", _("Health care")
    MONEY = "money", _("Banking and taxes")
    EDUCATION = "education", _("Schools and education")
    BUSINESS = "business", _("Starting a business")
    ACCESSIBILITY = "accessibility", _("Accessibility and accommodations")
    RIGHTS = "rights", _("Rights and legal help")
    MENTORING = "mentoring", _("Mentoring skills")


class Resource(TimeStampedModel):
    """A document, link or video for the participants of a scope who fit its audience."""

    level = models.CharField(_("level"), max_length=10, choices=Level.choices)
    network = models.ForeignKey(Network, on_delete=models.CASCADE, related_name="resources")
    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, null=True, blank=True, related_name="resources"
    )
    program = models.ForeignKey(
        Program, on_delete=models.CASCADE, null=True, blank=True, related_name="resources"
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    audience = models.CharField(
        _("who may see it"), max_length=10, choices=Audience.choices, default=Audience.EVERYONE
    )
    sector = models.CharField(
        _("occupation sector"),
        max_length=1,
        blank=True,
        help_text=_("A NOC 2021 broad category (its first digit); empty for every sector."),
    )
    arrival = models.CharField(
        _("when it helps"), max_length=10, choices=Arrival.choices, default="", blank=True
    )
    archived = models.BooleanField(_("archived"), default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        verbose_name = _("resource")
        verbose_name_plural = _("resources")
        ordering = ["-created_at", "-pk"]
        constraints = [scope_constraint("library_resource_level_matches_scope")]

    def __str__(self) -> str:
        return f"resource {self.pk}"


class ResourceTopic(models.Model):
    resource = models.ForeignKey(Resource, on_delete=models.CASCADE, related_name="topics")
    topic = models.CharField(_("topic"), max_length=20, choices=Topic.choices)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["resource", "topic"], name="library_topic_once")
        ]
        indexes = [models.Index(fields=["topic", "resource"])]

    def __str__(self) -> str:
        return self.topic


class ResourceVersion(TimeStampedModel):
    """A resource in one language: its title and summary, and a file, an address, or (an
    expert's answer) a question and its answer in Markdown. A file is stored under a random
    name in the "attachments" storage and served after the access check; `name` is the
    uploader's file name as text. An answer's summary is the start of its question."""

    resource = models.ForeignKey(Resource, on_delete=models.CASCADE, related_name="versions")
    language = models.CharField(_("language"), max_length=10)
    title = models.CharField(_("title"), max_length=160)
    summary = models.TextField(_("summary"), max_length=2000, blank=True)
    url = models.URLField(_("address"), max_length=500, blank=True)
    stored_name = models.CharField(max_length=200, blank=True)
    name = models.CharField(_("file name"), max_length=200, blank=True)
    size = models.BigIntegerField(_("size in bytes"), default=0)
    content_type = models.CharField(_("type"), max_length=100, blank=True)
    file_kind = models.CharField(max_length=8, blank=True)
    question_text = models.TextField(_("question"), max_length=20000, blank=True)
    answer_text = models.TextField(_("answer"), max_length=20000, blank=True)

    class Meta:
        verbose_name = _("resource version")
        verbose_name_plural = _("resource versions")
        ordering = ["language", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["resource", "language"], name="library_one_version_per_language"
            ),
            # Exactly one content: a file, an address, or a written answer.
            models.CheckConstraint(
                condition=(Q(url="") & ~Q(stored_name="") & Q(answer_text=""))
                | (~Q(url="") & Q(stored_name="") & Q(answer_text=""))
                | (Q(url="") & Q(stored_name="") & ~Q(answer_text="")),
                name="library_version_one_content",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def kind(self) -> str:
        """The stored file's kind, as file downloads read it (messaging.downloads)."""
        return self.file_kind

    @property
    def has_file(self) -> bool:
        return bool(self.stored_name)

    @property
    def is_written(self) -> bool:
        return bool(self.answer_text)


class ResourceView(models.Model):
    """A person opened or downloaded a resource on a day (one row, however often)."""

    resource = models.ForeignKey(Resource, on_delete=models.CASCADE, related_name="views")
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="resource_views"
    )
    day = models.DateField(default=timezone.localdate)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["resource", "person", "day"], name="library_view_once_a_day"
            )
        ]
        indexes = [models.Index(fields=["day", "resource"])]

    def __str__(self) -> str:
        return f"{self.person_id} → {self.resource_id} on {self.day}"
