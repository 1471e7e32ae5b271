"""Pages of consent by purpose: the person's own ("What you agreed to"), the question asked
again at sign-in, a person's consents for their program's staff (read-only, audited), and the
network admins' page that publishes a new version of a text."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from bridgeway.accounts.models import Person
from bridgeway.core.access import mfa_required, network_admin_required
from bridgeway.core.errors import form_add_domain_error
from bridgeway.core.http import AuthedRequest
from bridgeway.core.services import DomainError
from bridgeway.privacy.consent import services
from bridgeway.privacy.consent.forms import AGREE, REFUSE, AskAgainForm, PublishTextForm
from bridgeway.privacy.consent.models import PROFILE_WITHDRAWN_NOTE, Consent, Purpose
from bridgeway.privacy.consent.selectors import (
    consents_for_person,
    purposes_to_ask_again,
    texts_current,
    texts_history,
)
from bridgeway.programs.selectors import enrollment_get_for_staff


def _purpose_or_404(purpose: str) -> str:
    if purpose not in Purpose.values:
        raise Http404
    return purpose


@login_required
def mine(request: AuthedRequest) -> HttpResponse:
    return render(
        request,
        "consent/mine.html",
        {"states": consents_for_person(person=request.user)},
    )


@login_required
@require_POST
def give(request: AuthedRequest) -> HttpResponse:
    purpose = _purpose_or_404(request.POST.get("purpose", ""))
    services.consent_give(person=request.user, purpose=purpose, source=Consent.Source.PAGE)
    messages.success(
        request,
        _("Thank you: your consent to “%(purpose)s” is recorded.")
        % {"purpose": Purpose(purpose).label},
    )
    return redirect(f"{_mine_url()}#purpose-{purpose}")


@login_required
@require_POST
def withdraw(request: AuthedRequest) -> HttpResponse:
    purpose = _purpose_or_404(request.POST.get("purpose", ""))
    try:
        services.consent_withdraw(person=request.user, purpose=purpose, source=Consent.Source.PAGE)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        # What the withdrawal changes for them, when it is more than "withdrawn".
        said = (
            str(PROFILE_WITHDRAWN_NOTE)
            if purpose == Purpose.MATCHING_PROFILE
            else _("Your consent to “%(purpose)s” is withdrawn from now on.")
            % {"purpose": Purpose(purpose).label}
        )
        messages.success(request, said)
    return redirect(f"{_mine_url()}#purpose-{purpose}")


def _mine_url() -> str:
    return reverse("consent:mine")


def _next(request: AuthedRequest) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if not url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        target = ""
    return target or reverse("core:dashboard")


def ask_again_url(person: Person) -> str:
    """BRIDGEWAY_SIGN_IN_STEPS: where a person signing in goes first when a text they agreed
    to has changed meaning since ("" when none has)."""
    return reverse("consent:ask_again") if purposes_to_ask_again(person=person) else ""


@login_required
def ask_again(request: AuthedRequest) -> HttpResponse:
    """Asked at sign-in: the purposes whose text changed meaning since the person agreed."""
    states = purposes_to_ask_again(person=request.user)
    if not states:
        return redirect(_next(request))
    form = AskAgainForm(request.POST if request.method == "POST" else None, states=states)
    if request.method == "POST" and form.is_valid():
        for state in states:
            answer = form.cleaned_data[state.purpose]
            if answer == AGREE:
                services.consent_give(
                    person=request.user, purpose=state.purpose, source=Consent.Source.SIGN_IN
                )
            elif answer == REFUSE:
                services.consent_withdraw(
                    person=request.user, purpose=state.purpose, source=Consent.Source.SIGN_IN
                )
        messages.success(request, _("Thank you: your answers are recorded."))
        return redirect(_next(request))
    return render(
        request,
        "consent/ask_again.html",
        {"form": form, "states": states, "next": _next(request)},
    )


@mfa_required
def staff_person(request: AuthedRequest, pk: int) -> HttpResponse:
    """A participant's consents, read-only, for the staff of their program; each read is
    written in the agency's audit log."""
    enrollment = enrollment_get_for_staff(person=request.user, enrollment_id=pk)
    services.consents_audit_staff_view(
        person=enrollment.person, by=request.user, organization=enrollment.program.organization
    )
    return render(
        request,
        "consent/staff_person.html",
        {
            "enrollment": enrollment,
            "organization": enrollment.program.organization,
            "states": consents_for_person(person=enrollment.person),
        },
    )


@network_admin_required
def texts_page(request: AuthedRequest) -> HttpResponse:
    """The current text of each purpose, earlier versions, and a form to publish a new one."""
    chosen = request.GET.get("purpose", "")
    current = texts_current()
    initial = {"purpose": chosen, "text": current[chosen].text} if chosen in current else {}
    form = PublishTextForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            published = services.purpose_text_publish(
                purpose=form.cleaned_data["purpose"],
                text=form.cleaned_data["text"],
                meaning_changed=form.cleaned_data["meaning_changed"],
                by=request.user,
            )
        except DomainError as error:
            form_add_domain_error(form, error)
        else:
            messages.success(
                request,
                _("Version %(version)s of “%(purpose)s” is published.")
                % {"version": published.version, "purpose": Purpose(published.purpose).label},
            )
            return redirect("consent:texts")
    return render(
        request,
        "consent/texts.html",
        {"form": form, "current": current, "history": texts_history(), "purposes": Purpose},
    )
