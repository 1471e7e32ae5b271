"""Recurring meetings between Toronto and Manila: 18:00 in Toronto stays 18:00 across the
daylight-saving changes while Manila's time moves; one calendar event with an RRULE that
calendar apps expand to the same times; one meeting cancelled alone, or with the later ones;
reminders for each meeting; a time the clocks skip refused."""

from __future__ import annotations

import zoneinfo
from datetime import UTC, date, time, timedelta
from types import SimpleNamespace
from typing import Any

import pytest
from dateutil.rrule import rrulestr
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from bridgeway.core.services import DomainError
from bridgeway.notifications.models import Timer
from bridgeway.relationships import calendars, meetings, series
from bridgeway.relationships.models import Meeting, MeetingSeries, Relationship
from tests.relationships.test_meetings import pair  # noqa: F401 - the Manila-Toronto pair

pytestmark = pytest.mark.django_db


def _upcoming(change_of_year: Any) -> date:
    """The next daylight-saving change in Toronto at least three weeks away."""
    today = timezone.localdate()
    for year in (today.year, today.year + 1):
        change: date = change_of_year(year)
        if change - timedelta(days=21) > today:
            return change
    raise AssertionError("unreachable")


def _march(year: int) -> date:  # the second Sunday of March: clocks go forward
    start = date(year, 3, 8)
    return start + timedelta(days=(6 - start.weekday()) % 7)


def _november(year: int) -> date:  # the first Sunday of November: clocks go back
    start = date(year, 11, 1)
    return start + timedelta(days=(6 - start.weekday()) % 7)


def _weekly_across(
    relationship: Relationship, cohort: SimpleNamespace, change: date, capture: Any
) -> Meeting:
    """Dana (Toronto) proposes Mondays at 18:00, two before the change and two after; Amal
    (Manila) picks it."""
    first = change - timedelta(days=13)
    meeting = meetings.meeting_propose(
        relationship=relationship,
        by=cohort.dana.person,
        kind="video",
        link="https://meet.example.org/amal-dana",
        times=[(first, time(18, 0))],
        repeat=series.Repeat(frequency="weekly", until=change + timedelta(days=8)),
    )
    with capture(execute=True):
        meetings.meeting_pick(meeting=meeting, by=cohort.amal.person, option=0)
    return meeting


@pytest.mark.parametrize(
    ("change_of_year", "manila_before", "manila_after"),
    [(_march, "07:00", "06:00"), (_november, "06:00", "07:00")],
)
def test_a_weekly_series_keeps_18_00_in_toronto_across_the_clock_change(
    client: Client,
    pair: Relationship,  # noqa: F811
    cohort: SimpleNamespace,
    django_capture_on_commit_callbacks: Any,
    change_of_year: Any,
    manila_before: str,
    manila_after: str,
) -> None:
    change = _upcoming(change_of_year)
    first = _weekly_across(pair, cohort, change, django_capture_on_commit_callbacks)
    every = list(Meeting.objects.filter(series=first.series).order_by("starts_at"))
    assert len(every) == 4
    assert all(m.status == "scheduled" for m in every)
    for meeting in every:
        assert meeting.starts_at is not None
        toronto = meeting.starts_at.astimezone(zoneinfo.ZoneInfo("America/Toronto"))
        assert toronto.time() == time(18, 0)
        assert toronto.weekday() == 0
    # Dana reads Toronto first, then Manila, the next morning.
    client.force_login(cohort.dana.person)
    page = client.get(reverse("relationships:meeting", args=[every[0].pk])).content.decode()
    assert f"Mon 18:00 in Toronto, Tue {manila_before} in Manila" in page
    assert f"Mon 18:00 in Toronto, Tue {manila_after} in Manila" in page
    assert "Repeats every week, 4 times." in page
    # Amal reads her own time first.
    client.force_login(cohort.amal.person)
    page = client.get(reverse("relationships:meeting", args=[every[3].pk])).content.decode()
    assert f"Tue {manila_after} in Manila, Mon 18:00 in Toronto" in page

    # One invitation for the whole series: an RRULE on Toronto's clock, with its VTIMEZONE.
    [to_amal] = [
        m for m in mail.outbox if m.to == [cohort.amal.person.email] and m.subject[:8] == "Meetings"
    ]
    assert to_amal.subject == "Meetings with Dana: every week, 4 times"
    _name, content, mimetype = to_amal.attachments[0]
    assert mimetype.startswith("text/calendar; method=REQUEST")
    calendar = Calendar.from_ical(content)
    assert [str(z["TZID"]) for z in calendar.walk("VTIMEZONE")] == ["America/Toronto"]
    [event] = calendar.walk("VEVENT")
    start = event.decoded("DTSTART")
    assert (start.hour, str(start.tzinfo)) == (18, "America/Toronto")
    rule = event["RRULE"]
    assert (rule["FREQ"], rule["COUNT"]) == (["WEEKLY"], [4])
    # What a calendar app makes of it is what Bridgeway scheduled.
    expanded = list(rrulestr(rule.to_ical().decode(), dtstart=start))
    assert [moment.astimezone(UTC) for moment in expanded] == [m.starts_at for m in every]


