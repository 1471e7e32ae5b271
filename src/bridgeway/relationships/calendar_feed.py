"""A person's private calendar feed: one secret address that calendar apps subscribe to.

Only a hash of the secret is stored (SHA-256 of 32 random bytes: no salt needed, nothing to
guess), so the address is shown once, when made. Replacing it or turning it off stops the old
address at once. The feed lists the person's meetings in all their mentorships with the least
personal data: the other person's first name, how they meet, the link or the place, the
meeting page. A series is one recurring event; cancelled meetings stay a month as CANCELLED so
calendars remove them."""

from __future__ import annotations

import hashlib
import hmac
import secrets
from datetime import timedelta

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from bridgeway.accounts.models import Person
from bridgeway.relationships import calendars
from bridgeway.relationships.models import CalendarFeed, Meeting, MeetingKind, MeetingSeries

# Past meetings kept in the feed, and how long a cancelled one stays (as CANCELLED).
PAST = timedelta(days=90)
CANCELLED_KEPT = timedelta(days=30)
# A calendar app asks every few minutes to hours; "last read" is written at most this often.
READ_NOTED_EVERY = timedelta(hours=1)


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


@transaction.atomic
def feed_create(*, person: Person) -> str:
    """A new secret address for `person`, replacing any earlier one; returns the secret."""
    token = secrets.token_urlsafe(32)
    CalendarFeed.objects.select_for_update().filter(person=person).delete()
    CalendarFeed.objects.create(person=person, token_hash=_digest(token))
    return token


@transaction.atomic
def feed_turn_off(*, person: Person) -> bool:
    deleted, _rows = CalendarFeed.objects.filter(person=person).delete()
    return deleted > 0


def feed_of(*, person: Person) -> CalendarFeed | None:
    return CalendarFeed.objects.filter(person=person).first()


def feed_find(token: str) -> CalendarFeed | None:
    """The feed of this secret, or None: looked up by its hash, then compared in constant time."""
    if not 20 <= len(token) <= 100:
        return None
    digest = _digest(token)
    found = CalendarFeed.objects.filter(token_hash=digest).select_related("person").first()
    if found is None or not hmac.compare_digest(found.token_hash, digest):
        return None
    return found


def feed_read(*, feed: CalendarFeed) -> None:
    now = timezone.now()
    if feed.last_read_at is None or feed.last_read_at < now - READ_NOTED_EVERY:
        CalendarFeed.objects.filter(pk=feed.pk).update(last_read_at=now)


def feed_meetings(*, person: Person) -> list[Meeting]:
    """The person's meetings for the feed, theirs only: scheduled since PAST, cancelled ones
    for CANCELLED_KEPT."""
    now = timezone.now()
    return list(
        Meeting.objects.filter(
            Q(relationship__mentee__person=person) | Q(relationship__mentor__person=person),
            starts_at__isnull=False,
        )
        .filter(
            Q(status=Meeting.Status.SCHEDULED, starts_at__gte=now - PAST)
            | Q(status=Meeting.Status.CANCELLED, starts_at__gte=now - CANCELLED_KEPT)
        )
        .select_related("relationship__mentee__person", "relationship__mentor__person", "series")
        .order_by("starts_at", "pk")
    )


def _summary(meeting: Meeting, person: Person) -> str:
    relationship = meeting.relationship
    other = (
        relationship.mentor.person
        if relationship.mentee.person_id == person.pk
        else relationship.mentee.person
    )
    first_name = other.name.split()[0] if other.name.split() else other.name
    return _("Mentoring with %(name)s (%(kind)s)") % {
        "name": first_name,
        "kind": MeetingKind(meeting.kind).label,
    }


def feed_ics(*, person: Person) -> bytes:
    """The feed, in the active language (the caller sets the person's)."""
    calendar = calendars.calendar_new(None)
    calendar.add("x-wr-calname", _("My mentoring meetings"))
    calendar.add("refresh-interval", timedelta(hours=1), parameters={"VALUE": "DURATION"})
    seen: set[int] = set()
    for meeting in feed_meetings(person=person):
        series = meeting.series
        if series is None:
            event = calendars.single_event(
                meeting,
                _summary(meeting, person),
                attendees=False,
                cancelled=meeting.status == Meeting.Status.CANCELLED,
                stamp=meeting.created_at,
            )
        elif series.pk in seen or series.status == MeetingSeries.Status.PROPOSED:
            continue
        else:
            seen.add(series.pk)
            from bridgeway.relationships.series import series_meetings

            event = calendars.series_event(
                series,
                series_meetings(series),
                _summary(meeting, person),
                attendees=False,
                cancelled=series.status == MeetingSeries.Status.CANCELLED,
                stamp=series.created_at,
            )
        calendar.add_component(event)
    calendar.add_missing_timezones()
    return calendar.to_ical()
