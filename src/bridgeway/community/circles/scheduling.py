"""A circle's sessions: its leader (or the agency's staff) schedules them through the group
sessions (community/sessions), for the circle's members only — the same places, waiting list,
calendar invitations, reminders and join link or group call. The members are told of a new
session in their language; nobody outside the circle is invited."""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext as _

from bridgeway.community.circles.membership import locked, tell
from bridgeway.community.circles.models import Circle, CircleMember
from bridgeway.community.news.selectors import Scope
from bridgeway.community.sessions import services as sessions
from bridgeway.community.sessions.models import Session, SessionAudience
from bridgeway.core.services import DomainError

if TYPE_CHECKING:
    from bridgeway.accounts.models import Person
    from bridgeway.community.sessions.recurrence import Repeat


def scope_of(circle: Circle) -> Scope:
    return Scope(
        level=circle.level,
        network=circle.organization.network,
        organization=circle.organization,
        program=circle.program,
    )


@transaction.atomic
def circle_session_create(
    *,
    circle: Circle,
    by: Person,
    fields: sessions.SessionFields,
    repeat: Repeat | None = None,
    client_key: str = "",
) -> list[Session]:
    """Schedule a session (or a repeating one) of the circle; the caller checked that `by`
    leads the circle or manages it. Sent twice: once, and the members are told once."""
    circle = locked(circle)
    if not circle.is_active:
        raise DomainError(_("This circle has closed: it has no more sessions."))
    made = sessions.session_create(
        by=by,
        scope=scope_of(circle),
        fields=replace(fields, audience=SessionAudience.EVERYONE),
        repeat=repeat,
        client_key=client_key,
        circle=circle,
    )
    members = CircleMember.objects.filter(
        circle=circle, status=CircleMember.Status.ACTIVE
    ).select_related("person")
    for member in members:
        if member.person_id != by.pk:
            tell(
                circle,
                member.person,
                "community.circle_session",
                f"session:{made[0].pk}",
                leader=member.role == CircleMember.Role.LEADER,
                url=reverse("community:session", args=[made[0].pk]),
                session=made[0].pk,
                dates=len(made),
            )
    return made


def circle_session_cancel(*, circle: Circle, session: Session, by: Person) -> int:
    """Cancel one date of the circle's sessions; the people registered are told."""
    if session.circle_id != circle.pk:
        raise DomainError(_("This session is not one of this circle's."))
    return sessions.session_cancel(session=session, by=by)
