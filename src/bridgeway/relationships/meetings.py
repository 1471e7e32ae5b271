"""Meetings of a pair, across time zones.

One person proposes up to three times, typed in their own time zone (a time that does not
exist there — the hour skipped when clocks go forward — or one in the past is refused); the
other picks one. Both receive a calendar invitation (a stable UID, SEQUENCE raised on every
change, METHOD:CANCEL when cancelled) and reminders the day before and an hour before, in their
own time zone; after the meeting both are asked "did you meet?", and the minutes each gives are
their hours."""

from __future__ import annotations

import zoneinfo
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import Sum
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _

from bridgeway.accounts.models import Person
from bridgeway.core.services import DomainError
from bridgeway.core.time_zones import time_zone_city
from bridgeway.notifications.models import Timer
from bridgeway.notifications.outbox import notify
from bridgeway.notifications.timers import timer_cancel, timer_schedule
from bridgeway.relationships import calendars, flash, series
from bridgeway.relationships.models import (
    Meeting,
    MeetingKind,
    MeetingLog,
    MeetingSeries,
    Relationship,
)

MAX_OPTIONS = 3
# The timers of a meeting: reminders the day and the hour before, "did you meet?" after, and
# for a flash mentorship the closing a day after.
TIMER_SUFFIXES = ("day", "hour", "check", "flash")
DURATIONS = (30, 45, 60, 90)


def local_to_utc(day: date, at: time, time_zone: str) -> datetime:
    """A wall-clock time in a time zone, in UTC; DomainError when it does not exist there."""
    zone = zoneinfo.ZoneInfo(time_zone)
    naive = datetime.combine(day, at)
    aware = naive.replace(tzinfo=zone)
    if aware.astimezone(UTC).astimezone(zone).replace(tzinfo=None) != naive:
        raise DomainError(
            _(
                "%(time)s does not exist in %(city)s on %(date)s: the clocks jump forward that "
                "night. Choose another time."
            )
            % {
                "time": at.strftime("%H:%M"),
                "city": time_zone_city(time_zone),
                "date": day.isoformat(),
            },
            "options",
        )
    return aware.astimezone(UTC)


def _party(relationship: Relationship, person: Person) -> str:
    if relationship.mentee.person_id == person.pk:
        return "mentee"
    if relationship.mentor.person_id == person.pk:
        return "mentor"
    raise DomainError(_("Only the mentee and the mentor plan their meetings."))


def _other(relationship: Relationship, person: Person) -> Person:
    return (
        relationship.mentor.person
        if relationship.mentee.person_id == person.pk
        else relationship.mentee.person
    )


@transaction.atomic
def meeting_propose(
    *,
    relationship: Relationship,
    by: Person,
    kind: str,
    times: list[tuple[date, time]],
    duration_minutes: int = 60,
    link: str = "",
    place: str = "",
    repeat: series.Repeat | None = None,
) -> Meeting:
    """Propose up to three times; with `repeat`, the first meeting of a series (each proposed
    time is checked for the whole series)."""
    _party(relationship, by)
    if relationship.status == Relationship.Status.CLOSED:
        raise DomainError(_("This mentorship is closed."))
    if relationship.status != Relationship.Status.ACTIVE:
        raise DomainError(_("Meetings are planned once your agreement is signed."))
    if flash.is_flash(relationship):
        flash.check_can_propose(relationship)
        if repeat is not None:
            raise DomainError(
                _("A flash mentorship is one conversation: propose a single meeting."), "repeat"
            )
    if kind not in MeetingKind.values:
        raise DomainError(_("Choose how you meet from the list."), "kind")
    if kind == MeetingKind.IN_PERSON and not place.strip():
        raise DomainError(_("Say where you meet."), "place")
    if duration_minutes not in DURATIONS:
        raise DomainError(_("Choose the length from the list."), "duration_minutes")
    if not times:
        raise DomainError(_("Propose at least one time."), "options")
    if len(times) > MAX_OPTIONS:
        raise DomainError(_("Propose at most three times."), "options")
    now = timezone.now()
    moments = []
    for day, at in times:
        moment = local_to_utc(day, at, by.time_zone)
        if moment <= now:
            raise DomainError(_("Choose times in the future."), "options")
        moments.append(moment)
    options = [moment.isoformat() for moment in moments]
    if len(set(options)) != len(options):
        raise DomainError(_("Propose different times."), "options")
    recurring = None
    if repeat is not None:
        recurring = series.series_create(
            relationship=relationship, by=by, repeat=repeat, options=moments
        )
    meeting = Meeting.objects.create(
        series=recurring,
        relationship=relationship,
        proposed_by=by,
        kind=kind,
        link=link.strip() if kind == MeetingKind.VIDEO else "",
        place=place.strip() if kind == MeetingKind.IN_PERSON else "",
        duration_minutes=duration_minutes,
        options=options,
    )
    other = _other(relationship, by)
    notify(
        kind="relationships.meeting_proposed",
        event=f"meeting:{meeting.pk}:proposed",
        person=other,
        params={"meeting": meeting.pk},
        url=reverse("relationships:meeting", args=[meeting.pk]),
        organization=relationship.program.organization,
    )
    return meeting


