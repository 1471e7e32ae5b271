"""A person's recognition page: their certificates and letters to download, and for mentors
their hours, milestones and the form to ask for a letter to their employer."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from bridgeway.core.errors import form_add_domain_error
from bridgeway.core.http import AuthedRequest
from bridgeway.core.services import DomainError
from bridgeway.reports.recognition import letters, selectors
from bridgeway.reports.recognition.forms import LetterRequestForm
from bridgeway.reports.recognition.staff_views import pdf_response


def _letter_form(request: AuthedRequest, data: object = None) -> LetterRequestForm:
    programs = [
        (e.pk, f"{e.program.name} · {e.program.organization.name}")
        for e in selectors.own_mentor_enrollments(request.user)
    ]
    return LetterRequestForm(
        data,  # type: ignore[arg-type]
        programs=programs,
        prefix="letter",
        initial={"language": request.user.preferred_language},
    )


@login_required
def mine(request: AuthedRequest, form: LetterRequestForm | None = None) -> HttpResponse:
    recognition = selectors.my_recognition(request.user)
    return render(
        request,
        "reports/recognition/mine.html",
        {
            "recognition": recognition,
            "form": form or _letter_form(request),
            "next_milestone": next((m for m in recognition.milestones if not m.reached), None),
        },
    )


@require_POST
@login_required
def letter_new(request: AuthedRequest) -> HttpResponse:
    form = _letter_form(request, request.POST)
    if form.is_valid():
        data = form.cleaned_data
        enrollment = next(
            e for e in selectors.own_mentor_enrollments(request.user) if e.pk == data["enrollment"]
        )
        try:
            letters.letter_request(
                enrollment=enrollment,
                recipient_name=data["recipient_name"],
                recipient_email=data["recipient_email"],
                employer=data["employer"],
                language=data["language"],
                send_by_email=data["send_by_email"],
                consent=data["consent"],
            )
        except DomainError as error:
            form_add_domain_error(form, error)
        else:
            messages.success(
                request,
                _(
                    "Your request is with the program's staff; "
                    "you will hear when the letter is ready."
                ),
            )
            return redirect("reports:recognition_mine")
    return mine(request, form=form)


@login_required
def download(request: AuthedRequest, pk: int) -> HttpResponse:
    return pdf_response(
        selectors.certificate_get_for_holder(person=request.user, certificate_id=pk)
    )
