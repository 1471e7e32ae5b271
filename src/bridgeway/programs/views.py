from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from bridgeway.core.access import ADMIN_ONLY, ANY_STAFF, mfa_required, organization_get_for_staff
from bridgeway.core.http import AuthedRequest
from bridgeway.core.pagination import paginate, query_without_page
from bridgeway.core.services import DomainError
from bridgeway.programs import services
from bridgeway.programs.forms import (
    PROGRAM_FIELDS,
    ApplyForm,
    EnrollmentFilterForm,
    EnrollmentStatusForm,
    ProgramForm,
)
from bridgeway.programs.selectors import (
    enrollment_get_for_person,
    enrollment_get_for_staff,
    enrollment_list_for_program,
    program_get_for_staff,
    program_get_public,
)


def program_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    """A listed program as the public sees it, with the way to apply."""
    program = program_get_public(program_id=pk)
    form = ApplyForm(request.POST or None)
    if request.method == "POST":
        if not request.user.is_authenticated:
            return redirect(f"{_login_url()}?next={request.path}")
        if form.is_valid():
            try:
                services.enrollment_apply(
                    person=request.user,
                    program=program,
                    role=form.cleaned_data["role"],
                )
            except DomainError as error:
                form.add_error(None, error.message)
            else:
                messages.success(
                    request,
                    _("Your application to %(program)s is received.") % {"program": program.name},
                )
                return redirect("core:dashboard")
    return render(request, "programs/program_detail.html", {"program": program, "form": form})


def _login_url() -> str:
    from django.urls import reverse

    return reverse("account_login")


@require_POST
@login_required
def enrollment_withdraw(request: AuthedRequest, pk: int) -> HttpResponse:
    enrollment = enrollment_get_for_person(person=request.user, enrollment_id=pk)
    try:
        services.enrollment_withdraw(enrollment=enrollment, by=request.user)
        messages.success(
            request,
            _("You have withdrawn from %(program)s.") % {"program": enrollment.program.name},
        )
    except DomainError as error:
        messages.error(request, error.message)
    return redirect("core:dashboard")


@mfa_required
def program_new(request: AuthedRequest, org: str) -> HttpResponse:
    organization, membership = organization_get_for_staff(
        person=request.user,
        slug=org,
        roles=ADMIN_ONLY,
    )
    form = ProgramForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = {name: form.cleaned_data[name] for name in PROGRAM_FIELDS}
        try:
            program = services.program_create(
                organization=organization,
                by=request.user,
                data=data,
            )
        except DomainError as error:
            form.add_error(error.field, error.message)
        else:
            messages.success(request, _("The program is created."))
            return redirect("programs:staff_program", pk=program.pk)
    return render(
        request,
        "programs/program_form.html",
        {"form": form, "organization": organization, "membership": membership},
    )


@mfa_required
def program_edit(request: AuthedRequest, pk: int) -> HttpResponse:
    program = program_get_for_staff(person=request.user, program_id=pk, roles=ADMIN_ONLY)
    form = ProgramForm(request.POST or None, instance=program)
    if request.method == "POST" and form.is_valid():
        data = {name: form.cleaned_data[name] for name in PROGRAM_FIELDS}
        program.refresh_from_db()
        try:
            services.program_update(program=program, by=request.user, data=data)
        except DomainError as error:
            form.add_error(error.field, error.message)
        else:
            messages.success(request, _("The program is saved."))
            return redirect("programs:staff_program", pk=program.pk)
    return render(
        request,
        "programs/program_form.html",
        {"form": form, "organization": program.organization, "program": program},
    )


@mfa_required
def staff_program(request: AuthedRequest, pk: int) -> HttpResponse:
    """A program's enrollments for its agency's staff, filtered and paginated."""
    program = program_get_for_staff(person=request.user, program_id=pk, roles=ANY_STAFF)
    filters = EnrollmentFilterForm(request.GET or None)
    cleaned = filters.cleaned_data if filters.is_valid() else {}
    enrollments = enrollment_list_for_program(
        program=program,
        status=cleaned.get("status", ""),
        role=cleaned.get("role", ""),
        query=cleaned.get("q", ""),
    )
    context = {
        "program": program,
        "organization": program.organization,
        "filters": filters,
        "page": paginate(request, enrollments),
        "page_query": query_without_page(request),
        "is_admin": program.organization.memberships.filter(
            person=request.user, role="admin"
        ).exists(),
    }
    template = "programs/_enrollment_table.html" if request.htmx else "programs/staff_program.html"
    return render(request, template, context)


@mfa_required
def staff_enrollment(request: AuthedRequest, pk: int) -> HttpResponse:
    enrollment = enrollment_get_for_staff(person=request.user, enrollment_id=pk)
    form = EnrollmentStatusForm(
        request.POST or None, allowed=services.allowed_next_statuses(enrollment)
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.enrollment_set_status(
                enrollment=enrollment,
                status=form.cleaned_data["status"],
                reason=form.cleaned_data["reason"],
                by=request.user,
            )
        except DomainError as error:
            form.add_error(error.field, error.message)
        else:
            messages.success(request, _("The status is changed."))
            return redirect("programs:staff_enrollment", pk=enrollment.pk)
    return render(
        request,
        "programs/staff_enrollment.html",
        {"enrollment": enrollment, "form": form, "organization": enrollment.program.organization},
    )
