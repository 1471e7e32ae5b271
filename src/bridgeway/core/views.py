from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from rest_framework.exceptions import APIException, NotFound, PermissionDenied

from bridgeway.core import selectors, services
from bridgeway.core.access import (
    ADMIN_ONLY,
    mfa_required,
    network_admin_required,
    organization_get_for_staff,
)
from bridgeway.core.audit import action_choices, action_label, event_detail
from bridgeway.core.errors import form_add_domain_error
from bridgeway.core.forms import (
    FirstAdminForm,
    InvitationForm,
    MembershipRoleForm,
    OrganizationForm,
    OrganizationSettingsForm,
)
from bridgeway.core.http import AuthedRequest
from bridgeway.core.models import Invitation, Membership, Organization
from bridgeway.core.pagination import paginate, query_without_page
from bridgeway.core.services import DomainError


@mfa_required
def agency_settings(request: AuthedRequest, org: str) -> HttpResponse:
    organization, membership = organization_get_for_staff(
        person=request.user,
        slug=org,
        roles=ADMIN_ONLY,
    )
    form = OrganizationSettingsForm(request.POST or None, instance=organization)
    if request.method == "POST" and form.is_valid():
        data = {name: form.cleaned_data[name] for name in form.Meta.fields}
        services.organization_update(organization=organization, by=request.user, **data)
        messages.success(request, _("The agency settings are saved."))
        return redirect("core:agency_settings", org=organization.slug)
    return render(
        request,
        "core/agency_settings.html",
        {"organization": organization, "membership": membership, "form": form},
    )


@mfa_required
def agency_staff(request: AuthedRequest, org: str) -> HttpResponse:
    organization, membership = organization_get_for_staff(
        person=request.user,
        slug=org,
        roles=ADMIN_ONLY,
    )
    form = InvitationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.invitation_create(
                organization=organization,
                email=form.cleaned_data["email"],
                role=form.cleaned_data["role"],
                language=form.cleaned_data["language"],
                by=request.user,
            )
        except DomainError as error:
            form_add_domain_error(form, error)
        else:
            messages.success(
                request, _("Invitation sent to %(email)s.") % {"email": form.cleaned_data["email"]}
            )
            return redirect("core:agency_staff", org=organization.slug)
    staff = organization.memberships.select_related("person").order_by("person__email")
    invitations = organization.invitations.filter(status=Invitation.Status.PENDING)
    return render(
        request,
        "core/agency_staff.html",
        {
            "organization": organization,
            "membership": membership,
            "form": form,
            "page": paginate(request, staff, per_page=50),
            "invitations": invitations,
        },
    )


def _staff_membership(request: AuthedRequest, org: str, pk: int) -> tuple[Organization, Membership]:
    organization, _membership = organization_get_for_staff(
        person=request.user,
        slug=org,
        roles=ADMIN_ONLY,
    )
    return organization, selectors.membership_get_for_agency(
        organization=organization, membership_id=pk
    )


@require_POST
@mfa_required
def agency_staff_role(request: AuthedRequest, org: str, pk: int) -> HttpResponse:
    organization, target = _staff_membership(request, org, pk)
    form = MembershipRoleForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose a valid role."))
    else:
        try:
            services.membership_change_role(
                membership=target,
                role=form.cleaned_data["role"],
                by=request.user,
            )
            messages.success(request, _("The role is changed."))
        except DomainError as error:
            messages.error(request, error.message)
    return redirect("core:agency_staff", org=organization.slug)


@require_POST
@mfa_required
def agency_staff_remove(request: AuthedRequest, org: str, pk: int) -> HttpResponse:
    organization, target = _staff_membership(request, org, pk)
    try:
        services.membership_remove(membership=target, by=request.user)
        messages.success(
            request, _("%(email)s is no longer on staff.") % {"email": target.person.email}
        )
    except DomainError as error:
        messages.error(request, error.message)
    return redirect("core:agency_staff", org=organization.slug)


@require_POST
@mfa_required
def invitation_revoke(request: AuthedRequest, org: str, pk: int) -> HttpResponse:
    organization, _membership = organization_get_for_staff(
        person=request.user,
        slug=org,
        roles=ADMIN_ONLY,
    )
    invitation = get_object_or_404(Invitation, organization=organization, pk=pk)
    try:
        services.invitation_revoke(invitation=invitation, by=request.user)
        messages.success(request, _("The invitation is revoked."))
    except DomainError as error:
        messages.error(request, error.message)
    return redirect("core:agency_staff", org=organization.slug)


