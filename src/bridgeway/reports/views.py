"""The dashboards: an agency's (/manage/<agency>/reports/, its staff) and the network's
(/network/reports/, its admins; small counts hidden). Each table has a chart beside it and
exports as CSV or XLSX; the whole dashboard exports as XLSX and PDF. Behind two-step
verification like every staff page."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from bridgeway.core.access import mfa_required, network_admin_required
from bridgeway.core.http import AuthedRequest
from bridgeway.reports import downloads, selectors, services
from bridgeway.reports.charts import chart_for
from bridgeway.reports.forms import ReportFilterForm, filter_form
from bridgeway.reports.report import report_build
from bridgeway.reports.scope import Scope


def _form(request: AuthedRequest, scope: Scope) -> ReportFilterForm:
    return filter_form(request.GET, scope)


def _dashboard(
    request: AuthedRequest, scope: Scope, extra: dict[str, Any], exports: str
) -> HttpResponse:
    form = _form(request, scope)
    report = report_build(scope=scope, chosen=form.report_filter())
    return render(
        request,
        "reports/dashboard.html",
        {
            **extra,
            "scope": scope,
            "form": form,
            "report": report,
            "sections": [(table, chart_for(table)) for table in report.tables],
            "query": request.GET.urlencode() or "",
            "exports": exports,
            "wanted": selectors.monthly_report_wanted(person=request.user, scope=scope),
        },
    )


def _export(request: AuthedRequest, scope: Scope, fmt: str) -> HttpResponse:
    table_key = request.GET.get("table", "")
    return downloads.report_download(_form(request, scope), scope, fmt, table_key)


def _monthly(request: AuthedRequest, scope: Scope) -> None:
    wanted = request.POST.get("wanted") == "yes"
    services.monthly_report_set(
        person=request.user,
        wanted=wanted,
        organization=scope.organization,
        network=scope.network if scope.organization is None else None,
    )
    if wanted:
        messages.success(
            request,
            _(
                "Each month you will receive an email with the headline figures of the month "
                "before and a link to this page. The first one, for last month, goes out within "
                "the hour, or when your quiet hours end."
            ),
        )
    else:
        messages.success(request, _("You will no longer receive the monthly report."))


@mfa_required
def agency(request: AuthedRequest, org: str) -> HttpResponse:
    scope, membership = selectors.agency_scope(person=request.user, slug=org)
    extra = {"organization": scope.organization, "membership": membership}
    return _dashboard(request, scope, extra, "agency")


@mfa_required
def agency_export(request: AuthedRequest, org: str, fmt: str) -> HttpResponse:
    scope, _membership = selectors.agency_scope(person=request.user, slug=org)
    return _export(request, scope, fmt)


@mfa_required
def agency_mentorships(request: AuthedRequest, org: str, fmt: str) -> HttpResponseBase:
    scope, _membership = selectors.agency_scope(person=request.user, slug=org)
    chosen = _form(request, scope).report_filter()
    return downloads.mentorships_download(request, request.user, scope, chosen, fmt)


@require_POST
@mfa_required
def agency_monthly(request: AuthedRequest, org: str) -> HttpResponse:
    scope, _membership = selectors.agency_scope(person=request.user, slug=org)
    _monthly(request, scope)
    return redirect("reports:agency", org)


@network_admin_required
def network(request: AuthedRequest) -> HttpResponse:
    scope = selectors.network_scope(person=request.user)
    return _dashboard(request, scope, {"network": scope.network}, "network")


@network_admin_required
def network_export(request: AuthedRequest, fmt: str) -> HttpResponse:
    return _export(request, selectors.network_scope(person=request.user), fmt)


@require_POST
@network_admin_required
def network_monthly(request: AuthedRequest) -> HttpResponse:
    _monthly(request, selectors.network_scope(person=request.user))
    return redirect("reports:network")
