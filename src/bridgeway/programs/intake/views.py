"""Pages: the public intake, the person's answer to a referral, and the staff referral pages."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode

from allauth.account.adapter import get_adapter
from allauth.account.internal.flows.login_by_code import LoginCodeVerificationProcess
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from bridgeway.core import limits
from bridgeway.core.access import (
    ANY_STAFF,
    mfa_required,
    organization_get_for_staff,
    staff_organizations,
)
from bridgeway.core.errors import form_add_domain_error
from bridgeway.core.http import AuthedRequest, HtmxRequest
from bridgeway.core.i18n import translated
from bridgeway.core.limits import RateLimited
from bridgeway.core.pagination import paginate
from bridgeway.core.services import DomainError
from bridgeway.privacy.consent.selectors import intake_purposes
from bridgeway.programs import colleagues
from bridgeway.programs.intake import referrals, services
from bridgeway.programs.intake.answers import answers_for_fit, answers_readable
from bridgeway.programs.intake.forms import (
    QUESTION_FIELDS,
    AboutYouForm,
    ConsentForm,
    IntakeQuestionsForm,
    ProgramsForm,
    ReferralAnswerForm,
    ReferralForm,
    purpose_versions_value,
)
from bridgeway.programs.intake.models import IntakeSubmission, Referral, SharedField
from bridgeway.programs.intake.selectors import (
    consent_text_current,
    intake_suggestions,
    referral_get_for_person,
    referral_get_for_staff,
    referral_list_incoming,
    referral_list_outgoing,
    referral_target_programs,
    submission_enrollments,
    submission_get_for_person,
)
from bridgeway.programs.intake.shared import shared_rows
from bridgeway.programs.selectors import enrollment_get_for_staff, program_list_public


def intake_start(request: HtmxRequest) -> HttpResponse:
    """ "No wrong door": a few questions, the programs of the whole network that fit and why,
    then one application with consent. Usable before any account exists."""
    data = request.POST if request.method == "POST" else request.GET
    _remember_colleague_link(request, data.get("via", ""))
    asked = set(request.GET) - {"via"}
    if request.method == "GET" and (not asked or "edit" in request.GET):
        initial: dict[str, Any] = {name: request.GET.getlist(name) for name in MULTI_FIELDS}
        initial.update(
            {name: request.GET.get(name, "") for name in QUESTION_FIELDS if name not in initial}
        )
        return _questions_page(request, IntakeQuestionsForm(initial=initial))
    questions = IntakeQuestionsForm(data)
    if not questions.is_valid():
        return _questions_page(request, questions)
    answers = questions.answers()
    fits = intake_suggestions(answers=answers_for_fit(answers))
    consent = consent_text_current()
    purposes = intake_purposes()
    posted = request.POST if request.method == "POST" else None
    forms_ = IntakeForms(
        programs=ProgramsForm(posted, fits=fits),
        about=None
        if request.user.is_authenticated
        else AboutYouForm(
            posted,
            country=answers["country"],
            initial={"preferred_language": translation.get_language() or "en"},
        ),
        consent=ConsentForm(
            posted,
            initial={
                "consent_version": consent.version if consent else 0,
                "purpose_versions": purpose_versions_value(
                    {item.purpose: item.version for item in purposes}
                ),
            },
        ),
    )
    if posted is not None and forms_.is_valid():
        response = _submit(request, forms_, answers)
        if response is not None:
            return response
    hidden = [(name, value) for name in QUESTION_FIELDS for value in data.getlist(name)]
    chosen = {str(value) for value in data.getlist("programs")}
    invited = colleagues.programs_invited_to(request=request)
    return render(
        request,
        "intake/programs.html",
        {
            # Each program, whether it is ticked, and who invited the person to it (None: no one).
            "fits": [
                (fit, str(fit.program.pk) in chosen, invited.get(fit.program.pk)) for fit in fits
            ],
            "forms": forms_,
            "programs_form": forms_.programs,
            "about_form": forms_.about,
            "consent_form": forms_.consent,
            "consent": consent,
            "consent_text": translated(consent.text) if consent else "",
            "purposes": purposes,
            "answers": answers_readable(answers),
            "hidden_answers": hidden,
            "edit_query": urlencode([*hidden, ("edit", "1")]),
            "directory_count": program_list_public().count(),
        },
    )


MULTI_FIELDS = ("help", "languages")


def _remember_colleague_link(request: HttpRequest, code: str) -> None:
    """`?via=<code>`: the intake was opened from a colleague's invitation link. An unknown or
    replaced code is ignored here: the intake is open to everyone either way."""
    if not code:
        return
    try:
        link = colleagues.referral_link_open(token=colleagues.code_of(code))
    except Http404:
        return
    colleagues.referral_link_remember(request=request, link=link)


@dataclass
class IntakeForms:
    """The three parts of the application step, checked together."""

    programs: ProgramsForm
    about: AboutYouForm | None
    consent: ConsentForm
    errors: list[str] = field(default_factory=list)

    def is_valid(self) -> bool:
        parts = [self.programs.is_valid(), self.consent.is_valid()]
        if self.about is not None:
            parts.append(self.about.is_valid())
        return all(parts) and not self.errors

    def add_error(self, name: str | None, message: str) -> None:
        for form in (self.programs, self.about, self.consent):
            if form is not None and name in form.fields:
                form.add_error(name, message)
                return
        self.errors.append(message)

    def summary(self) -> list[tuple[str, str]]:
        """(field id, message) for every problem, for the summary at the top of the page."""
        rows = [("", message) for message in self.errors]
        for form in (self.programs, self.about, self.consent):
            if form is None or not form.is_bound:
                continue
            for name, messages_ in form.errors.items():
                anchor = form[name].auto_id if name in form.fields else ""
                rows.extend((str(anchor), str(message)) for message in messages_)
        return rows


def _received(request: HttpRequest, submission: IntakeSubmission) -> HttpResponse:
    """After applying: one program's confirmation page with its next steps, or, for several,
    the dashboard (each confirmation email says what happens next in its program)."""
    enrollments = submission_enrollments(submission=submission)
    if len(enrollments) == 1:
        return redirect("programs:applied", pk=enrollments[0].pk)
    messages.success(
        request,
        _("Your applications are received. We have emailed you what happens next in each program."),
    )
    return redirect("core:dashboard")


def _questions_page(request: HttpRequest, form: IntakeQuestionsForm) -> HttpResponse:
    return render(request, "intake/start.html", {"form": form})


def _submit(
    request: HtmxRequest, forms_: IntakeForms, answers: dict[str, Any]
) -> HttpResponse | None:
    """Apply, then send the person on to sign in with the code emailed to them; None when the
    page has to be shown again with what went wrong."""
    person = request.user if request.user.is_authenticated else None
    about = forms_.about.cleaned_data if forms_.about is not None else {}
    try:
        limits.hit(
            "intake", who="ip:" + get_adapter(request).get_client_ip(request), request=request
        )
        if about.get("email"):
            email = "email:" + about["email"].strip().lower()
            limits.hit("intake_email", who=email, request=request)
    except RateLimited as error:
        forms_.add_error(None, error.message)
        return None
    try:
        submission = services.intake_submit(
            answers=answers,
            program_ids=forms_.programs.cleaned_data["programs"],
            consent_version=forms_.consent.cleaned_data["consent_version"],
            purpose_versions=forms_.consent.cleaned_data["purpose_versions"],
            email=about.get("email", ""),
            name=about.get("name", ""),
            preferred_language=about.get("preferred_language", ""),
            time_zone=forms_.about.chosen_time_zone() if forms_.about is not None else "",
            by=person,  # type: ignore[arg-type]
            colleague_codes=colleagues.referral_tokens_remembered(request=request),
        )
    except DomainError as error:
        forms_.add_error(error.field, error.message)  # several forms: it finds the field
        return None
    if person is not None:
        return _received(request, submission)
    # Whether the address already had an account or not, the answer is the same: a code by
    # email, then the confirmation page, which finishes the application.
    LoginCodeVerificationProcess.initiate(
        request=request, user=submission.person, email=submission.person.email
    )
    next_url = reverse("intake:confirm", args=[submission.token])
    return redirect(f"{reverse('account_confirm_login_code')}?{urlencode({'next': next_url})}")


@login_required
def intake_confirm(request: AuthedRequest, token: str) -> HttpResponse:
    """Where the sign-in code leads: a new person's application is already made; the owner of
    an existing account confirms the application made with their address."""
    submission = submission_get_for_person(person=request.user, token=token)
    if submission.status == IntakeSubmission.Status.APPLIED:
        return _received(request, submission)
    if request.method == "POST":
        try:
            services.intake_confirm(submission=submission, person=request.user)
        except DomainError as error:
            messages.error(request, error.message)
        else:
            return _received(request, submission)
    programs = program_list_public().filter(pk__in=submission.program_ids)
    return render(
        request,
        "intake/confirm.html",
        {
            "submission": submission,
            "programs": programs,
            "answers": answers_readable(submission.answers),
            "is_open": submission.status == IntakeSubmission.Status.PENDING,
        },
    )


@login_required
def referral_answer(request: AuthedRequest, token: str) -> HttpResponse:
    """The person sees exactly what would be shared, and with whom, and decides."""
    referral = referral_get_for_person(person=request.user, token=token)
    form = ReferralAnswerForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        consent = form.cleaned_data["answer"] == "consent"
        try:
            referrals.referral_answer(referral=referral, person=request.user, consent=consent)
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            if consent:
                messages.success(
                    request,
                    _("Thank you. %(agency)s now has your application.")
                    % {"agency": referral.to_program.organization.name},
                )
            else:
                messages.success(request, _("Understood. Nothing was shared."))
            return redirect("core:dashboard")
    preview = referrals.referral_preview(referral=referral) if referral.is_open else {}
    return render(
        request,
        "intake/referral_answer.html",
        {"referral": referral, "form": form, "rows": shared_rows(preview)},
    )


@mfa_required
def referral_new(request: AuthedRequest, pk: int) -> HttpResponse:
    """A coordinator suggests another agency's program to a participant."""
    enrollment = enrollment_get_for_staff(person=request.user, enrollment_id=pk)
    programs = list(referral_target_programs(enrollment=enrollment))
    form = ReferralForm(request.POST or None, programs=programs)
    if request.method == "POST" and form.is_valid():
        target = {p.pk: p for p in programs}[form.cleaned_data["to_program"]]
        try:
            referrals.referral_create(
                enrollment=enrollment,
                to_program=target,
                shared_fields=form.cleaned_data["shared_fields"],
                note=form.cleaned_data["note"],
                by=request.user,
            )
        except DomainError as error:
            form_add_domain_error(form, error)
        else:
            messages.success(
                request,
                _("The referral is sent. %(name)s decides whether to share anything.")
                % {"name": enrollment.person.name},
            )
            return redirect("programs:staff_enrollment", pk=enrollment.pk)
    return render(
        request,
        "intake/referral_new.html",
        {
            "enrollment": enrollment,
            "organization": enrollment.program.organization,
            "form": form,
            "has_programs": bool(programs),
        },
    )


