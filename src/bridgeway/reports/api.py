"""REST API of the reports (/api/v1/reports/…), scoped like the dashboards: an agency's staff
read its report and its downloads, network admins the network's (small counts held back,
no personal data). The filters are the dashboards' own (reports/forms.py), read from the
query string; a filter that is not right answers 400 with the message per field. Anyone else
gets the same 404 as for an agency that does not exist."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import asdict
from typing import Any

from django.http.response import HttpResponseBase
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework.exceptions import ValidationError
from rest_framework.negotiation import BaseContentNegotiation
from rest_framework.parsers import BaseParser
from rest_framework.renderers import BaseRenderer
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from bridgeway.core.http import acting_person
from bridgeway.core.permissions import StaffHaveMFA
from bridgeway.reports import downloads, selectors
from bridgeway.reports.figures import Figure, Grid, Row, Table, Words
from bridgeway.reports.forms import ReportFilterForm, filter_form
from bridgeway.reports.report import TABLE_KEYS, Report, report_build
from bridgeway.reports.scope import Scope
from bridgeway.reports.serializers import MetricsReportSerializer

PERIOD = [
    OpenApiParameter(
        "start",
        OpenApiTypes.DATE,
        description="The first day of the period, in your time zone; by default the last "
        "twelve months. At most five years.",
    ),
    OpenApiParameter("end", OpenApiTypes.DATE, description="The last day of the period."),
]
PEOPLE = [
    OpenApiParameter("program", OpenApiTypes.INT, description="One program's id."),
    OpenApiParameter("cohort", OpenApiTypes.STR, description="The month a cohort starts: 2026-09."),
    OpenApiParameter(
        "language", OpenApiTypes.STR, description="A language participants speak: ar."
    ),
    OpenApiParameter(
        "country", OpenApiTypes.STR, description="The country in participants' profiles: SY."
    ),
    OpenApiParameter(
        "sector", OpenApiTypes.STR, description="A NOC 2021 broad occupational category: 3."
    ),
]
ORG = OpenApiParameter(
    "org", OpenApiTypes.STR, OpenApiParameter.PATH, description="The agency's short name (slug)."
)


def _format(*choices: str) -> OpenApiParameter:
    return OpenApiParameter("fmt", OpenApiTypes.STR, OpenApiParameter.PATH, enum=list(choices))


AGENCY = OpenApiParameter(
    "agency", OpenApiTypes.INT, description="One agency of the network (its id)."
)
TABLES = OpenApiParameter(
    "tables",
    OpenApiTypes.STR,
    description="Some tables only, by key, separated by commas: " + ", ".join(TABLE_KEYS) + ".",
)
TABLE = OpenApiParameter(
    "table",
    OpenApiTypes.STR,
    enum=list(TABLE_KEYS),
    description="One table only (required for CSV, which holds one table).",
)
FILE = "The file: a CSV holds one table, an XLSX workbook a sheet per table, a PDF the report."
FILES = {
    (200, "text/csv"): OpenApiResponse(OpenApiTypes.BINARY, description=FILE),
    (200, downloads.XLSX): OpenApiResponse(OpenApiTypes.BINARY, description=FILE),
    (200, downloads.PDF): OpenApiResponse(OpenApiTypes.BINARY, description=FILE),
    400: OpenApiResponse(description="A filter that is not right, with the message per field."),
    404: OpenApiResponse(description="Not your agency, an unknown format or table."),
}


class AnyAccept(BaseContentNegotiation):
    """Downloads answer with their file whatever the client accepts; errors in JSON."""

    def select_renderer(
        self, request: Request, renderers: Iterable[BaseRenderer], format_suffix: str | None = None
    ) -> tuple[BaseRenderer, str]:
        renderer = next(iter(renderers))
        return renderer, renderer.media_type

    def select_parser(self, request: Request, parsers: Iterable[BaseParser]) -> BaseParser | None:
        return next(iter(parsers), None)


FILTER_NAMES = {"start", "end", "agency", "program", "cohort", "language", "country", "sector"}


def _form(request: Request, scope: Scope) -> ReportFilterForm:
    """The dashboards' filters, or 400 with what is not right in them."""
    query = {key: value for key, value in request.query_params.items() if key in FILTER_NAMES}
    form = filter_form(query, scope)
    if not form.is_valid():
        raise ValidationError(
            {
                field: [error["message"] for error in errors]
                for field, errors in form.errors.get_json_data().items()
            }
        )
    return form


def _keys(request: Request) -> tuple[str, ...]:
    asked = [
        key.strip() for key in request.query_params.get("tables", "").split(",") if key.strip()
    ]
    unknown = [key for key in asked if key not in TABLE_KEYS]
    if unknown:
        message = _("Unknown table: %(unknown)s. The tables are: %(known)s.") % {
            "unknown": ", ".join(unknown),
            "known": ", ".join(TABLE_KEYS),
        }
        raise ValidationError({"tables": [message]})
    return tuple(asked) or TABLE_KEYS


def _agency(request: Request, org: str) -> Scope:
    scope, _membership = selectors.agency_scope(person=acting_person(request), slug=org)
    return scope


def _network(request: Request) -> Scope:
    return selectors.network_scope(person=acting_person(request))


