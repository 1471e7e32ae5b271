"""Pages of a mentoring group for its members: My group (members, agreement, goals, meetings,
hours and what is due), goals, meetings, closing and the closure survey."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from bridgeway.core.errors import form_add_domain_error
from bridgeway.core.http import AuthedRequest, parse_id
from bridgeway.core.services import DomainError
from bridgeway.core.time_zones import time_zone_label
from bridgeway.messaging.selectors import conversation_member
from bridgeway.notifications.render import when
from bridgeway.programs.models import EnrollmentRole
from bridgeway.relationships import agreements
from bridgeway.relationships.forms import (
    CloseForm,
    GoalForm,
    GoalNoteForm,
    MeetingLogForm,
    SignForm,
    SurveyForm,
    TermsForm,
)
from bridgeway.relationships.groups import goals, meetings, services
from bridgeway.relationships.groups.forms import GroupMeetingForm
from bridgeway.relationships.groups.models import GroupAgreement, GroupMember, MentoringGroup
from bridgeway.relationships.groups.selectors import (
    agreement_of,
    departure_of,
    goal_get,
    goals_of,
    group_get_for_member,
    meeting_get_for_member,
    meeting_logged,
    meetings_to_log,
    members_with_people,
    survey_answered,
    upcoming_meetings,
)
from bridgeway.relationships.models import FINISHED


def _me(members: list[GroupMember], request: AuthedRequest) -> GroupMember | None:
    return next((m for m in members if m.enrollment.person_id == request.user.pk), None)


def agreement_context(
    group: MentoringGroup, agreement: GroupAgreement | None, members: list[GroupMember]
) -> dict[str, Any]:
    """The agreement as members and staff read it: terms, text and who has signed."""
    if agreement is None:
        return {"agreement": None}
    signed = {s.member_id: s for s in agreement.signatures.all()}
    return {
        "agreement": agreement,
        "agreement_text": agreements.agreement_text(agreement),
        "agreement_channels": agreements.channel_labels(agreement),
        "signatures": [(member, signed.get(member.pk)) for member in members],
        "all_signed": all(m.pk in signed for m in members),
    }


@login_required
def group_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    """My group: who is in it, the agreement to settle and sign, the goals, the next meetings
    in the person's own time zone, their hours and what is due."""
    group = group_get_for_member(person=request.user, group_id=pk)
    members = members_with_people(group=group)
    me = _me(members, request)
    agreement = agreement_of(group)
    is_mentor = me is not None and me.role == EnrollmentRole.MENTOR
    which = request.POST.get("form")
    terms = sign = None
    newcomer = me is not None and me.must_sign and group.status == MentoringGroup.Status.ACTIVE
    starting = group.status == MentoringGroup.Status.AGREEMENT
    if agreement is not None and me and (starting or newcomer):
        if is_mentor and starting:
            terms = TermsForm(
                request.POST if which == "terms" else None,
                initial={
                    "meeting_frequency": agreement.meeting_frequency,
                    "channels": agreement.channels,
                    "response_days": agreement.response_days,
                },
            )
        sign = SignForm(request.POST if which == "sign" else None)
        form = terms if which == "terms" else sign if which == "sign" else None
        if request.method == "POST" and form is not None and form.is_valid():
            try:
                if form is terms:
                    services.agreement_terms(
                        agreement=agreement, by=request.user, **form.cleaned_data
                    )
                    messages.success(
                        request, _("The terms are saved. Every member signs them now.")
                    )
                else:
                    services.agreement_sign(
                        agreement=agreement, by=request.user, **form.cleaned_data
                    )
                    messages.success(
                        request,
                        _("You signed the group's agreement. Welcome to the group!")
                        if newcomer
                        else _("You signed the group's agreement."),
                    )
            except DomainError as error:
                form_add_domain_error(form, error)
            else:
                return redirect("relationships:group", pk=group.pk)
    context = agreement_context(group, agreement, [m for m in members if not m.left_at])
    i_signed = any(s is not None for m, s in context.get("signatures", []) if m == me)
    now = timezone.now()
    zone = request.user.time_zone
    upcoming = upcoming_meetings(group=group, now=now)
    to_log = meetings_to_log(group=group, person=request.user, now=now) if me else []
    if newcomer:
        to_log = []
    context.update(
        {
            "group": group,
            "members": members,
            "me": me,
            "is_mentor": is_mentor,
            "terms": terms,
            "sign": sign,
            "i_signed": i_signed,
            "chat": conversation_member(conversation_id=group.conversation_id, person=request.user),
            "meetings": [(m, when(m.starts_at, zone)) for m in upcoming],
            "to_log": [(m, when(m.starts_at, zone)) for m in to_log],
            "hours": meetings.hours_of(group=group, person=request.user),
            "goals": goals_of(group=group),
            "survey_due": group.status == MentoringGroup.Status.CLOSED
            and me is not None
            and not survey_answered(group=group, person=request.user),
            "newcomer": newcomer,
            "departure": departure_of(group=group, person=request.user) if me is None else None,
            "alumni": me is not None
            and me.role == EnrollmentRole.MENTEE
            and group.status == MentoringGroup.Status.CLOSED
            and group.close_reason in FINISHED,
        }
    )
    return render(request, "relationships/group/detail.html", context)


