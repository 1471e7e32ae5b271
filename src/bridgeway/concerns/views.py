"""Pages of concerns: a participant raises one and follows it (/my/concerns/); the agency's
staff handle them (/manage/…/concerns/), each behind two-step verification."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from bridgeway.concerns import services
from bridgeway.concerns.forms import (
    AnswerForm,
    NoteForm,
    RaiseForm,
    StaffRaiseForm,
    StaffUpdateForm,
)
from bridgeway.concerns.history import history
from bridgeway.concerns.models import Category, Concern, Priority
from bridgeway.concerns.selectors import (
    block_in_force,
    blocks_of,
    concern_get_for_reporter,
    concern_get_for_staff,
    concerns_for_organization,
    concerns_of_reporter,
    counts_by_month,
    events_for_reporter,
    events_for_staff,
    programs_of,
    relationship_for_staff,
    staff_of,
    staff_programs,
    subjects_for_participant,
)
from bridgeway.core.access import ANY_STAFF, mfa_required, organization_get_for_staff
from bridgeway.core.errors import form_add_domain_error
from bridgeway.core.http import AuthedRequest, parse_id
from bridgeway.core.pagination import paginate, query_without_page
from bridgeway.core.services import DomainError
from bridgeway.messaging.formatting import render_message
from bridgeway.messaging.selectors import message_reported

# --- Participants -----------------------------------------------------------------------------


@login_required
def my_list(request: AuthedRequest) -> HttpResponse:
    """The concerns I raised and where each stands."""
    return render(
        request,
        "concerns/my_list.html",
        {"page": paginate(request, concerns_of_reporter(person=request.user))},
    )


@login_required
def my_new(request: AuthedRequest) -> HttpResponse:
    """Raise a concern about one of my mentorships (the page it was opened from) or programs."""
    subjects = subjects_for_participant(person=request.user)
    relationship_id = parse_id(request.GET.get("relationship"))
    # Reported from a conversation: a message of one the person is in (404 otherwise).
    message_id = parse_id(request.GET.get("message"))
    reported = message_reported(person=request.user, message_id=message_id) if message_id else None
    if reported is not None and reported.conversation.relationship_id:
        relationship_id = reported.conversation.relationship_id
    initial: dict[str, Any] = {"subject": f"r{relationship_id}"} if relationship_id else {}
    if reported is not None:
        initial["category"] = "conduct"
    form = RaiseForm(request.POST or None, subjects=subjects, initial=initial)
    if request.method == "POST" and form.is_valid():
        subject = form.cleaned_data["subject"]
        about = subject.other if form.cleaned_data.get("about_other") else None
        try:
            concern = services.concern_raise(
                by=request.user,
                category=form.cleaned_data["category"],
                description=form.cleaned_data["description"],
                program=subject.program,
                relationship=subject.relationship,
                about=about,
                block=bool(form.cleaned_data.get("block")),
                message=reported,
                client_key=form.cleaned_data.get("client_key") or "",
            )
        except DomainError as error:
            form_add_domain_error(form, error)
        else:
            messages.success(
                request, _("Your concern is with the program's staff. We will tell you the news.")
            )
            return redirect("concerns:my_detail", pk=concern.pk)
    return render(
        request,
        "concerns/my_new.html",
        {
            "form": form,
            "subjects": subjects,
            "reported": reported,
            "reported_html": render_message(reported.body) if reported else "",
        },
    )


@login_required
def my_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    """My concern: its status in plain words, what staff told me, my answers, and blocking the
    other person of the mentorship meanwhile."""
    concern = concern_get_for_reporter(person=request.user, concern_id=pk)
    action = request.POST.get("form", "")
    answer = AnswerForm(request.POST if action == "answer" else None)
    if request.method == "POST":
        try:
            if action == "answer" and answer.is_valid():
                services.concern_answer(
                    concern=concern, by=request.user, text=answer.cleaned_data["text"]
                )
                messages.success(request, _("Your answer is with the program's staff."))
                return redirect("concerns:my_detail", pk=concern.pk)
            if action == "block":
                services.block_create(concern=concern, by=request.user)
                messages.success(request, _("The block is in place until staff review it."))
                return redirect("concerns:my_detail", pk=concern.pk)
        except DomainError as error:
            if action == "answer":
                form_add_domain_error(answer, error)
            else:
                messages.error(request, error.message)
                return redirect("concerns:my_detail", pk=concern.pk)
    block = block_in_force(relationship=concern.relationship) if concern.relationship else None
    return render(
        request,
        "concerns/my_detail.html",
        {
            "concern": concern,
            "events": history(events_for_reporter(concern=concern), for_reporter=True),
            "answer": answer,
            "block": block,
            "can_block": concern.is_open and concern.relationship is not None and block is None,
        },
    )


# --- Staff ------------------------------------------------------------------------------------

FILTERS = ("status", "category", "program", "assignee", "priority")


@mfa_required
def staff_list(request: AuthedRequest, org: str) -> HttpResponse:
    """The agency's concerns, filtered by status, category, program, assignee and priority."""
    organization, membership = organization_get_for_staff(
        person=request.user, slug=org, roles=ANY_STAFF
    )
    get = request.GET
    status = get.get("status", "")
    status = status if status in Concern.Status.values or status == "open" else ""
    category = get.get("category", "")
    category = category if category in Category.values else ""
    priority = get.get("priority", "")
    priority = priority if priority in Priority.values else ""
    assignee = get.get("assignee", "")
    rows = concerns_for_organization(
        organization=organization,
        person=request.user,
        status=status,
        category=category,
        program_id=parse_id(get.get("program")),
        assignee_id=parse_id(assignee),
        unassigned=assignee == "none",
        priority=priority,
    )
    return render(
        request,
        "concerns/staff_list.html",
        {
            "organization": organization,
            "membership": membership,
            "page": paginate(request, rows),
            "page_query": query_without_page(request),
            "chosen": {name: get.get(name, "") for name in FILTERS},
            "statuses": Concern.Status.choices,
            "categories": Category.choices,
            "priorities": Priority.choices,
            "programs": staff_programs(organization=organization),
            "staff": staff_of(organization=organization),
        },
    )


