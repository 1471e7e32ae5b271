"""A group's goals and meetings: the SMART prompts and rules of pairs; a mentor schedules a
time in their own zone, every member reads it in theirs, receives the calendar invitation
(stable UID, SEQUENCE, CANCEL) and the reminders, and answers "did you meet?" for their hours."""

from __future__ import annotations

import zoneinfo
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
from bridgeway.notifications.models import Notification
from bridgeway.notifications.timers import timers_run_due
from bridgeway.relationships.groups import goals, meetings
from bridgeway.relationships.groups.models import GroupGoal, GroupMeeting, MentoringGroup
from tests.clock import next_skipped_day
from tests.relationships.test_groups import circle, form, sign_all  # noqa: F401

pytestmark = pytest.mark.django_db


@pytest.fixture
def active(circle: SimpleNamespace) -> MentoringGroup:  # noqa: F811
    group = form(circle)
    sign_all(group)
    return group


def _next_tuesday() -> date:
    today = timezone.localdate() + timedelta(days=2)
    return today + timedelta(days=(1 - today.weekday()) % 7)


def test_a_mentor_schedules_in_vancouver_and_each_member_reads_it_in_their_zone(
    client: Client,
    active: MentoringGroup,
    circle: SimpleNamespace,  # noqa: F811
    django_capture_on_commit_callbacks: Any,
) -> None:
    maya = circle.maya.person  # Vancouver
    tuesday = _next_tuesday()
    client.force_login(maya)
    url = reverse("relationships:group_meeting_new", args=[active.pk])
    assert "Vancouver" in client.get(url).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            url,
            {
                "kind": "video",
                "link": "https://meet.example.org/nurses",
                "duration_minutes": "60",
                "day": tuesday.isoformat(),
                "time": "17:00",
            },
        )
    meeting = GroupMeeting.objects.get()
    assert response["Location"] == reverse("relationships:group_meeting", args=[meeting.pk])
    vancouver = zoneinfo.ZoneInfo("America/Vancouver")
    assert meeting.starts_at == datetime.combine(tuesday, time(17, 0), tzinfo=vancouver)
    assert meeting.starts_at.astimezone(UTC).hour in (0, 1)  # the next day in UTC
    invitations = [m for m in mail.outbox if "Spring nurses" in m.subject and m.attachments]
    assert len(invitations) == 4
    to_bea = next(m for m in invitations if m.to == [circle.bea.person.email])
    assert "in Manila" in to_bea.subject
    _name, content, mimetype = to_bea.attachments[0]
    assert mimetype.startswith("text/calendar; method=REQUEST")
    event = Calendar.from_ical(content).walk("VEVENT")[0]
    uid = str(event["UID"])
    assert uid.startswith(f"group-meeting-{meeting.pk}@")
    assert event["SEQUENCE"] == 0
    assert event.decoded("DTSTART") == meeting.starts_at
    assert len(event.get("ATTENDEE")) == 4
    # Bea's page shows it in Manila; the dashboard of My group lists it as next.
    client.force_login(circle.bea.person)
    page = client.get(reverse("relationships:group", args=[active.pk])).content.decode()
    assert "in Manila" in page
    assert "next" in page
    assert "Schedule a meeting" not in page  # mentees do not schedule
    ics = client.get(reverse("relationships:group_meeting_calendar", args=[meeting.pk]))
    assert ics["Content-Type"].startswith("text/calendar")
    # A mentee cannot cancel; the mentor can, and everyone gets the CANCEL with the same UID.
    with pytest.raises(DomainError, match="mentors schedule and cancel"):
        meetings.meeting_cancel(meeting=meeting, by=circle.bea.person)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        meetings.meeting_cancel(meeting=meeting, by=maya)
    cancel = next(m for m in mail.outbox if m.to == [circle.amir.person.email])
    calendar = Calendar.from_ical(cancel.attachments[0][1])
    assert str(calendar["METHOD"]) == "CANCEL"
    event = calendar.walk("VEVENT")[0]
    assert (str(event["UID"]), event["SEQUENCE"]) == (uid, 1)


