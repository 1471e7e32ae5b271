"""The pages of one request: the mentor's (who asks, why, the answer, questions to the mentee,
their availability) and the mentee's (where it stands, the mentor's questions to answer and,
when both confirm a coordinator's proposal, their own answer)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from bridgeway.core.errors import form_add_domain_error
from bridgeway.core.http import AuthedRequest
from bridgeway.core.services import DomainError
from bridgeway.matching.reasons import render_reasons
from bridgeway.matching.selectors import mentee_enrollment_get, mentor_enrollment_get
from bridgeway.programs.questionnaires.selectors import profile_card, questions_for_program
from bridgeway.relationships import confirmation, questions, services
from bridgeway.relationships.availability import mentor_availability_set, places_held
from bridgeway.relationships.forms import (
    AvailabilityForm,
    DeclineForm,
    MenteeDeclineForm,
    QuestionForm,
)
from bridgeway.relationships.models import MentorRequest, Relationship
from bridgeway.relationships.selectors import request_get_for_mentee, request_get_for_mentor

R = MentorRequest.Status


def _post_question(
    request: AuthedRequest, mentor_request: MentorRequest, form: QuestionForm
) -> bool:
    """Post the thread's form; True when the caller redirects: the message is written, or the
    thread is closed (said in a message at the top of the page)."""
    if not form.is_valid():
        return False
    try:
        questions.question_post(
            request=mentor_request, by=request.user, text=form.cleaned_data["text"]
        )
    except DomainError as error:
        if error.field is None:
            messages.error(request, error.message)
            return True
        form_add_domain_error(form, error)
        return False
    messages.success(request, _("Your message is sent."))
    return True


def _reasons(mentor_request: MentorRequest) -> list[Any]:
    proposal = mentor_request.proposal
    if proposal is None:
        return []
    found = {q.key: q for q in questions_for_program(program=mentor_request.program)}
    return render_reasons(proposal.reasons, found)


def _accepted(request: AuthedRequest, relationship: Relationship | None) -> HttpResponse | None:
    if relationship is None:
        messages.success(request, _("You accepted. We are waiting for the other answer."))
        return None
    messages.success(request, _("You accepted. Your mentorship begins."))
    return redirect("relationships:detail", pk=relationship.pk)


@login_required
def request_detail(request: AuthedRequest, pk: int, request_pk: int) -> HttpResponse:
    """The mentor's page of one request: who asks, why they were suggested, their message; the
    answer (accept, or decline with a reason), or a question to the mentee first."""
    mentor = mentor_enrollment_get(person=request.user, enrollment_id=pk)
    mentor_request = request_get_for_mentor(mentor=mentor, request_id=request_pk)
    answer = request.POST.get("answer")
    here = redirect("relationships:request", pk=mentor.pk, request_pk=mentor_request.pk)
    decline = DeclineForm(request.POST if answer == "decline" else None)
    question = QuestionForm(request.POST if answer == "question" else None)
    availability = AvailabilityForm(
        request.POST if answer == "availability" else None,
        initial={
            "paused_until": mentor.paused_until,
            "capacity": mentor.capacity or mentor.program.mentor_capacity_default,
        },
    )
    if request.method == "POST" and availability.is_valid():
        try:
            mentor_availability_set(mentor=mentor, by=request.user, **availability.cleaned_data)
        except DomainError as error:
            form_add_domain_error(availability, error)
        else:
            messages.success(request, _("Your availability is saved."))
            return here
    if (
        request.method == "POST"
        and answer == "question"
        and _post_question(request, mentor_request, question)
    ):
        return here
    if request.method == "POST" and answer == "accept":
        try:
            relationship = services.request_accept(request=mentor_request, by=request.user)
        except DomainError as error:
            # A second click, or an answer after the deadline: said plainly, nothing changes.
            messages.error(request, error.message)
            return here
        return _accepted(request, relationship) or here
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
    waiting = mentor_request.status == R.WAITING
    return render(
        request,
        "relationships/request.html",
        {
            "enrollment": mentor,
            "mentor_request": mentor_request,
            "waiting": waiting,
            "can_answer": waiting and mentor_request.mentor_accepted_at is None,
            "card": profile_card(enrollment=mentor_request.mentee, heading_level=2),
            "reasons": _reasons(mentor_request),
            "decline": decline,
            "question": question,
            "thread": questions.thread_of(request=mentor_request),
            "availability": availability,
            "places_held": places_held(mentor),
        },
        status=400 if availability.errors or question.errors else 200,
    )


@login_required
def mentee_request(request: AuthedRequest, pk: int, request_pk: int) -> HttpResponse:
    """The mentee's page of one request: where it stands, why this mentor, the mentor's
    questions to answer, and their own answer when both confirm a coordinator's proposal."""
    mentee = mentee_enrollment_get(person=request.user, enrollment_id=pk)
    mentor_request = request_get_for_mentee(mentee=mentee, request_id=request_pk)
    answer = request.POST.get("answer")
    here = redirect("relationships:mentee_request", pk=mentee.pk, request_pk=mentor_request.pk)
    question = QuestionForm(request.POST if answer == "question" else None)
    decline = MenteeDeclineForm(request.POST if answer == "decline" else None)
    if (
        request.method == "POST"
        and answer == "question"
        and _post_question(request, mentor_request, question)
    ):
        return here
    if request.method == "POST" and answer == "accept":
        try:
            relationship = confirmation.request_accept_as_mentee(
                request=mentor_request, by=request.user
            )
        except DomainError as error:
            messages.error(request, error.message)
            return here
        return _accepted(request, relationship) or here
    if request.method == "POST" and decline.is_valid():
        try:
            confirmation.request_decline_as_mentee(
                request=mentor_request,
                by=request.user,
                reason=decline.cleaned_data["reason"],
                note=decline.cleaned_data["note"],
            )
        except DomainError as error:
            form_add_domain_error(decline, error)
            mentor_request.refresh_from_db()
        else:
            messages.success(request, _("You declined. Your coordinator will be in touch."))
            return here
    thread = questions.thread_of(request=mentor_request)
    waiting = mentor_request.status == R.WAITING
    return render(
        request,
        "relationships/mentee_request.html",
        {
            "enrollment": mentee,
            "mentor_request": mentor_request,
            "waiting": waiting,
            "can_answer": waiting
            and mentor_request.mentee_confirms
            and mentor_request.mentee_accepted_at is None,
            "card": profile_card(enrollment=mentor_request.mentor, heading_level=2),
            "reasons": _reasons(mentor_request),
            "thread": thread,
            "may_write": questions.mentee_may_write(request=mentor_request, thread=thread),
            "question": question,
            "decline": decline,
        },
        status=400 if question.errors or decline.errors else 200,
    )
