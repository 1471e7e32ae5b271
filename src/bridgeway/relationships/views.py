"""Pages of requests and relationships: the mentee asks, the mentor answers, both see their
mentorship, staff follow the requests of a program."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from bridgeway.core.access import ANY_STAFF, mfa_required
from bridgeway.core.errors import form_add_domain_error
from bridgeway.core.http import AuthedRequest
from bridgeway.core.pagination import paginate
from bridgeway.core.services import DomainError
from bridgeway.matching.reasons import render_reasons
from bridgeway.matching.selectors import (
    mentee_enrollment_get,
    mentor_enrollment_get,
    open_proposal_for_mentee,
)
from bridgeway.matching.suggestions import suggestions_for_mentee
from bridgeway.programs.questionnaires.selectors import profile_card, questions_for_program
from bridgeway.programs.selectors import program_get_for_staff
from bridgeway.relationships import services
from bridgeway.relationships.forms import AskForm, DeclineForm
from bridgeway.relationships.models import MentorRequest
from bridgeway.relationships.selectors import (
    open_requests_of_mentee,
    relationship_get_for_party,
    relationships_for_enrollments,
    relationships_for_program,
    request_get_for_mentor,
    requests_for_program,
    requests_of_mentee,
)


@login_required
def ask(request: AuthedRequest, pk: int) -> HttpResponse:
    """A waiting mentee chooses up to three of their suggested mentors, in order, and writes
    to them; once sent, the page follows the requests."""
    mentee = mentee_enrollment_get(person=request.user, enrollment_id=pk)
    context: dict[str, Any] = {
        "enrollment": mentee,
        "open_requests": open_requests_of_mentee(mentee=mentee),
        "history": requests_of_mentee(mentee=mentee),
        "relationships": relationships_for_enrollments(enrollment_ids=[mentee.pk])[mentee.pk],
        "proposal": open_proposal_for_mentee(mentee=mentee),
    }
    if context["open_requests"] or context["relationships"] or context["proposal"]:
        return render(request, "relationships/ask.html", context)
    suggestions = suggestions_for_mentee(mentee=mentee, record=request.method == "GET")
    mentors = [(item.mentor.pk, item.mentor.person.name) for item in suggestions.items]
    form = AskForm(request.POST or None, mentors=mentors)
    if request.method == "POST" and form.is_valid():
        try:
            services.requests_send(
                mentee=mentee,
                mentor_ids=form.cleaned_data["mentor_ids"],
                message=form.cleaned_data["message"],
                by=request.user,
            )
        except DomainError as error:
            form_add_domain_error(form, error)
        else:
            messages.success(request, _("Your request is sent. We will tell you the answer."))
            return redirect("relationships:ask", pk=mentee.pk)
    fields = dict(form.mentor_fields)
    context.update(
        {
            "suggestions": suggestions,
            "form": form,
            "items": [(item, form[fields[item.mentor.pk]]) for item in suggestions.items],
        }
    )
    return render(request, "relationships/ask.html", context)


@login_required
def request_detail(request: AuthedRequest, pk: int, request_pk: int) -> HttpResponse:
    """The mentor's page of one request: who asks, why they were suggested, their message; the
    answer (accept, or decline with a reason)."""
    mentor = mentor_enrollment_get(person=request.user, enrollment_id=pk)
    mentor_request = request_get_for_mentor(mentor=mentor, request_id=request_pk)
    decline = DeclineForm(request.POST if request.POST.get("answer") == "decline" else None)
    if request.method == "POST" and request.POST.get("answer") == "accept":
        try:
            relationship = services.request_accept(request=mentor_request, by=request.user)
        except DomainError as error:
            # A second click, or an answer after the deadline: said plainly, nothing changes.
            messages.error(request, error.message)
            return redirect("relationships:request", pk=mentor.pk, request_pk=mentor_request.pk)
        messages.success(request, _("You accepted. Your mentorship begins."))
        return redirect("relationships:detail", pk=relationship.pk)
    if request.method == "POST" and decline.is_valid():
        try:
            services.request_decline(
                request=mentor_request,
                by=request.user,
                reason=decline.cleaned_data["reason"],
                note=decline.cleaned_data["note"],
            )
        except DomainError as error:
            form_add_domain_error(decline, error)
            mentor_request.refresh_from_db()
        else:
            messages.success(request, _("You declined. Thank you for saying why."))
            return redirect("core:dashboard")
    proposal = mentor_request.proposal
    questions = {q.key: q for q in questions_for_program(program=mentor.program)}
    return render(
        request,
        "relationships/request.html",
        {
            "enrollment": mentor,
            "mentor_request": mentor_request,
            "waiting": mentor_request.status == MentorRequest.Status.WAITING,
            "card": profile_card(enrollment=mentor_request.mentee, heading_level=2),
            "reasons": render_reasons(proposal.reasons, questions) if proposal else [],
            "decline": decline,
        },
    )


@login_required
def relationship_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    relationship = relationship_get_for_party(person=request.user, relationship_id=pk)
    is_mentee = relationship.mentee.person_id == request.user.pk
    other = relationship.mentor if is_mentee else relationship.mentee
    return render(
        request,
        "relationships/detail.html",
        {
            "relationship": relationship,
            "other": other,
            "card": profile_card(enrollment=other, heading_level=2),
            "is_mentee": is_mentee,
        },
    )


@mfa_required
def staff_list(request: AuthedRequest, pk: int) -> HttpResponse:
    """A program's requests (with their deadlines and answers) and relationships, for staff."""
    program = program_get_for_staff(person=request.user, program_id=pk, roles=ANY_STAFF)
    return render(
        request,
        "relationships/staff_list.html",
        {
            "program": program,
            "organization": program.organization,
            "requests": paginate(request, requests_for_program(program=program)),
            "relationships": relationships_for_program(program=program)[:50],
        },
    )
