from __future__ import annotations

import base64
import csv
import io

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from bridgeway.core.access import (
    ADMIN_ONLY,
    ANY_STAFF,
    is_agency_admin,
    mfa_required,
    organization_get_for_staff,
)
from bridgeway.core.dashboard import staff_enrollment_panels
from bridgeway.core.errors import form_add_domain_error
from bridgeway.core.http import AuthedRequest
from bridgeway.core.pagination import paginate, query_without_page
from bridgeway.core.services import DomainError, audit_record
from bridgeway.core.templatetags.content_language import in_language
from bridgeway.programs import colleagues, csv_io, services
from bridgeway.programs.forms import (
    PROGRAM_FIELDS,
    ApplyForm,
    EnrollmentFilterForm,
    EnrollmentStatusForm,
    ImportForm,
    ProgramForm,
    WaitlistMoveForm,
    WithdrawForm,
)
from bridgeway.programs.invitations import (
    consent_statement,
    invitation_accept,
    invitation_decline,
    invitation_get_for_person,
    invitations_for_program,
)
from bridgeway.programs.models import (
    Enrollment,
    Program,
    ReferralLink,
    WaitlistEntry,
    content_language_for,
)
from bridgeway.programs.next_steps import next_steps
from bridgeway.programs.selectors import (
    enrollment_get_for_person,
    enrollment_get_for_staff,
    enrollment_list_for_program,
    program_get_for_staff,
    program_get_public,
    program_status_counts,
)
from bridgeway.programs.waitlist import (
    ARRIVING_SOON_DAYS,
    RATE_WINDOW_DAYS,
    matches_in_window,
    waitlist_for_program,
    waitlist_move,
)


def _naming_program(text: str, program: Program) -> SafeString:
    """A translated message with `%(program)s`, the program's name marked with its language."""
    name = in_language(program.name, program.content_language)
    # Both parts are escaped: the message here, the name by in_language.
    return mark_safe(conditional_escape(text) % {"program": name})  # noqa: S308  # nosec B308 B703


def program_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    """A listed program as the public sees it, with the way to apply."""
    return program_page(request, program_get_public(program_id=pk))


def program_page(
    request: AuthedRequest, program: Program, link: ReferralLink | None = None
) -> HttpResponse:
    """The public page and application form; `link` is the colleague's link it was opened
    through (else the one remembered from earlier in this visit, if any)."""
    link = link or colleagues.referral_link_remembered(request=request, program=program)
    form = ApplyForm(request.POST or None)
    if request.method == "POST":
        if not request.user.is_authenticated:
            return redirect(f"{reverse('account_login')}?next={request.path}")
        if form.is_valid():
            try:
                enrollment = services.enrollment_apply(
                    person=request.user,
                    program=program,
                    role=form.cleaned_data["role"],
                )
            except DomainError as error:
                form.add_error(None, error.message)
            else:
                if link is not None:
                    colleagues.referral_record(enrollment=enrollment, token=link.token)
                return redirect("programs:applied", pk=enrollment.pk)
    invited_by = colleagues.first_name(link.person) if link else None
    context = {"program": program, "form": form, "invited_by": invited_by}
    return render(request, "programs/program_detail.html", context)


@login_required
def enrollment_applied(request: AuthedRequest, pk: int) -> HttpResponse:
    """The confirmation after applying: received, and what happens next in this program."""
    enrollment = enrollment_get_for_person(person=request.user, enrollment_id=pk)
    return render(
        request,
        "programs/application_received.html",
        {"enrollment": enrollment, "next_steps": next_steps(enrollment)},
    )


