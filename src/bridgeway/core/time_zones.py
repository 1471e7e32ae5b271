"""Time zones in people's words: "Toronto (UTC−05:00)", never "America/Toronto".

Every page that shows a time zone uses `time_zone_label` (in templates, the `time_zone` filter
of `core/templatetags/time_zones.py`), and every form that asks for one uses
`time_zone_choices`, so that a person reads the same name everywhere."""

from __future__ import annotations

import zoneinfo
from datetime import datetime, timedelta
from functools import lru_cache

from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from bridgeway.core.warm_up import per_language
from bridgeway.core.widgets import WrittenGroup

# The regions of the IANA names people live in; the others ("Etc/GMT+5", "US/Eastern", "EST")
# are aliases nobody needs to pick from.
REGIONS = {
    "Africa": _("Africa"),
    "America": _("Americas"),
    "Antarctica": _("Antarctica"),
    "Asia": _("Asia"),
    "Atlantic": _("Atlantic"),
    "Australia": _("Australia"),
    "Europe": _("Europe"),
    "Indian": _("Indian Ocean"),
    "Pacific": _("Pacific"),
}


# Coordinated Universal Time, under the names software gives it; offered as "UTC".
UNIVERSAL = {"UTC", "Etc/UTC"}


@lru_cache(maxsize=1)
def _available() -> frozenset[str]:
    return frozenset(zoneinfo.available_timezones())


def time_zone_city(name: str) -> str:
    """ "America/Toronto" → "Toronto"; "America/Argentina/Buenos_Aires" → "Buenos Aires,
    Argentina"; a name without a region ("UTC") as it is."""
    parts = name.replace("_", " ").split("/")
    if len(parts) == 1:
        return parts[0]
    return ", ".join(reversed(parts[1:]))


def utc_offset(name: str, *, at: datetime | None = None) -> str:
    """The zone's offset from UTC at `at` (now by default), as "UTC−05:00" or "UTC+03:30"."""
    moment = (at or timezone.now()).astimezone(zoneinfo.ZoneInfo(name))
    minutes = int((moment.utcoffset() or timedelta()).total_seconds() // 60)
    sign = "−" if minutes < 0 else "+"  # a true minus sign, as screen readers say "minus"
    hours, minutes = divmod(abs(minutes), 60)
    return f"UTC{sign}{hours:02d}:{minutes:02d}"


def time_zone_label(name: str, *, at: datetime | None = None) -> str:
    """ "Toronto (UTC−05:00)", with the offset in force now (so it follows daylight saving
    time); an unknown or empty name comes back unchanged."""
    if name not in _available():
        return name
    if name in UNIVERSAL:
        return "UTC"
    return f"{time_zone_city(name)} ({utc_offset(name, at=at)})"


def time_zone_choices(
    names: list[str] | None = None, *, keep: str = ""
) -> list[tuple[str, list[tuple[str, str]]]]:
    """Choices for a select, grouped by region, each region in order of offset and then of
    city: ("Americas", [("America/Toronto", "Toronto (UTC−05:00)"), …]). `names` limits them
    (a country's zones); by default every zone of a region people live in. `keep` is the zone a
    form holds now: when the list leaves it out, it comes first, so it stays selected."""
    now = timezone.now()
    choices = list(
        _choices(None if names is None else tuple(names), get_language(), _quarter_start(now))
    )
    listed = {value for _region, zones in choices for value, _label in zones}
    if keep in _available() and keep not in listed:
        # A zone saved under a name the list leaves out (an alias such as "US/Eastern" from a
        # spreadsheet): without its own option the browser would select the first zone of the
        # list, and saving any other preference would move the person there.
        choices.insert(0, (str(_("Your time zone now")), [(keep, time_zone_label(keep, at=now))]))
    return choices


@per_language
def _warm(_language: str) -> None:
    """The whole list in the active language, before a process's first profile page (core/
    warm_up.py): about 400 zones read from the zone database."""
    time_zone_choices()


def _quarter_start(moment: datetime) -> datetime:
    """The start of the quarter-hour of `moment`: zones change their offset on a quarter-hour
    of UTC (most on the hour, a few on the half or three quarters), so the offsets at its
    start hold until its end."""
    return moment.replace(minute=moment.minute - moment.minute % 15, second=0, microsecond=0)


@lru_cache(maxsize=32)
def _choices(
    names: tuple[str, ...] | None, language: str | None, at: datetime
) -> tuple[tuple[str, list[tuple[str, str]]], ...]:
    """The grouped choices in `language` with the offsets in force at `at`, computed once
    per process, language and quarter-hour: the whole list is about 400 zones, each read from
    the zone database, which the profile pages paid on every view (docs/benchmarks.md). Each
    region is a `WrittenGroup`: a `LongSelect` writes its options once for as long as it is
    kept here."""
    wanted = [n for n in (names or sorted(_available())) if n in _available()]
    groups: dict[str, list[tuple[int, str, str]]] = {}
    for name in wanted:
        region = name.split("/", 1)[0]
        if names is None and region not in REGIONS:
            continue
        offset = at.astimezone(zoneinfo.ZoneInfo(name)).utcoffset()
        seconds = int(offset.total_seconds()) if offset else 0
        groups.setdefault(region, []).append((seconds, time_zone_city(name), name))
    choices = [
        WrittenGroup(
            (
                str(REGIONS.get(region, region)),
                [(name, time_zone_label(name, at=at)) for _s, _c, name in sorted(zones)],
            )
        )
        for region, zones in sorted(groups.items())
    ]
    if names is None:
        choices.append(WrittenGroup(("UTC", [("UTC", "UTC")])))
    return tuple(choices)