def _report(request: Request, scope: Scope) -> Response:
    report = report_build(
        scope=scope, chosen=_form(request, scope).report_filter(), keys=_keys(request)
    )
    return Response(MetricsReportSerializer(report_data(report)).data)


class AgencyReportView(APIView):
    permission_classes = [StaffHaveMFA]

    @extend_schema(
        parameters=[ORG, *PERIOD, *PEOPLE, TABLES],
        responses={200: MetricsReportSerializer, 400: None, 404: None},
    )
    def get(self, request: Request, org: str) -> Response:
        """The agency's report: every table of its dashboard, with the same filters."""
        return _report(request, _agency(request, org))


class NetworkReportView(APIView):
    permission_classes = [StaffHaveMFA]

    @extend_schema(
        parameters=[*PERIOD, AGENCY, *PEOPLE, TABLES],
        responses={200: MetricsReportSerializer, 400: None, 404: None},
    )
    def get(self, request: Request) -> Response:
        """The network's report (network admins): a count from 1 to 4 is held back, and so is
        any figure it could be worked out from; no personal data."""
        return _report(request, _network(request))


class _Download(APIView):
    permission_classes = [StaffHaveMFA]
    content_negotiation_class = AnyAccept


class AgencyExportView(_Download):
    @extend_schema(
        parameters=[ORG, _format(*downloads.FORMATS), *PERIOD, *PEOPLE, TABLE], responses=FILES
    )
    def get(self, request: Request, org: str, fmt: str) -> HttpResponseBase:
        """The agency's report as a file: `csv` (one table), `xlsx` or `pdf`."""
        scope = _agency(request, org)
        table = request.query_params.get("table", "")
        return downloads.report_download(_form(request, scope), scope, fmt, table)


class NetworkExportView(_Download):
    @extend_schema(
        parameters=[_format(*downloads.FORMATS), *PERIOD, AGENCY, *PEOPLE, TABLE], responses=FILES
    )
    def get(self, request: Request, fmt: str) -> HttpResponseBase:
        """The network's report as a file, with the same figures held back as the page."""
        scope = _network(request)
        table = request.query_params.get("table", "")
        return downloads.report_download(_form(request, scope), scope, fmt, table)


class AgencyMentorshipsView(_Download):
    @extend_schema(
        parameters=[ORG, _format(*downloads.RECORD_FORMATS), *PERIOD, *PEOPLE],
        responses={
            (200, "text/csv"): OpenApiResponse(OpenApiTypes.BINARY),
            (200, downloads.XLSX): OpenApiResponse(OpenApiTypes.BINARY),
            400: None,
            404: None,
        },
    )
    def get(self, request: Request, org: str, fmt: str) -> HttpResponseBase:
        """Every mentorship under way in the period, one row each (`csv` or `xlsx`), with
        enrollment numbers instead of names; streamed, and written in the audit log."""
        scope = _agency(request, org)
        chosen = _form(request, scope).report_filter()
        return downloads.mentorships_download(request, acting_person(request), scope, chosen, fmt)


def _figure(figure: Figure | Words, network: bool) -> dict[str, Any]:
    if isinstance(figure, Words):
        return {
            "key": "",
            "label": "",
            "value": None,
            "unit": "text",
            "n": None,
            "hidden": figure.hidden,
            "text": figure.text(),
        }
    held = bool(figure.hidden)
    return {
        "key": figure.key,
        "label": str(figure.label),
        "value": None if held else figure.value,
        "unit": figure.unit,
        # At the network level the base of a mean could be set against a total.
        "n": None if held or network else figure.n,
        "hidden": figure.hidden,
        "text": figure.text(),
    }


def _row(row: Row | Figure, network: bool) -> dict[str, Any]:
    if isinstance(row, Figure):
        return {
            "key": row.key,
            "label": str(row.label),
            "group": "",
            "cells": [_figure(row, network)],
        }
    return {
        "key": row.key,
        "label": str(row.label),
        "group": str(row.group),
        "cells": [_figure(cell, network) for cell in row.cells],
    }


def _table(table: Table | Grid, network: bool) -> dict[str, Any]:
    if isinstance(table, Grid):
        columns = [str(column) for column in table.columns]
        extra: list[Figure] = []
        group = str(table.group_column)
        label = str(table.column)
    else:
        columns, extra, group = [_("Value")], table.extra, ""
        label = str(table.column or _("Figure"))
    return {
        "key": table.key,
        "title": str(table.title),
        "description": str(table.description),
        "label_column": label,
        "group_column": group,
        "columns": columns,
        "rows": [_row(row, network) for row in table.rows],
        "total": _row(table.total, network) if table.total is not None else None,
        "extra": [_figure(figure, network) for figure in extra],
        "held_back": table.hides_something,
        "empty": str(table.empty),
    }


def report_data(report: Report) -> dict[str, Any]:
    network = report.scope.suppress
    return {
        "level": report.scope.level,
        "name": report.scope.name,
        "filters": {
            **asdict(report.chosen),
            "agency": report.chosen.organization_id,
            "program": report.chosen.program_id,
        },
        "made_at": report.made_at,
        "tables": [_table(table, network) for table in report.tables],
    }
