"""Kinds of notification of group sessions (BRIDGEWAY_NOTIFICATION_KINDS). Each names the
session and its time in the recipient's time zone (and the organiser's when it differs); those
about a place carry the calendar invitation (calendar.py)."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from bridgeway.notifications.kinds import Kind

SOON = {"mentee": "immediate", "mentor": "immediate", "staff": "immediate", "person": "immediate"}


def _session(params: dict[str, Any], recipient: Any) -> dict[str, Any]:
    from bridgeway.community.sessions.models import Session
    from bridgeway.notifications.render import when

    session = Session.objects.get(pk=params["session"])
    zone = getattr(recipient, "time_zone", "") or session.time_zone
    return {
        "title": session.title,
        "when": when(session.starts_at, zone, session.time_zone),
        "first": params.get("first", ""),
    }


def _invitation(params: dict[str, Any], recipient: Any) -> list[tuple[str, bytes, str]]:
    from bridgeway.community.sessions.calendar import invitation

    return invitation(params, recipient)


REGISTERED = Kind(
    code="community.session_registered",
    label=_("Your place in a group session or webinar"),
    subject=_("You are registered: %(title)s, %(when)s"),
    summary=_("You have a place in “%(title)s” on %(when)s. The calendar invitation is attached."),
    context=_session,
    attachments=_invitation,
    email_defaults=SOON,
    texts=False,
)

WAITING = Kind(
    code="community.session_waiting",
    label=_("A group session's waiting list"),
    subject=_("On the waiting list: %(title)s"),
    summary=_(
        "“%(title)s” on %(when)s is full: you are on its waiting list. If a place frees up, "
        "it is yours and you are told."
    ),
    context=_session,
    email_defaults=SOON,
    texts=False,
)

PROMOTED = Kind(
    code="community.session_promoted",
    label=_("A place frees up in a group session"),
    subject=_("A place is yours: %(title)s, %(when)s"),
    summary=_(
        "A place freed up in “%(title)s” on %(when)s and it is yours. If you can no longer "
        "come, cancel it on the session's page so the next person gets it."
    ),
    context=_session,
    attachments=_invitation,
    needs_answer=True,
    texts=False,
)

UNREGISTERED = Kind(
    code="community.session_unregistered",
    label=_("Your place in a group session is cancelled"),
    subject=_("Place cancelled: %(title)s"),
    summary=_("Your place in “%(title)s” on %(when)s is cancelled."),
    context=_session,
    attachments=_invitation,
    email_defaults=SOON,
    texts=False,
)

CHANGED = Kind(
    code="community.session_changed",
    label=_("A group session you registered for changes"),
    subject=_("Changed: %(title)s, %(when)s"),
    summary=_(
        "“%(title)s” has changed: it is now on %(when)s. The updated invitation is attached."
    ),
    context=_session,
    attachments=_invitation,
    needs_answer=True,
)

CANCELLED = Kind(
    code="community.session_cancelled",
    label=_("A group session you registered for is cancelled"),
    subject=_("Cancelled: %(title)s"),
    summary=_("“%(title)s” on %(when)s is cancelled."),
    context=_session,
    attachments=_invitation,
    needs_answer=True,
)

REMINDER = Kind(
    code="community.session_reminder",
    label=_("Reminders before a group session"),
    subject=_("Reminder: %(title)s, %(when)s"),
    summary=_("Reminder: “%(title)s” is on %(when)s."),
    context=_session,
    needs_answer=True,
)

RECORDING = Kind(
    code="community.session_recording",
    label=_("The recording of a group session you registered for"),
    subject=_("Recording: %(title)s"),
    summary=_("The recording of “%(title)s” is on the session's page."),
    context=_session,
    email_defaults=SOON,
    texts=False,
)

INVITATION = Kind(
    code="community.session_invitation",
    label=_("Group sessions for you while you wait for a mentor"),
    subject=_("You are invited: %(title)s, %(when)s"),
    summary=_(
        "While you wait for a mentor, you are welcome at “%(title)s” on %(when)s. "
        "Register on the session's page."
    ),
    context=_session,
    email_defaults=SOON,
    texts=False,
)
