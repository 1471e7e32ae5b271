"""Kinds of notification about requests and relationships (BRIDGEWAY_NOTIFICATION_KINDS).
Dates read in the recipient's own time zone and language."""

from __future__ import annotations

import zoneinfo
from datetime import datetime
from typing import Any

from django.db.models import QuerySet
from django.utils import formats
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

from bridgeway.core.kept_queries import KeptObjects
from bridgeway.notifications.kinds import Kind
from bridgeway.relationships.models import MentorRequest, Relationship


def _local_date(moment: datetime | None, recipient: Any) -> str:
    if moment is None:
        return ""
    zone = getattr(recipient, "time_zone", "") or "UTC"
    return formats.date_format(moment.astimezone(zoneinfo.ZoneInfo(zone)), "DATE_FORMAT")


def _request(params: dict[str, Any], recipient: Any) -> dict[str, Any]:
    request = MentorRequest.objects.select_related(
        "mentee__person", "mentor__person", "program"
    ).get(pk=params["request"])
    following = None
    if params.get("next"):
        following = (
            MentorRequest.objects.select_related("mentor__person").filter(pk=params["next"]).first()
        )
    return request_values(request, recipient, following)


def request_values(
    request: MentorRequest, recipient: Any, following: MentorRequest | None = None
) -> dict[str, Any]:
    """The values of a request's notification (the kinds whose `contexts` is `_request`), from
    the request with both people and its program: a change holding those rows gives them to
    `Notice.values`. `following`: the next choice's request, with its mentor's person."""
    return {
        "request": request,
        "mentee": request.mentee.person.name,
        "mentor": request.mentor.person.name,
        "program": request.program.name,
        "due": _local_date(request.due_at, recipient),
        "next": following.mentor.person.name if following is not None else "",
        "message": request.message,
    }


def _relationship(params: dict[str, Any], recipient: Any) -> dict[str, Any]:
    relationship = Relationship.objects.select_related(
        "mentee__person", "mentor__person", "program"
    ).get(pk=params["relationship"])
    mine = getattr(recipient, "pk", None)
    other = relationship.mentor if relationship.mentee.person_id == mine else relationship.mentee
    return {
        "relationship": relationship,
        "other": other.person.name,
        "program": relationship.program.name,
    }


def relationship_values(relationship: Relationship, recipient: Any) -> dict[str, Any]:
    """The values of a mentorship's notification for one of its two people (the kinds whose
    `contexts` is `_relationships`), from the mentorship read with its people and program: a
    change holding those rows gives them to `Notice.values`."""
    mine = getattr(recipient, "pk", None)
    mentee = relationship.mentee
    other = relationship.mentor if mentee.person_id == mine else mentee
    return {
        "relationship": relationship,
        "other": other.person.name,
        "program": relationship.program.name,
    }


def _with_people() -> QuerySet[Relationship]:
    return Relationship.objects.select_related("mentee__person", "mentor__person", "program")


# One mentorship with its people and program, as a list of notifications reads it: compiled
# once per process.
_one = KeptObjects(lambda pk: _with_people().filter(pk=pk).order_by(), int)


def _relationships(items: list[tuple[dict[str, Any], Any]]) -> list[dict[str, Any]]:
    """`_relationship` for a whole list in one query; a mentorship that is gone fails the list
    as it fails one."""
    wanted = {params["relationship"] for params, _r in items}
    if len(wanted) == 1:  # most often: a page of one person's notifications of one mentorship
        found = {relationship.pk: relationship for relationship in _one.list(*wanted)}
    else:
        found = _with_people().order_by().in_bulk(wanted)
    values = []
    for params, recipient in items:
        relationship = found.get(params["relationship"])
        if relationship is None:
            raise Relationship.DoesNotExist(f"relationship {params['relationship']}")
        values.append(relationship_values(relationship, recipient))
    return values


def _closed(params: dict[str, Any], recipient: Any) -> dict[str, Any]:
    values = _relationship(params, recipient)
    relationship = values["relationship"]
    values["reason"] = str(relationship.get_close_reason_display()).lower()
    return values


def _moved_on(params: dict[str, Any], recipient: Any) -> dict[str, Any]:
    values = _request(params, recipient)
    values["what_next"] = (
        _("Your request now goes to %(next)s.") % {"next": values["next"]}
        if values["next"]
        else _("Choose again from your suggestions, or wait: your coordinator will help.")
    )
    return values


MENTEE_AND_MENTOR = ("mentee", "mentor")

REQUEST_NEW = Kind(
    code="relationships.request_new",
    label=_("A mentee asks you to be their mentor"),
    subject=_("%(mentee)s asks you to be their mentor"),
    summary=_("%(mentee)s asks you to be their mentor in %(program)s. Please answer by %(due)s."),
    template="relationships/email/request_new.txt",
    context=_request,
    needs_answer=True,
    roles=("mentor",),
)

