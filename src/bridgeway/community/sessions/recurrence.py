"""The dates of a repeating session: every week, or every month on the same day, until a date
or a number of times, at the same wall-clock time in the organiser's time zone (so a session
at 18:00 in Toronto stays at 18:00 after the clocks change). A month without that day (the
31st) is skipped, as calendar apps do for the same rule. A time that does not exist on one of
the dates (the hour skipped when clocks go forward) refuses the whole series."""

from __future__ import annotations

import calendar
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from bridgeway.community.sessions.models import Frequency
from bridgeway.core.services import DomainError
from bridgeway.relationships.meetings import local_to_utc

MAX_DATES = 52


@dataclass(frozen=True)
class Repeat:
    frequency: str
    count: int | None = None
    until: date | None = None


def _candidates(day: date, frequency: str) -> Iterator[date]:
    if frequency == Frequency.WEEKLY:
        step = 0
        while True:
            yield day + timedelta(weeks=step)
            step += 1
    year, month = day.year, day.month
    while True:
        if day.day <= calendar.monthrange(year, month)[1]:
            yield date(year, month, day.day)
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)


def _days(day: date, repeat: Repeat) -> Iterator[date]:
    """The dates of the rule (RFC 5545: COUNT counts the dates that exist)."""
    for number, candidate in enumerate(_candidates(day, repeat.frequency)):
        if repeat.count is not None and number >= repeat.count:
            return
        if repeat.until is not None and candidate > repeat.until:
            return
        yield candidate


def occurrences(*, day: date, at: time, time_zone: str, repeat: Repeat | None) -> list[datetime]:
    """The sessions' starts in UTC; one when `repeat` is None."""
    if repeat is None:
        return [local_to_utc(day, at, time_zone)]
    if repeat.frequency not in Frequency.values:
        raise DomainError(_("Choose how often the session repeats."), "frequency")
    if (repeat.count is None) == (repeat.until is None):
        raise DomainError(
            _("Say until which day the session repeats, or how many times."), "repeat_until"
        )
    if repeat.until is not None and repeat.until < day:
        raise DomainError(_("The last day is before the first one."), "repeat_until")
    if repeat.count is not None and not 2 <= repeat.count <= MAX_DATES:
        raise DomainError(
            ngettext(
                "A repeating session has from 2 to %(max)d date.",
                "A repeating session has from 2 to %(max)d dates.",
                MAX_DATES,
            )
            % {"max": MAX_DATES},
            "repeat_count",
        )
    starts: list[datetime] = []
    for local in _days(day, repeat):
        if len(starts) == MAX_DATES:
            raise DomainError(
                ngettext(
                    "A repeating session has at most %(max)d date: choose an earlier last day.",
                    "A repeating session has at most %(max)d dates: choose an earlier last day.",
                    MAX_DATES,
                )
                % {"max": MAX_DATES},
                "repeat_until",
            )
        starts.append(local_to_utc(local, at, time_zone))
    if len(starts) < 2:
        raise DomainError(_("The session would happen only once: choose a later last day."))
    return starts
