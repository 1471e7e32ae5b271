"""Rows behind recurring meetings and the private calendar feed (imported by models.py).

A series is proposed with the first meeting's times and a rule (every week, every two weeks,
every month; until a day or a number of times); once the other person picks a time, each
occurrence becomes its own Meeting, so each has its reminders, its "did you meet?" and can be
cancelled alone. The rule stays defined on the wall clock of the proposer's time zone."""

from __future__ import annotations

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from bridgeway.relationships.models import MeetingFrequency


class MeetingSeries(models.Model):
    class Status(models.TextChoices):
        PROPOSED = "proposed", _("Times proposed")
        SCHEDULED = "scheduled", _("Scheduled")
        CANCELLED = "cancelled", _("Cancelled")

    relationship = models.ForeignKey(
        "relationships.Relationship", on_delete=models.CASCADE, related_name="meeting_series"
    )
    frequency = models.CharField(_("how often"), max_length=12, choices=MeetingFrequency.choices)
    # Either a number of meetings or a last day (in the proposer's zone); at pick time the
    # number of meetings is fixed in `count`, which the calendar's RRULE carries.
    times_wanted = models.PositiveSmallIntegerField(_("how many times"), null=True, blank=True)
    until = models.DateField(_("until"), null=True, blank=True)
    time_zone = models.CharField(_("time zone of the series"), max_length=64)
    # Set when the other person picks a time: the first day and the time on the proposer's
    # clock, which every later meeting keeps across daylight-saving changes.
    first_day = models.DateField(_("first meeting"), null=True, blank=True)
    at = models.TimeField(_("time"), null=True, blank=True)
    count = models.PositiveSmallIntegerField(_("number of meetings"), default=0)
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.PROPOSED
    )
    # Calendar invitations of the whole series: raised on every change.
    sequence = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(_("created"), default=timezone.now)

    class Meta:
        verbose_name = _("meeting series")
        verbose_name_plural = _("meeting series")

    def __str__(self) -> str:
        return f"series {self.pk}"


class CalendarFeed(models.Model):
    """A person's private calendar address: only a hash of its secret is kept."""

    person = models.OneToOneField(
        "accounts.Person", on_delete=models.CASCADE, related_name="calendar_feed"
    )
    token_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    last_read_at = models.DateTimeField(_("last read"), null=True, blank=True)

    class Meta:
        verbose_name = _("calendar feed")
        verbose_name_plural = _("calendar feeds")

    def __str__(self) -> str:
        return f"feed of {self.person_id}"
