"""Kinds of notification about mentoring groups (BRIDGEWAY_NOTIFICATION_KINDS), each in its
recipient's language, times in their own time zone."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from bridgeway.notifications.kinds import Kind
from bridgeway.relationships.groups.models import GroupMeeting, GroupMember, MentoringGroup

MEMBERS = ("mentee", "mentor")


def _group(params: dict[str, Any], recipient: Any) -> dict[str, Any]:
    group = MentoringGroup.objects.select_related("program").get(pk=params["group"])
    return {"group": group.name, "program": group.program.name}


def _meeting(params: dict[str, Any], recipient: Any) -> dict[str, Any]:
    from bridgeway.notifications.render import when

    meeting = GroupMeeting.objects.select_related("group").get(pk=params["meeting"])
    zone = getattr(recipient, "time_zone", "") or "UTC"
    return {"group": meeting.group.name, "when": when(meeting.starts_at, zone)}


def _invitation(params: dict[str, Any], recipient: Any) -> list[tuple[str, bytes, str]]:
    from bridgeway.relationships.groups.meetings import invitation

    return invitation(params, recipient)


GROUP_STARTED = Kind(
    code="relationships.group_started",
    label=_("You join a mentoring group"),
    subject=_("You are in the group “%(group)s”"),
    summary=_(
        "You are in the mentoring group “%(group)s” of %(program)s. Read and sign its agreement."
    ),
    context=_group,
    needs_answer=True,
    roles=MEMBERS,
)

GROUP_ACTIVE = Kind(
    code="relationships.group_active",
    label=_("Your group's agreement is signed"),
    subject=_("The group “%(group)s” is under way"),
    summary=_("The agreement of “%(group)s” is in force: your group is under way."),
    context=_group,
    roles=MEMBERS,
)

GROUP_CLOSED = Kind(
    code="relationships.group_closed",
    label=_("Your group closes"),
    subject=_("The group “%(group)s” has closed"),
    summary=_(
        "The mentoring group “%(group)s” of %(program)s has closed. Tell us how it went: four "
        "short questions."
    ),
    context=_group,
    needs_answer=True,
    roles=MEMBERS,
)


def _check_in(params: dict[str, Any], recipient: Any) -> dict[str, Any]:
    from bridgeway.relationships.groups.checkins import question

    group = MentoringGroup.objects.select_related("program").get(pk=params["group"])
    return {
        "group": group.name,
        "program": group.program.name,
        "question": question(group.program, params.get("kind", "")),
    }


GROUP_CHECK_IN = Kind(
    code="relationships.group_check_in",
    label=_("Check-ins on your group"),
    subject=_("How is your group “%(group)s” going?"),
    summary=_("%(question)s One question, a minute of your time."),
    context=_check_in,
    roles=MEMBERS,
)

GROUP_MEETING_SCHEDULED = Kind(
    code="relationships.group_meeting_scheduled",
    label=_("A group meeting is scheduled"),
    subject=_("Group meeting “%(group)s”: %(when)s"),
    summary=_("Your group “%(group)s” meets on %(when)s."),
    context=_meeting,
    attachments=_invitation,
    needs_answer=True,
    roles=MEMBERS,
)

GROUP_MEETING_CANCELLED = Kind(
    code="relationships.group_meeting_cancelled",
    label=_("A group meeting is cancelled"),
    subject=_("Cancelled: group meeting “%(group)s”"),
    summary=_("The meeting of “%(group)s” on %(when)s is cancelled."),
    context=_meeting,
    attachments=_invitation,
    needs_answer=True,
    roles=MEMBERS,
)

GROUP_MEETING_REMINDER = Kind(
    code="relationships.group_meeting_reminder",
    label=_("Reminders before a group meeting"),
    subject=_("Reminder: group meeting “%(group)s”"),
    summary=_("Reminder: your group “%(group)s” meets on %(when)s."),
    context=_meeting,
    needs_answer=True,
    roles=MEMBERS,
)

GROUP_MEETING_CHECK = Kind(
    code="relationships.group_meeting_check",
    label=_("Did your group meet?"),
    subject=_("Did the group “%(group)s” meet?"),
    summary=_("Did you meet with “%(group)s” on %(when)s? Say so on the meeting page."),
    context=_meeting,
    roles=MEMBERS,
)


def _member(params: dict[str, Any], recipient: Any) -> dict[str, Any]:
    member = GroupMember.objects.select_related("enrollment__person", "group__program").get(
        pk=params["member"]
    )
    return {
        "group": member.group.name,
        "program": member.group.program.name,
        "name": member.enrollment.person.name,
    }


def _you_left(params: dict[str, Any], recipient: Any) -> dict[str, Any]:
    values = _group(params, recipient)
    values["next"] = (
        _(
            "You are back on the waiting list at the place you had; we will tell you when you "
            "join another group."
        )
        if params.get("waiting")
        else _("Write to the program's staff if you would like to join another group.")
    )
    return values


GROUP_MEMBER_JOINED = Kind(
    code="relationships.group_member_joined",
    label=_("Someone joins your group"),
    subject=_("%(name)s joins the group “%(group)s”"),
    summary=_(
        "%(name)s joins your group “%(group)s”. They take part once they have signed its agreement."
    ),
    context=_member,
    roles=MEMBERS,
)

GROUP_MEMBER_LEFT = Kind(
    code="relationships.group_member_left",
    label=_("Someone leaves your group"),
    subject=_("%(name)s has left the group “%(group)s”"),
    summary=_("%(name)s has left your group “%(group)s”."),
    context=_member,
    roles=MEMBERS,
)

GROUP_YOU_LEFT = Kind(
    code="relationships.group_you_left",
    label=_("You leave a group"),
    subject=_("You are no longer in the group “%(group)s”"),
    summary=_("You are no longer in the mentoring group “%(group)s” of %(program)s. %(next)s"),
    context=_you_left,
    roles=MEMBERS,
)

GROUP_BELOW_MINIMUM = Kind(
    code="relationships.group_below_minimum",
    label=_("A group has fewer members than it needs"),
    subject=_("The group “%(group)s” has fewer members than it needs"),
    summary=_(
        "After a departure, the group “%(group)s” of %(program)s has fewer members than a group "
        "needs. It stays open: add a member or close it."
    ),
    context=_group,
    needs_answer=True,
    roles=("staff",),
)

GROUP_ALUMNI_INVITATION = Kind(
    code="relationships.group_alumni_invitation",
    label=_("Invitations to become a mentor after a group"),
    subject=_("Would you mentor someone in %(program)s?"),
    summary=_(
        "Your group “%(group)s” in %(program)s has finished. Would you help the next newcomers "
        "as a mentor? One step, with your profile already filled in."
    ),
    context=_group,
    roles=("mentee",),
)
