"""Pages of a flash mentorship (one conversation) that differ from a one-to-one mentorship's:
its one question after the conversation, and the parts it does not use."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from bridgeway.core.errors import form_add_domain_error
from bridgeway.core.http import AuthedRequest
from bridgeway.core.services import DomainError
from bridgeway.relationships import flash
from bridgeway.relationships.forms import FlashSurveyForm
from bridgeway.relationships.models import Relationship
from bridgeway.relationships.selectors import flash_survey_answered


def flash_survey(request: AuthedRequest, relationship: Relationship) -> HttpResponse:
    """One question after the conversation: was it useful? Staff read the answers."""
    answered = flash_survey_answered(relationship=relationship, person=request.user)
    is_open = flash.survey_open(relationship)
    form = FlashSurveyForm(request.POST or None)
    if request.method == "POST" and is_open and not answered and form.is_valid():
        try:
            flash.flash_survey_submit(
                relationship=relationship, by=request.user, **form.cleaned_data
            )
        except DomainError as error:
            form_add_domain_error(form, error)
        else:
            messages.success(request, _("Thank you. Your answer is with the program's staff."))
            return redirect("relationships:survey", pk=relationship.pk)
    return render(
        request,
        "relationships/flash_survey.html",
        {
            "relationship": relationship,
            "form": form,
            "answered": answered,
            "open": is_open,
        },
        status=400 if form.errors else 200,
    )


def not_used(request: AuthedRequest, relationship: Relationship) -> HttpResponse:
    """Goals and check-ins: a flash mentorship does not use them."""
    messages.info(
        request,
        _("A flash mentorship is a single conversation: it has no goals and no check-ins."),
    )
    return redirect("relationships:detail", pk=relationship.pk)
