"""REST API of the funder exports (/api/v1/staff/agencies/<agency>/funder-mappings/…), for the
agency's staff with two-step verification, like the pages: list the mappings, check a period
(every missing or invalid field per person), and export once the check passes — else 409 with
the same check, and nothing written. Another agency's mapping is the same 404 as a missing one."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from django.http import Http404
from django.http.response import HttpResponseBase
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    extend_schema_field,
)
from rest_framework import serializers, status
from rest_framework.exceptions import ValidationError
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from bridgeway.api.fields import UTCDateTimeField
from bridgeway.core.access import ANY_STAFF, organization_get_for_staff
from bridgeway.core.http import acting_person
from bridgeway.core.models import Organization
from bridgeway.core.permissions import StaffHaveMFA
from bridgeway.reports.funders import download, selectors, services
from bridgeway.reports.funders.check import export_check
from bridgeway.reports.funders.describe import columns_in_words
from bridgeway.reports.funders.forms import ExportForm
from bridgeway.reports.funders.rows import Selection
from bridgeway.reports.funders.selectors import Entry

PERIOD = [
    OpenApiParameter("start", OpenApiTypes.DATE, required=True, description="First day."),
    OpenApiParameter("end", OpenApiTypes.DATE, required=True, description="Last day, included."),
    OpenApiParameter("program", OpenApiTypes.INT, description="One program (else all of them)."),
]


class ColumnSerializer(serializers.Serializer[Any]):
    header = serializers.CharField()
    source = serializers.CharField(help_text="The Bridgeway field, as in the file.")  # type: ignore[assignment]
    origin = serializers.CharField(help_text="Where the value comes from, in words.")
    type = serializers.CharField()
    required = serializers.BooleanField()  # type: ignore[assignment]
    rules = serializers.ListField(child=serializers.CharField())
    note = serializers.CharField()


class MappingSerializer(serializers.Serializer[Any]):
    ref = serializers.CharField(help_text="icare-client-profile-v1: key and version.")
    name = serializers.CharField()
    funder = serializers.CharField()
    version = serializers.IntegerField()
    rows = serializers.SerializerMethodField(help_text="participant, relationship or meeting.")
    shipped = serializers.BooleanField(help_text="Shipped with Bridgeway, or uploaded.")
    uploaded_at = UTCDateTimeField(source="uploaded.uploaded_at", allow_null=True, default=None)
    usable = serializers.SerializerMethodField()
    problems = serializers.SerializerMethodField(help_text="Why an old upload no longer reads.")
    columns = serializers.SerializerMethodField()

    def get_rows(self, entry: Entry) -> str | None:
        return entry.mapping.rows if entry.mapping else None

    def get_usable(self, entry: Entry) -> bool:
        return entry.mapping is not None

    def get_problems(self, entry: Entry) -> list[str]:
        return [str(problem) for problem in entry.problems]

    @extend_schema_field(ColumnSerializer(many=True))
    def get_columns(self, entry: Entry) -> list[dict[str, Any]]:
        if entry.mapping is None:
            return []
        return [asdict(c) for c in columns_in_words(entry.mapping.columns)]


class ProblemSerializer(serializers.Serializer[Any]):
    enrollment = serializers.IntegerField(source="enrollment_id")
    person = serializers.CharField()
    program = serializers.CharField()
    row = serializers.CharField(help_text="The mentorship or meeting, when the problem is its own.")
    column = serializers.CharField()
    kind = serializers.ChoiceField(choices=["missing", "invalid"])
    message = serializers.CharField()
    expected = serializers.CharField()
    rows = serializers.IntegerField(help_text="Rows with this same problem.")


class CheckSerializer(serializers.Serializer[Any]):
    ready = serializers.BooleanField(help_text="True when the export can be downloaded.")
    rows = serializers.IntegerField()
    people = serializers.IntegerField()
    problem_count = serializers.IntegerField()
    people_with_problems = serializers.IntegerField()
    questions_not_asked = serializers.ListField(child=serializers.CharField())
    problems = ProblemSerializer(many=True, help_text="The first 1,000, by person.")


def _organization(request: Request, org: str) -> Organization:
    organization, _membership = organization_get_for_staff(
        person=acting_person(request), slug=org, roles=ANY_STAFF
    )
    return organization


def _selection(request: Request, organization: Organization) -> Selection:
    form = ExportForm(request.query_params, programs=list(selectors.program_choices(organization)))
    if not form.is_valid():
        raise ValidationError({k: [str(e) for e in v] for k, v in form.errors.items()})
    return form.selection(organization)


class MappingListView(APIView):
    permission_classes = [StaffHaveMFA]

    @extend_schema(responses={200: MappingSerializer(many=True), 404: None})
    def get(self, request: Request, org: str) -> Response:
        """The agency's uploaded mappings (newest version first), then the shipped ones."""
        entries = selectors.mappings_for(_organization(request, org))
        return Response(MappingSerializer(entries, many=True).data)


class MappingCheckView(APIView):
    permission_classes = [StaffHaveMFA]

    @extend_schema(parameters=PERIOD, responses={200: CheckSerializer, 400: None, 404: None})
    def get(self, request: Request, org: str, ref: str) -> Response:
        """Read every row of the period: the missing and invalid fields, per person."""
        organization = _organization(request, org)
        mapping = selectors.mapping_get(organization=organization, ref=ref).usable
        check = export_check(mapping, _selection(request, organization))
        return Response(CheckSerializer(check).data)


class MappingExportView(APIView):
    permission_classes = [StaffHaveMFA]

    @extend_schema(
        parameters=[
            *PERIOD,
            OpenApiParameter("fmt", str, OpenApiParameter.PATH, enum=list(download.FORMATS)),
        ],
        responses={
            (200, "text/csv"): OpenApiResponse(OpenApiTypes.BINARY, description="The rows."),
            (200, download.FORMATS["xlsx"]): OpenApiResponse(OpenApiTypes.BINARY),
            409: OpenApiResponse(CheckSerializer, description="Something is missing."),
            400: None,
            404: None,
        },
    )
    def get(self, request: Request, org: str, ref: str, fmt: str) -> HttpResponseBase:
        """The rows as CSV or XLSX, streamed, once the check passes; the export is audited."""
        organization = _organization(request, org)
        if fmt not in download.FORMATS:
            raise Http404
        mapping = selectors.mapping_get(organization=organization, ref=ref).usable
        selection = _selection(request, organization)
        check = export_check(mapping, selection)
        if not check.ready:
            return Response(CheckSerializer(check).data, status=status.HTTP_409_CONFLICT)
        services.export_record(
            mapping=mapping,
            selection=selection,
            by=acting_person(request),
            rows=check.rows,
            file_format=fmt,
        )
        chunks = download.export_chunks(mapping, selection, fmt)
        name = download.file_name(mapping, selection, fmt)
        return download.streamed(request._request, chunks, download.FORMATS[fmt], name)
