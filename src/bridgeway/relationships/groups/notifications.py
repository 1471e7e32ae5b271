"""Kinds of notification about mentoring groups (BRIDGEWAY_NOTIFICATION_KINDS), each in its
recipient's language, times in their own time zone."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from bridgeway.notifications.kinds import Kind
from bridgeway.relationships.groups.models import GroupMeeting, MentoringGroup

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