def test_a_time_the_clocks_skip_the_past_and_a_group_not_under_way_are_refused(
    client: Client,
    circle: SimpleNamespace,  # noqa: F811
) -> None:
    group = form(circle)
    noah = circle.noah.person
    maya = circle.maya.person
    with pytest.raises(DomainError, match="agreement is in force"):
        meetings.meeting_schedule(
            group=group, by=maya, kind="phone", day=_next_tuesday(), at=time(18, 0)
        )
    sign_all(group)
    with pytest.raises(DomainError, match="does not exist in Vancouver"):
        meetings.meeting_schedule(
            group=group,
            by=maya,
            kind="phone",
            day=next_skipped_day("America/Vancouver"),
            at=time(2, 30),
        )
    with pytest.raises(DomainError, match="in the future"):
        meetings.meeting_schedule(
            group=group, by=maya, kind="phone", day=date(2020, 1, 1), at=time(9, 0)
        )
    with pytest.raises(DomainError, match="Only the group's members"):
        meetings.meeting_schedule(
            group=group, by=noah, kind="phone", day=_next_tuesday(), at=time(9, 0)
        )
    client.force_login(maya)
    page = client.post(
        reverse("relationships:group_meeting_new", args=[group.pk]),
        {
            "kind": "in_person",
            "duration_minutes": "60",
            "day": next_skipped_day("America/Vancouver").isoformat(),
            "time": "02:30",
        },
    ).content.decode()
    assert "Say where you meet" in page
    assert GroupMeeting.objects.count() == 0


def test_reminders_then_each_member_says_whether_they_met_for_their_own_hours(
    client: Client,
    active: MentoringGroup,
    circle: SimpleNamespace,  # noqa: F811
) -> None:
    maya, bea = circle.maya.person, circle.bea.person
    meeting = meetings.meeting_schedule(
        group=active, by=maya, kind="phone", day=_next_tuesday(), at=time(9, 0)
    )
    with pytest.raises(DomainError, match="once the meeting has started"):
        meetings.meeting_log(meeting=meeting, by=bea, outcome="met", minutes=60)
    timers_run_due(now=meeting.starts_at - timedelta(hours=23))
    timers_run_due(now=meeting.starts_at + timedelta(hours=2))
    reminders = Notification.objects.filter(kind="relationships.group_meeting_reminder")
    assert reminders.count() == 8  # the day before and the hour before, for each of the four
    assert Notification.objects.filter(kind="relationships.group_meeting_check").count() == 4
    GroupMeeting.objects.filter(pk=meeting.pk).update(starts_at=timezone.now() - timedelta(hours=2))
    client.force_login(bea)
    group_url = reverse("relationships:group", args=[active.pk])
    assert "Did you meet on" in client.get(group_url).content.decode()
    url = reverse("relationships:group_meeting", args=[meeting.pk])
    client.post(url, {"form": "log", "outcome": "met", "minutes": "50"})
    again = client.post(url, {"form": "log", "outcome": "met", "minutes": "50"})
    assert again.status_code in (200, 302)
    assert meetings.hours_of(group=active, person=bea) == 0.8
    assert meetings.hours_of(group=active, person=maya) == 0
    page = client.get(group_url).content.decode()
    assert "Did you meet on" not in page
    assert "0.8 hours" in page
    with pytest.raises(DomainError, match="already answered"):
        meetings.meeting_log(meeting=meeting, by=bea, outcome="not_met")


def test_group_goals_follow_the_pairs_rules_and_every_member_writes_progress(
    client: Client,
    active: MentoringGroup,
    circle: SimpleNamespace,  # noqa: F811
) -> None:
    client.force_login(circle.cleo.person)
    url = reverse("relationships:group_goals", args=[active.pk])
    page = client.get(url).content.decode()
    assert "How will you know it is met?" in page
    past = client.post(
        url, {"form": "add", "title": "Pass the exam", "due_date": "2020-01-01"}
    ).content.decode()
    assert "Choose a date from today on" in past
    client.post(url, {"form": "add", "title": "Pass the NCLEX", "measure": "a pass mark"})
    goal = GroupGoal.objects.get()
    client.force_login(circle.amir.person)
    client.post(url, {"form": "note", "goal": goal.pk, "text": "Booked the exam date"})
    client.post(url, {"form": "met", "goal": goal.pk})
    goal.refresh_from_db()
    assert goal.status == "met"
    assert "Booked the exam date" in client.get(url).content.decode()
    with pytest.raises(DomainError, match="already met"):
        goals.goal_met(goal=goal, by=circle.maya.person)
    with pytest.raises(DomainError, match="Only the group's members"):
        goals.goal_add(group=active, by=circle.dev.person, title="Mine")