@mfa_required
def staff_new(request: AuthedRequest, org: str) -> HttpResponse:
    """Staff raise a concern themselves: for a program, or from a relationship's page."""
    organization, membership = organization_get_for_staff(
        person=request.user, slug=org, roles=ANY_STAFF
    )
    relationship = relationship_for_staff(
        organization=organization, relationship_id=parse_id(request.GET.get("relationship"))
    )
    form = StaffRaiseForm(
        request.POST or None,
        programs=programs_of(organization=organization),
        relationship=relationship,
    )
    if request.method == "POST" and form.is_valid():
        about_role = form.cleaned_data.get("about") or ""
        try:
            concern = services.concern_raise(
                by=request.user,
                category=form.cleaned_data["category"],
                description=form.cleaned_data["description"],
                program=form.cleaned_data.get("program"),
                relationship=relationship,
                about=form.people.get(about_role) if relationship is not None else None,
                client_key=form.cleaned_data.get("client_key") or "",
            )
        except DomainError as error:
            form_add_domain_error(form, error)
        else:
            messages.success(request, _("The concern is recorded."))
            return redirect("concerns:staff_detail", pk=concern.pk)
    return render(
        request,
        "concerns/staff_new.html",
        {
            "organization": organization,
            "membership": membership,
            "relationship": relationship,
            "form": form,
        },
    )


@mfa_required
def staff_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    """One concern for its agency's staff: what was raised, its history with staff notes, and
    the controls (status, priority, assignee, outcome, a note or a message, lifting a block)."""
    concern = concern_get_for_staff(person=request.user, concern_id=pk)
    staff = staff_of(organization=concern.organization)
    action = request.POST.get("form", "")
    update = StaffUpdateForm(
        request.POST if action == "update" else None,
        staff=[p for p in staff if p.pk != concern.about_id],
        initial={
            "status": concern.status,
            "priority": concern.priority,
            "assignee": concern.assignee_id or "",
            "outcome": concern.outcome,
            "outcome_note": concern.outcome_note,
        },
    )
    note = NoteForm(request.POST if action == "note" else None)
    if request.method == "POST":
        try:
            if action == "update" and update.is_valid():
                data = update.cleaned_data
                services.concern_update(
                    concern=concern,
                    by=request.user,
                    status=data["status"],
                    priority=data["priority"],
                    assignee=update.staff.get(data["assignee"]),
                    unassign=not data["assignee"],
                    outcome=data["outcome"],
                    outcome_note=data["outcome_note"],
                )
                messages.success(request, _("The concern is updated."))
                return redirect("concerns:staff_detail", pk=concern.pk)
            if action == "note" and note.is_valid():
                services.concern_note(concern=concern, by=request.user, **note.cleaned_data)
                messages.success(
                    request,
                    _("Your message is sent.")
                    if note.cleaned_data["to_reporter"]
                    else _("Your note is saved."),
                )
                return redirect("concerns:staff_detail", pk=concern.pk)
            if action == "lift":
                block = _block_of(concern, request.POST.get("block"))
                services.block_lift(block=block, by=request.user)
                messages.success(request, _("The block is lifted."))
                return redirect("concerns:staff_detail", pk=concern.pk)
        except DomainError as error:
            form = {"update": update, "note": note}.get(action)
            if form is not None and hasattr(form, "cleaned_data"):
                form_add_domain_error(form, error)
            else:
                messages.error(request, error.message)
                return redirect("concerns:staff_detail", pk=concern.pk)
    return render(
        request,
        "concerns/staff_detail.html",
        {
            "concern": concern,
            "reported_html": (
                render_message(concern.message.body)
                if concern.message is not None and not concern.message.is_deleted
                else ""
            ),
            "organization": concern.organization,
            "events": history(events_for_staff(concern=concern), for_reporter=False),
            "blocks": blocks_of(concern=concern),
            "update": update,
            "note": note,
        },
    )


def _block_of(concern: Concern, value: Any) -> Any:
    block_id = parse_id(value)
    for block in blocks_of(concern=concern):
        if block.pk == block_id:
            return block
    raise Http404


@mfa_required
def staff_counts(request: AuthedRequest, org: str) -> HttpResponse:
    """Concerns raised per month and category over the last twelve months, for reports (how
    often language and communication come up across the programs)."""
    organization, membership = organization_get_for_staff(
        person=request.user, slug=org, roles=ANY_STAFF
    )
    programs = staff_programs(organization=organization)
    program_id = parse_id(request.GET.get("program"))
    program_id = program_id if program_id in {p.pk for p in programs} else None
    months, counts = counts_by_month(organization=organization, program_id=program_id)
    rows = [
        (month, [counts.get((month, code), 0) for code, _label in Category.choices])
        for month in months
    ]
    totals = [sum(row[1][i] for row in rows) for i in range(len(Category.choices))]
    return render(
        request,
        "concerns/staff_counts.html",
        {
            "organization": organization,
            "membership": membership,
            "categories": Category.choices,
            "rows": [(month, cells, sum(cells)) for month, cells in rows],
            "totals": totals,
            "total": sum(totals),
            "programs": programs,
            "program_id": program_id,
        },
    )
