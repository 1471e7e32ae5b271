"""People on a program's waiting list are invited to the sessions meant for them while they
wait: a session for everyone or for mentees, of their program, of its agency or of the
network, is announced to each mentee on the waiting list of a program in its scope (one
notification, in their language; a repeating session once, for its first date). It runs
through a durable timer set when the session is scheduled, so a large waiting list never
slows the staff's page and nobody is invited twice."""

from __future__ import annotations

from typing import Any

from django.urls import reverse

from bridgeway.community.sessions.models import (
    Registration,
    Session,
    SessionAudience,
    SessionScope,
)
from bridgeway.notifications.outbox import notify
from bridgeway.programs.models import WaitlistEntry

FOR_WAITING = (SessionAudience.EVERYONE, SessionAudience.MENTEES)


def waiting_entries(session: Session) -> Any:
    """The waiting-list entries of the programs in the session's scope (active agencies)."""
    entries = WaitlistEntry.objects.filter(program__organization__is_active=True)
    if session.scope == SessionScope.PROGRAM:
        entries = entries.filter(program_id=session.program_id or 0)
    elif session.scope == SessionScope.AGENCY:
        entries = entries.filter(program__organization_id=session.organization_id or 0)
    else:
        entries = entries.filter(program__organization__network_id=session.network_id)
    return entries.select_related(
        "enrollment__person", "enrollment__program__organization"
    ).order_by("program_id", "position")


def invite_waiting(timer: Any) -> None:
    """Timer: invite the session's waiting people (those not already registered)."""
    session = Session.objects.filter(
        pk=timer.payload.get("session"), status=Session.Status.SCHEDULED
    ).first()
    if session is None or session.audience not in FOR_WAITING or session.circle_id is not None:
        return  # a circle's session is for its members only
    registered = set(
        Registration.objects.filter(session=session)
        .exclude(status=Registration.Status.CANCELLED)
        .values_list("person_id", flat=True)
    )
    invited: set[int] = set()
    for entry in waiting_entries(session):
        person = entry.enrollment.person
        if person.pk in registered or person.pk in invited:
            continue
        invited.add(person.pk)
        notify(
            kind="community.session_invitation",
            event=f"session:{session.pk}:invite",
            person=person,
            role="mentee",
            params={"session": session.pk},
            url=reverse("community:session", args=[session.pk]),
            organization=session.organization or entry.enrollment.program.organization,
        )