def test_one_meeting_cancelled_alone_then_the_rest_of_the_series(
    pair: Relationship,  # noqa: F811
    cohort: SimpleNamespace,
    django_capture_on_commit_callbacks: Any,
) -> None:
    amal, dana = cohort.amal.person, cohort.dana.person
    first = _weekly_across(pair, cohort, _upcoming(_march), django_capture_on_commit_callbacks)
    every = list(Meeting.objects.filter(series=first.series).order_by("starts_at"))
    [invitation] = [  # (the agreement's email carries its PDF: not this one)
        m
        for m in mail.outbox
        if m.to == [amal.email] and m.attachments and "calendar" in m.attachments[0][2]
    ]
    uid = str(Calendar.from_ical(invitation.attachments[0][1]).walk("VEVENT")[0]["UID"])
    for meeting in every:  # each meeting its own reminders and "did you meet?"
        keys = Timer.objects.filter(key__startswith=f"meeting:{meeting.pk}:", state="pending")
        assert sorted(t.key.rsplit(":", 1)[1] for t in keys) == ["check", "day", "hour"]
    mail.outbox.clear()

    second = every[1]
    with django_capture_on_commit_callbacks(execute=True):
        meetings.meeting_cancel(meeting=second, by=amal)
    to_dana = next(m for m in mail.outbox if m.to == [dana.email])
    calendar = Calendar.from_ical(to_dana.attachments[0][1])
    assert str(calendar["METHOD"]) == "CANCEL"
    [event] = calendar.walk("VEVENT")
    assert str(event["UID"]) == uid
    assert event["SEQUENCE"] == 1
    assert event.decoded("RECURRENCE-ID").astimezone(UTC) == second.starts_at
    assert not Timer.objects.filter(key__startswith=f"meeting:{second.pk}:", state="pending")
    assert Timer.objects.filter(key__startswith=f"meeting:{every[2].pk}:", state="pending")
    # The series still stands; its next copy leaves the cancelled meeting out.
    series_row = MeetingSeries.objects.get()
    content, method = calendars.series_ics(series_row, series.series_meetings(series_row))
    event = Calendar.from_ical(content).walk("VEVENT")[0]
    assert method == "REQUEST"
    assert [d.dt.astimezone(UTC) for d in event["EXDATE"].dts] == [second.starts_at]

    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        series.series_cancel_from(meeting=every[2], by=dana)
    statuses = [m.status for m in Meeting.objects.filter(series=first.series).order_by("starts_at")]
    assert statuses == ["scheduled", "cancelled", "cancelled", "cancelled"]
    to_amal = next(m for m in mail.outbox if m.to == [amal.email])
    assert to_amal.subject == "Cancelled: meetings with Dana"
    event = Calendar.from_ical(to_amal.attachments[0][1]).walk("VEVENT")[0]
    assert event["RRULE"]["COUNT"] == [2]
    assert event["SEQUENCE"] == 2

    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        series.series_cancel_from(meeting=every[0], by=dana)
    calendar = Calendar.from_ical(mail.outbox[0].attachments[0][1])
    assert str(calendar["METHOD"]) == "CANCEL"
    assert str(calendar.walk("VEVENT")[0]["UID"]) == uid
    assert MeetingSeries.objects.get().status == "cancelled"
    with pytest.raises(DomainError, match="not scheduled"):
        series.series_cancel_from(meeting=every[0], by=dana)


def test_the_reminders_of_each_meeting_go_out(
    pair: Relationship,  # noqa: F811
    cohort: SimpleNamespace,
    django_capture_on_commit_callbacks: Any,
) -> None:
    from bridgeway.notifications.models import Notification
    from bridgeway.notifications.timers import timers_run_due

    first = _weekly_across(pair, cohort, _upcoming(_march), django_capture_on_commit_callbacks)
    third = Meeting.objects.filter(series=first.series).order_by("starts_at")[2]
    assert third.starts_at is not None
    timers_run_due(now=third.starts_at - timedelta(minutes=59))
    # Two reminders for each of the first three meetings, to each of the two people.
    assert Notification.objects.filter(kind="relationships.meeting_reminder").count() == 12
    assert Notification.objects.filter(kind="relationships.meeting_check").count() == 4


