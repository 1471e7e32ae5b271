"""The person's pages: the assessments sent to them, one to answer, and their own change."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from bridgeway.core.http import AuthedRequest
from bridgeway.reports.assessments import selectors, services
from bridgeway.reports.assessments.forms import AssessmentForm


@login_required
def my_assessments(request: AuthedRequest) -> HttpResponse:
    assessments = list(selectors.assessments_for_person(person=request.user))
    return render(
        request,
        "reports/assessments/mine.html",
        {
            "pending": [a for a in assessments if not a.is_answered],
            "answered": [a for a in assessments if a.is_answered],
            "changes": selectors.own_changes(person=request.user),
        },
    )


@login_required
def assessment(request: AuthedRequest, pk: int) -> HttpResponse:
    """Answer once; afterwards the page shows the answers given. A second submission (a double
    click, the back button) changes nothing."""
    sent = selectors.assessment_get_for_person(person=request.user, assessment_id=pk)
    questions = selectors.questions_at(sent)
    form = AssessmentForm(
        request.POST or None, questions=questions, time_zone=request.user.time_zone
    )
    if request.method == "POST" and not sent.is_answered and form.is_valid():
        try:
            services.assessment_submit(assessment=sent, by=request.user, answers=form.answers())
        except services.AlreadyAnswered as error:
            messages.info(request, error.message)
            return redirect("reports:assessment", pk=sent.pk)
        except services.AnswersInvalid as error:
            form.add_answer_errors(error.errors)
        else:
            messages.success(request, _("Thank you. Your answers are with the program's staff."))
            return redirect("reports:assessments")
    elif request.method == "POST" and sent.is_answered:
        messages.info(request, _("You have already answered. Your first answers are kept."))
        return redirect("reports:assessment", pk=sent.pk)
    return render(
        request,
        "reports/assessments/answer.html",
        {
            "assessment": sent,
            "instrument": sent.instrument,
            "form": form,
            "answers": selectors.answers_in_words(sent) if sent.is_answered else [],
        },
    )
