"""Time zones as hours from UTC: numbers, "UTC+05:30" style offsets, or IANA names."""

from __future__ import annotations

import datetime as dt
import re
from functools import lru_cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

_OFFSET = re.compile(r"^(?:UTC|GMT)?\s*([+-])\s*(\d{1,2})(?::?(\d{2}))?$", re.IGNORECASE)


@lru_cache(maxsize=4096, typed=True)  # typed: true is no zone, 1 is
def utc_offset_hours(value: str | float, on: dt.date) -> float:
    """Hours east of UTC for `value` on the date `on` (IANA zones follow daylight saving).

    Raises ValueError for something that is neither an offset nor a known zone name.
    """
    if isinstance(value, bool):
        raise ValueError("not a time zone")
    if isinstance(value, int | float):
        hours = float(value)
    else:
        text = value.strip()
        if text.upper() in ("UTC", "GMT", "Z"):
            return 0.0
        match = _OFFSET.match(text)
        if match:
            sign, hh, mm = match.groups()
            hours = int(hh) + int(mm or 0) / 60
            hours = -hours if sign == "-" else hours
        else:
            try:
                zone = ZoneInfo(text)
            except (ZoneInfoNotFoundError, ValueError):
                raise ValueError(f"unknown time zone {value!r}") from None
            noon = dt.datetime.combine(on, dt.time(12), tzinfo=zone)
            offset = noon.utcoffset()
            hours = offset.total_seconds() / 3600 if offset is not None else 0.0
    if not -12 <= hours <= 14:
        raise ValueError(f"UTC offset {hours} is outside -12..+14 hours")
    return hours


def hours_apart(a: float, b: float) -> float:
    """Distance between two offsets around the clock (UTC+12 and UTC-11 are 1 hour apart)."""
    d = abs(a - b) % 24
    return min(d, 24 - d)
