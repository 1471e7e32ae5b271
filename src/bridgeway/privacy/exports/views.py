"""Pages of data exports: the person's "Your data" page and download link; staff asking for a
person from their enrollment page, and the agency's list of requests with their 30-day clock."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from bridgeway.core import limits
from bridgeway.core.access import ANY_STAFF, mfa_required, organization_get_for_staff
from bridgeway.core.errors import form_add_domain_error
from bridgeway.core.http import AuthedRequest
from bridgeway.core.pagination import paginate
from bridgeway.core.services import DomainError
from bridgeway.privacy.exports import selectors, services
from bridgeway.privacy.exports.forms import StaffExportForm
from bridgeway.privacy.exports.models import ExportRequest
from bridgeway.programs.selectors import enrollment_get_for_staff


@login_required
@require_http_methods(["GET", "POST"])
def my_data(request: AuthedRequest) -> HttpResponse:
    """What a copy holds, the person's requests, and the button to ask for one."""
    if request.method == "POST":
        try:
            limits.hit("export", who=limits.person_key(request.user), request=request)
            services.export_ask(person=request.user, asked_by=request.user)
        except DomainError as error:
            messages.error(request, error.message)
        else:
            messages.success(
                request,
                _(
                    "We are preparing a copy of your data. "
                    "We will email you a link when it is ready."
                ),
            )
        return redirect("privacy_exports:mine")
    exports = list(selectors.exports_of(request.user)[:10])
    return render(
        request,
        "privacy_exports/mine.html",
        {
            "rows": [
                (e, services.download_url(e) if e.status == ExportRequest.Status.READY else "")
                for e in exports
            ],
            "pending": next((e for e in exports if e.status == ExportRequest.Status.PENDING), None),
            "link_days": services.LINK_DAYS,
        },
    )


@login_required
def download(request: AuthedRequest, token: str) -> HttpResponse | FileResponse:
    """The zip, for the person it was made for only; 410 once the link has expired."""
    try:
        export = services.export_open(person=request.user, token=token)
        handle = services.storage().open(export.stored_name, "rb")
    except services.ExportGone:
        return render(request, "privacy_exports/gone.html", status=410)
    except (ExportRequest.DoesNotExist, FileNotFoundError):
        return render(request, "privacy_exports/not_yours.html", status=404)
    services.export_mark_delivered(export=export)
    day = timezone.localdate(export.built_at).isoformat() if export.built_at else "data"
    return FileResponse(handle, as_attachment=True, filename=f"my-data-{day}.zip")


@mfa_required
@require_http_methods(["GET", "POST"])
def staff_ask(request: AuthedRequest, pk: int) -> HttpResponse:
    """Staff ask for a participant's data with a reason; the copy goes to the person."""
    enrollment = enrollment_get_for_staff(person=request.user, enrollment_id=pk)
    form = StaffExportForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.export_ask(
                person=enrollment.person,
                asked_by=request.user,
                organization=enrollment.program.organization,
                reason=form.cleaned_data["reason"],
            )
        except services.ExportError as error:
            form_add_domain_error(form, error)
        else:
            messages.success(
                request,
                _("A copy of their data is being prepared. They will get a link by email."),
            )
            return redirect("programs:staff_enrollment", pk=enrollment.pk)
    return render(
        request,
        "privacy_exports/staff_ask.html",
        {
            "enrollment": enrollment,
            "form": form,
            "organization": enrollment.program.organization,
            "pending": selectors.export_pending(enrollment.person),
        },
    )


@mfa_required
def staff_list(request: AuthedRequest, org: str) -> HttpResponse:
    """The agency's data requests, those nearing the 30-day limit first."""
    organization, _membership = organization_get_for_staff(
        person=request.user, slug=org, roles=ANY_STAFF
    )
    if not organization.is_active:
        raise Http404
    now = timezone.now()
    nearing = [
        {"export": export, "days": (now - export.asked_at).days}
        for export in selectors.exports_nearing_deadline(
            organization, days=services.NEARING_DAYS, now=now
        )[:50]
    ]
    page = paginate(request, selectors.exports_for_organization(organization))
    return render(
        request,
        "privacy_exports/staff_list.html",
        {
            "organization": organization,
            "nearing": nearing,
            "page": page,
            "answer_days": services.ANSWER_DAYS,
            "nearing_days": services.NEARING_DAYS,
        },
    )
