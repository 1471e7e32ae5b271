"""Staff pages of a group program: its groups and forming one, and each group (members, the
agreement and who signed, starting it without signatures, closing it, the surveys)."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from bridgeway.core.access import ANY_STAFF, mfa_required
from bridgeway.core.errors import form_add_domain_error
from bridgeway.core.http import AuthedRequest
from bridgeway.core.services import DomainError
from bridgeway.programs.models import Program
from bridgeway.programs.selectors import program_get_for_staff
from bridgeway.relationships.forms import CloseForm, WaiveForm
from bridgeway.relationships.groups import services
from bridgeway.relationships.groups.forms import GroupForm
from bridgeway.relationships.groups.selectors import (
    agreement_of,
    candidates_for_group,
    goals_of,
    group_get_for_staff,
    groups_for_program,
    meetings_for_staff,
    members_with_people,
    surveys_of,
)
from bridgeway.relationships.groups.views import agreement_context


@mfa_required
def staff_groups(request: AuthedRequest, pk: int) -> HttpResponse:
    """A group program's groups, and a form to start one from the people ready to be matched."""
    program = program_get_for_staff(person=request.user, program_id=pk, roles=ANY_STAFF)
    mentors, mentees = candidates_for_group(program=program)
    form = GroupForm(
        request.POST or None,
        mentors=[(e.pk, f"{e.person.name} · {e.get_status_display()}") for e in mentors],
        mentees=[(e.pk, f"{e.person.name} · {e.get_status_display()}") for e in mentees],
    )
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
        },
        status=400 if form.errors else 200,
    )


@mfa_required
def staff_group(request: AuthedRequest, pk: int) -> HttpResponse:
    """One group for its program's staff."""
    group = group_get_for_staff(person=request.user, group_id=pk)
    agreement = agreement_of(group)
    action = request.POST.get("form", "")
    waive = WaiveForm(request.POST if action == "waive" else None)
    close = CloseForm(request.POST if action == "close" else None, staff=True)
    form = {"waive": waive, "close": close}.get(action)
    if request.method == "POST" and form is not None and form.is_valid():
        try:
            if form is waive and agreement is not None:
                services.agreement_waive(
                    agreement=agreement, by=request.user, reason=waive.cleaned_data["reason"]
                )
                messages.success(request, _("The group is under way."))
            else:
                services.group_close(
                    group=group,
                    by=request.user,
                    reason=close.cleaned_data["reason"],
                    note=close.cleaned_data["note"],
                )
                messages.success(request, _("The group is closed. Every member is told."))
        except DomainError as error:
            form_add_domain_error(form, error)
        else:
            return redirect("relationships:staff_group", pk=group.pk)
    members = members_with_people(group=group)
    context = agreement_context(group, agreement, members)
    context.update(
        {
            "group": group,
            "program": group.program,
            "organization": group.program.organization,
            "members": members,
            "waive": waive,
            "close": close,
            "surveys": surveys_of(group=group),
            "goals": goals_of(group=group),
            "meetings": meetings_for_staff(group=group),
        }
    )
    return render(request, "relationships/group/staff_group.html", context)
