"""The program's recognition page for its agency's staff (behind two-step verification): who
completed a mentorship, with their hours; issue certificates one by one or for everyone; revoke
with a reason; answer mentors' requests for a letter to their employer; download any of them.
Another agency's program, certificate or request is the same 404 as one that does not exist."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from bridgeway.core.access import mfa_required
from bridgeway.core.http import AuthedRequest
from bridgeway.core.services import DomainError
from bridgeway.programs.selectors import enrollment_get_for_staff, program_get_for_staff
from bridgeway.reports.recognition import letters, selectors, services
from bridgeway.reports.recognition.forms import LetterAnswerForm, RevokeForm, SignerForm
from bridgeway.reports.recognition.models import Certificate
from bridgeway.reports.recognition.pdf import certificate_pdf, filename

BACK = "reports:recognition_program"


def pdf_response(certificate: Certificate) -> HttpResponse:
    response = HttpResponse(
        certificate_pdf(certificate=certificate), content_type="application/pdf"
    )
    response["Content-Disposition"] = f'attachment; filename="{filename(certificate)}"'
    response["Cache-Control"] = "private, no-store"
    return response


@mfa_required
def program_page(request: AuthedRequest, pk: int, signer: SignerForm | None = None) -> HttpResponse:
    program = program_get_for_staff(person=request.user, program_id=pk)
    return render(
        request,
        "reports/recognition/program.html",
        {
            "program": program,
            "participants": selectors.program_participants(program),
            "letters": selectors.program_letters(program),
            "signer": signer
            or SignerForm(initial={"signer_title": selectors.last_title(request.user)}),
        },
    )


def _signer(request: AuthedRequest, pk: int) -> SignerForm | HttpResponse:
    form = SignerForm(request.POST)
    if not form.is_valid():
        return program_page(request, pk, signer=form)
    return form


@require_POST
@mfa_required
def issue_one(request: AuthedRequest, pk: int) -> HttpResponse:
    enrollment = enrollment_get_for_staff(person=request.user, enrollment_id=pk)
    form = _signer(request, enrollment.program_id)
    if isinstance(form, HttpResponse):
        return form
    try:
        certificate, new = services.certificate_issue(
            enrollment=enrollment, by=request.user, signer_title=form.cleaned_data["signer_title"]
        )
    except DomainError as error:
        messages.error(request, error.message)
    else:
        text = (
            _("Certificate %(code)s issued to %(name)s.")
            if new
            else _("%(name)s already has certificate %(code)s: nothing was issued twice.")
        )
        messages.success(request, text % {"code": certificate.code_shown, "name": certificate.name})
    return redirect(BACK, pk=enrollment.program_id)


@require_POST
@mfa_required
def issue_all(request: AuthedRequest, pk: int) -> HttpResponse:
    program = program_get_for_staff(person=request.user, program_id=pk)
    form = _signer(request, program.pk)
    if isinstance(form, HttpResponse):
        return form
    issued, existing = services.certificates_issue_for_program(
        program=program, by=request.user, signer_title=form.cleaned_data["signer_title"]
    )
    messages.success(
        request,
        ngettext("%(n)d certificate issued.", "%(n)d certificates issued.", issued) % {"n": issued}
        + " "
        + ngettext("%(n)d person already had one.", "%(n)d people already had one.", existing)
        % {"n": existing},
    )
    return redirect(BACK, pk=program.pk)


@require_POST
@mfa_required
def revoke(request: AuthedRequest, pk: int) -> HttpResponse:
    certificate = selectors.certificate_get_for_staff(person=request.user, certificate_id=pk)
    form = RevokeForm(request.POST, prefix=f"revoke-{certificate.pk}")
    if not form.is_valid():
        messages.error(request, _("Say why the certificate is revoked."))
        return redirect(BACK, pk=certificate.program_id)
    try:
        services.certificate_revoke(
            certificate=certificate, by=request.user, reason=form.cleaned_data["reason"]
        )
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request,
            _("Certificate %(code)s is revoked: its verification page now says so.")
            % {"code": certificate.code_shown},
        )
    return redirect(BACK, pk=certificate.program_id)


@require_POST
@mfa_required
def letter_answer(request: AuthedRequest, pk: int) -> HttpResponse:
    letter = selectors.letter_request_get_for_staff(person=request.user, request_id=pk)
    form = LetterAnswerForm(request.POST, prefix=f"letter-{letter.pk}")
    back = redirect(BACK, pk=letter.enrollment.program_id)
    if not form.is_valid():
        messages.error(request, _("Check the title or the reason: one of them is too long."))
        return back
    try:
        if request.POST.get("action") == "decline":
            letters.letter_decline(
                request=letter, by=request.user, reason=form.cleaned_data["reason"]
            )
            messages.success(request, _("The request is declined; the mentor is told why."))
        else:
            certificate = letters.letter_issue(
                request=letter, by=request.user, signer_title=form.cleaned_data["signer_title"]
            )
            messages.success(
                request,
                (
                    _("Letter %(code)s issued and sent by email.")
                    if certificate.emailed_at
                    else _("Letter %(code)s issued: the mentor can download it.")
                )
                % {"code": certificate.code_shown},
            )
    except DomainError as error:
        messages.error(request, error.message)
    return back


@mfa_required
def staff_pdf(request: AuthedRequest, pk: int) -> HttpResponse:
    return pdf_response(selectors.certificate_get_for_staff(person=request.user, certificate_id=pk))
