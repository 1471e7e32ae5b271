"""Screening pages of participants: the mentor self-assessment (also before applying, for
anyone) and the references the person names. Staff pages are in views.py."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from bridgeway.core.errors import form_add_domain_error
from bridgeway.core.http import AuthedRequest
from bridgeway.core.i18n import translated
from bridgeway.core.services import DomainError
from bridgeway.programs.models import Enrollment
from bridgeway.programs.screening import assessments, selectors, services
from bridgeway.programs.screening.forms import (
    ReferenceForm,
    TakeAssessmentForm,
)
from bridgeway.programs.selectors import (
    enrollment_get_for_person,
)

# --- The mentor's self-assessment ---------------------------------------------------------------

# Answers someone gave before applying, kept in their session (never in a table: they have no
# enrollment yet), to fill in the self-assessment once they apply as a mentor.
_EARLIER_ANSWERS = "screening:self-assessment:{program}"


def _earlier_answers(request: HttpRequest, program_id: int) -> dict[str, int]:
    stored = request.session.get(_EARLIER_ANSWERS.format(program=program_id))
    return stored if isinstance(stored, dict) else {}


@login_required
def self_assessment(request: AuthedRequest, pk: int) -> HttpResponse:
    """A mentor answers the program's questions and sees their score with advice."""
    enrollment = enrollment_get_for_person(person=request.user, enrollment_id=pk)
    if enrollment.role != Enrollment.Role.MENTOR:
        raise Http404
    current = selectors.assessment_for_program(program=enrollment.program)
    if current is None or not selectors.assessment_is_open(current):
        raise Http404
    result = selectors.latest_result(enrollment=enrollment)
    earlier = _earlier_answers(request, enrollment.program_id) if result is None else {}
    form = TakeAssessmentForm(
        request.POST or None,
        assessment=current,
        initial={f"question_{question}": choice for question, choice in earlier.items()},
    )
    retake = request.GET.get("retake") == "1" or result is None
    if request.method == "POST":
        retake = True
        if form.is_valid():
            try:
                assessments.assessment_submit(enrollment=enrollment, answers=form.answers())
            except DomainError as error:
                form_add_domain_error(form, error)
            else:
                request.session.pop(_EARLIER_ANSWERS.format(program=enrollment.program_id), None)
                messages.success(request, _("Thank you. Here is your result."))
                return redirect("screening:self_assessment", pk=enrollment.pk)
    advice = None
    if result is not None:
        advice = translated(
            current.advice_above if result.score >= current.threshold else current.advice_below
        )
    return render(
        request,
        "screening/self_assessment.html",
        {
            "enrollment": enrollment,
            "assessment": current,
            "form": form,
            "result": result,
            "advice": advice,
            "passed": result is not None and result.score >= current.threshold,
            "show_form": retake,
            "from_earlier": bool(earlier),
        },
        status=400 if request.method == "POST" else 200,
    )


def self_assessment_try(request: HttpRequest, pk: int) -> HttpResponse:
    """The mentor self-assessment of a published program, for anyone thinking of applying as a
    mentor: the score and the advice are shown at once and nothing is recorded. The answers
    stay in the visitor's session only, to be filled in when they take it again as part of
    screening after applying."""
    assessment = selectors.assessment_for_prospect(program_id=pk)
    form = TakeAssessmentForm(request.POST or None, assessment=assessment)
    score = None
    if request.method == "POST" and form.is_valid():
        try:
            score, _copied = selectors.assessment_score(
                assessment=assessment, answers=form.answers()
            )
        except DomainError as error:
            form_add_domain_error(form, error)
        else:
            request.session[_EARLIER_ANSWERS.format(program=assessment.program_id)] = {
                str(question): choice for question, choice in form.answers().items()
            }
    advice = None
    if score is not None:
        advice = translated(
            assessment.advice_above if score >= assessment.threshold else assessment.advice_below
        )
    return render(
        request,
        "screening/self_assessment_try.html",
        {
            "assessment": assessment,
            "program": assessment.program,
            "form": form,
            "score": score,
            "advice": advice,
            "passed": score is not None and score >= assessment.threshold,
        },
        status=400 if request.method == "POST" and score is None else 200,
    )


@login_required
def references(request: AuthedRequest, pk: int) -> HttpResponse:
    """The person names who can give each reference their checklist asks for."""
    enrollment = enrollment_get_for_person(person=request.user, enrollment_id=pk)
    rows = selectors.reference_items_for(enrollment=enrollment)
    if not rows:
        raise Http404
    forms_by_item = {}
    for item, reference in rows:
        initial = (
            {
                "name": reference.name,
                "relationship": reference.relationship,
                "email": reference.email,
                "phone": reference.phone,
            }
            if reference
            else None
        )
        posted = request.method == "POST" and request.POST.get("item") == str(item.pk)
        forms_by_item[item.pk] = ReferenceForm(
            request.POST if posted else None, initial=initial, prefix=f"item{item.pk}"
        )
        if posted and forms_by_item[item.pk].is_valid():
            try:
                services.reference_save(
                    enrollment=enrollment,
                    item=item,
                    by=request.user,
                    **forms_by_item[item.pk].cleaned_data,
                )
            except DomainError as error:
                form_add_domain_error(forms_by_item[item.pk], error)
            else:
                messages.success(
                    request,
                    _("Thank you. Your coordinator will contact %(name)s.")
                    % {"name": forms_by_item[item.pk].cleaned_data["name"]},
                )
                return redirect("screening:references", pk=enrollment.pk)
    invalid = any(form.is_bound and form.errors for form in forms_by_item.values())
    return render(
        request,
        "screening/references.html",
        {
            "enrollment": enrollment,
            "rows": [(item, reference, forms_by_item[item.pk]) for item, reference in rows],
        },
        status=400 if invalid else 200,
    )
