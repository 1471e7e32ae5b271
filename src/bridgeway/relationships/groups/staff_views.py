"""Staff pages of a group program: its groups and forming one, and each group (members, the
agreement and who signed, starting it without signatures, closing it, the surveys)."""

from __future__ import annotations

from django.contrib import messages
from django.forms import Form
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from bridgeway.core.access import ANY_STAFF, mfa_required
from bridgeway.core.errors import form_add_domain_error
from bridgeway.core.http import AuthedRequest
from bridgeway.core.services import DomainError
from bridgeway.programs.models import Enrollment, Program
from bridgeway.programs.selectors import program_get_for_staff
from bridgeway.relationships.activation import deadline, soon_days
from bridgeway.relationships.forms import CloseForm, WaiveForm
from bridgeway.relationships.groups import alumni, checkins, membership, services
from bridgeway.relationships.groups.forms import (
    AddMemberForm,
    GroupContactForm,
    GroupForm,
    LeaveForm,
    WaitingFilterForm,
)
from bridgeway.relationships.groups.models import GroupAgreement, GroupMember, MentoringGroup
from bridgeway.relationships.groups.selectors import (
    addable_to_group,
    agreement_of,
    candidates_for_group,
    check_ins_of,
    goals_of,
    group_get_for_staff,
    groups_for_program,
    meetings_for_staff,
    members_for_staff,
    staff_contacts_of,
    surveys_of,
    waiting_for_group,
)
from bridgeway.relationships.groups.views import agreement_context


@mfa_required
def staff_groups(request: AuthedRequest, pk: int) -> HttpResponse:
    """A group program's groups; its mentees waiting for a group, the longest waiting first,
    with the day each one's time to start ends (all, or only those near or past it); and a form
    to start a group from the people ready to be matched."""
    program = program_get_for_staff(person=request.user, program_id=pk, roles=ANY_STAFF)
    mentors, mentees = candidates_for_group(program=program)
    form = GroupForm(
        request.POST or None,
        mentors=[(e.pk, f"{e.person.name} · {e.get_status_display()}") for e in mentors],
        mentees=[(e.pk, _mentee_label(e, program)) for e in mentees],
    )
    days = soon_days(program)
    waiting_filter = WaitingFilterForm(request.GET or None, days=days)
    waiting, waiting_more = waiting_for_group(program=program, soon=waiting_filter.soon)
    is_group = program.kind == Program.Kind.GROUP
    if request.method == "POST" and is_group and form.is_valid():
        try:
            group = services.group_form(
                program=program,
                name=form.cleaned_data["name"],
                mentor_ids=form.cleaned_data["mentors"],
                mentee_ids=form.cleaned_data["mentees"],
                by=request.user,
            )
        except DomainError as error:
            form_add_domain_error(form, error)
        else:
            messages.success(
                request, _("The group is formed. Every member is told and asked to sign.")
            )
            return redirect("relationships:staff_group", pk=group.pk)
    return render(
        request,
        "relationships/group/staff_list.html",
        {
            "program": program,
            "organization": program.organization,
            "is_group": is_group,
            "groups": groups_for_program(program=program)[:100],
            "form": form,
            "has_candidates": bool(mentors) and len(mentees) >= 2,
            "waiting": waiting,
            "waiting_more": waiting_more,
            "waiting_filter": waiting_filter,
            "waiting_soon": waiting_filter.soon,
            "soon_days": days,
        },
        status=400 if form.errors else 200,
    )


