"""Meetings as iCalendar (RFC 5545/5546): invitations by email and the private feed.

A single meeting is an event in UTC. A series is one event whose DTSTART carries the
proposer's zone (TZID, with the VTIMEZONE calendars need) and an RRULE with the number of
meetings, so calendar apps keep the wall-clock time across daylight-saving changes exactly as
Bridgeway does; cancelled meetings are EXDATEs."""

from __future__ import annotations

import zoneinfo
from datetime import datetime, timedelta
from urllib.parse import urlsplit

from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from icalendar import Calendar, Event, vCalAddress, vText

from bridgeway.accounts.models import Person
from bridgeway.relationships.models import Meeting, MeetingKind, MeetingSeries

_RRULE = {"weekly": ("WEEKLY", 1), "fortnightly": ("WEEKLY", 2), "monthly": ("MONTHLY", 1)}


def calendar_new(method: str | None) -> Calendar:
    calendar = Calendar()
    calendar.add("prodid", f"-//{settings.BRIDGEWAY_SITE_NAME}//Mentoring//EN")
    calendar.add("version", "2.0")
    if method:
        calendar.add("method", method)
    return calendar


def _host() -> str:
    return urlsplit(settings.SITE_URL).hostname or "localhost"


def meeting_uid(meeting: Meeting) -> str:
    if meeting.series_id is not None:
        return f"meeting-series-{meeting.series_id}@{_host()}"
    return f"meeting-{meeting.pk}@{_host()}"


def describe(event: Event, meeting: Meeting, summary: str, *, attendees: bool) -> None:
    """Where and what: the link or the place, the meeting page; both people as attendees in
    invitations (the feed names nobody but in its summary)."""
    if meeting.kind == MeetingKind.VIDEO and meeting.link:
        event.add("location", meeting.link)
        event.add("url", meeting.link)
    elif meeting.kind == MeetingKind.IN_PERSON:
        event.add("location", meeting.place)
    else:
        event.add("location", str(MeetingKind(meeting.kind).label))
    event.add("summary", summary)
    event.add(
        "description", settings.SITE_URL + reverse("relationships:meeting", args=[meeting.pk])
    )
    if not attendees:
        return
    organizer = vCalAddress(f"mailto:{settings.DEFAULT_FROM_EMAIL.split('<')[-1].rstrip('>')}")
    organizer.params["cn"] = vText(settings.BRIDGEWAY_SITE_NAME)
    event["organizer"] = organizer
    relationship = meeting.relationship
    for person in (relationship.mentee.person, relationship.mentor.person):
        attendee = vCalAddress(f"mailto:{person.email}")
        attendee.params["cn"] = vText(person.name)
        event.add("attendee", attendee, encode=False)


def pair_summary(meeting: Meeting) -> str:
    relationship = meeting.relationship
    names = f"{relationship.mentee.person.name} · {relationship.mentor.person.name}"
    return _("Mentoring meeting: %(names)s") % {"names": names}


def series_event(
    series: MeetingSeries,
    meetings: list[Meeting],
    summary: str,
    *,
    attendees: bool,
    cancelled: bool = False,
    stamp: datetime | None = None,
) -> Event:
    """The whole series as one recurring event (`meetings`: all of it, in order)."""
    assert series.first_day is not None
    assert series.at is not None
    zone = zoneinfo.ZoneInfo(series.time_zone)
    first = meetings[0]
    start = datetime.combine(series.first_day, series.at).replace(tzinfo=zone)
    event = Event()
    event.add("uid", meeting_uid(first))
    event.add("sequence", series.sequence)
    event.add("dtstamp", stamp or timezone.now())
    event.add("dtstart", start)
    event.add("duration", timedelta(minutes=first.duration_minutes))
    frequency, interval = _RRULE[series.frequency]
    event.add("rrule", {"freq": frequency, "interval": interval, "count": series.count})
    skipped = [
        m.starts_at.astimezone(zone)
        for m in meetings[: series.count]
        if m.status == Meeting.Status.CANCELLED and m.starts_at is not None
    ]
    if skipped and not cancelled:
        event.add("exdate", skipped)
    describe(event, first, summary, attendees=attendees)
    event.add("status", "CANCELLED" if cancelled else "CONFIRMED")
    return event