REQUEST_REMINDER = Kind(
    code="relationships.request_reminder",
    label=_("Reminders of a request waiting for your answer"),
    subject=_("%(mentee)s is waiting for your answer"),
    summary=_("Reminder: %(mentee)s is waiting for your answer until %(due)s."),
    context=_request,
    needs_answer=True,
    roles=("mentor",),
)

REQUEST_EXPIRED = Kind(
    code="relationships.request_expired",
    label=_("A request you did not answer in time"),
    subject=_("The request from %(mentee)s has expired"),
    summary=_(
        "The request from %(mentee)s expired without an answer; it went to their next choice."
    ),
    context=_request,
    roles=("mentor",),
)

REQUEST_EXPIRED_STAFF = Kind(
    code="relationships.request_expired_staff",
    label=_("Requests a mentor did not answer in time"),
    subject=_("A request in %(program)s was not answered in time"),
    summary=_("%(mentor)s did not answer the request of %(mentee)s in %(program)s in time."),
    context=_request,
    needs_answer=True,
    roles=("staff",),
)

REQUEST_MOVED_ON = Kind(
    code="relationships.request_moved_on",
    label=_("When a mentor you asked cannot answer"),
    subject=_("News about your request to %(mentor)s"),
    summary=_("%(mentor)s cannot be your mentor this time. %(what_next)s"),
    context=_moved_on,
    needs_answer=True,
    roles=("mentee",),
)

STARTED = Kind(
    code="relationships.started",
    label=_("Your mentorship begins"),
    subject=_("Your mentorship with %(other)s begins"),
    summary=_("Your mentorship with %(other)s in %(program)s begins."),
    contexts=_relationships,
    needs_answer=True,
    roles=MENTEE_AND_MENTOR,
)


FLASH_STARTED = Kind(
    code="relationships.flash_started",
    label=_("Your flash mentorship begins (one conversation)"),
    subject=_("Plan your conversation with %(other)s"),
    summary=_(
        "Your flash mentorship with %(other)s in %(program)s begins: one conversation. Propose "
        "times to meet on your mentorship page, or pick one of theirs."
    ),
    contexts=_relationships,
    needs_answer=True,
    roles=MENTEE_AND_MENTOR,
)


def _agreement_copy(params: dict[str, Any], recipient: Any) -> list[tuple[str, bytes, str]]:
    from bridgeway.relationships.agreement_pdf import attachment

    return attachment(params, recipient)


ACTIVE = Kind(
    code="relationships.active",
    label=_("Your agreement is signed"),
    subject=_("Your mentorship with %(other)s is under way"),
    summary=_(
        "Your agreement with %(other)s is in force: your mentorship is under way. Your copy "
        "of the agreement (PDF) is on your mentorship page."
    ),
    contexts=_relationships,
    attachments=_agreement_copy,
    roles=MENTEE_AND_MENTOR,
)


def _meeting(params: dict[str, Any], recipient: Any) -> dict[str, Any]:
    from bridgeway.notifications.render import when
    from bridgeway.relationships.models import Meeting
    from bridgeway.relationships.series import series_label

    meeting = Meeting.objects.select_related(
        "relationship__mentee__person", "relationship__mentor__person", "series"
    ).get(pk=params["meeting"])
    relationship = meeting.relationship
    mine = getattr(recipient, "pk", None)
    other = (
        relationship.mentor.person
        if relationship.mentee.person_id == mine
        else relationship.mentee.person
    )
    zone = getattr(recipient, "time_zone", "") or "UTC"
    times = "; ".join(when(option, zone, other.time_zone) for option in meeting.options)
    rule = series_label(meeting.series) if meeting.series is not None else ""
    if rule and meeting.options:
        times = _("%(times)s, repeating %(rule)s") % {"times": times, "rule": rule}
    return {
        "meeting": meeting,
        "other": other.name,
        "when": when(meeting.starts_at, zone, other.time_zone) if meeting.starts_at else "",
        "times": times,
        "rule": rule,
    }


def _meeting_check(params: dict[str, Any], recipient: Any) -> dict[str, Any]:
    """ "Did you meet?" with a link per answer, each signed for this person and meeting."""
    from bridgeway.relationships.meeting_answers import answer_links

    values = _meeting(params, recipient)
    values["answers"] = answer_links(values["meeting"], recipient)
    return values


def _series_invitation(params: dict[str, Any], recipient: Any) -> list[tuple[str, bytes, str]]:
    from bridgeway.relationships.meetings import series_invitation

    return series_invitation(params, recipient)


def _invitation(params: dict[str, Any], recipient: Any) -> list[tuple[str, bytes, str]]:
    from bridgeway.relationships.meetings import invitation

    return invitation(params, recipient)


