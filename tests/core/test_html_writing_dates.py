"""A date written by the pages written in one pass reads exactly as the `date` filter writes it,
in every language the site offers and in the reader's time zone, around changes of clock too."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from functools import cache
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.conf import settings
from django.conf.global_settings import LANGUAGES as DJANGO_LANGUAGES
from django.template.defaultfilters import date as date_filter
from django.test import override_settings
from django.utils import timezone, translation
from django.utils.html import conditional_escape
from django.utils.timezone import template_localtime  # type: ignore[attr-defined]
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from bridgeway.core import html_writing
from bridgeway.core.html_writing import date_text, day, local_time, when

ZONES = [
    "UTC",
    "America/Toronto",
    "Asia/Tokyo",
    "Asia/Kolkata",
    "Pacific/Chatham",
    "America/St_Johns",
]
FORMATS = [
    "DATE_FORMAT",
    "DATETIME_FORMAT",
    "c",
    # Characters that read the zone, and backslash escapes, as a template may write them.
    r"D, j M Y H:i:s O T Z e I",
    r"r U",
    r"\j\\ \a j \\\P P a A f g G h",
    r"l jS F E N b n m y Y w W z t L o u",
]


@cache
def _changes_of_clock(zone_name: str) -> tuple[datetime, ...]:
    """The instants (UTC) the zone's clocks change, from 2025 to 2027."""
    zone = ZoneInfo(zone_name)
    changes = []
    moment = datetime(2025, 1, 1, tzinfo=UTC)
    while moment.year < 2028:
        later = moment + timedelta(hours=6)
        if moment.astimezone(zone).utcoffset() != later.astimezone(zone).utcoffset():
            low, high = moment, later
            while high - low > timedelta(minutes=1):
                middle = low + (high - low) / 2
                if low.astimezone(zone).utcoffset() == middle.astimezone(zone).utcoffset():
                    low = middle
                else:
                    high = middle
            changes.append(high.replace(second=0, microsecond=0))
        moment = later
    return tuple(changes)


@st.composite
def _near_a_change_of_clock(draw: st.DrawFn) -> datetime:
    zone = draw(st.sampled_from([z for z in ZONES if _changes_of_clock(z)]))
    change = draw(st.sampled_from(_changes_of_clock(zone)))
    moment = change + timedelta(minutes=draw(st.integers(-150, 150)))
    if draw(st.booleans()):
        return moment  # in UTC, as the database gives it
    return moment.astimezone(ZoneInfo(zone))  # fold set where the clock repeats


@st.composite
def _wall_clock(draw: st.DrawFn) -> datetime:
    """A time on some zone's clock, often midnight or noon there; sometimes naive, sometimes
    on an hour the change of clock skips or repeats (both folds)."""
    hour = draw(st.one_of(st.sampled_from([0, 12, 11, 23, 1, 2, 3]), st.integers(0, 23)))
    minute = draw(st.one_of(st.just(0), st.sampled_from([30, 45, 59]), st.integers(0, 59)))
    moment = datetime.combine(
        draw(st.dates(date(1999, 1, 1), date(2031, 12, 31))),
        datetime.min.time(),
    ).replace(
        hour=hour,
        minute=minute,
        second=draw(st.one_of(st.just(0), st.integers(0, 59))),
        microsecond=draw(st.one_of(st.just(0), st.integers(0, 999_999))),
        fold=draw(st.sampled_from([0, 1])),
    )
    zone = draw(st.one_of(st.none(), st.sampled_from(ZONES)))
    return moment if zone is None else moment.replace(tzinfo=ZoneInfo(zone))


VALUES = st.one_of(
    _near_a_change_of_clock(),
    _wall_clock(),
    st.datetimes(
        min_value=datetime(1970, 1, 2),
        max_value=datetime(2100, 1, 1),
        timezones=st.just(UTC),
    ),
    st.dates(date(1900, 1, 1), date(2100, 12, 31)),
    st.sampled_from([None, ""]),
)