@login_required
def enrollment_withdraw(request: AuthedRequest, pk: int) -> HttpResponse:
    """GET explains what withdrawing means and asks; only the POST of that form withdraws."""
    enrollment = enrollment_get_for_person(person=request.user, enrollment_id=pk)
    if Enrollment.Status.WITHDRAWN not in services.allowed_next_statuses(enrollment):
        messages.error(request, _("This enrollment can no longer be withdrawn."))
        return redirect("core:dashboard")
    # Bound on any POST: the reason is optional, so an empty form still withdraws.
    form = WithdrawForm(request.POST if request.method == "POST" else None)
    if form.is_valid():
        try:
            services.enrollment_withdraw(
                enrollment=enrollment, by=request.user, reason=form.cleaned_data["reason"]
            )
        except DomainError as error:
            messages.error(request, error.message)
        else:
            messages.success(
                request,
                _naming_program(_("You have withdrawn from %(program)s."), enrollment.program),
            )
        return redirect("core:dashboard")
    return render(
        request, "programs/withdraw_confirm.html", {"enrollment": enrollment, "form": form}
    )


@mfa_required
def program_new(request: AuthedRequest, org: str) -> HttpResponse:
    organization, membership = organization_get_for_staff(
        person=request.user,
        slug=org,
        roles=ADMIN_ONLY,
    )
    form = ProgramForm(request.POST or None, default_language=content_language_for(request.user))
    if request.method == "POST" and form.is_valid():
        data = {name: form.cleaned_data[name] for name in PROGRAM_FIELDS}
        try:
            program = services.program_create(organization=organization, by=request.user, **data)
        except DomainError as error:
            form_add_domain_error(form, error)
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
        try:
            services.program_update(program=program, by=request.user, **data)
        except DomainError as error:
            form_add_domain_error(form, error)
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
        "is_admin": is_agency_admin(request.user, program.organization),
    }
    if not request.htmx:
        counts = program_status_counts(program=program)
        context["counts"] = counts
        context["referrals"] = colleagues.referral_summary(program=program)
        context["total"] = sum(count for _bucket, count in counts)
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
            form_add_domain_error(form, error)
        else:
            messages.success(request, _("The status is changed."))
            return redirect("programs:staff_enrollment", pk=enrollment.pk)
    return render(
        request,
        "programs/staff_enrollment.html",
        {
            "enrollment": enrollment,
            "form": form,
            "organization": enrollment.program.organization,
            "panels": staff_enrollment_panels(enrollment=enrollment, person=request.user),
            "language_name": dict(settings.LANGUAGES).get(
                enrollment.person.preferred_language, enrollment.person.preferred_language
            ),
        },
    )


@mfa_required
def waiting_list(request: AuthedRequest, pk: int) -> HttpResponse:
    """The program's waiting list in order, with the estimate basis and staff moves."""
    program = program_get_for_staff(person=request.user, program_id=pk, roles=ANY_STAFF)
    entries = waitlist_for_program(program=program)
    page = paginate(request, entries, per_page=50)
    first_place = (page.number - 1) * 50 + 1
    return render(
        request,
        "programs/waiting_list.html",
        {
            "program": program,
            "organization": program.organization,
            "page": page,
            "places": list(enumerate(page.object_list, start=first_place)),
            "matches": matches_in_window(program=program),
            "window_days": RATE_WINDOW_DAYS,
            "soon_days": ARRIVING_SOON_DAYS,
            "form": WaitlistMoveForm(),
        },
    )


@require_POST
@mfa_required
def waiting_list_move(request: AuthedRequest, pk: int, entry_pk: int) -> HttpResponse:
    program = program_get_for_staff(person=request.user, program_id=pk, roles=ANY_STAFF)
    entry = get_object_or_404(WaitlistEntry, program=program, pk=entry_pk)
    form = WaitlistMoveForm(request.POST)
    if form.is_valid():
        try:
            waitlist_move(
                entry=entry,
                to_position=form.cleaned_data["position"],
                reason=form.cleaned_data["reason"],
                by=request.user,
            )
            messages.success(request, _("The waiting list is updated."))
        except DomainError as error:
            messages.error(request, error.message)
    else:
        for field_errors in form.errors.values():
            for message in field_errors:
                messages.error(request, str(message))
    return redirect("programs:waiting_list", pk=program.pk)


