""" "Where you are signed in": the person's live sessions as devices they can recognise, from
the browser's User-Agent kept when they signed in (accounts/sessions.py)."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.utils.translation import gettext as _

from bridgeway.accounts.sessions import session_handle, sessions_of

if TYPE_CHECKING:
    from bridgeway.accounts.models import Person

# First match wins: Edge and Opera also say "Chrome", Chrome also says "Safari".
BROWSERS = (
    (re.compile(r"Edg(e|A|iOS)?/"), "Edge"),
    (re.compile(r"OPR/|Opera"), "Opera"),
    (re.compile(r"SamsungBrowser/"), "Samsung Internet"),
    (re.compile(r"Firefox/|FxiOS/"), "Firefox"),
    (re.compile(r"Chrome/|CriOS/|Chromium/"), "Chrome"),
    (re.compile(r"Safari/"), "Safari"),
)
SYSTEMS = (
    (re.compile(r"iPhone|iPad|iPod"), "iOS"),
    (re.compile(r"Android"), "Android"),
    (re.compile(r"CrOS"), "ChromeOS"),
    (re.compile(r"Windows"), "Windows"),
    (re.compile(r"Mac OS X|Macintosh"), "macOS"),
    (re.compile(r"Linux"), "Linux"),
)


def _first(rules: tuple[tuple[re.Pattern[str], str], ...], agent: str) -> str:
    return next((name for pattern, name in rules if pattern.search(agent)), "")


def agent_describe(agent: str) -> str:
    """A browser and system in words ("Firefox on Windows"), as far as the User-Agent says."""
    browser, system = _first(BROWSERS, agent), _first(SYSTEMS, agent)
    if browser and system:
        return _("%(browser)s on %(system)s") % {"browser": browser, "system": system}
    if browser or system:
        return browser or system
    if agent:
        return _("Another browser or app")
    return _("A browser that did not say which")


@dataclass(frozen=True)
class Device:
    handle: str  # names the session in forms; never its key
    described: str
    user_agent: str
    signed_in_at: dt.datetime | None
    last_seen_at: dt.datetime | None
    this_one: bool


def devices_of(person: Person, current_key: str | None) -> list[Device]:
    """The person's live sessions, this device first, then the most recently seen."""
    from bridgeway.accounts.models import SignedInSession

    rows = SignedInSession.objects.filter(sessions_of(person)).only(
        "session_key", "user_agent", "signed_in_at", "last_seen_at"
    )
    devices = [
        Device(
            handle=session_handle(row.session_key),
            described=agent_describe(row.user_agent),
            user_agent=row.user_agent,
            signed_in_at=row.signed_in_at,
            last_seen_at=row.last_seen_at,
            this_one=row.session_key == current_key,
        )
        for row in rows
    ]
    oldest = dt.datetime.min.replace(tzinfo=dt.UTC)
    devices.sort(key=lambda d: (not d.this_one, -(d.last_seen_at or oldest).timestamp()))
    return devices


def device_key(person: Person, handle: str) -> str | None:
    """The key of the person's live session named `handle`, or None."""
    from bridgeway.accounts.models import SignedInSession

    keys = SignedInSession.objects.filter(sessions_of(person)).values_list("session_key", flat=True)
    return next((key for key in keys if session_handle(key) == handle), None)