@login_required
def group_goals(request: AuthedRequest, pk: int) -> HttpResponse:
    """The circle's goals: add one with the SMART prompts, write progress, mark it met."""
    group = group_get_for_member(person=request.user, group_id=pk)
    action = request.POST.get("form", "")
    add = GoalForm(request.POST if action == "add" else None)
    note = GoalNoteForm(request.POST if action == "note" else None)
    if request.method == "POST":
        goal = goal_get(group=group, goal_id=parse_id(request.POST.get("goal")))
        try:
            if action == "add" and add.is_valid():
                goals.goal_add(group=group, by=request.user, **add.cleaned_data)
                messages.success(request, _("The goal is added."))
                return redirect("relationships:group_goals", pk=group.pk)
            if action == "note" and goal is not None and note.is_valid():
                goals.goal_note(goal=goal, by=request.user, text=note.cleaned_data["text"])
                messages.success(request, _("Your progress is noted."))
                return redirect("relationships:group_goals", pk=group.pk)
            if action == "met" and goal is not None:
                goals.goal_met(goal=goal, by=request.user)
                messages.success(request, _("Well done: the goal is met."))
                return redirect("relationships:group_goals", pk=group.pk)
        except DomainError as error:
            form = add if action == "add" else note if action == "note" else None
            if form is not None and hasattr(form, "cleaned_data"):
                form_add_domain_error(form, error)
            else:
                messages.error(request, error.message)
                return redirect("relationships:group_goals", pk=group.pk)
    return render(
        request,
        "relationships/group/goals.html",
        {
            "group": group,
            "goals": goals_of(group=group),
            "add": add,
            "note": note,
            "can_edit": group.status == MentoringGroup.Status.ACTIVE,
        },
    )


@login_required
def group_meeting_new(request: AuthedRequest, pk: int) -> HttpResponse:
    """A mentor schedules the circle's next meeting, typed in their own time zone."""
    group = group_get_for_member(person=request.user, group_id=pk)
    form = GroupMeetingForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            meeting = meetings.meeting_schedule(
                group=group,
                by=request.user,
                kind=data["kind"],
                day=data["day"],
                at=data["time"],
                duration_minutes=data["duration_minutes"],
                link=data["link"],
                place=data["place"],
            )
        except DomainError as error:
            form_add_domain_error(form, error)
        else:
            messages.success(
                request, _("The meeting is scheduled. Every member gets an invitation.")
            )
            return redirect("relationships:group_meeting", pk=meeting.pk)
    return render(
        request,
        "relationships/group/meeting_new.html",
        {"group": group, "form": form, "time_zone": time_zone_label(request.user.time_zone)},
    )


