"""Recurring meetings: every week, every two weeks or every month, a number of times or until
a day.

The rule lives on the wall clock of the proposer's time zone: 18:00 in Toronto stays 18:00 in
Toronto across the daylight-saving changes, so the other person's time may move by an hour. A
time the clocks skip on any of the days is refused when proposed. Once the other person picks
one of the proposed times the series is set: each meeting becomes a row of its own (its
reminders, its "did you meet?", cancelled alone or with all the later ones). Calendars receive
one event with an RRULE in the proposer's zone (with its VTIMEZONE), SEQUENCE raised on every
change; one meeting cancelled is a CANCEL for its RECURRENCE-ID (and an EXDATE in later
copies), the whole series a CANCEL of the same UID."""

from __future__ import annotations

import zoneinfo
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from itertools import count as counting

from django.db import transaction
from django.utils import formats
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from bridgeway.accounts.models import Person
from bridgeway.core.services import DomainError
from bridgeway.notifications.timers import timer_cancel
from bridgeway.relationships.models import (
    Meeting,
    MeetingFrequency,
    MeetingSeries,
    Relationship,
)

# At most a year of weekly meetings in one series; a longer mentorship proposes another.
MAX_MEETINGS = 52
_RULES = {MeetingFrequency.WEEKLY: 7, MeetingFrequency.FORTNIGHTLY: 14, MeetingFrequency.MONTHLY: 0}


@dataclass(frozen=True)
class Repeat:
    """How a proposed meeting repeats: `times` meetings (stopping at the mentorship's planned
    end) or until the day `until` (which may go past it)."""

    frequency: str
    times: int | None = None
    until: date | None = None


def repeat_check(repeat: Repeat) -> None:
    if repeat.frequency not in _RULES:
        raise DomainError(_("Choose how often from the list."), "repeat")
    if repeat.times is None and repeat.until is None:
        raise DomainError(_("Say how many times, or until which day."), "repeat_times")
    if repeat.times is not None and repeat.until is not None:
        raise DomainError(_("Give a number of times or a last day, not both."), "repeat_times")
    if repeat.times is not None and not 2 <= repeat.times <= MAX_MEETINGS:
        raise DomainError(
            _("Give a number of meetings from 2 to %(most)d.") % {"most": MAX_MEETINGS},
            "repeat_times",
        )


def meeting_days(
    *, first: date, frequency: str, times: int | None, until: date | None, planned_end: date
) -> list[date]:
    """The days of a series starting on `first`, as calendars compute its RRULE (FREQ=WEEKLY
    with INTERVAL 1 or 2, or FREQ=MONTHLY on a day every month has)."""
    step = _RULES[MeetingFrequency(frequency)]
    if frequency == MeetingFrequency.MONTHLY and first.day > 28:
        # Calendars skip the months without that day; say so rather than surprise anyone.
        raise DomainError(
            _("For a meeting every month, choose a day from 1 to 28, so it falls in every month."),
            "options",
        )
    last = until if until is not None else planned_end
    if last < first:
        if until is not None:
            raise DomainError(_("The last day comes before the first meeting."), "repeat_until")
        raise DomainError(
            _(
                "This time comes after the planned end of your mentorship (%(end)s). Choose an "
                "earlier time, or a last day for the series."
            )
            % {"end": formats.date_format(planned_end)},
            "options",
        )
    cap = times if times is not None else MAX_MEETINGS + 1
    days: list[date] = []
    for number in counting():
        day = first + timedelta(days=step * number) if step else _months_later(first, number)
        if day > last or len(days) == cap:
            break
        days.append(day)
    if len(days) > MAX_MEETINGS:
        raise DomainError(
            _("That makes more than %(most)d meetings. Choose an earlier last day.")
            % {"most": MAX_MEETINGS},
            "repeat_until",
        )
    if len(days) < 2:
        raise DomainError(
            _(
                "Only one meeting fits before the planned end of your mentorship (%(end)s). "
                "Propose a single meeting, or choose a last day for the series."
            )
            % {"end": formats.date_format(planned_end)},
            "repeat",
        )
    return days


