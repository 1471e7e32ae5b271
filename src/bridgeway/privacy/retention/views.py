"""The agency's retention policy page (/manage/…/retention/): admins change it, coordinators
read it."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from bridgeway.core.access import ANY_STAFF, mfa_required, organization_get_for_staff
from bridgeway.core.http import AuthedRequest
from bridgeway.core.models import StaffRole
from bridgeway.privacy.retention.forms import PolicyForm
from bridgeway.privacy.retention.models import INTAKE_DAYS
from bridgeway.privacy.retention.policies import policy_for
from bridgeway.privacy.retention.services import policy_save


@mfa_required
def policy(request: AuthedRequest, org: str) -> HttpResponse:
    organization, membership = organization_get_for_staff(
        person=request.user, slug=org, roles=ANY_STAFF
    )
    admin = membership.role == StaffRole.ADMIN
    current = policy_for(organization)
    form = PolicyForm(
        request.POST if admin and request.method == "POST" else None, instance=current
    )
    if request.method == "POST":
        if not admin:
            messages.error(request, _("Only the agency's admins can change the policy."))
            return redirect("privacy_retention:policy", org=organization.slug)
        if form.is_valid():
            policy_save(organization=organization, by=request.user, **form.cleaned_data)
            messages.success(
                request, _("The retention policy is saved. The next daily run applies it.")
            )
            return redirect("privacy_retention:policy", org=organization.slug)
    return render(
        request,
        "privacy_retention/policy.html",
        {
            "organization": organization,
            "membership": membership,
            "form": form,
            "admin": admin,
            "intake_days": INTAKE_DAYS,
        },
    )
