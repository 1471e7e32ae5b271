"""What the pages written in one pass in Python share: a value as `{{ value }}` writes it, a date
as the `date` filter writes it in the reader's time zone, and an address reversed once per page
then split around where each row's id goes (`relationships/staff_list_html.py`,
`community/posts_html.py`, `dashboard/cards_html.py`, `messaging/message_html.py`,
`messaging/page_html.py`)."""

from __future__ import annotations

import html
from collections.abc import Callable
from datetime import date, datetime
from typing import Any

from django.conf import settings
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.template.defaultfilters import date as date_filter
from django.urls import reverse
from django.utils import timezone as _timezone
from django.utils.dateformat import DateFormat, TimeFormat, re_escaped, re_formatchars
from django.utils.formats import get_format, localize
from django.utils.html import conditional_escape
from django.utils.timezone import template_localtime  # type: ignore[attr-defined]
from django.utils.translation import get_language

# An id no row has: an address is reversed with it, then split where it stands.
SLOT = 987654321987654321

# The format characters whose DateFormat method reads `timezone`, set by DateFormat's own
# constructor (its check for times a change of clock makes ambiguous or imaginary).
_ZONE_CHARACTERS = frozenset("eIOrTZ")


def _words(piece: str) -> Callable[[Any], Any] | None:
    """For a character DateFormat writes as a word (a month, a day, a.m., noon), a method that
    takes the word from a table DateFormat wrote once, in the language active now; else None."""

    def written(moment: date) -> str:
        return str(getattr(DateFormat(moment), piece)())

    if piece in "bEFMN":
        months = {month: written(date(2001, month, 1)) for month in range(1, 13)}
        return lambda formatter: months[formatter.data.month]
    if piece in "Dl":  # 1 January 2001 was a Monday, weekday() 0
        days = {weekday: written(date(2001, 1, 1 + weekday)) for weekday in range(7)}
        return lambda formatter: days[formatter.data.weekday()]
    if piece in "aA":
        morning, afternoon = written(datetime(2001, 1, 1, 0)), written(datetime(2001, 1, 1, 12))
        return lambda formatter: afternoon if formatter.data.hour > 11 else morning
    if piece == "P":
        midnight, noon = written(datetime(2001, 1, 1, 0)), written(datetime(2001, 1, 1, 12))
        morning, afternoon = (str(DateFormat(datetime(2001, 1, 1, h)).a()) for h in (0, 12))

        def time_of_day(formatter: Any) -> str:
            moment = formatter.data
            if moment.minute == 0 and moment.hour == 0:
                return midnight
            if moment.minute == 0 and moment.hour == 12:
                return noon
            return f"{formatter.f()} {afternoon if moment.hour > 11 else morning}"

        return time_of_day
    return None


class _Format:
    """A format string split once the way `Formatter.format` splits it on every call: literal
    text with its backslash escapes resolved, and the DateFormat method of each character (or
    its words, translated once in the format's language)."""

    __slots__ = ("has_time", "parts", "reads_zone")

    def __init__(self, format_string: str) -> None:
        parts: list[str | Callable[[DateFormat], Any]] = []
        reads_zone = has_time = False
        for i, piece in enumerate(re_formatchars.split(str(format_string))):
            if i % 2:
                parts.append(_words(piece) or getattr(DateFormat, piece))
                reads_zone = reads_zone or piece in _ZONE_CHARACTERS
                has_time = has_time or hasattr(TimeFormat, piece)
            elif piece:
                parts.append(re_escaped.sub(r"\1", piece))
        self.parts = tuple(parts)
        self.reads_zone = reads_zone
        self.has_time = has_time


# (language, format name) -> the split format: only format strings and the words of dates (month
# and day names, a.m., noon) in that language, no one's data.
_formats: dict[tuple[str | None, str], _Format] = {}


@receiver(setting_changed)
def _forget_formats(**kwargs: Any) -> None:
    # The format depends on the language, FORMAT_MODULE_PATH and the *_FORMAT settings.
    _formats.clear()


def local_time(value: Any) -> Any:
    """What `template_localtime` gives: an aware datetime in the reader's time zone, anything
    else (a date, a naive datetime, None) as it is."""
    if type(value) is not datetime:  # a subclass may say convert_to_local_time = False
        return template_localtime(value)
    if not settings.USE_TZ or value.utcoffset() is None:
        return value
    zone = getattr(_timezone._active, "value", None)  # type: ignore[attr-defined]
    return value.astimezone(zone if zone is not None else _timezone.get_default_timezone())


def date_text(value: Any, format_name: str | None) -> str:
    """`date_filter(value, format_name)` for a value already in local time, byte for byte, with
    the format looked up and split once per language."""
    kind = type(value)
    if kind is not datetime and kind is not date:
        return str(date_filter(value, format_name))  # None, "", strings, subclasses
    format_name = format_name or "DATE_FORMAT"
    language = get_language()
    split = _formats.get((language, format_name))
    if split is None:
        split = _formats[(language, format_name)] = _Format(get_format(format_name, language))
    if split.reads_zone or (kind is date and split.has_time):
        # Django's own way: the zone check, or the TypeError a date with a time format raises.
        return str(date_filter(value, format_name))
    formatter = DateFormat.__new__(DateFormat)
    formatter.data = value
    formatter.timezone = None  # no character of this format reads it
    return "".join(
        part if type(part) is str else str(part(formatter))  # type: ignore[operator]
        for part in split.parts
    )


def word(message: str) -> str:
    """A translated sentence as `{% translate %}` writes it: escaped, with the doubled percent
    signs of the catalog restored."""
    return str(conditional_escape(message)).replace("%%", "%")


def shown(value: Any) -> str:
    """`{{ value }}`: localized, then escaped unless marked safe."""
    return str(conditional_escape(localize(value)))


def when(value: Any, format_name: str) -> str:
    """`{{ value|date:format_name }}`: in the reader's time zone, escaped; nothing for no value."""
    return html.escape(date_text(local_time(value), format_name))


def day(value: Any) -> str:
    """`{{ value|date:"DATE_FORMAT" }}`."""
    return when(value, "DATE_FORMAT")


def address(name: str) -> tuple[str, str]:
    """The escaped address of `name` for one id, split around where the id goes."""
    before, _slot, after = str(conditional_escape(reverse(name, args=[SLOT]))).partition(str(SLOT))
    return before, after