@mfa_required
def staff_group(request: AuthedRequest, pk: int) -> HttpResponse:
    """One group for its program's staff: members (adding one, taking one out, sending a
    mentee to look again), the agreement, what needs attention, check-ins and contacts,
    closing it and the surveys."""
    group = group_get_for_staff(person=request.user, group_id=pk)
    agreement = agreement_of(group)
    action = request.POST.get("form", "")
    everyone = members_for_staff(group=group)
    addable = addable_to_group(group=group)
    forms: dict[str, Form] = {
        "waive": WaiveForm(request.POST if action == "waive" else None),
        "close": CloseForm(request.POST if action == "close" else None, staff=True),
        "contact": GroupContactForm(
            request.POST if action == "contact" else None, prefix="contact"
        ),
        "add": AddMemberForm(
            request.POST if action == "add" else None,
            choices=[(e.pk, _choice_label(e)) for e in addable],
            prefix="add",
        ),
        "leave": LeaveForm(request.POST if action == "leave" else None, staff=True, prefix="leave"),
    }
    form = forms.get(action)
    chosen = next((m for m in everyone if str(m.pk) == request.POST.get("member")), None)
    if request.method == "POST" and action == "rematch":
        return _rematch(request, group, chosen)
    if request.method == "POST" and form is not None and form.is_valid():
        try:
            messages.success(request, _act(request, group, agreement, action, form, chosen))
        except DomainError as error:
            form_add_domain_error(form, error)
        else:
            return redirect("relationships:staff_group", pk=group.pk)
    members = [m for m in everyone if m.left_at is None]
    context = agreement_context(group, agreement, members)
    context.update(
        {
            "group": group,
            "program": group.program,
            "organization": group.program.organization,
            "members": members,
            "departed": [m for m in everyone if m.left_at is not None],
            "can_look_again": {
                m.pk
                for m in everyone
                if m.role == "mentee"
                and m.enrollment.status == "closed"
                and (group.status == "closed" or m.left_at is not None)
            },
            **forms,
            "can_add": bool(addable) and group.status != "closed",
            "surveys": surveys_of(group=group),
            "goals": goals_of(group=group),
            "meetings": meetings_for_staff(group=group),
            "risks": checkins.at_risk(program=group.program).get(group.pk, []),
            "check_ins": check_ins_of(group=group),
            "contacts": staff_contacts_of(group=group),
        }
    )
    return render(
        request,
        "relationships/group/staff_group.html",
        context,
        status=400 if form is not None and form.errors else 200,
    )


def _mentee_label(enrollment: Enrollment, program: Program) -> str:
    """A waiting mentee as the form offers them: name, status and when their time to start
    ends, in the reader's time zone."""
    ends = formats.date_format(timezone.localtime(deadline(enrollment, program)), "DATE_FORMAT")
    return _("%(name)s · %(status)s · time to start ends %(date)s") % {
        "name": enrollment.person.name,
        "status": enrollment.get_status_display(),
        "date": ends,
    }


def _choice_label(enrollment: Enrollment) -> str:
    role = _("mentor") if enrollment.role == "mentor" else _("mentee")
    return f"{enrollment.person.name} · {role} · {enrollment.get_status_display()}"


def _act(
    request: AuthedRequest,
    group: MentoringGroup,
    agreement: GroupAgreement | None,
    action: str,
    form: Form,
    chosen: GroupMember | None,
) -> str:
    """Do what the staff member asked; the message to show them."""
    data = form.cleaned_data
    if action == "waive" and agreement is not None:
        services.agreement_waive(agreement=agreement, by=request.user, reason=data["reason"])
        return _("The group is under way.")
    if action == "close":
        services.group_close(group=group, by=request.user, reason=data["reason"], note=data["note"])
        return _("The group is closed. Every member is told.")
    if action == "contact":
        checkins.staff_contact_add(group=group, by=request.user, note=data["note"])
        return _("The contact is recorded.")
    if action == "add":
        member = membership.member_add(
            group=group, enrollment_id=data["enrollment"], by=request.user
        )
        if member.must_sign:
            return _("%(name)s is in the group and signs its agreement before taking part.") % {
                "name": member.enrollment.person.name
            }
        return _("%(name)s is in the group. Every member is told.") % {
            "name": member.enrollment.person.name
        }
    if action == "leave" and chosen is not None:
        membership.member_leave(
            group=group,
            member=chosen,
            by=request.user,
            reason=data["reason"],
            note=data["note"],
            wants_another=data["wants_another"],
        )
        return _("%(name)s has left the group. The members are told.") % {
            "name": chosen.enrollment.person.name
        }
    raise DomainError(_("Choose the person from the list."))


def _rematch(
    request: AuthedRequest, group: MentoringGroup, chosen: GroupMember | None
) -> HttpResponse:
    try:
        if chosen is None:
            raise DomainError(_("Choose the person from the list."))
        alumni.rematch(group=group, member=chosen, by=request.user)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request,
            _("%(name)s is back on the waiting list at their place.")
            % {"name": chosen.enrollment.person.name},
        )
    return redirect("relationships:staff_group", pk=group.pk)
