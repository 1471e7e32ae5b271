from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count, Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from bridgeway.core import services
from bridgeway.core.access import (
    ADMIN_ONLY,
    ANY_STAFF,
    is_network_admin,
    mfa_required,
    network_admin_required,
    organization_get_for_staff,
    staff_memberships,
)
from bridgeway.core.dashboard import agency_panels, enrollment_panels
from bridgeway.core.errors import form_add_domain_error
from bridgeway.core.forms import (
    FirstAdminForm,
    InvitationForm,
    MembershipRoleForm,
    OrganizationForm,
    OrganizationSettingsForm,
)
from bridgeway.core.http import AuthedRequest, HtmxRequest
from bridgeway.core.models import AuditEvent, Invitation, Membership, Network, Organization
from bridgeway.core.pagination import paginate, query_without_page
from bridgeway.core.services import DomainError
from bridgeway.programs.models import Program
from bridgeway.programs.selectors import (
    enrollment_list_for_person,
    program_list_public,
    programs_with_status_counts,
)


def home(request: HtmxRequest) -> HttpResponse:
    """The public landing page and the network's program directory."""
    query = request.GET.get("q", "").strip()[:100]
    kind = request.GET.get("kind", "")
    purpose = request.GET.get("purpose", "")
    kind = kind if kind in Program.Kind.values else ""
    purpose = purpose if purpose in Program.Purpose.values else ""
    programs = program_list_public(query=query, kind=kind, purpose=purpose)
    context = {
        "page": paginate(request, programs, per_page=12),
        "query": query,
        "kind": kind,
        "purpose": purpose,
        "kinds": Program.Kind.choices,
        "purposes": Program.Purpose.choices,
        "page_query": query_without_page(request),
    }
    template = "core/_directory.html" if request.htmx else "core/home.html"
    return render(request, template, context)


@login_required
def dashboard(request: AuthedRequest) -> HttpResponse:
    """One page for whatever roles the person holds: participant, staff, network admin."""
    person = request.user
    enrollments = list(enrollment_list_for_person(person=person))
    memberships = list(staff_memberships(person).select_related("organization"))
    cards = [
        (enrollment, enrollment_panels(enrollment=enrollment, person=person))
        for enrollment in enrollments
    ]
    return render(
        request,
        "core/dashboard.html",
        {
            "mentee_enrollments": [card for card in cards if card[0].role == "mentee"],
            "mentor_enrollments": [card for card in cards if card[0].role == "mentor"],
            "memberships": memberships,
            "is_network_admin": is_network_admin(person),
        },
    )


@mfa_required
def agency_overview(request: AuthedRequest, org: str) -> HttpResponse:
    """The coordinator dashboard: the agency's programs with enrollment counts by status."""
    organization, membership = organization_get_for_staff(
        person=request.user,
        slug=org,
        roles=ANY_STAFF,
    )
    programs = programs_with_status_counts(
        programs=Program.objects.filter(organization=organization).order_by("name")
    )
    return render(
        request,
        "core/agency_overview.html",
        {
            "organization": organization,
            "membership": membership,
            "page": paginate(request, programs),
            "panels": agency_panels(organization=organization, person=request.user),
        },
    )


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
    return organization, get_object_or_404(
        Membership.objects.select_related("person", "organization"),
        organization=organization,
        pk=pk,
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
    events = AuditEvent.objects.filter(organization=organization).select_related("actor")
    action = request.GET.get("action", "").strip()[:80]
    if action:
        events = events.filter(action__startswith=action)
    return render(
        request,
        "core/agency_audit.html",
        {
            "organization": organization,
            "membership": membership,
            "page": paginate(request, events, per_page=50),
            "action": action,
            "page_query": query_without_page(request),
        },
    )


@login_required
def invitation_accept(request: AuthedRequest, token: str) -> HttpResponse:
    # Only the invited address may see the invitation; anyone else gets the same 404.
    invitation = (
        Invitation.objects.select_related("organization")
        .filter(token=token, email__iexact=request.user.email)
        .first()
    )
    if invitation is None:
        raise Http404
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
    agencies = Organization.objects.annotate(
        program_count=Count("programs", distinct=True),
        staff_count=Count("memberships", distinct=True),
    ).order_by("name")
    query = request.GET.get("q", "").strip()[:100]
    if query:
        agencies = agencies.filter(Q(name__icontains=query) | Q(city__icontains=query))
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
        network = Network.objects.get(admins__person=request.user)
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
    organization = get_object_or_404(Organization, pk=pk, network__admins__person=request.user)
    form = OrganizationForm(request.POST or None, instance=organization)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        services.organization_update(organization=organization, by=request.user, **data)
        messages.success(request, _("The agency is saved."))
        return redirect("core:network_agencies")
    return render(
        request, "core/network_agency_form.html", {"form": form, "organization": organization}
    )


def not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "404.html", status=404)


def forbidden(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "403.html", status=403)


def server_error(request: HttpRequest) -> HttpResponse:
    return render(request, "500.html", status=500)