MEETING_PROPOSED = Kind(
    code="relationships.meeting_proposed",
    label=_("Times proposed for a meeting"),
    subject=_("%(other)s proposes times to meet"),
    summary=_("%(other)s proposes times to meet: %(times)s. Pick one."),
    context=_meeting,
    needs_answer=True,
    roles=MENTEE_AND_MENTOR,
)

MEETING_SCHEDULED = Kind(
    code="relationships.meeting_scheduled",
    label=_("A meeting is scheduled"),
    subject=_("Meeting with %(other)s: %(when)s"),
    summary=_("Your meeting with %(other)s is on %(when)s."),
    context=_meeting,
    attachments=_invitation,
    needs_answer=True,
    roles=MENTEE_AND_MENTOR,
)

MEETING_CANCELLED = Kind(
    code="relationships.meeting_cancelled",
    label=_("A meeting is cancelled"),
    subject=_("Cancelled: meeting with %(other)s"),
    summary=_("The meeting with %(other)s on %(when)s is cancelled."),
    context=_meeting,
    attachments=_invitation,
    needs_answer=True,
    roles=MENTEE_AND_MENTOR,
)

MEETING_REMINDER = Kind(
    code="relationships.meeting_reminder",
    label=_("Reminders before a meeting"),
    subject=_("Reminder: meeting with %(other)s"),
    summary=_("Reminder: your meeting with %(other)s is on %(when)s."),
    context=_meeting,
    needs_answer=True,
    roles=MENTEE_AND_MENTOR,
)

MEETING_CHECK = Kind(
    code="relationships.meeting_check",
    label=_("Did you meet?"),
    subject=_("Did you meet %(other)s?"),
    summary=_("Did you meet %(other)s on %(when)s? Say so on the meeting page."),
    template="relationships/email/meeting_check.txt",
    context=_meeting_check,
    roles=MENTEE_AND_MENTOR,
)

SERIES_SCHEDULED = Kind(
    code="relationships.series_scheduled",
    label=_("A series of meetings is scheduled"),
    subject=_("Meetings with %(other)s: %(rule)s"),
    summary=_("Your meetings with %(other)s are scheduled, %(rule)s, from %(when)s."),
    context=_meeting,
    attachments=_series_invitation,
    needs_answer=True,
    roles=MENTEE_AND_MENTOR,
)

SERIES_CANCELLED = Kind(
    code="relationships.series_cancelled",
    label=_("A series of meetings is cancelled"),
    subject=_("Cancelled: meetings with %(other)s"),
    summary=_("The meetings with %(other)s from %(when)s on are cancelled."),
    context=_meeting,
    attachments=_series_invitation,
    needs_answer=True,
    roles=MENTEE_AND_MENTOR,
)


def _activation(params: dict[str, Any], recipient: Any) -> dict[str, Any]:
    from datetime import timedelta

    from bridgeway.programs.models import Enrollment

    enrollment = Enrollment.objects.select_related("program", "person").get(pk=params["enrollment"])
    program = enrollment.program
    deadline = enrollment.status_changed_at + timedelta(days=program.mentee_activation_days)
    return {
        "mentee": enrollment.person.name,
        "program": program.name,
        "days": program.mentee_activation_days,
        "date": _local_date(deadline, recipient),
    }


ACTIVATION_REMINDER = Kind(
    code="relationships.activation_reminder",
    label=_("Reminders to start your mentorship"),
    subject=_("Start your mentorship in %(program)s"),
    summary=_(
        "You have not started a mentorship in %(program)s yet. Ask mentors before %(date)s, "
        "or tell your coordinator what holds you back."
    ),
    context=_activation,
    needs_answer=True,
    roles=("mentee",),
)

ACTIVATION_FLAG = Kind(
    code="relationships.activation_flag",
    label=_("Mentees who have not started in time"),
    subject=_("%(mentee)s has not started a mentorship"),
    summary=ngettext_lazy(
        "%(mentee)s has not started a mentorship in %(program)s within %(days)s day.",
        "%(mentee)s has not started a mentorship in %(program)s within %(days)s days.",
        "days",
    ),
    context=_activation,
    needs_answer=True,
    roles=("staff",),
)


def _group_activation(params: dict[str, Any], recipient: Any) -> dict[str, Any]:
    from bridgeway.programs.models import Enrollment

    enrollment = Enrollment.objects.select_related("program").get(pk=params["enrollment"])
    return {"program": enrollment.program.name}


GROUP_ACTIVATION_REMINDER = Kind(
    code="relationships.group_activation_reminder",
    label=_("While you wait for a group"),
    subject=_("You are waiting for a group in %(program)s"),
    summary=_(
        "You are still waiting for a group in %(program)s: the program's staff are forming the "
        "groups and will tell you when you join one. Meanwhile, check that your profile and "
        "availability are up to date."
    ),
    context=_group_activation,
    roles=("mentee",),
)


