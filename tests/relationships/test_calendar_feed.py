"""The private calendar feed: made from the page, read by a calendar app without signing in,
listing the person's meetings only (a series as one recurring event, a cancelled meeting as
CANCELLED), with as little personal data as possible; replaced or turned off, the old address
answers 404 at once."""

from __future__ import annotations

import re
from datetime import time, timedelta
from types import SimpleNamespace
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from bridgeway.relationships import calendar_feed, meetings, series
from bridgeway.relationships.models import CalendarFeed, Meeting, Relationship
from tests.relationships.test_meetings import pair  # noqa: F401 - the Manila-Toronto pair

pytestmark = pytest.mark.django_db


FEED = re.compile(r"/calendar/([A-Za-z0-9_-]{40,})\.ics")


def _token_of(page: str) -> str:
    found = FEED.search(page)
    assert found is not None
    return found.group(1)


def _feed(client: Client, token: str, **headers: Any) -> Any:
    return client.get(reverse("relationships:calendar_feed", args=[token]), headers=headers)


def _plan(relationship: Relationship, cohort: SimpleNamespace) -> list[Meeting]:
    """A single video meeting, cancelled, and a weekly series of three in person."""
    amal, dana = cohort.amal.person, cohort.dana.person
    day = timezone.localdate() + timedelta(days=3)
    single = meetings.meeting_propose(
        relationship=relationship,
        by=amal,
        kind="video",
        link="https://meet.example.org/amal-dana",
        times=[(day, time(19, 0))],
    )
    meetings.meeting_pick(meeting=single, by=dana, option=0)
    meetings.meeting_cancel(meeting=single, by=dana)
    first = meetings.meeting_propose(
        relationship=relationship,
        by=dana,
        kind="in_person",
        place="Library on Queen Street",
        times=[(day + timedelta(days=1), time(18, 0))],
        repeat=series.Repeat(frequency="weekly", times=3),
    )
    meetings.meeting_pick(meeting=first, by=amal, option=0)
    return [single, first]


def test_a_person_makes_a_feed_and_a_calendar_app_reads_their_meetings(
    client: Client,
    pair: Relationship,  # noqa: F811
    cohort: SimpleNamespace,
) -> None:
    amal = cohort.amal.person
    _plan(pair, cohort)
    client.force_login(amal)
    detail = client.get(reverse("relationships:detail", args=[pair.pk])).content.decode()
    page_url = reverse("relationships:calendar_feed_page")
    assert page_url in detail
    assert page_url in client.get(reverse("accounts:preferences")).content.decode()
    assert "You have no calendar address now." in client.get(page_url).content.decode()
    page = client.post(page_url, {"action": "create"}, follow=True).content.decode()
    token = _token_of(page)
    assert "It is shown only now." in page
    assert not FEED.search(client.get(page_url).content.decode())  # shown once
    stored = CalendarFeed.objects.get(person=amal)
    assert token not in stored.token_hash  # only a hash is kept

    client.logout()
    response = _feed(client, token)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    assert "private" in response["Cache-Control"]
    calendar = Calendar.from_ical(response.content)
    events = {str(e["UID"]): e for e in calendar.walk("VEVENT")}
    assert len(events) == 2  # the single meeting and the series, once
    cancelled = next(e for e in events.values() if "RRULE" not in e)
    assert str(cancelled["STATUS"]) == "CANCELLED"
    assert str(cancelled["LOCATION"]) == "https://meet.example.org/amal-dana"
    repeating = next(e for e in events.values() if "RRULE" in e)
    assert repeating["RRULE"]["COUNT"] == [3]
    assert str(repeating["SUMMARY"]) == "Mentoring with Dana (In person)"
    assert str(repeating["LOCATION"]) == "Library on Queen Street"
    assert cohort.dana.person.email.encode() not in response.content  # no addresses
    assert b"ATTENDEE" not in response.content
    # A calendar app asking again with the ETag gets "not modified".
    again = _feed(client, token, if_none_match=response["ETag"])
    assert again.status_code == 304
    stored.refresh_from_db()
    assert stored.last_read_at is not None


def test_replacing_or_turning_off_the_address_stops_the_old_one_at_once(
    client: Client,
    pair: Relationship,  # noqa: F811
    cohort: SimpleNamespace,
) -> None:
    client.force_login(cohort.amal.person)
    page_url = reverse("relationships:calendar_feed_page")
    old = _token_of(client.post(page_url, {"action": "create"}, follow=True).content.decode())
    page = client.post(page_url, {"action": "create"}, follow=True).content.decode()
    assert "Any earlier address has stopped working." in page
    new = _token_of(page)
    assert _feed(client, old).status_code == 404
    assert _feed(client, new).status_code == 200
    page = client.post(page_url, {"action": "off"}, follow=True).content.decode()
    assert "Your calendar address is turned off." in page
    assert _feed(client, new).status_code == 404
    assert _feed(client, "x" * 43).status_code == 404
    assert client.post(reverse("relationships:calendar_feed", args=[new])).status_code == 405


def test_another_persons_meetings_never_appear(
    client: Client,
    pair: Relationship,  # noqa: F811
    cohort: SimpleNamespace,
) -> None:
    _plan(pair, cohort)
    fay = cohort.fay.person
    token = calendar_feed.feed_create(person=fay)
    content = _feed(client, token).content
    assert Calendar.from_ical(content).walk("VEVENT") == []
    assert b"Dana" not in content
    assert b"Queen Street" not in content
    # Dana's own feed has the same meetings as Amal's, named after Amal.
    content = _feed(client, calendar_feed.feed_create(person=cohort.dana.person)).content
    assert b"Mentoring with Amal" in content


def test_the_feed_page_needs_signing_in(client: Client) -> None:
    response = client.get(reverse("relationships:calendar_feed_page"))
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]