@login_required
def group_meeting(request: AuthedRequest, pk: int) -> HttpResponse:
    """A group meeting in the person's own time zone; cancel it (mentors) or say how it went."""
    meeting = meeting_get_for_member(person=request.user, meeting_id=pk)
    group = meeting.group
    members = members_with_people(group=group)
    me = _me(members, request)
    log_form = MeetingLogForm(
        request.POST if request.POST.get("form") == "log" else None,
        initial={"outcome": "met", "minutes": meeting.duration_minutes},
    )
    if request.method == "POST":
        action = request.POST.get("form")
        try:
            if action == "cancel":
                meetings.meeting_cancel(meeting=meeting, by=request.user)
                messages.success(request, _("The meeting is cancelled. Every member is told."))
                return redirect("relationships:group_meeting", pk=meeting.pk)
            if action == "log" and log_form.is_valid():
                meetings.meeting_log(
                    meeting=meeting,
                    by=request.user,
                    outcome=log_form.cleaned_data["outcome"],
                    minutes=log_form.cleaned_data["minutes"] or 0,
                )
                messages.success(request, _("Thank you. It is noted."))
                return redirect("relationships:group_meeting", pk=meeting.pk)
        except DomainError as error:
            if action == "log":
                form_add_domain_error(log_form, error)
            else:
                messages.error(request, error.message)
                return redirect("relationships:group_meeting", pk=meeting.pk)
    scheduled = meeting.status == "scheduled"
    return render(
        request,
        "relationships/group/meeting.html",
        {
            "meeting": meeting,
            "group": group,
            "when": when(meeting.starts_at, request.user.time_zone),
            "is_mentor": me is not None and me.role == EnrollmentRole.MENTOR,
            "can_log": me is not None
            and scheduled
            and meeting.starts_at <= timezone.now()
            and not meeting_logged(meeting=meeting, person=request.user),
            "log_form": log_form,
        },
    )


@login_required
def group_meeting_calendar(request: AuthedRequest, pk: int) -> HttpResponse:
    """The meeting as a calendar file, for people whose mail program did not add it."""
    meeting = meeting_get_for_member(person=request.user, meeting_id=pk)
    content = meetings.ics(meeting, cancel=meeting.status == "cancelled")
    response = HttpResponse(content, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="meeting.ics"'
    return response


@login_required
def group_close(request: AuthedRequest, pk: int) -> HttpResponse:
    """A mentor closes the group, with a reason; asked before it happens."""
    group = group_get_for_member(person=request.user, group_id=pk)
    me = _me(members_with_people(group=group), request)
    is_mentor = me is not None and me.role == EnrollmentRole.MENTOR
    form = CloseForm(request.POST or None, initial={"reason": request.GET.get("reason", "")})
    if request.method == "POST" and is_mentor and form.is_valid():
        try:
            services.group_close(
                group=group,
                by=request.user,
                reason=form.cleaned_data["reason"],
                note=form.cleaned_data["note"],
            )
        except DomainError as error:
            form_add_domain_error(form, error)
        else:
            messages.success(request, _("The group is closed. Every member is told."))
            return redirect("relationships:group_survey", pk=group.pk)
    return render(
        request,
        "relationships/group/close.html",
        {"group": group, "form": form, "is_mentor": is_mentor},
    )


@login_required
def group_survey(request: AuthedRequest, pk: int) -> HttpResponse:
    """Four short questions when the group has closed."""
    group = group_get_for_member(person=request.user, group_id=pk)
    answered = survey_answered(group=group, person=request.user)
    form = SurveyForm(request.POST or None)
    if request.method == "POST" and not answered and form.is_valid():
        try:
            services.survey_submit(group=group, by=request.user, **form.cleaned_data)
        except DomainError as error:
            form_add_domain_error(form, error)
        else:
            messages.success(request, _("Thank you. Your answers help the next groups."))
            return redirect("relationships:group_survey", pk=group.pk)
    return render(
        request,
        "relationships/group/survey.html",
        {
            "group": group,
            "form": form,
            "answered": answered,
            "closed": group.status == MentoringGroup.Status.CLOSED,
        },
    )
