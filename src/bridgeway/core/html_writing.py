"""What the pages written in one pass in Python share: a value as `{{ value }}` writes it, a date
as the `date` filter writes it in the reader's time zone, and an address reversed once per page
then split around where each row's id goes (`relationships/staff_list_html.py`,
`community/posts_html.py`, `dashboard/cards_html.py`)."""

from __future__ import annotations

from typing import Any

from django.template.defaultfilters import date as date_filter
from django.urls import reverse
from django.utils.formats import localize
from django.utils.html import conditional_escape
from django.utils.timezone import template_localtime  # type: ignore[attr-defined]

# An id no row has: an address is reversed with it, then split where it stands.
SLOT = 987654321987654321


def shown(value: Any) -> str:
    """`{{ value }}`: localized, then escaped unless marked safe."""
    return str(conditional_escape(localize(value)))


def when(value: Any, format_name: str) -> str:
    """`{{ value|date:format_name }}`: in the reader's time zone, escaped; nothing for no value."""
    return shown(date_filter(template_localtime(value), format_name))


def day(value: Any) -> str:
    """`{{ value|date:"DATE_FORMAT" }}`."""
    return when(value, "DATE_FORMAT")


def address(name: str) -> tuple[str, str]:
    """The escaped address of `name` for one id, split around where the id goes."""
    before, _slot, after = str(conditional_escape(reverse(name, args=[SLOT]))).partition(str(SLOT))
    return before, after
