"""The match-quality page of an agency's reports (/manage/<agency>/reports/match-quality/) and
its CSV file: for its staff, behind two-step verification, with the dashboard's filters."""

from __future__ import annotations

from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.text import slugify

from bridgeway.core.access import mfa_required
from bridgeway.core.http import AuthedRequest
from bridgeway.core.models import StaffRole
from bridgeway.reports import selectors
from bridgeway.reports.quality.analysis import quality_report
from bridgeway.reports.quality.exports import quality_csv
from bridgeway.reports.quality.forms import quality_form
from bridgeway.reports.quality.stats import MIN_N
from bridgeway.reports.quality.words import (
    band_readings,
    band_rows,
    clear_readings,
    rule_views,
)


@mfa_required
def match_quality(request: AuthedRequest, org: str) -> HttpResponse:
    scope, membership = selectors.agency_scope(person=request.user, slug=org)
    form = quality_form(request.GET, scope)
    chosen = form.report_filter()
    quality = quality_report(scope=scope, chosen=chosen, side=form.side())
    return render(
        request,
        "reports/quality/page.html",
        {
            "organization": scope.organization,
            "membership": membership,
            "is_admin": membership.role == StaffRole.ADMIN,
            "form": form,
            "chosen": chosen,
            "quality": quality,
            "bands": band_rows(quality),
            "band_readings": band_readings(quality),
            "rules": rule_views(quality),
            "clear": clear_readings(quality),
            "min_n": MIN_N,
            "query": request.GET.urlencode(),
            "made_at": timezone.now(),
        },
    )


@mfa_required
def match_quality_csv(request: AuthedRequest, org: str) -> HttpResponse:
    scope, _membership = selectors.agency_scope(person=request.user, slug=org)
    form = quality_form(request.GET, scope)
    quality = quality_report(scope=scope, chosen=form.report_filter(), side=form.side())
    response = HttpResponse(quality_csv(quality), content_type="text/csv; charset=utf-8")
    name = f"{slugify(scope.name) or 'report'}-match-quality-{timezone.localdate().isoformat()}"
    response["Content-Disposition"] = f'attachment; filename="{name}.csv"'
    response["Cache-Control"] = "private, no-store"
    return response