def _locked(meeting: Meeting) -> Meeting:
    """The meeting, locked; for a meeting of a series, its series is locked first, so every
    change of a series takes its locks in the same order (series, then meetings)."""
    if meeting.series_id is not None:
        MeetingSeries.objects.select_for_update().filter(pk=meeting.series_id).first()
    return (
        Meeting.objects.select_for_update(of=("self",))
        .select_related(
            "relationship__mentee__person",
            "relationship__mentor__person",
            "relationship__program__organization",
        )
        .get(pk=meeting.pk)
    )


def _still_open(meeting: Meeting) -> None:
    """A closed mentorship's meetings are no longer picked or cancelled (one that took place
    can still be answered "did you meet?")."""
    if meeting.relationship.status == Relationship.Status.CLOSED:
        raise DomainError(_("This mentorship is closed."))


@transaction.atomic
def meeting_pick(*, meeting: Meeting, by: Person, option: int) -> Meeting:
    """The other person picks one of the proposed times: the meeting is scheduled."""
    locked = _locked(meeting)
    _party(locked.relationship, by)
    _still_open(locked)
    if locked.status != Meeting.Status.PROPOSED:
        raise DomainError(_("A time is already chosen for this meeting."))
    if locked.proposed_by_id == by.pk:
        raise DomainError(_("The other person picks one of the times you proposed."))
    if not 0 <= option < len(locked.options):
        raise DomainError(_("Choose one of the proposed times."), "option")
    starts = parse_datetime(locked.options[option])
    assert starts is not None
    if starts <= timezone.now():
        raise DomainError(_("This time has passed. Propose new times."), "option")
    locked.starts_at, locked.status = starts, Meeting.Status.SCHEDULED
    locked.save(update_fields=["starts_at", "status"])
    if locked.series_id is None:
        _schedule_timers(locked)
        if flash.is_flash(locked.relationship):
            flash.schedule_close(locked)
        tell_both(locked, "relationships.meeting_scheduled", f"scheduled:{locked.sequence}")
        return locked
    for one in series.series_set(first=locked):
        _schedule_timers(one)
    tell_both(locked, "relationships.series_scheduled", "series-scheduled")
    return locked


@transaction.atomic
def meeting_cancel(*, meeting: Meeting, by: Person) -> Meeting:
    locked = _locked(meeting)
    _party(locked.relationship, by)
    if locked.status == Meeting.Status.CANCELLED:
        raise DomainError(_("This meeting is already cancelled."))
    _still_open(locked)
    was_scheduled = locked.status == Meeting.Status.SCHEDULED
    locked.status = Meeting.Status.CANCELLED
    locked.sequence += 1
    locked.save(update_fields=["status", "sequence"])
    for suffix in TIMER_SUFFIXES:
        timer_cancel(key=f"meeting:{locked.pk}:{suffix}")
    if locked.series_id is not None:
        series.series_after_cancel(meeting=locked)
    if was_scheduled:
        tell_both(locked, "relationships.meeting_cancelled", f"cancelled:{locked.sequence}")
    return locked


def tell_both(meeting: Meeting, kind: str, event: str) -> None:
    relationship = meeting.relationship
    for enrollment in (relationship.mentee, relationship.mentor):
        notify(
            kind=kind,
            event=f"meeting:{meeting.pk}:{event}",
            person=enrollment.person,
            params={"meeting": meeting.pk},
            url=reverse("relationships:meeting", args=[meeting.pk]),
            organization=relationship.program.organization,
        )


def _schedule_timers(meeting: Meeting) -> None:
    assert meeting.starts_at is not None
    organization = meeting.relationship.program.organization
    payload = {"meeting": meeting.pk}
    now = timezone.now()
    for suffix, due, kind in (
        ("day", meeting.starts_at - timedelta(days=1), "relationships.meeting_remind"),
        ("hour", meeting.starts_at - timedelta(hours=1), "relationships.meeting_remind"),
        (
            "check",
            meeting.starts_at + timedelta(minutes=meeting.duration_minutes),
            "relationships.meeting_check",
        ),
    ):
        if due > now:
            timer_schedule(
                kind=kind,
                key=f"meeting:{meeting.pk}:{suffix}",
                due_at=due,
                payload={**payload, "when": suffix},
                organization=organization,
            )


