"""Pages of erasure: the person asks to delete their account (/account/delete/, linked from the
preferences page) and follows their request; the staff of their agency review the requests
(/manage/…/erasure/), behind two-step verification."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from bridgeway.core.access import ANY_STAFF, mfa_required, organization_get_for_staff
from bridgeway.core.errors import form_add_domain_error
from bridgeway.core.http import AuthedRequest
from bridgeway.core.services import DomainError
from bridgeway.privacy.erasure import services
from bridgeway.privacy.erasure.forms import MyRequestForm, StaffRequestForm
from bridgeway.privacy.erasure.holds import holds_for
from bridgeway.privacy.erasure.selectors import (
    SHOWN,
    participants_of,
    request_get_for_staff,
    request_of,
    requests_for_agency,
)
from bridgeway.privacy.retention.policies import policy_for_person


@login_required
def mine(request: AuthedRequest) -> HttpResponse:
    """What deleting my account does, and my request: ask, follow, withdraw."""
    person = request.user
    current = request_of(person=person)
    form = MyRequestForm(request.POST if request.POST.get("form") == "ask" else None)
    if request.method == "POST":
        try:
            if request.POST.get("form") == "withdraw" and current is not None:
                services.erasure_withdraw(request=current, by=person)
                messages.success(request, _("Your request is withdrawn. Nothing was deleted."))
                return redirect("privacy_erasure:mine")
            if form.is_valid():
                services.erasure_request(person=person, by=person)
                messages.success(
                    request,
                    _(
                        "Your request is with your agency's staff. We will write to you before "
                        "anything is deleted."
                    ),
                )
                return redirect("privacy_erasure:mine")
        except DomainError as error:
            if current is None or not current.is_open:
                form_add_domain_error(form, error)
            else:  # the form is not shown while a request is open: say it above the request
                messages.error(request, error.message)
                return redirect("privacy_erasure:mine")
    return render(
        request,
        "privacy_erasure/mine.html",
        {
            "form": form,
            "current": current if current is not None and current.is_open else None,
            "holds": holds_for(person),
            "policies": policy_for_person(person),
        },
    )


@mfa_required
def staff_list(request: AuthedRequest, org: str) -> HttpResponse:
    """The agency's erasure requests: waiting, on hold (with why), done."""
    organization, membership = organization_get_for_staff(
        person=request.user, slug=org, roles=ANY_STAFF
    )
    show = request.GET.get("show", "pending")
    show = show if show in SHOWN else "pending"
    rows = requests_for_agency(organization=organization, show=show)
    return render(
        request,
        "privacy_erasure/staff_list.html",
        {
            "organization": organization,
            "membership": membership,
            "show": show,
            "rows": [(row, holds_for(row.person) if show == "held" else []) for row in rows],
        },
    )


@mfa_required
def staff_new(request: AuthedRequest, org: str) -> HttpResponse:
    """Staff ask to erase a participant (who asked by phone, in person, by letter)."""
    organization, _membership = organization_get_for_staff(
        person=request.user, slug=org, roles=ANY_STAFF
    )
    form = StaffRequestForm(request.POST or None, people=participants_of(organization=organization))
    if request.method == "POST" and form.is_valid():
        try:
            created = services.erasure_request(
                person=form.cleaned_data["person"],
                by=request.user,
                reason=form.cleaned_data["reason"],
                organization=organization,
            )
        except DomainError as error:
            form_add_domain_error(form, error)
        else:
            messages.success(request, _("The request is recorded and waits for review."))
            return redirect("privacy_erasure:staff_detail", pk=created.pk)
    return render(
        request, "privacy_erasure/staff_new.html", {"organization": organization, "form": form}
    )


@mfa_required
def staff_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    """One request: who, asked by whom and why, what holds it; approve."""
    erasure, organization = request_get_for_staff(person=request.user, request_id=pk)
    if request.method == "POST" and request.POST.get("form") == "approve":
        try:
            services.erasure_approve(request=erasure, by=request.user, organization=organization)
        except DomainError as error:
            messages.error(request, error.message)
        else:
            messages.success(
                request,
                _("Approved. The person was written to; their data is being erased now."),
            )
        return redirect("privacy_erasure:staff_detail", pk=erasure.pk)
    erasure.refresh_from_db()
    return render(
        request,
        "privacy_erasure/staff_detail.html",
        {
            "organization": organization,
            "erasure": erasure,
            "holds": holds_for(erasure.person) if erasure.status == "pending" else [],
        },
    )