def _group_activation_digest(params: dict[str, Any], recipient: Any) -> dict[str, Any]:
    """The program, how many mentees reach the end of the window and when, and the first of
    them by name (the longest waiting first), dates in the recipient's time zone."""
    from django.utils.dateparse import parse_datetime

    from bridgeway.programs.models import Enrollment, Program

    program = Program.objects.get(pk=params["program"])
    first = _local_date(parse_datetime(params["first"]), recipient)
    last = _local_date(parse_datetime(params["last"]), recipient)
    named = [(int(pk), end) for pk, end in params.get("mentees", [])]
    people = Enrollment.objects.select_related("person").in_bulk([pk for pk, _end in named])
    mentees = [
        {"name": people[pk].person.name, "date": _local_date(parse_datetime(end), recipient)}
        for pk, end in named
        if pk in people
    ]
    return {
        "program": program.name,
        "days": program.mentee_activation_days,
        "count": params["count"],
        "when": (
            _("on %(date)s") % {"date": first}
            if first == last
            else _("between %(first)s and %(last)s") % {"first": first, "last": last}
        ),
        "mentees": mentees,
        "more": max(0, int(params["count"]) - len(mentees)),
    }


GROUP_ACTIVATION_DIGEST = Kind(
    code="relationships.group_activation_digest",
    label=_("Mentees waiting for a group near the end of their time to start"),
    subject=ngettext_lazy(
        "%(count)s mentee is waiting for a group in %(program)s",
        "%(count)s mentees are waiting for a group in %(program)s",
        "count",
    ),
    summary=ngettext_lazy(
        "%(count)s mentee waiting for a group in %(program)s reaches the end of the program's "
        "%(days)s days to start %(when)s. Form a group for them on the Groups page.",
        "%(count)s mentees waiting for a group in %(program)s reach the end of the program's "
        "%(days)s days to start %(when)s. Form groups for them on the Groups page.",
        "count",
    ),
    template="relationships/email/group_activation_digest.txt",
    context=_group_activation_digest,
    needs_answer=True,
    roles=("staff",),
)


CLOSED = Kind(
    code="relationships.closed",
    label=_("Your mentorship closes"),
    subject=_("Your mentorship with %(other)s has closed"),
    summary=_(
        "Your mentorship with %(other)s in %(program)s has closed. Tell us how it went: "
        "four short questions."
    ),
    contexts=_relationships,
    needs_answer=True,
    roles=MENTEE_AND_MENTOR,
)

FLASH_SURVEY = Kind(
    code="relationships.flash_survey",
    label=_("After a flash mentorship's conversation"),
    subject=_("Was your conversation with %(other)s useful?"),
    summary=_(
        "Your flash mentorship with %(other)s in %(program)s is over. Was the conversation "
        "useful? One question, a minute of your time."
    ),
    contexts=_relationships,
    needs_answer=True,
    roles=MENTEE_AND_MENTOR,
)

FLASH_CLOSED = Kind(
    code="relationships.flash_closed",
    label=_("A flash mentorship closes without its conversation"),
    subject=_("Your flash mentorship with %(other)s has closed"),
    summary=_(
        "Your flash mentorship with %(other)s in %(program)s has closed: %(reason)s. Tell the "
        "program's staff if you would like another conversation."
    ),
    context=_closed,
    roles=MENTEE_AND_MENTOR,
)

ALUMNI_INVITATION = Kind(
    code="relationships.alumni_invitation",
    label=_("Invitations to become a mentor"),
    subject=_("Would you mentor someone in %(program)s?"),
    summary=_(
        "You finished your mentorship in %(program)s. Would you help the next newcomer as a "
        "mentor? One step, with your profile already filled in."
    ),
    contexts=_relationships,
    roles=("mentee",),
)

GOALS_MET = Kind(
    code="relationships.goals_met",
    label=_("All your goals are met"),
    subject=_("All your goals with %(other)s are met"),
    summary=_(
        "All your goals with %(other)s are met. Congratulations! Would you like to close your "
        "mentorship, or set new goals?"
    ),
    contexts=_relationships,
    needs_answer=True,
    roles=MENTEE_AND_MENTOR,
)


def _check_in(params: dict[str, Any], recipient: Any) -> dict[str, Any]:
    from bridgeway.relationships.checkins import question

    values = _relationship(params, recipient)
    values["question"] = question(values["relationship"].program, params.get("kind", ""))
    return values


CHECK_IN = Kind(
    code="relationships.check_in",
    label=_("Check-ins on your mentorship"),
    subject=_("How is your mentorship with %(other)s going?"),
    summary=_("%(question)s One question, a minute of your time."),
    context=_check_in,
    roles=MENTEE_AND_MENTOR,
)