def _timer_meeting(timer: Timer) -> Meeting | None:
    return (
        Meeting.objects.filter(pk=timer.payload.get("meeting"), status=Meeting.Status.SCHEDULED)
        .select_related(
            "relationship__mentee__person",
            "relationship__mentor__person",
            "relationship__program__organization",
        )
        .first()
    )


def remind(timer: Timer) -> None:
    meeting = _timer_meeting(timer)
    if meeting is not None:
        tell_both(meeting, "relationships.meeting_reminder", f"remind:{timer.payload['when']}")


def check(timer: Timer) -> None:
    """After the meeting: did you meet?"""
    meeting = _timer_meeting(timer)
    if meeting is not None:
        tell_both(meeting, "relationships.meeting_check", "check")


@transaction.atomic
def meeting_log(*, meeting: Meeting, by: Person, outcome: str, minutes: int = 0) -> MeetingLog:
    """One person's answer to "did you meet?"; answering again changes nothing."""
    locked = _locked(meeting)
    _party(locked.relationship, by)
    if locked.status != Meeting.Status.SCHEDULED or locked.starts_at is None:
        raise DomainError(_("Only a scheduled meeting can be logged."))
    if locked.starts_at > timezone.now():
        raise DomainError(_("You can say how it went once the meeting has started."))
    if outcome not in MeetingLog.Outcome.values:
        raise DomainError(_("Choose an answer from the list."), "outcome")
    if outcome == MeetingLog.Outcome.MET and not 5 <= minutes <= 600:
        raise DomainError(_("Give the minutes you met, from 5 to 600."), "minutes")
    try:
        with transaction.atomic():
            log = MeetingLog.objects.create(
                meeting=locked,
                relationship=locked.relationship,
                person=by,
                outcome=outcome,
                minutes=minutes if outcome == MeetingLog.Outcome.MET else 0,
            )
    except IntegrityError:
        raise DomainError(_("You have already answered for this meeting.")) from None
    flash.after_log(locked)  # a flash mentorship closes once both have answered
    return log


def hours_of(*, relationship: Relationship, person: Person) -> float:
    minutes = MeetingLog.objects.filter(
        meeting__relationship=relationship, person=person
    ).aggregate(total=Sum("minutes"))["total"]
    return round((minutes or 0) / 60, 1)


# --- Calendar invitations ------------------------------------------------------------------------


def ics(meeting: Meeting, recipient: Person | None, *, cancel: bool = False) -> bytes:
    """A single meeting as an iCalendar invitation (RFC 5546 REQUEST, or CANCEL); a meeting of
    a series, the series it belongs to (or the CANCEL of that one meeting). Its words are in the
    recipient's language: it is attached to an email written in that language."""
    language = recipient.preferred_language if recipient is not None else None
    with translation.override(language or translation.get_language()):
        return _ics(meeting, cancel=cancel)


def _ics(meeting: Meeting, *, cancel: bool) -> bytes:
    if meeting.series is not None and meeting.series.status != MeetingSeries.Status.PROPOSED:
        if cancel and meeting.series.status != MeetingSeries.Status.CANCELLED:
            return calendars.occurrence_cancel_ics(meeting.series, meeting)
        content, _method = calendars.series_ics(
            meeting.series, series.series_meetings(meeting.series)
        )
        return content
    calendar = calendars.calendar_new("CANCEL" if cancel else "REQUEST")
    calendar.add_component(
        calendars.single_event(
            meeting, calendars.pair_summary(meeting), attendees=True, cancelled=cancel
        )
    )
    return calendar.to_ical()


def _with_people(meeting_id: int) -> Meeting:
    return Meeting.objects.select_related(
        "relationship__mentee__person", "relationship__mentor__person", "series"
    ).get(pk=meeting_id)


def invitation(params: dict[str, Any], recipient: Any) -> list[tuple[str, bytes, str]]:
    """The calendar file of a "scheduled" or "cancelled" email: for one meeting of a series
    cancelled alone, the CANCEL of that meeting."""
    meeting = _with_people(params["meeting"])
    cancel = meeting.status == Meeting.Status.CANCELLED
    content = ics(meeting, recipient, cancel=cancel)
    return [("meeting.ics", content, _calendar_type(content))]


def series_invitation(params: dict[str, Any], recipient: Any) -> list[tuple[str, bytes, str]]:
    """The whole series, as it stands now (REQUEST, or CANCEL when nothing is left of it)."""
    meeting = _with_people(params["meeting"])
    assert meeting.series is not None
    content, _method = calendars.series_ics(meeting.series, series.series_meetings(meeting.series))
    return [("meeting.ics", content, _calendar_type(content))]


def _calendar_type(content: bytes) -> str:
    method = "CANCEL" if b"METHOD:CANCEL" in content else "REQUEST"
    return f"text/calendar; method={method}; charset=UTF-8"