IMPORT_SESSION_KEY = "participants-import-%s"


@mfa_required
def participants_import(request: AuthedRequest, pk: int) -> HttpResponse:
    """Step 1 uploads and previews every row; step 2 writes all rows or none."""
    program = program_get_for_staff(person=request.user, program_id=pk, roles=ANY_STAFF)
    session_key = IMPORT_SESSION_KEY % program.pk
    form = ImportForm()
    preview = None
    if request.method == "POST" and request.POST.get("action") == "commit":
        data = base64.b64decode(request.session.get(session_key, ""))
        if not data:
            messages.error(request, _("Upload the file again; the preview has expired."))
            return redirect("programs:participants_import", pk=program.pk)
        try:
            result = csv_io.import_commit(program=program, data=data, by=request.user)
        except DomainError as error:
            messages.error(request, error.message)
            return redirect("programs:participants_import", pk=program.pk)
        request.session.pop(session_key, None)
        enrolled = ngettext(
            "Import complete: %(count)s person enrolled.",
            "Import complete: %(count)s people enrolled.",
            result.enrolled,
        ) % {"count": result.enrolled}
        invited = ngettext(
            "%(count)s person invited by email, enrolled when they accept.",
            "%(count)s people invited by email, enrolled when they accept.",
            result.invited,
        ) % {"count": result.invited}
        messages.success(request, f"{enrolled} {invited}")
        return redirect("programs:participants_import", pk=program.pk)
    if request.method == "POST":
        form = ImportForm(request.POST, request.FILES)
        if form.is_valid():
            data = form.cleaned_data["file"].read(csv_io.MAX_BYTES + 1)
            preview = csv_io.import_preview(program=program, data=data)
            if preview.is_valid:
                request.session[session_key] = base64.b64encode(data).decode()
            else:
                request.session.pop(session_key, None)
    return render(
        request,
        "programs/participants_import.html",
        {
            "program": program,
            "organization": program.organization,
            "form": form,
            "preview": preview,
            "columns": csv_io.COLUMNS,
            "invitations": invitations_for_program(program=program),
        },
    )


@login_required
def program_invitation(request: AuthedRequest, token: str) -> HttpResponse:
    """An invitation from an agency's import, for the address it was sent to: accept (the
    agency sees the profile from then on) or decline (nothing is shared)."""
    invitation = invitation_get_for_person(token=token, person=request.user)
    answer = request.POST.get("answer")
    if request.method == "POST" and answer in ("accept", "decline"):
        try:
            if answer == "accept":
                enrollment = invitation_accept(invitation=invitation, person=request.user)
            else:
                invitation_decline(invitation=invitation, person=request.user)
                messages.success(request, _("You declined the invitation. Nothing was shared."))
                return redirect("core:dashboard")
        except DomainError as error:
            messages.error(request, error.message)
            return redirect("programs:program_invitation", token=token)
        messages.success(
            request,
            _naming_program(
                _(
                    "You joined %(program)s. Your coordinator will be in touch about what "
                    "comes next."
                ),
                enrollment.program,
            ),
        )
        return redirect("core:dashboard")
    return render(
        request,
        "programs/program_invitation.html",
        {
            "invitation": invitation,
            "program": invitation.program,
            "organization": invitation.program.organization,
            "role": Enrollment.Role(invitation.role).label,
            "consent": consent_statement(invitation=invitation),
        },
    )


@mfa_required
def participants_export(request: AuthedRequest, pk: int) -> HttpResponse:
    program = program_get_for_staff(person=request.user, program_id=pk, roles=ANY_STAFF)
    audit_record(
        actor=request.user,
        organization=program.organization,
        action="participants.export",
        target=program,
        summary=program.name,
    )
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerows(csv_io.export_rows(program=program))
    response = HttpResponse(buffer.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{program.slug}-participants.csv"'
    return response
