"""The funder export pages of an agency (/manage/<agency>/reports/funders/), for its staff
behind two-step verification: the mappings (shipped and uploaded; admins upload new versions),
and per mapping its columns, the check of a period, the list of problems per person, and the
export once nothing is missing. Another agency's mapping is the same 404 as a missing one."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from bridgeway.core.access import ADMIN_ONLY, ANY_STAFF, mfa_required, organization_get_for_staff
from bridgeway.core.errors import form_add_domain_error
from bridgeway.core.http import AuthedRequest
from bridgeway.core.models import Organization
from bridgeway.core.services import DomainError
from bridgeway.reports.funders import download, selectors, services
from bridgeway.reports.funders.check import export_check
from bridgeway.reports.funders.describe import columns_in_words
from bridgeway.reports.funders.forms import ExportForm, UploadForm
from bridgeway.reports.funders.mapping import MappingInvalid, MappingProblem


def _list(
    request: AuthedRequest,
    org: str,
    upload: UploadForm | None = None,
    problems: list[MappingProblem] | None = None,
) -> HttpResponse:
    organization, membership = organization_get_for_staff(
        person=request.user, slug=org, roles=ANY_STAFF
    )
    return render(
        request,
        "reports/funders/list.html",
        {
            "organization": organization,
            "membership": membership,
            "entries": selectors.mappings_for(organization),
            "upload": upload or UploadForm(),
            "problems": problems,
        },
        status=400 if problems or (upload is not None and upload.errors) else 200,
    )


@mfa_required
def mapping_list(request: AuthedRequest, org: str) -> HttpResponse:
    return _list(request, org)


@require_POST
@mfa_required
def mapping_upload(request: AuthedRequest, org: str) -> HttpResponse:
    organization, _membership = organization_get_for_staff(
        person=request.user, slug=org, roles=ADMIN_ONLY
    )
    form = UploadForm(request.POST, request.FILES)
    if not form.is_valid():
        return _list(request, org, upload=form)
    name = str(getattr(request.FILES.get("file"), "name", "") or "")
    try:
        uploaded, new = services.mapping_upload(
            organization=organization,
            by=request.user,
            text=form.cleaned_data["file"],
            file_name=name,
        )
    except MappingInvalid as error:
        return _list(request, org, upload=form, problems=error.problems)
    except DomainError as error:
        form_add_domain_error(form, error)
        return _list(request, org, upload=form)
    ref = f"{uploaded.key}-v{uploaded.version}"
    if new:
        messages.success(request, _("%(ref)s is kept: check a period below.") % {"ref": ref})
    else:
        messages.info(request, _("This file was already kept as %(ref)s.") % {"ref": ref})
    return redirect("reports:funder_mapping", org, ref)


def _form(request: AuthedRequest, organization: Organization) -> ExportForm:
    programs = list(selectors.program_choices(organization))
    return ExportForm(request.GET if "start" in request.GET else None, programs=programs)


@mfa_required
def mapping_page(request: AuthedRequest, org: str, ref: str) -> HttpResponse:
    organization, membership = organization_get_for_staff(
        person=request.user, slug=org, roles=ANY_STAFF
    )
    entry = selectors.mapping_get(organization=organization, ref=ref)
    form = _form(request, organization)
    context: dict[str, Any] = {
        "organization": organization,
        "membership": membership,
        "entry": entry,
        "mapping": entry.mapping,
        "form": form,
        "columns": columns_in_words(entry.mapping.columns) if entry.mapping else [],
        "query": urlencode({k: v for k, v in request.GET.items() if k in form.fields}),
    }
    if entry.mapping is not None and form.is_bound and form.is_valid():
        context["check"] = export_check(entry.mapping, form.selection(organization))
    return render(request, "reports/funders/mapping.html", context)


@mfa_required
def mapping_file(request: AuthedRequest, org: str, ref: str) -> HttpResponse:
    organization, _membership = organization_get_for_staff(
        person=request.user, slug=org, roles=ANY_STAFF
    )
    entry = selectors.mapping_get(organization=organization, ref=ref)
    response = HttpResponse(entry.text, content_type="application/toml; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{entry.ref}.toml"'
    response["Cache-Control"] = "private, no-store"
    return response


def _back(org: str, ref: str, request: AuthedRequest) -> HttpResponse:
    query = urlencode({k: v for k, v in request.GET.items() if k in ("start", "end", "program")})
    return redirect(reverse("reports:funder_mapping", args=[org, ref]) + f"?{query}")


@mfa_required  # type: ignore[type-var]  # a streamed file (HttpResponseBase) is an answer too
def problems_csv(request: AuthedRequest, org: str, ref: str) -> HttpResponseBase:
    organization, _membership = organization_get_for_staff(
        person=request.user, slug=org, roles=ANY_STAFF
    )
    mapping = selectors.mapping_get(organization=organization, ref=ref).usable
    form = _form(request, organization)
    if not form.is_valid():
        return _back(org, ref, request)
    selection = form.selection(organization)
    site = request.build_absolute_uri("/").rstrip("/")
    chunks = download.problem_chunks(mapping, selection, site)
    name = download.file_name(mapping, selection, "problems.csv")
    return download.streamed(request, chunks, download.FORMATS["csv"], name)


@mfa_required  # type: ignore[type-var]  # a streamed file (HttpResponseBase) is an answer too
def export(request: AuthedRequest, org: str, ref: str, fmt: str) -> HttpResponseBase:
    organization, _membership = organization_get_for_staff(
        person=request.user, slug=org, roles=ANY_STAFF
    )
    if fmt not in download.FORMATS:
        raise Http404
    mapping = selectors.mapping_get(organization=organization, ref=ref).usable
    form = _form(request, organization)
    if not form.is_valid():
        return _back(org, ref, request)
    selection = form.selection(organization)
    check = export_check(mapping, selection)
    if not check.ready:
        messages.error(
            request,
            _("Nothing was exported: the check below lists what is missing.")
            if check.rows
            else _("Nothing was exported: there are no rows for this period."),
        )
        return _back(org, ref, request)
    services.export_record(
        mapping=mapping, selection=selection, by=request.user, rows=check.rows, file_format=fmt
    )
    chunks = download.export_chunks(mapping, selection, fmt)
    name = download.file_name(mapping, selection, fmt)
    return download.streamed(request, chunks, download.FORMATS[fmt], name)
