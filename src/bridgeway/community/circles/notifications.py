"""Kinds of notification of circles (BRIDGEWAY_NOTIFICATION_KINDS), each in the recipient's
language: to the leader, a member who joined and a request that waits; to a person, their
request answered, an invitation, being taken out; to the leaders, being named and being
replaced; to the members, a new session of the circle and the circle closing. They name the
circle, never what its members wrote."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _now
from django.utils.translation import gettext_lazy as _

from bridgeway.notifications.kinds import Kind

SOON = {"mentee": "immediate", "mentor": "immediate", "staff": "immediate", "person": "immediate"}
# Leaders are mentors; members are mentors or mentees (the preferences page lists these kinds
# to people in those roles).
LEADERS = ("mentor",)
MEMBERS = ("mentee", "mentor")


def _circle(params: dict[str, Any], recipient: Any) -> dict[str, Any]:
    from bridgeway.community.circles.models import Circle, CircleMember
    from bridgeway.community.sessions.models import Session
    from bridgeway.notifications.render import when

    circle = Circle.objects.select_related("organization", "program").get(pk=params["circle"])
    values: dict[str, Any] = {"name": circle.name, "scope": circle.scope_name}
    if "member" in params:
        member = CircleMember.objects.select_related("person").filter(pk=params["member"]).first()
        values["member"] = member.person.name if member is not None else ""
    note = str(params.get("note", ""))
    values["staff_words"] = " " + _now("Their words: %(note)s") % {"note": note} if note else ""
    if "stays" in params:
        values["stays"] = " " + _now("You stay in it as a member.") if params["stays"] else ""
        leader = (
            CircleMember.objects.filter(circle=circle, role="leader", status="active")
            .select_related("person")
            .first()
        )
        values["leader"] = leader.person.name if leader is not None else ""
    if "session" in params:
        session = Session.objects.get(pk=params["session"])
        zone = getattr(recipient, "time_zone", "") or session.time_zone
        values["title"] = session.title
        values["when"] = when(session.starts_at, zone, session.time_zone)
    return values


JOINED = Kind(
    code="community.circle_joined",
    label=_("Someone joins a circle you lead"),
    subject=_("%(member)s joined %(name)s"),
    summary=_("%(member)s joined the circle “%(name)s”."),
    context=_circle,
    roles=LEADERS,
    texts=False,
)

REQUEST = Kind(
    code="community.circle_request",
    label=_("A request to join a circle you lead"),
    subject=_("%(member)s asks to join %(name)s"),
    summary=_("%(member)s asks to join the circle “%(name)s”. Answer on the circle's page."),
    context=_circle,
    roles=LEADERS,
    needs_answer=True,
    texts=False,
)

APPROVED = Kind(
    code="community.circle_approved",
    label=_("You are let into a circle you asked to join"),
    subject=_("Welcome to %(name)s"),
    summary=_(
        "You are a member of the circle “%(name)s”. Its space, its conversation and its "
        "sessions are on the circle's page."
    ),
    context=_circle,
    roles=MEMBERS,
    email_defaults=SOON,
    texts=False,
)

DECLINED = Kind(
    code="community.circle_declined",
    label=_("A request to join a circle is not accepted"),
    subject=_("Your request to join %(name)s"),
    summary=_(
        "Your request to join the circle “%(name)s” was not accepted this time. Other circles "
        "may suit you: see the list of circles."
    ),
    context=_circle,
    roles=MEMBERS,
    email_defaults=SOON,
    texts=False,
)

INVITATION = Kind(
    code="community.circle_invitation",
    label=_("An invitation to a circle"),
    subject=_("You are invited to the circle %(name)s"),
    summary=_("You are invited to the circle “%(name)s”. Join it or say no on its page."),
    context=_circle,
    roles=MEMBERS,
    needs_answer=True,
    texts=False,
)

REMOVED = Kind(
    code="community.circle_removed",
    label=_("You are taken out of a circle"),
    subject=_("You are no longer in %(name)s"),
    summary=_("The program's staff took you out of the circle “%(name)s”.%(staff_words)s"),
    context=_circle,
    roles=MEMBERS,
    email_defaults=SOON,
    texts=False,
)

LEADER = Kind(
    code="community.circle_leader",
    label=_("You are named the leader of a circle"),
    subject=_("You lead the circle %(name)s"),
    summary=_(
        "You now lead the circle “%(name)s”: you welcome its members, answer requests to "
        "join, schedule its sessions and moderate its space."
    ),
    context=_circle,
    roles=LEADERS,
    email_defaults=SOON,
    texts=False,
)

LEADER_REPLACED = Kind(
    code="community.circle_leader_replaced",
    label=_("Another mentor leads a circle you led"),
    subject=_("A new leader for %(name)s"),
    summary=_("%(leader)s now leads the circle “%(name)s”. Thank you for leading it.%(stays)s"),
    context=_circle,
    roles=LEADERS,
    email_defaults=SOON,
    texts=False,
)

SESSION = Kind(
    code="community.circle_session",
    label=_("A new session of a circle you are in"),
    subject=_("New session of %(name)s: %(when)s"),
    summary=_(
        "The circle “%(name)s” meets on %(when)s: “%(title)s”. Register on the session's page "
        "to get the calendar invitation and the reminders."
    ),
    context=_circle,
    roles=MEMBERS,
    email_defaults=SOON,
    texts=False,
)

CLOSED = Kind(
    code="community.circle_closed",
    label=_("A circle you are in closes"),
    subject=_("The circle %(name)s has closed"),
    summary=_(
        "The circle “%(name)s” has closed. Its space and its conversation can still be read; "
        "its coming sessions are cancelled."
    ),
    context=_circle,
    roles=MEMBERS,
    email_defaults=SOON,
    texts=False,
)
