"""Meetings between Manila and Toronto: times proposed in one's own zone, read in both, a time
the clocks skip refused, a calendar invitation that cancels itself, reminders and hours."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from types import SimpleNamespace
from typing import Any

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from bridgeway.core.services import DomainError
from bridgeway.notifications.models import ContactSettings, Notification
from bridgeway.notifications.outbox import deliveries_send_due
from bridgeway.notifications.render import summary_in
from bridgeway.notifications.timers import timers_run_due
from bridgeway.relationships import agreements, meetings, services
from bridgeway.relationships.models import Meeting, Relationship
from tests.clock import next_skipped_day

pytestmark = pytest.mark.django_db


@pytest.fixture
def pair(cohort: SimpleNamespace) -> Relationship:
    amal, dana = cohort.amal.person, cohort.dana.person
    amal.time_zone, dana.time_zone = "Asia/Manila", "America/Toronto"
    amal.save()
    dana.save()
    for person in (amal, dana):  # no quiet hours: the emails of these tests go out at once
        ContactSettings.objects.create(person=person, quiet_start=time(0), quiet_end=time(0))
    [request] = services.requests_send(
        mentee=cohort.amal, mentor_ids=[cohort.dana.pk], message="", by=amal
    )
    relationship = services.request_accept(request=request, by=dana)
    agreements.agreement_sign(agreement=relationship.agreement, by=amal, typed_name="Amal")
    agreements.agreement_sign(agreement=relationship.agreement, by=dana, typed_name="Dana")
    relationship.refresh_from_db()
    return relationship


def _next_tuesday() -> date:
    today = timezone.localdate() + timedelta(days=2)
    return today + timedelta(days=(1 - today.weekday()) % 7)


def test_a_time_proposed_in_manila_is_read_in_toronto_and_scheduled_with_an_invitation(
    pair: Relationship, cohort: SimpleNamespace, django_capture_on_commit_callbacks: Any
) -> None:
    amal, dana = cohort.amal.person, cohort.dana.person
    tuesday = _next_tuesday()
    meeting = meetings.meeting_propose(
        relationship=pair,
        by=amal,
        kind="video",
        link="https://meet.example.org/amal-dana",
        times=[(tuesday, time(19, 0)), (tuesday + timedelta(days=1), time(8, 30))],
    )
    [proposed] = Notification.objects.filter(person=dana, kind="relationships.meeting_proposed")
    text = summary_in(proposed, "en")
    assert "Tue 19:00 in Manila" not in text  # Dana reads her own time first
    assert "in Toronto, " in text
    assert "19:00 in Manila" in text
    with django_capture_on_commit_callbacks(execute=True):
        meetings.meeting_pick(meeting=meeting, by=dana, option=0)
    meeting.refresh_from_db()
    assert meeting.starts_at == datetime.combine(tuesday, time(11, 0), tzinfo=UTC)
    invitations = [m for m in mail.outbox if "Meeting with" in m.subject]
    assert len(invitations) == 2
    to_amal = next(m for m in invitations if m.to == [amal.email])
    assert to_amal.subject == "Meeting with Dana: Tue 19:00 in Manila, 06:00 in Toronto"
    _name, content, mimetype = to_amal.attachments[0]
    assert mimetype.startswith("text/calendar; method=REQUEST")
    event = Calendar.from_ical(content).walk("VEVENT")[0]
    uid = str(event["UID"])
    assert event["SEQUENCE"] == 0
    assert event.decoded("DTSTART") == meeting.starts_at
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        meetings.meeting_cancel(meeting=meeting, by=amal)
    cancel = next(m for m in mail.outbox if m.to == [dana.email])
    calendar = Calendar.from_ical(cancel.attachments[0][1])
    assert str(calendar["METHOD"]) == "CANCEL"
    event = calendar.walk("VEVENT")[0]
    assert (str(event["UID"]), event["SEQUENCE"]) == (uid, 1)


def test_a_time_the_clocks_skip_or_in_the_past_is_refused(
    pair: Relationship, cohort: SimpleNamespace
) -> None:
    dana = cohort.dana.person  # Toronto: clocks jump from 02:00 to 03:00 one night in March
    spring = next_skipped_day("America/Toronto")
    with pytest.raises(DomainError, match="does not exist in Toronto"):
        meetings.meeting_propose(
            relationship=pair, by=dana, kind="phone", times=[(spring, time(2, 30))]
        )
    with pytest.raises(DomainError, match="in the future"):
        meetings.meeting_propose(
            relationship=pair,
            by=dana,
            kind="phone",
            times=[(timezone.localdate() - timedelta(days=1), time(10, 0))],
        )
    with pytest.raises(DomainError, match="Say where you meet"):
        meetings.meeting_propose(
            relationship=pair, by=dana, kind="in_person", times=[(_next_tuesday(), time(10, 0))]
        )
    assert not Meeting.objects.exists()


def test_reminders_and_did_you_meet_then_hours_per_person(
    pair: Relationship, cohort: SimpleNamespace, monkeypatch: pytest.MonkeyPatch
) -> None:
    amal, dana = cohort.amal.person, cohort.dana.person
    meeting = meetings.meeting_propose(
        relationship=pair, by=dana, kind="phone", times=[(_next_tuesday(), time(18, 0))]
    )
    meetings.meeting_pick(meeting=meeting, by=amal, option=0)
    meeting.refresh_from_db()
    assert meeting.starts_at is not None
    timers_run_due(now=meeting.starts_at - timedelta(hours=23))
    timers_run_due(now=meeting.starts_at - timedelta(minutes=59))
    assert Notification.objects.filter(kind="relationships.meeting_reminder").count() == 4
    with pytest.raises(DomainError, match="once the meeting has started"):
        meetings.meeting_log(meeting=meeting, by=amal, outcome="met", minutes=60)
    after = meeting.starts_at + timedelta(hours=2)
    timers_run_due(now=after)
    assert Notification.objects.filter(kind="relationships.meeting_check").count() == 2
    monkeypatch.setattr(timezone, "now", lambda: after)
    meetings.meeting_log(meeting=meeting, by=amal, outcome="met", minutes=75)
    meetings.meeting_log(meeting=meeting, by=dana, outcome="met", minutes=60)
    with pytest.raises(DomainError, match="already answered"):
        meetings.meeting_log(meeting=meeting, by=dana, outcome="not_met")
    assert meetings.hours_of(relationship=pair, person=amal) == 1.2
    assert meetings.hours_of(relationship=pair, person=dana) == 1.0


def test_the_pages_plan_a_meeting_and_only_the_pair_sees_it(
    client: Client, pair: Relationship, cohort: SimpleNamespace
) -> None:
    amal = cohort.amal.person
    client.force_login(amal)
    url = reverse("relationships:meeting_new", args=[pair.pk])
    assert "Manila (UTC+08:00)" in client.get(url).content.decode()
    page = client.post(
        url, {"kind": "video", "duration_minutes": "60", "date_1": "2020-01-01", "time_1": "10:00"}
    ).content.decode()
    assert "Choose times in the future." in page
    tuesday = _next_tuesday()
    response = client.post(
        url,
        {
            "kind": "video",
            "duration_minutes": "60",
            "date_1": tuesday.isoformat(),
            "time_1": "19:00",
        },
    )
    meeting = Meeting.objects.get()
    assert response["Location"] == reverse("relationships:meeting", args=[meeting.pk])
    client.force_login(cohort.dana.person)
    page = client.get(response["Location"]).content.decode()
    assert "19:00 in Manila" in page
    client.post(response["Location"], {"form": "pick", "option": "0"})
    meeting.refresh_from_db()
    assert meeting.status == "scheduled"
    ics = client.get(reverse("relationships:meeting_calendar", args=[meeting.pk]))
    assert ics["Content-Type"].startswith("text/calendar")
    client.force_login(cohort.fay.person)
    assert client.get(response["Location"]).status_code == 404


def test_deliveries_of_an_invitation_carry_the_calendar_file(
    pair: Relationship, cohort: SimpleNamespace
) -> None:
    meeting = meetings.meeting_propose(
        relationship=pair,
        by=cohort.amal.person,
        kind="phone",
        times=[(_next_tuesday(), time(20, 0))],
    )
    meetings.meeting_pick(meeting=meeting, by=cohort.dana.person, option=0)
    deliveries_send_due(now=timezone.now() + timedelta(days=1))
    assert any(m.attachments for m in mail.outbox if "Meeting with" in m.subject)


def test_the_calendar_file_speaks_each_person_s_language(
    pair: Relationship, cohort: SimpleNamespace
) -> None:
    """The invitation attached to a French email reads in French, the other in English."""
    amal, dana = cohort.amal.person, cohort.dana.person
    amal.preferred_language = "fr"
    amal.save()
    meeting = meetings.meeting_propose(
        relationship=pair, by=amal, kind="phone", times=[(_next_tuesday(), time(20, 0))]
    )
    meetings.meeting_pick(meeting=meeting, by=dana, option=0)
    deliveries_send_due(now=timezone.now() + timedelta(days=1))
    # (The agreement's emails carry its PDF copy: only the invitations are calendars.)
    events = {
        m.to[0]: Calendar.from_ical(content).walk("VEVENT")[0]
        for m in mail.outbox
        for name, content, kind in m.attachments
        if kind.startswith("text/calendar")
    }
    assert str(events[amal.email]["SUMMARY"]) == "Rencontre de mentorat : Amal · Dana"
    assert str(events[amal.email]["LOCATION"]) == "Appel téléphonique"
    assert str(events[dana.email]["SUMMARY"]) == "Mentoring meeting: Amal · Dana"
    assert str(events[dana.email]["LOCATION"]) == "Phone call"
