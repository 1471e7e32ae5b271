"""Writes of group sessions by staff: schedule one (or a repeating series), change it, cancel
it, add the recording link, mark attendance. Callers have checked that the person manages the
session's scope (selectors); these functions check the rest, tell the people registered, keep
the reminders' timers in step and write the agency's audit log (network sessions: the log
without an agency)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, time, timedelta
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from bridgeway.community.sessions import call
from bridgeway.community.sessions.models import (
    JoinKind,
    Registration,
    Session,
    SessionAudience,
    SessionScope,
    SessionSeries,
)
from bridgeway.community.sessions.recurrence import Repeat, occurrences
from bridgeway.core.services import DomainError, audit_record
from bridgeway.notifications.outbox import notify
from bridgeway.notifications.timers import timer_cancel, timer_schedule

if TYPE_CHECKING:
    from bridgeway.accounts.models import Person
    from bridgeway.community.circles.models import Circle
    from bridgeway.community.news.selectors import Scope

REMIND_KIND = "community.session_remind"
INVITE_KIND = "community.session_invite"
REMINDERS = {"day": timedelta(days=1), "hour": timedelta(hours=1)}


@dataclass(frozen=True)
class SessionFields:
    title: str
    description: str
    audience: str
    language: str
    day: date
    at: time
    time_zone: str
    duration_minutes: int
    capacity: int
    join_kind: str = JoinKind.LINK
    join_link: str = ""


def _audit(session: Session, by: Person | None, action: str, **data: Any) -> None:
    audit_record(
        actor=by,
        action=action,
        organization=session.organization,
        target=session,
        data={"session": session.pk, "title": session.title, **data},
    )


def _check(fields: SessionFields, scope_level: str) -> None:
    if not fields.title.strip():
        raise DomainError(_("Give the session a title."), "title")
    if fields.audience not in SessionAudience.values:
        raise DomainError(_("Choose who the session is for."), "audience")
    if fields.language not in dict(settings.LANGUAGES):
        raise DomainError(_("Choose a language the site offers."), "language")
    if not 15 <= fields.duration_minutes <= 480:
        raise DomainError(_("Give a duration from 15 minutes to 8 hours."), "duration_minutes")
    if not 1 <= fields.capacity <= 10000:
        raise DomainError(_("Give a number of places from 1 to 10,000."), "capacity")
    if fields.join_kind == JoinKind.LINK and not fields.join_link:
        raise DomainError(_("Give the link people use to join."), "join_link")
    if fields.join_kind == JoinKind.CALL:
        call.check_possible(scope_level=scope_level, capacity=fields.capacity)


def _values(fields: SessionFields) -> dict[str, Any]:
    return {
        "title": fields.title.strip(),
        "description": fields.description,
        "audience": fields.audience,
        "language": fields.language,
        "duration_minutes": fields.duration_minutes,
        "time_zone": fields.time_zone,
        "capacity": fields.capacity,
        "join_kind": fields.join_kind,
        "join_link": fields.join_link if fields.join_kind == JoinKind.LINK else "",
    }


@transaction.atomic
def session_create(
    *,
    by: Person,
    scope: Scope,
    fields: SessionFields,
    repeat: Repeat | None = None,
    client_key: str = "",
    circle: Circle | None = None,
) -> list[Session]:
    """Schedule a session, or every date of a repeating one; sending the form twice schedules
    them once. A circle's session is for the circle's members only (community/circles)."""
    if client_key:
        first = Session.objects.filter(created_by=by, client_key=client_key).first()
        if first is not None:
            if first.series_id is None:
                return [first]
            return list(Session.objects.filter(series_id=first.series_id).order_by("starts_at"))
    _check(fields, scope.level)
    starts = occurrences(day=fields.day, at=fields.at, time_zone=fields.time_zone, repeat=repeat)
    if starts[0] <= timezone.now():
        raise DomainError(_("Choose a time in the future."), "day")
    series = None
    if repeat is not None:
        series = SessionSeries.objects.create(
            frequency=repeat.frequency,
            first_day=fields.day,
            at=fields.at,
            time_zone=fields.time_zone,
            count=repeat.count,
            until=repeat.until,
        )
    sessions = []
    for number, start in enumerate(starts):
        session = Session.objects.create(
            scope=scope.level,
            network=scope.network,
            organization=scope.organization,
            program=scope.program,
            series=series,
            starts_at=start,
            ends_at=start + timedelta(minutes=fields.duration_minutes),
            created_by=by,
            client_key=client_key if number == 0 else "",
            circle=circle,
            **_values(fields),
        )
        if session.join_kind == JoinKind.CALL:
            call.open_for(session, host=by)
        _schedule_timers(session)
        sessions.append(session)
    _audit(sessions[0], by, "community.session_create", dates=len(sessions))
    if circle is not None:
        return sessions  # the circle tells its members; nobody else is invited
    timer_schedule(
        kind=INVITE_KIND,
        key=f"community-session:{sessions[0].pk}:invite",
        due_at=timezone.now(),
        payload={"session": sessions[0].pk},
        organization=scope.organization,
    )
    return sessions


def locked(session: Session) -> Session:
    return (
        Session.objects.select_for_update(of=("self",))
        .select_related("organization")
        .get(pk=session.pk)
    )


def _schedule_timers(session: Session) -> None:
    now = timezone.now()
    for when, before in REMINDERS.items():
        key = f"community-session:{session.pk}:{when}"
        due = session.starts_at - before
        if due > now:
            timer_schedule(
                kind=REMIND_KIND,
                key=key,
                due_at=due,
                payload={"session": session.pk, "when": when, "sequence": session.sequence},
                organization=session.organization,
            )
        else:
            timer_cancel(key=key)


def tell_registered(session: Session, kind: str, event: str, *, waiting: bool = False) -> int:
    """Tell everyone with a place (and, when asked, the waiting list) in their language."""
    statuses = [Registration.Status.REGISTERED]
    if waiting:
        statuses.append(Registration.Status.WAITING)
    told = 0
    for registration in Registration.objects.filter(
        session=session, status__in=statuses
    ).select_related("person"):
        told += 1
        notify(
            kind=kind,
            event=f"session:{session.pk}:{event}",
            person=registration.person,
            params={"session": session.pk},
            url=reverse("community:session", args=[session.pk]),
            organization=session.organization,
        )
    return told


@transaction.atomic
def session_update(*, session: Session, by: Person, fields: SessionFields) -> Session:
    """Change one date of a session. When its time, length or link changes, everyone with a
    place gets the updated invitation; more places move people up from the waiting list."""
    from bridgeway.community.sessions.registration import promote_waiting

    session = locked(session)
    if session.is_cancelled:
        raise DomainError(_("This session is cancelled: it can no longer be changed."))
    if session.ends_at <= timezone.now():
        raise DomainError(_("This session is over: only its attendance and recording remain."))
    _check(fields, session.scope)
    if fields.join_kind != session.join_kind:
        raise DomainError(
            _("How people join cannot change once the session is scheduled."), "join_kind"
        )
    starts_at = occurrences(day=fields.day, at=fields.at, time_zone=fields.time_zone, repeat=None)[
        0
    ]
    if starts_at != session.starts_at and starts_at <= timezone.now():
        raise DomainError(_("Choose a time in the future."), "day")
    if fields.capacity < session.registrations.filter(status="registered").count():
        raise DomainError(
            _("More people already have a place: cancel some places or keep more."), "capacity"
        )
    values = _values(fields)
    moved = (
        starts_at != session.starts_at
        or values["duration_minutes"] != session.duration_minutes
        or values["join_link"] != session.join_link
        or values["title"] != session.title
    )
    for name, value in values.items():
        setattr(session, name, value)
    session.starts_at = starts_at
    session.ends_at = starts_at + timedelta(minutes=session.duration_minutes)
    if moved:
        session.sequence += 1
    session.save()
    _schedule_timers(session)
    promote_waiting(session)
    if moved:
        tell_registered(session, "community.session_changed", f"changed:{session.sequence}")
    _audit(session, by, "community.session_update", changed_for_calendars=moved)
    return session


@transaction.atomic
def session_cancel(*, session: Session, by: Person, following: bool = False) -> int:
    """Cancel a session (and, with `following`, the later dates of its series); everyone
    registered or waiting is told, and the calendars of those with a place take it out."""
    first = locked(session)
    sessions = [first]
    if following and first.series_id is not None:
        later = Session.objects.select_for_update().filter(
            series_id=first.series_id, starts_at__gt=first.starts_at
        )
        sessions += list(later)
    cancelled = 0
    for item in sessions:
        if item.is_cancelled or item.ends_at <= timezone.now():
            continue
        item.status = Session.Status.CANCELLED
        item.sequence += 1
        item.save(update_fields=["status", "sequence", "updated_at"])
        for when in REMINDERS:
            timer_cancel(key=f"community-session:{item.pk}:{when}")
        call.close_for(item)
        tell_registered(item, "community.session_cancelled", "cancelled", waiting=True)
        cancelled += 1
    if not cancelled:
        raise DomainError(_("There is nothing left to cancel: it is over or already cancelled."))
    _audit(first, by, "community.session_cancel", dates=cancelled)
    return cancelled


@transaction.atomic
def recording_set(*, session: Session, by: Person, link: str) -> Session:
    session = locked(session)
    if session.is_cancelled:
        raise DomainError(_("This session was cancelled: it has no recording."))
    if session.starts_at > timezone.now():
        raise DomainError(_("Add the recording once the session has taken place."), "link")
    first_time = not session.recording_link and bool(link)
    session.recording_link = link
    session.save(update_fields=["recording_link", "updated_at"])
    if first_time:
        tell_registered(session, "community.session_recording", "recording")
    _audit(session, by, "community.session_recording")
    return session


@transaction.atomic
def attendance_mark(*, session: Session, by: Person, attended: set[int]) -> int:
    """Who came, among those with a place: the others are marked absent."""
    session = locked(session)
    if session.is_cancelled:
        raise DomainError(_("This session was cancelled: there is no attendance to mark."))
    if session.starts_at > timezone.now():
        raise DomainError(_("Mark attendance once the session has started."))
    places = Registration.objects.filter(session=session, status=Registration.Status.REGISTERED)
    places.update(attended=False)
    came = places.filter(person_id__in=attended).update(attended=True)
    _audit(session, by, "community.session_attendance", attended=came)
    return came


def remind(timer: Any) -> None:
    """Timer: the reminder the day or the hour before, for everyone with a place."""
    session = Session.objects.filter(
        pk=timer.payload.get("session"), status=Session.Status.SCHEDULED
    ).first()
    if session is None or session.starts_at <= timezone.now():
        return
    when = timer.payload.get("when", "day")
    tell_registered(
        session, "community.session_reminder", f"remind:{when}:{session.starts_at.isoformat()}"
    )


__all__ = ["Repeat", "SessionFields", "SessionScope"]
