"""A member's pages of a circle beyond My group: the check-in questions, leaving the group,
and, for a mentee whose group finished, the invitation to mentor (the alumni path)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from bridgeway.core.errors import form_add_domain_error
from bridgeway.core.http import AuthedRequest
from bridgeway.core.services import DomainError
from bridgeway.relationships import checkins as pair_checkins
from bridgeway.relationships.forms import CheckInForm
from bridgeway.relationships.groups import alumni, checkins, membership
from bridgeway.relationships.groups.forms import LeaveForm
from bridgeway.relationships.groups.models import MentoringGroup
from bridgeway.relationships.groups.selectors import (
    check_in_answered,
    group_get_for_member,
    member_of_person,
)


@login_required
def group_check_in(request: AuthedRequest, pk: int, kind: str, round_: str) -> HttpResponse:
    """One question (the mid-point check or the monthly one); staff read the answers."""
    group = group_get_for_member(person=request.user, group_id=pk)
    if kind not in ("midpoint", "pulse") or not pair_checkins.ROUND.match(round_):
        raise Http404
    answered = check_in_answered(group=group, person=request.user, round_=round_)
    form = CheckInForm(request.POST or None)
    if request.method == "POST" and not answered and form.is_valid():
        try:
            checkins.check_in_submit(
                group=group, by=request.user, kind=kind, round=round_, **form.cleaned_data
            )
        except DomainError as error:
            form_add_domain_error(form, error)
        else:
            messages.success(request, _("Thank you. Your answer is with the program's staff."))
            return redirect("relationships:group", pk=group.pk)
    return render(
        request,
        "relationships/check_in.html",
        {
            "group": group,
            "question": checkins.question(group.program, kind),
            "form": form,
            "answered": answered,
        },
    )


@login_required
def group_leave(request: AuthedRequest, pk: int) -> HttpResponse:
    """A member leaves the group, with a reason; asked before it happens."""
    group = group_get_for_member(person=request.user, group_id=pk)
    me = member_of_person(group=group, person=request.user)
    form = LeaveForm(request.POST or None, mentee=me is None or me.role == "mentee")
    can_leave = me is not None and group.status != MentoringGroup.Status.CLOSED
    if request.method == "POST" and me is not None and form.is_valid():
        try:
            membership.member_leave(
                group=group,
                member=me,
                by=request.user,
                reason=form.cleaned_data["reason"],
                note=form.cleaned_data["note"],
                wants_another=form.cleaned_data.get("wants_another", False),
            )
        except DomainError as error:
            form_add_domain_error(form, error)
        else:
            messages.success(request, _("You have left the group. Its members are told."))
            return redirect("relationships:group", pk=group.pk)
    return render(
        request,
        "relationships/group/leave.html",
        {
            "group": group,
            "form": form,
            "can_leave": can_leave,
            "is_mentee": me is not None and me.role == "mentee",
        },
    )


@login_required
def group_become_mentor(request: AuthedRequest, pk: int) -> HttpResponse:
    """The alumni path after a group: one step to applying as a mentor."""
    group = group_get_for_member(person=request.user, group_id=pk)
    if request.method == "POST":
        try:
            enrollment = alumni.become_mentor(group=group, by=request.user)
        except DomainError as error:
            messages.error(request, error.message)
            return redirect("relationships:group_become_mentor", pk=group.pk)
        messages.success(request, _("Thank you! Your application to mentor is received."))
        return redirect("programs:applied", pk=enrollment.pk)
    return render(
        request,
        "relationships/become_mentor.html",
        {"program": group.program, "back": "relationships:group", "back_pk": group.pk},
    )
