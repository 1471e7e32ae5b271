"""Moments a test names by the clock on someone's wall, always ahead of the real one.

A test that writes rows stamped with the real time and then asks what is due at a fixed
date starts failing the day that date passes; these give the next such moment instead."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.utils import timezone


def next_local(at: time, zone: str, *, weekday: int | None = None) -> datetime:
    """The next moment, at least a day ahead, when the clock in `zone` shows `at`
    (on `weekday`, Monday = 0, when given), in UTC."""
    local = ZoneInfo(zone)
    earliest = timezone.now() + timedelta(days=1)
    day = earliest.astimezone(local).date()
    while True:
        moment = datetime.combine(day, at, tzinfo=local)
        if moment >= earliest and (weekday is None or moment.weekday() == weekday):
            return moment.astimezone(UTC)
        day += timedelta(days=1)


def next_skipped_day(zone: str, at: time = time(2, 30)) -> date:
    """The next day, from tomorrow, on which the clocks in `zone` jump over `at`
    (a spring night: the wall time does not exist there)."""
    local = ZoneInfo(zone)
    day = timezone.now().astimezone(local).date() + timedelta(days=1)
    for _ in range(800):
        wall = datetime.combine(day, at, tzinfo=local)
        if wall.astimezone(UTC).astimezone(local).replace(tzinfo=None) != wall.replace(tzinfo=None):
            return day
        day += timedelta(days=1)
    raise ValueError(f"{zone} skips no {at} in the next two years")
