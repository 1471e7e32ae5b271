"""REST API of data exports: a person asks for a copy of their data and lists their requests.
The download link (`download_url`) opens in a signed-in browser session of the same person and
works for 7 days. Times are ISO 8601 in UTC."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from bridgeway.api.fields import UTCDateTimeField
from bridgeway.core import limits
from bridgeway.core.errors import raise_api_domain_error
from bridgeway.core.http import acting_person
from bridgeway.core.services import DomainError
from bridgeway.privacy.exports import selectors, services
from bridgeway.privacy.exports.models import ExportRequest


class ExportSerializer(serializers.Serializer[Any]):
    id = serializers.IntegerField(source="pk")
    status = serializers.ChoiceField(choices=ExportRequest.Status.choices)
    asked_at = UTCDateTimeField()
    built_at = UTCDateTimeField(allow_null=True)
    delivered_at = UTCDateTimeField(allow_null=True)
    expires_at = UTCDateTimeField(allow_null=True)
    expired_at = UTCDateTimeField(allow_null=True)
    size = serializers.IntegerField()
    download_url = serializers.SerializerMethodField()

    def get_download_url(self, export: ExportRequest) -> str | None:
        if export.status != ExportRequest.Status.READY:
            return None
        request = self.context.get("request")
        url = services.download_url(export)
        return request.build_absolute_uri(url) if request is not None else url


class MyExportsView(APIView):
    @extend_schema(responses=ExportSerializer(many=True))
    def get(self, request: Request) -> Response:
        """Your requests for a copy of your data, newest first."""
        rows = selectors.exports_of(acting_person(request))[:50]
        return Response(ExportSerializer(rows, many=True, context={"request": request}).data)

    @extend_schema(request=None, responses={201: ExportSerializer, 400: None, 429: None})
    def post(self, request: Request) -> Response:
        """Ask for a copy of your data: it is prepared in the background and you are emailed a
        link. One request is prepared at a time (a second answers 400 with when the first was
        asked); five a day at most (429 with Retry-After)."""
        person = acting_person(request)
        try:
            limits.hit("export", who=limits.person_key(person))
            export = services.export_ask(person=person, asked_by=person)
        except DomainError as error:
            raise_api_domain_error(error)
        return Response(
            ExportSerializer(export, context={"request": request}).data,
            status=status.HTTP_201_CREATED,
        )