@mfa_required
def agency_audit(request: AuthedRequest, org: str) -> HttpResponse:
    organization, membership = organization_get_for_staff(
        person=request.user,
        slug=org,
        roles=ADMIN_ONLY,
    )
    action = request.GET.get("action", "").strip()[:80]
    events = selectors.audit_events_for_agency(organization=organization, action=action)
    page = paginate(request, events, per_page=50)
    return render(
        request,
        "core/agency_audit.html",
        {
            "organization": organization,
            "membership": membership,
            "page": page,
            "rows": [
                (event, action_label(event.action), event_detail(event))
                for event in page.object_list
            ],
            "action": action,
            "actions": action_choices(
                selectors.audit_actions_for_agency(organization=organization)
            ),
            "page_query": query_without_page(request),
        },
    )


@login_required
def invitation_accept(request: AuthedRequest, token: str) -> HttpResponse:
    # Only the invited address may see the invitation; anyone else gets the same 404.
    invitation = selectors.invitation_get_for_person(token=token, person=request.user)
    if request.method == "POST":
        try:
            services.invitation_accept(invitation=invitation, person=request.user)
        except DomainError as error:
            messages.error(request, error.message)
            return redirect("core:dashboard")
        messages.success(
            request,
            _("Welcome to the staff of %(agency)s. Set up two-step verification to begin.")
            % {"agency": invitation.organization.name},
        )
        return redirect("core:agency_overview", org=invitation.organization.slug)
    return render(request, "core/invitation_accept.html", {"invitation": invitation})


@network_admin_required
def network_agencies(request: AuthedRequest) -> HttpResponse:
    query = request.GET.get("q", "").strip()[:100]
    agencies = selectors.agencies_for_network_admin(person=request.user, query=query)
    return render(
        request,
        "core/network_agencies.html",
        {
            "page": paginate(request, agencies),
            "query": query,
            "page_query": query_without_page(request),
        },
    )


@network_admin_required
def network_agency_new(request: AuthedRequest) -> HttpResponse:
    form = OrganizationForm(request.POST or None)
    admin_form = FirstAdminForm(request.POST or None, prefix="admin")
    if request.method == "POST" and form.is_valid() and admin_form.is_valid():
        network = selectors.network_for_admin(person=request.user)
        data = dict(form.cleaned_data)
        try:
            organization = services.organization_create(network=network, by=request.user, **data)
            services.invitation_create(
                organization=organization,
                email=admin_form.cleaned_data["email"],
                role="admin",
                by=request.user,
            )
        except DomainError as error:
            form_add_domain_error(form, error)
        else:
            messages.success(request, _("The agency is created and its first admin is invited."))
            return redirect("core:network_agencies")
    return render(
        request, "core/network_agency_form.html", {"form": form, "admin_form": admin_form}
    )


@network_admin_required
def network_agency_edit(request: AuthedRequest, pk: int) -> HttpResponse:
    organization = selectors.agency_get_for_network_admin(person=request.user, organization_id=pk)
    form = OrganizationForm(request.POST or None, instance=organization)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        services.organization_update(organization=organization, by=request.user, **data)
        messages.success(request, _("The agency is saved."))
        return redirect("core:network_agencies")
    return render(
        request, "core/network_agency_form.html", {"form": form, "organization": organization}
    )


def _api_error(request: HttpRequest, error: type[APIException]) -> JsonResponse | None:
    """An address under /api/ answers as the API does, `{"detail": ...}` in JSON (DRF's own
    translated message), whether or not it names a real endpoint."""
    if not request.path_info.startswith("/api/"):
        return None
    return JsonResponse({"detail": str(error.default_detail)}, status=error.status_code)


def not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return _api_error(request, NotFound) or render(request, "404.html", status=404)


def forbidden(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return _api_error(request, PermissionDenied) or render(request, "403.html", status=403)


def server_error(request: HttpRequest) -> HttpResponse:
    return _api_error(request, APIException) or render(request, "500.html", status=500)