def series_ics(series: MeetingSeries, meetings: list[Meeting]) -> tuple[bytes, str]:
    """The series for an invitation: REQUEST while a meeting of it is left, else CANCEL."""
    cancelled = series.status == MeetingSeries.Status.CANCELLED
    method = "CANCEL" if cancelled else "REQUEST"
    calendar = calendar_new(method)
    calendar.add_component(
        series_event(
            series, meetings, pair_summary(meetings[0]), attendees=True, cancelled=cancelled
        )
    )
    calendar.add_missing_timezones()
    return calendar.to_ical(), method


def occurrence_cancel_ics(series: MeetingSeries, meeting: Meeting) -> bytes:
    """One meeting of a series cancelled: a CANCEL naming it by its RECURRENCE-ID."""
    assert meeting.starts_at is not None
    zone = zoneinfo.ZoneInfo(series.time_zone)
    start = meeting.starts_at.astimezone(zone)
    calendar = calendar_new("CANCEL")
    event = Event()
    event.add("uid", meeting_uid(meeting))
    event.add("sequence", series.sequence)
    event.add("dtstamp", timezone.now())
    event.add("recurrence-id", start)
    event.add("dtstart", start)
    event.add("duration", timedelta(minutes=meeting.duration_minutes))
    describe(event, meeting, pair_summary(meeting), attendees=True)
    event.add("status", "CANCELLED")
    calendar.add_component(event)
    calendar.add_missing_timezones()
    return calendar.to_ical()


def single_event(
    meeting: Meeting,
    summary: str,
    *,
    attendees: bool,
    cancelled: bool,
    stamp: datetime | None = None,
) -> Event:
    """One meeting in UTC. `stamp`: a fixed DTSTAMP, so the feed's content (and ETag) stays
    the same while nothing changes."""
    assert meeting.starts_at is not None
    event = Event()
    event.add("uid", meeting_uid(meeting))
    event.add("sequence", meeting.sequence)
    event.add("dtstamp", stamp or timezone.now())
    event.add("dtstart", meeting.starts_at)
    event.add("dtend", meeting.starts_at + timedelta(minutes=meeting.duration_minutes))
    describe(event, meeting, summary, attendees=attendees)
    event.add("status", "CANCELLED" if cancelled else "CONFIRMED")
    return event


def ics_calendar(
    *,
    uid: str,
    sequence: int,
    starts_at: datetime,
    duration_minutes: int,
    summary: str,
    kind: str,
    link: str,
    place: str,
    url: str,
    people: list[Person],
    cancel: bool,
) -> bytes:
    """A group's meeting as an iCalendar invitation, every member an attendee: a stable
    UID, the SEQUENCE of its changes, METHOD:CANCEL when it is cancelled."""
    calendar = calendar_new("CANCEL" if cancel else "REQUEST")
    event = Event()
    event.add("uid", uid)
    event.add("sequence", sequence)
    event.add("dtstamp", timezone.now())
    event.add("dtstart", starts_at)
    event.add("dtend", starts_at + timedelta(minutes=duration_minutes))
    event.add("summary", summary)
    if kind == MeetingKind.VIDEO and link:
        event.add("location", link)
        event.add("url", link)
    elif kind == MeetingKind.IN_PERSON:
        event.add("location", place)
    else:
        event.add("location", str(MeetingKind(kind).label))
    event.add("description", url)
    event.add("status", "CANCELLED" if cancel else "CONFIRMED")
    organizer = vCalAddress(f"mailto:{settings.DEFAULT_FROM_EMAIL.split('<')[-1].rstrip('>')}")
    organizer.params["cn"] = vText(settings.BRIDGEWAY_SITE_NAME)
    event["organizer"] = organizer
    for person in people:
        attendee = vCalAddress(f"mailto:{person.email}")
        attendee.params["cn"] = vText(person.name)
        event.add("attendee", attendee, encode=False)
    calendar.add_component(event)
    return calendar.to_ical()