def _as_the_filter_writes_it(value: Any, format_name: str) -> str:
    try:
        return str(date_filter(template_localtime(value), format_name))
    except TypeError as error:  # a date with a time format
        return f"TypeError: {error}"


def _as_written(value: Any, format_name: str) -> str:
    try:
        return date_text(local_time(value), format_name)
    except TypeError as error:
        return f"TypeError: {error}"


@hypothesis_settings(max_examples=1500, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    language=st.sampled_from([code for code, _name in settings.LANGUAGES]),
    zone=st.sampled_from(ZONES),
    value=VALUES,
    format_name=st.sampled_from(FORMATS),
)
def test_it_writes_a_date_byte_for_byte_as_the_date_filter(
    language: str, zone: str, value: Any, format_name: str
) -> None:
    with translation.override(language), timezone.override(ZoneInfo(zone)):
        expected = _as_the_filter_writes_it(value, format_name)
        assert _as_written(value, format_name) == expected
        # Twice: the second time from the format split and kept for this language.
        assert _as_written(value, format_name) == expected
        if not expected.startswith("TypeError"):
            assert when(value, format_name) == str(conditional_escape(expected))


@hypothesis_settings(max_examples=400, deadline=None)
@given(
    language=st.sampled_from([code for code, _name in DJANGO_LANGUAGES]),
    zone=st.sampled_from(ZONES),
    value=VALUES,
    format_name=st.sampled_from(FORMATS[:3]),
)
def test_it_also_holds_in_a_language_the_site_may_add(
    language: str, zone: str, value: Any, format_name: str
) -> None:
    with translation.override(language), timezone.override(ZoneInfo(zone)):
        assert _as_written(value, format_name) == _as_the_filter_writes_it(value, format_name)


@pytest.mark.parametrize("language", ["en", "fr"])
def test_midnight_and_noon_are_words_in_the_readers_language(language: str) -> None:
    toronto = ZoneInfo("America/Toronto")
    with translation.override(language), timezone.override(toronto):
        for hour in (0, 12):
            moment = datetime(2026, 3, 8, hour, tzinfo=toronto)  # the day the clocks go forward
            assert when(moment, "P") == str(conditional_escape(date_filter(moment, "P")))
    with translation.override("en"), timezone.override(toronto):
        assert when(datetime(2026, 3, 8, 5, tzinfo=UTC), "P") == "midnight"
        assert when(datetime(2026, 3, 8, 16, tzinfo=UTC), "P") == "noon"
    with translation.override("fr"), timezone.override(toronto):
        assert when(datetime(2026, 3, 8, 5, tzinfo=UTC), "P") == "minuit"


def test_the_reader_sees_their_own_time_zone_and_language() -> None:
    moment = datetime(2026, 11, 1, 5, 30, tzinfo=UTC)  # 1:30 twice in Toronto that night
    with translation.override("en"), timezone.override(ZoneInfo("America/Toronto")):
        assert when(moment, "DATETIME_FORMAT") == "Nov. 1, 2026, 1:30 a.m."
        assert when(moment + timedelta(hours=1), "c") == "2026-11-01T01:30:00-05:00"
    with translation.override("fr"), timezone.override(ZoneInfo("Asia/Kolkata")):
        assert when(moment, "DATETIME_FORMAT") == "1 novembre 2026 11:00"
        assert day(date(2026, 2, 1)) == "1 février 2026"
    assert when(None, "DATETIME_FORMAT") == when("", "DATE_FORMAT") == ""


def test_a_change_of_settings_forgets_the_split_formats() -> None:
    with translation.override("en"):
        assert when(date(2026, 2, 1), "SHORT_DATE_FORMAT") == "02/01/2026"
        assert html_writing._formats
        with override_settings(FORMAT_MODULE_PATH=None, SHORT_DATE_FORMAT="Y-m-d"):
            assert not html_writing._formats
            # Django's own format for English still wins over the setting, as in the filter.
            assert when(date(2026, 2, 1), "SHORT_DATE_FORMAT") == str(
                date_filter(date(2026, 2, 1), "SHORT_DATE_FORMAT")
            )