def test_a_time_the_clocks_skip_on_one_day_of_the_series_is_refused(
    pair: Relationship,  # noqa: F811
    cohort: SimpleNamespace,
) -> None:
    change = _upcoming(_march)
    with pytest.raises(DomainError, match="does not exist in Toronto"):
        meetings.meeting_propose(
            relationship=pair,
            by=cohort.dana.person,
            kind="phone",
            times=[(change - timedelta(days=7), time(2, 30))],
            repeat=series.Repeat(frequency="weekly", times=3),
        )
    assert not Meeting.objects.exists()
    assert not MeetingSeries.objects.exists()


def test_the_rules_of_a_series_are_explained(
    pair: Relationship,  # noqa: F811
    cohort: SimpleNamespace,
) -> None:
    dana = cohort.dana.person
    soon = timezone.localdate() + timedelta(days=3)

    def propose(day: date, repeat: series.Repeat) -> Meeting:
        return meetings.meeting_propose(
            relationship=pair, by=dana, kind="phone", times=[(day, time(10, 0))], repeat=repeat
        )

    with pytest.raises(DomainError, match="from 2 to 52"):
        propose(soon, series.Repeat(frequency="weekly", times=60))
    with pytest.raises(DomainError, match="a last day, not both"):
        propose(soon, series.Repeat(frequency="weekly", times=3, until=soon))
    with pytest.raises(DomainError, match="more than 52 meetings"):
        propose(soon, series.Repeat(frequency="weekly", until=soon + timedelta(weeks=60)))
    day_29 = next(
        soon + timedelta(days=n) for n in range(62) if (soon + timedelta(days=n)).day == 29
    )
    with pytest.raises(DomainError, match="from 1 to 28"):
        propose(day_29, series.Repeat(frequency="monthly", until=day_29 + timedelta(days=70)))
    # A number of times stops at the planned end of the mentorship.
    pair.planned_end = soon + timedelta(weeks=5)
    pair.save()
    meeting = propose(soon, series.Repeat(frequency="fortnightly", times=10))
    meetings.meeting_pick(meeting=meeting, by=cohort.amal.person, option=0)
    assert MeetingSeries.objects.get().count == 3
    assert Meeting.objects.count() == 3


def test_the_page_proposes_a_series(
    client: Client,
    pair: Relationship,  # noqa: F811
    cohort: SimpleNamespace,
) -> None:
    client.force_login(cohort.amal.person)
    url = reverse("relationships:meeting_new", args=[pair.pk])
    page = client.get(url).content.decode()
    assert "Repeat" in page
    assert "even when the clocks change" in page
    day = (timezone.localdate() + timedelta(days=3)).isoformat()
    fields = {"kind": "phone", "duration_minutes": "60", "date_1": day, "time_1": "19:00"}
    page = client.post(url, {**fields, "repeat": "weekly"}).content.decode()
    assert "Say how many times, or until which day." in page
    response = client.post(url, {**fields, "repeat": "weekly", "repeat_times": "3"})
    meeting = Meeting.objects.get()
    assert response["Location"] == reverse("relationships:meeting", args=[meeting.pk])
    client.force_login(cohort.dana.person)
    page = client.get(response["Location"]).content.decode()
    assert "Repeats every week, 3 times." in page
    client.post(response["Location"], {"form": "pick", "option": "0"})
    assert Meeting.objects.filter(status="scheduled").count() == 3
    client.post(reverse("relationships:meeting", args=[meeting.pk]), {"form": "cancel_series"})
    assert Meeting.objects.filter(status="cancelled").count() == 3
    page = client.get(response["Location"]).content.decode()
    assert "Cancel this meeting and all the later ones" not in page


def test_closing_the_mentorship_ends_its_series(
    pair: Relationship,  # noqa: F811
    cohort: SimpleNamespace,
) -> None:
    from bridgeway.relationships.closure import relationship_close

    meeting = meetings.meeting_propose(
        relationship=pair,
        by=cohort.dana.person,
        kind="phone",
        times=[(timezone.localdate() + timedelta(days=3), time(18, 0))],
        repeat=series.Repeat(frequency="weekly", times=3),
    )
    meetings.meeting_pick(meeting=meeting, by=cohort.amal.person, option=0)
    relationship_close(relationship=pair, by=cohort.amal.person, reason="goals_met")
    assert MeetingSeries.objects.get().status == "cancelled"
    assert not Meeting.objects.filter(status="scheduled").exists()
    assert not Timer.objects.filter(key__startswith="meeting:", state="pending").exists()
