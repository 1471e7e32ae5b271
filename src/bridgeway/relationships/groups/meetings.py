"""Meetings of a circle. A mentor schedules one time, typed in their own time zone (the past
and the hour skipped when the clocks go forward are refused, as for pairs); every member reads
it in their own zone, receives the calendar invitation (a stable UID, SEQUENCE raised on every
change, METHOD:CANCEL when cancelled) and the reminders, and answers "did you meet?" for their
own hours."""

from __future__ import annotations

from datetime import date, time, timedelta
from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Sum
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from bridgeway.accounts.models import Person
from bridgeway.core.services import DomainError
from bridgeway.notifications.models import Timer
from bridgeway.notifications.outbox import notify
from bridgeway.notifications.timers import timer_cancel, timer_schedule
from bridgeway.programs.models import EnrollmentRole
from bridgeway.relationships.calendars import ics_calendar
from bridgeway.relationships.groups.models import (
    GroupMeeting,
    GroupMeetingLog,
    GroupMember,
    MentoringGroup,
)
from bridgeway.relationships.meetings import DURATIONS, local_to_utc
from bridgeway.relationships.models import MeetingKind, MeetingLog

SUFFIXES = ("day", "hour", "check")


def members_of(group: MentoringGroup) -> list[GroupMember]:
    """The members taking part: not those who left, nor a newcomer who has yet to sign."""
    return list(
        GroupMember.objects.filter(
            group=group, left_at__isnull=True, must_sign=False
        ).select_related("enrollment__person")
    )


def sign_first(group: MentoringGroup, person: Person) -> None:
    """Refuse a newcomer who has not yet signed the agreement of the group they joined."""
    if GroupMember.objects.filter(
        group=group, enrollment__person=person, left_at__isnull=True, must_sign=True
    ).exists():
        raise DomainError(_("Sign the group's agreement first: then you take part."))


def _member(group: MentoringGroup, person: Person) -> GroupMember:
    found = next((m for m in members_of(group) if m.enrollment.person_id == person.pk), None)
    if found is None:
        sign_first(group, person)
        raise DomainError(_("Only the group's members take part in its meetings."))
    return found


def _mentor(group: MentoringGroup, person: Person) -> None:
    if _member(group, person).role != EnrollmentRole.MENTOR:
        raise DomainError(_("The group's mentors schedule and cancel its meetings."))


@transaction.atomic
def meeting_schedule(
    *,
    group: MentoringGroup,
    by: Person,
    kind: str,
    day: date,
    at: time,
    duration_minutes: int = 60,
    link: str = "",
    place: str = "",
) -> GroupMeeting:
    _mentor(group, by)
    if group.status != MentoringGroup.Status.ACTIVE:
        raise DomainError(_("Meetings are planned once the group's agreement is in force."))
    if kind not in MeetingKind.values:
        raise DomainError(_("Choose how you meet from the list."), "kind")
    if kind == MeetingKind.IN_PERSON and not place.strip():
        raise DomainError(_("Say where you meet."), "place")
    if duration_minutes not in DURATIONS:
        raise DomainError(_("Choose the length from the list."), "duration_minutes")
    try:
        starts = local_to_utc(day, at, by.time_zone)
    except DomainError as error:
        raise DomainError(error.message, "time") from None
    if starts <= timezone.now():
        raise DomainError(_("Choose a time in the future."), "time")
    meeting = GroupMeeting.objects.create(
        group=group,
        scheduled_by=by,
        kind=kind,
        link=link.strip() if kind == MeetingKind.VIDEO else "",
        place=place.strip() if kind == MeetingKind.IN_PERSON else "",
        duration_minutes=duration_minutes,
        starts_at=starts,
    )
    _schedule_timers(meeting, group)
    _tell_all(meeting, group, "relationships.group_meeting_scheduled", "scheduled:0")
    return meeting


def _locked(meeting: GroupMeeting) -> GroupMeeting:
    return (
        GroupMeeting.objects.select_for_update(of=("self",))
        .select_related("group__program__organization")
        .get(pk=meeting.pk)
    )


@transaction.atomic
def meeting_cancel(*, meeting: GroupMeeting, by: Person) -> GroupMeeting:
    locked = _locked(meeting)
    _mentor(locked.group, by)
    if locked.status == GroupMeeting.Status.CANCELLED:
        raise DomainError(_("This meeting is already cancelled."))
    locked.status = GroupMeeting.Status.CANCELLED
    locked.sequence += 1
    locked.save(update_fields=["status", "sequence"])
    for suffix in SUFFIXES:
        timer_cancel(key=f"group-meeting:{locked.pk}:{suffix}")
    _tell_all(
        locked,
        locked.group,
        "relationships.group_meeting_cancelled",
        f"cancelled:{locked.sequence}",
    )
    return locked


