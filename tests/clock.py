"""Moments a test names by the clock on someone's wall, always ahead of the real one.

A test that writes rows stamped with the real time and then asks what is due at a fixed
date starts failing the day that date passes; these give the next such moment instead."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.utils import timezone


def next_local(at: time, zone: str, *, weekday: int | None = None) -> datetime:
    """The next moment, at least a day ahead, when the clock in `zone` shows `at`
    (on `weekday`, Monday = 0, when given), in UTC."""
    local = ZoneInfo(zone)
    day = (timezone.now() + timedelta(days=1)).astimezone(local).date()
    while True:
        moment = datetime.combine(day, at, tzinfo=local)
        if weekday is None or moment.weekday() == weekday:
            return moment.astimezone(UTC)
        day += timedelta(days=1)