@mfa_required
def referral_list(request: AuthedRequest, org: str) -> HttpResponse:
    """Referrals received (only once the person agreed) and referrals sent."""
    organization, membership = organization_get_for_staff(
        person=request.user, slug=org, roles=ANY_STAFF
    )
    status = request.GET.get("status", "")
    if status not in (Referral.Status.CONSENTED, Referral.Status.ACCEPTED):
        status = ""
    incoming = paginate(request, referral_list_incoming(organization=organization, status=status))
    outgoing = referral_list_outgoing(organization=organization)[:50]
    return render(
        request,
        "intake/referral_list.html",
        {
            "organization": organization,
            "membership": membership,
            "page": incoming,
            "outgoing": outgoing,
            "status": status,
        },
    )


@mfa_required
def referral_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    referral = referral_get_for_staff(person=request.user, referral_id=pk)
    mine = set(staff_organizations(request.user).values_list("pk", flat=True))
    receiving = referral.to_program.organization_id in mine and referral.status in (
        Referral.Status.CONSENTED,
        Referral.Status.ACCEPTED,
    )
    sending = referral.from_enrollment.program.organization_id in mine
    return render(
        request,
        "intake/referral_detail.html",
        {
            "referral": referral,
            "receiving": receiving,
            "sending": sending,
            # The receiving agency reads the snapshot the person agreed to, nothing live.
            "rows": shared_rows(referral.shared) if receiving else [],
            "shared_labels": [
                label for value, label in SharedField.choices if value in referral.shared_fields
            ],
            "organization": (
                referral.to_program.organization
                if receiving
                else referral.from_enrollment.program.organization
            ),
        },
    )


@require_POST
@mfa_required
def referral_accept(request: AuthedRequest, pk: int) -> HttpResponse:
    referral = referral_get_for_staff(person=request.user, referral_id=pk)
    organization_get_for_staff(
        person=request.user, slug=referral.to_program.organization.slug, roles=ANY_STAFF
    )
    try:
        referrals.referral_accept(referral=referral, by=request.user)
        messages.success(request, _("The referral is accepted."))
    except DomainError as error:
        messages.error(request, error.message)
    return redirect("intake:referral_detail", pk=referral.pk)


@require_POST
@mfa_required
def referral_withdraw(request: AuthedRequest, pk: int) -> HttpResponse:
    referral = referral_get_for_staff(person=request.user, referral_id=pk)
    organization_get_for_staff(
        person=request.user,
        slug=referral.from_enrollment.program.organization.slug,
        roles=ANY_STAFF,
    )
    try:
        referrals.referral_withdraw(referral=referral, by=request.user)
        messages.success(request, _("The referral is withdrawn."))
    except DomainError as error:
        messages.error(request, error.message)
    return redirect("intake:referral_detail", pk=referral.pk)
