"""A group session or webinar, the series it may belong to, and the people registered for it.

Its scope (one program, one agency with its programs, or the whole network) and its audience
(everyone, mentors, mentees) say who may register. Times are stored in UTC with the
organiser's time zone, so that a repeating session keeps its wall-clock time across
daylight-saving changes. A person's registration is a place, a place on the waiting list
(in the order they asked), or cancelled."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from bridgeway.core.models import Network, Organization
from bridgeway.programs.models import Program


class SessionScope(models.TextChoices):
    NETWORK = "network", _("The whole network")
    AGENCY = "agency", _("One agency and its programs")
    PROGRAM = "program", _("One program")


class SessionAudience(models.TextChoices):
    EVERYONE = "everyone", _("Everyone")
    MENTORS = "mentors", _("Mentors")
    MENTEES = "mentees", _("Mentees")


class JoinKind(models.TextChoices):
    LINK = "link", _("An external link (a webinar or video-meeting service)")
    CALL = "call", _("A group call in Bridgeway (small sessions)")


class Frequency(models.TextChoices):
    WEEKLY = "weekly", _("Every week")
    MONTHLY = "monthly", _("Every month, on the same day")


class SessionSeries(models.Model):
    """Sessions that repeat: each date is its own session (its own registrations and
    invitation), made from the first one's wall-clock time in its time zone."""

    frequency = models.CharField(_("repeats"), max_length=10, choices=Frequency.choices)
    first_day = models.DateField(_("first day"))
    at = models.TimeField(_("time"))
    time_zone = models.CharField(_("time zone"), max_length=64)
    count = models.PositiveSmallIntegerField(_("number of dates"), null=True, blank=True)
    until = models.DateField(_("until"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now)

    class Meta:
        verbose_name = _("session series")
        verbose_name_plural = _("session series")

    def __str__(self) -> str:
        return f"{self.frequency} from {self.first_day}"


class Session(models.Model):
    class Status(models.TextChoices):
        SCHEDULED = "scheduled", _("Scheduled")
        CANCELLED = "cancelled", _("Cancelled")

    scope = models.CharField(_("for"), max_length=10, choices=SessionScope.choices)
    network = models.ForeignKey(Network, on_delete=models.CASCADE, related_name="sessions")
    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, null=True, blank=True, related_name="sessions"
    )
    program = models.ForeignKey(
        Program, on_delete=models.CASCADE, null=True, blank=True, related_name="sessions"
    )
    audience = models.CharField(
        _("who may register"),
        max_length=10,
        choices=SessionAudience.choices,
        default=SessionAudience.EVERYONE,
    )
    series = models.ForeignKey(
        SessionSeries, on_delete=models.SET_NULL, null=True, blank=True, related_name="sessions"
    )
    title = models.CharField(_("title"), max_length=160)
    description = models.TextField(_("description"), max_length=20000, blank=True)
    language = models.CharField(_("language spoken"), max_length=12)
    starts_at = models.DateTimeField(_("starts"), db_index=True)
    ends_at = models.DateTimeField(_("ends"))
    duration_minutes = models.PositiveSmallIntegerField(_("duration in minutes"))
    time_zone = models.CharField(_("organiser's time zone"), max_length=64)
    capacity = models.PositiveIntegerField(_("places"))
    join_kind = models.CharField(
        _("how people join"), max_length=6, choices=JoinKind.choices, default=JoinKind.LINK
    )
    join_link = models.URLField(_("join link"), max_length=500, blank=True)
    conversation = models.ForeignKey(
        "messaging.Conversation",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    recording_link = models.URLField(_("recording link"), max_length=500, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.SCHEDULED
    )
    # Raised on every change people's calendars must follow (time, link, cancellation).
    sequence = models.PositiveIntegerField(default=0)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    client_key = models.CharField(max_length=64, blank=True)
    # A circle's session: only the circle's members may register (community/circles).
    circle = models.ForeignKey(
        "community.Circle",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="sessions",
    )

    class Meta:
        verbose_name = _("group session")
        verbose_name_plural = _("group sessions")
        ordering = ["starts_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(scope="network", organization__isnull=True, program__isnull=True)
                    | Q(scope="agency", organization__isnull=False, program__isnull=True)
                    | Q(scope="program", organization__isnull=False, program__isnull=False)
                ),
                name="community_session_scope_matches",
            )
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def language_name(self) -> str:
        """The spoken language's name as the site lists it (the code for one it does not)."""
        return str(dict(settings.LANGUAGES).get(self.language, self.language))

    @property
    def is_cancelled(self) -> bool:
        return self.status == self.Status.CANCELLED


class Registration(models.Model):
    class Status(models.TextChoices):
        REGISTERED = "registered", _("Registered")
        WAITING = "waiting", _("On the waiting list")
        CANCELLED = "cancelled", _("Cancelled")

    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="registrations")
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="session_registrations"
    )
    status = models.CharField(_("status"), max_length=10, choices=Status.choices)
    # The waiting list's order: when the person last asked for a place.
    asked_at = models.DateTimeField(_("asked"), default=timezone.now)
    # Raised each time this person's place comes or goes, so that their calendar follows.
    sequence = models.PositiveIntegerField(default=0)
    attended = models.BooleanField(_("attended"), null=True, blank=True)

    class Meta:
        verbose_name = _("session registration")
        verbose_name_plural = _("session registrations")
        ordering = ["asked_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["session", "person"], name="one_registration")
        ]
        indexes = [models.Index(fields=["session", "status", "asked_at"])]

    def __str__(self) -> str:
        return f"{self.person_id} for {self.session_id}"