def _months_later(day: date, months: int) -> date:
    month = day.month - 1 + months
    return day.replace(year=day.year + month // 12, month=month % 12 + 1)


def meeting_times(
    *, first: datetime, zone: str, repeat: Repeat, planned_end: date
) -> list[datetime]:
    """The start of each meeting of a series whose first one is `first` (UTC), keeping its
    wall-clock time in `zone`. DomainError when the clocks skip that time on one of the days."""
    from bridgeway.relationships.meetings import local_to_utc

    local = first.astimezone(zoneinfo.ZoneInfo(zone))
    days = meeting_days(
        first=local.date(),
        frequency=repeat.frequency,
        times=repeat.times,
        until=repeat.until,
        planned_end=planned_end,
    )
    at = local.time().replace(tzinfo=None)
    return [local_to_utc(day, at, zone) for day in days]


def series_repeat(series: MeetingSeries) -> Repeat:
    return Repeat(frequency=series.frequency, times=series.times_wanted, until=series.until)


def series_create(
    *, relationship: Relationship, by: Person, repeat: Repeat, options: list[datetime]
) -> MeetingSeries:
    """A series proposed with its first meeting: every proposed time is checked for the whole
    series (a day the clocks skip that time, too many meetings), before anything is written."""
    repeat_check(repeat)
    for option in options:
        meeting_times(
            first=option, zone=by.time_zone, repeat=repeat, planned_end=relationship.planned_end
        )
    return MeetingSeries.objects.create(
        relationship=relationship,
        frequency=repeat.frequency,
        times_wanted=repeat.times,
        until=repeat.until,
        time_zone=by.time_zone,
    )


def series_set(*, first: Meeting) -> list[Meeting]:
    """The time of the first meeting is picked: every later meeting of the series is written.
    Called inside meeting_pick's transaction, the first meeting locked."""
    series = MeetingSeries.objects.select_for_update().get(pk=first.series_id or 0)
    assert first.starts_at is not None
    starts = meeting_times(
        first=first.starts_at,
        zone=series.time_zone,
        repeat=series_repeat(series),
        planned_end=first.relationship.planned_end,
    )
    local = first.starts_at.astimezone(zoneinfo.ZoneInfo(series.time_zone))
    series.first_day, series.at = local.date(), local.time().replace(tzinfo=None)
    series.count, series.status = len(starts), MeetingSeries.Status.SCHEDULED
    series.save(update_fields=["first_day", "at", "count", "status"])
    later = [
        Meeting(
            relationship=first.relationship,
            proposed_by=first.proposed_by,
            kind=first.kind,
            link=first.link,
            place=first.place,
            duration_minutes=first.duration_minutes,
            starts_at=moment,
            status=Meeting.Status.SCHEDULED,
            series=series,
        )
        for moment in starts[1:]
    ]
    return [first, *Meeting.objects.bulk_create(later)]


def series_meetings(series: MeetingSeries) -> list[Meeting]:
    return list(
        Meeting.objects.filter(series=series)
        .select_related("relationship__mentee__person", "relationship__mentor__person")
        .order_by("starts_at", "pk")
    )


def series_after_cancel(*, meeting: Meeting) -> None:
    """One meeting of a series is cancelled: later invitations leave it out (EXDATE, SEQUENCE
    raised); the series ends when none is left."""
    series = MeetingSeries.objects.select_for_update().get(pk=meeting.series_id or 0)
    series.sequence += 1
    if not Meeting.objects.filter(series=series).exclude(status=Meeting.Status.CANCELLED).exists():
        series.status = MeetingSeries.Status.CANCELLED
    series.save(update_fields=["sequence", "status"])


@transaction.atomic
def series_cancel_from(*, meeting: Meeting, by: Person) -> list[Meeting]:
    """Cancel this meeting of a series and every later one. The meetings before it stay (the
    calendar event's COUNT is cut); when none stays, the whole series is cancelled."""
    from bridgeway.relationships.meetings import _party, tell_both

    series = MeetingSeries.objects.select_for_update().get(pk=meeting.series_id or 0)
    meeting.refresh_from_db()
    _party(meeting.relationship, by)
    if series.status != MeetingSeries.Status.SCHEDULED or meeting.starts_at is None:
        raise DomainError(_("This series of meetings is not scheduled."))
    if meeting.status == Meeting.Status.CANCELLED:
        raise DomainError(_("This meeting is already cancelled."))
    every = series_meetings(series)
    position = next(index for index, one in enumerate(every) if one.pk == meeting.pk)
    cancelled = [one for one in every[position:] if one.status == Meeting.Status.SCHEDULED]
    Meeting.objects.filter(pk__in=[one.pk for one in cancelled]).update(
        status=Meeting.Status.CANCELLED
    )
    for one in cancelled:
        for suffix in ("day", "hour", "check"):
            timer_cancel(key=f"meeting:{one.pk}:{suffix}")
    series.sequence += 1
    series.count = position
    kept = [one for one in every[:position] if one.status != Meeting.Status.CANCELLED]
    if not kept:
        series.status = MeetingSeries.Status.CANCELLED
        series.count = len(every)  # the CANCEL names the series as calendars know it
    series.save(update_fields=["sequence", "count", "status"])
    tell_both(meeting, "relationships.series_cancelled", f"series-cancelled:{series.sequence}")
    meeting.refresh_from_db()
    return cancelled


_EVERY = {
    MeetingFrequency.WEEKLY: gettext_lazy("every week"),
    MeetingFrequency.FORTNIGHTLY: gettext_lazy("every two weeks"),
    MeetingFrequency.MONTHLY: gettext_lazy("every month"),
}


def repeat_label(frequency: str, count: int | None = None, until: date | None = None) -> str:
    """ "every week, 10 times" / "every month until 30 June 2027", in the active language."""
    label = str(_EVERY[MeetingFrequency(frequency)])
    if count:
        return ngettext("%(rule)s, %(count)d time", "%(rule)s, %(count)d times", count) % {
            "rule": label,
            "count": count,
        }
    if until is not None:
        return _("%(rule)s until %(day)s") % {"rule": label, "day": formats.date_format(until)}
    return label


def series_label(series: MeetingSeries) -> str:
    if series.status == MeetingSeries.Status.PROPOSED:
        return repeat_label(series.frequency, series.times_wanted, series.until)
    return repeat_label(series.frequency, series.count)


def day_of(moment: datetime, zone: str) -> str:
    """The date of a moment in a zone (notifications.render.when shows the weekday and time)."""
    return formats.date_format(moment.astimezone(zoneinfo.ZoneInfo(zone)), "DATE_FORMAT")
