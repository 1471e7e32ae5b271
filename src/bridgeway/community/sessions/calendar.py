"""A session as an iCalendar invitation for one person: the UID stays the same for the
session's life, SEQUENCE grows with every change of the session and of the person's place (so
their calendar app takes the newest), and METHOD:CANCEL takes it out of their calendar when the
session is cancelled or they cancel their place. Each person is the only attendee named: the
others' addresses are never shared."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.urls import reverse
from django.utils import translation

from bridgeway.accounts.models import Person
from bridgeway.community.sessions.models import JoinKind, Registration, Session
from bridgeway.relationships.calendars import ics_calendar
from bridgeway.relationships.models import MeetingKind


def session_uid(session: Session) -> str:
    host = urlsplit(settings.SITE_URL).hostname or "localhost"
    return f"community-session-{session.pk}@{host}"


def session_url(session: Session) -> str:
    return settings.SITE_URL + reverse("community:session", args=[session.pk])


def join_url(session: Session) -> str:
    """Where people join: the external link, or the session's page (which leads to the call)."""
    if session.join_kind == JoinKind.LINK and session.join_link:
        return session.join_link
    return session_url(session)


def session_ics(session: Session, person: Person, *, cancel: bool) -> bytes:
    registration = Registration.objects.filter(session=session, person=person).first()
    sequence = session.sequence + (registration.sequence if registration is not None else 0)
    with translation.override(person.preferred_language or translation.get_language()):
        return ics_calendar(
            uid=session_uid(session),
            sequence=sequence,
            starts_at=session.starts_at,
            duration_minutes=session.duration_minutes,
            summary=session.title,
            kind=MeetingKind.VIDEO,
            link=join_url(session),
            place="",
            url=session_url(session),
            people=[person],
            cancel=cancel,
        )


def invitation(params: dict[str, Any], recipient: Any) -> list[tuple[str, bytes, str]]:
    """The calendar file of a session's email: a REQUEST while the person has a place in a
    scheduled session, a CANCEL once it is gone; nothing for someone who never had a place."""
    if not isinstance(recipient, Person):
        return []
    session = Session.objects.filter(pk=params["session"]).first()
    registration = Registration.objects.filter(session=session, person=recipient).first()
    if session is None or registration is None:
        return []
    if registration.status == Registration.Status.WAITING:
        return []
    cancel = session.is_cancelled or registration.status == Registration.Status.CANCELLED
    content = session_ics(session, recipient, cancel=cancel)
    method = "CANCEL" if cancel else "REQUEST"
    return [("session.ics", content, f"text/calendar; method={method}; charset=UTF-8")]