def _tell_all(meeting: GroupMeeting, group: MentoringGroup, kind: str, event: str) -> None:
    for member in members_of(group):
        notify(
            kind=kind,
            event=f"group-meeting:{meeting.pk}:{event}",
            person=member.enrollment.person,
            role=member.role,
            params={"meeting": meeting.pk},
            url=reverse("relationships:group_meeting", args=[meeting.pk]),
            organization=group.program.organization,
        )


def _schedule_timers(meeting: GroupMeeting, group: MentoringGroup) -> None:
    now = timezone.now()
    end = meeting.starts_at + timedelta(minutes=meeting.duration_minutes)
    for suffix, due, kind in (
        ("day", meeting.starts_at - timedelta(days=1), "relationships.group_meeting_remind"),
        ("hour", meeting.starts_at - timedelta(hours=1), "relationships.group_meeting_remind"),
        ("check", end, "relationships.group_meeting_check"),
    ):
        if due > now:
            timer_schedule(
                kind=kind,
                key=f"group-meeting:{meeting.pk}:{suffix}",
                due_at=due,
                payload={"meeting": meeting.pk, "when": suffix},
                organization=group.program.organization,
            )


def _timer_meeting(timer: Timer) -> GroupMeeting | None:
    return (
        GroupMeeting.objects.filter(
            pk=timer.payload.get("meeting"), status=GroupMeeting.Status.SCHEDULED
        )
        .select_related("group__program__organization")
        .first()
    )


def remind(timer: Timer) -> None:
    meeting = _timer_meeting(timer)
    if meeting is not None:
        _tell_all(
            meeting,
            meeting.group,
            "relationships.group_meeting_reminder",
            f"remind:{timer.payload['when']}",
        )


def check(timer: Timer) -> None:
    """After the meeting: did you meet?"""
    meeting = _timer_meeting(timer)
    if meeting is not None:
        _tell_all(meeting, meeting.group, "relationships.group_meeting_check", "check")


@transaction.atomic
def meeting_log(
    *, meeting: GroupMeeting, by: Person, outcome: str, minutes: int = 0
) -> GroupMeetingLog:
    """One member's answer to "did you meet?"; answering again changes nothing."""
    locked = _locked(meeting)
    _member(locked.group, by)
    if locked.status != GroupMeeting.Status.SCHEDULED:
        raise DomainError(_("Only a scheduled meeting can be logged."))
    if locked.starts_at > timezone.now():
        raise DomainError(_("You can say how it went once the meeting has started."))
    if outcome not in MeetingLog.Outcome.values:
        raise DomainError(_("Choose an answer from the list."), "outcome")
    if outcome == MeetingLog.Outcome.MET and not 5 <= minutes <= 600:
        raise DomainError(_("Give the minutes you met, from 5 to 600."), "minutes")
    try:
        with transaction.atomic():
            return GroupMeetingLog.objects.create(
                meeting=locked,
                person=by,
                outcome=outcome,
                minutes=minutes if outcome == MeetingLog.Outcome.MET else 0,
            )
    except IntegrityError:
        raise DomainError(_("You have already answered for this meeting.")) from None


def hours_of(*, group: MentoringGroup, person: Person) -> float:
    minutes = GroupMeetingLog.objects.filter(meeting__group=group, person=person).aggregate(
        total=Sum("minutes")
    )["total"]
    return round((minutes or 0) / 60, 1)


# --- Calendar invitations ------------------------------------------------------------------------


def meeting_uid(meeting: GroupMeeting) -> str:
    host = urlsplit(settings.SITE_URL).hostname or "localhost"
    return f"group-meeting-{meeting.pk}@{host}"


def ics(meeting: GroupMeeting, *, cancel: bool = False) -> bytes:
    group = meeting.group
    return ics_calendar(
        uid=meeting_uid(meeting),
        sequence=meeting.sequence,
        starts_at=meeting.starts_at,
        duration_minutes=meeting.duration_minutes,
        summary=_("Group meeting: %(name)s") % {"name": group.name},
        kind=meeting.kind,
        link=meeting.link,
        place=meeting.place,
        url=settings.SITE_URL + reverse("relationships:group_meeting", args=[meeting.pk]),
        people=[m.enrollment.person for m in members_of(group)],
        cancel=cancel,
    )


def invitation(params: dict[str, Any], recipient: Any) -> list[tuple[str, bytes, str]]:
    meeting = GroupMeeting.objects.select_related("group").get(pk=params["meeting"])
    cancel = meeting.status == GroupMeeting.Status.CANCELLED
    method = "CANCEL" if cancel else "REQUEST"
    # Its words in the recipient's language: it is attached to an email written in it.
    language = getattr(recipient, "preferred_language", "") or translation.get_language()
    with translation.override(language):
        content = ics(meeting, cancel=cancel)
    return [("meeting.ics", content, f"text/calendar; method={method}; charset=UTF-8")]
