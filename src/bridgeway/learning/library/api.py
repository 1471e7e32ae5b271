"""REST API of the resource library (/api/v1/library/…), scoped like the pages: the resources
the person sees, search with filters, "for you" with reasons, a resource (a view counted once a
day) and its file; staff list their resources with views, add one (multipart, with a file or
an address), change who sees it, and add a language. An expert's answer (kind "answer",
published from Ask-an-Expert) carries its question and answer, as Markdown and as safe HTML.
Another agency's id is the same 404 as a missing one."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.http import Http404
from django.http.response import HttpResponseBase
from django.urls import reverse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics, serializers, status
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from bridgeway.api.fields import UTCDateTimeField
from bridgeway.core.access import ANY_STAFF, is_network_admin, organization_get_for_staff
from bridgeway.core.errors import raise_api_domain_error
from bridgeway.core.http import acting_person, id_or_404
from bridgeway.core.permissions import StaffHaveMFA
from bridgeway.core.services import DomainError
from bridgeway.learning.library import selectors, services
from bridgeway.learning.library.foryou import resources_for_you
from bridgeway.learning.library.models import (
    ADDED_IN_THE_LIBRARY,
    Arrival,
    Kind,
    Resource,
    ResourceVersion,
    Topic,
)
from bridgeway.learning.library.search import Filters, resources_found
from bridgeway.messaging.downloads import file_response
from bridgeway.messaging.formatting import render_message
from bridgeway.programs.questionnaires.codelists import LANGUAGES, OCCUPATIONS
from bridgeway.programs.reach import Audience

FILTERS = [
    OpenApiParameter("q", OpenApiTypes.STR, description="Words to find, in any language."),
    OpenApiParameter("language", OpenApiTypes.STR, description="A language code: fr."),
    OpenApiParameter("sector", OpenApiTypes.STR, description="A NOC 2021 broad category: 3."),
    OpenApiParameter("topic", OpenApiTypes.STR, enum=Topic.values),
    OpenApiParameter("kind", OpenApiTypes.STR, enum=Kind.values),
]


class ResourceVersionSerializer(serializers.Serializer[ResourceVersion]):
    id = serializers.IntegerField(source="pk", read_only=True)
    language = serializers.ChoiceField(choices=sorted(LANGUAGES))
    title = serializers.CharField(max_length=160)
    summary = serializers.CharField(max_length=2000, required=False, allow_blank=True, default="")
    url = serializers.URLField(
        max_length=500, required=False, allow_blank=True, default="", help_text="A link's address."
    )
    file = serializers.FileField(write_only=True, required=False, help_text="A document or video.")
    file_name = serializers.CharField(source="name", read_only=True)
    size = serializers.IntegerField(read_only=True)
    content_type = serializers.CharField(read_only=True)
    file_url = serializers.SerializerMethodField(help_text="Where to download its file, if any.")
    question_text = serializers.CharField(
        max_length=20000,
        required=False,
        allow_blank=True,
        default="",
        help_text="An expert answer's question (Markdown).",
    )
    answer_text = serializers.CharField(
        max_length=20000,
        required=False,
        allow_blank=True,
        default="",
        help_text="An expert answer's answer (Markdown).",
    )
    question_html = serializers.SerializerMethodField(help_text="The question as safe HTML.")
    answer_html = serializers.SerializerMethodField(help_text="The answer as safe HTML.")

    def get_question_html(self, version: ResourceVersion) -> str:
        return render_message(version.question_text) if version.question_text else ""

    def get_answer_html(self, version: ResourceVersion) -> str:
        return render_message(version.answer_text) if version.answer_text else ""

    def get_file_url(self, version: ResourceVersion) -> str | None:
        if not version.has_file:
            return None
        address = reverse("api:library-resource-file", args=[version.resource_id, version.pk])
        return str(self.context["request"].build_absolute_uri(address))


class SettingsSerializer(serializers.Serializer[Resource]):
    audience = serializers.ChoiceField(choices=Audience.choices, required=False)
    sector = serializers.ChoiceField(
        choices=[("", ""), *sorted(OCCUPATIONS)], required=False, allow_blank=True
    )
    arrival = serializers.ChoiceField(choices=Arrival.choices, required=False, allow_blank=True)
    topics = serializers.ListField(
        child=serializers.ChoiceField(choices=Topic.choices), required=False
    )
    archived = serializers.BooleanField(required=False)


class ResourceSerializer(SettingsSerializer):
    id = serializers.IntegerField(source="pk", read_only=True)
    kind = serializers.ChoiceField(choices=Kind.choices)
    level = serializers.CharField(read_only=True)
    program = serializers.IntegerField(source="program_id", read_only=True, allow_null=True)
    versions = ResourceVersionSerializer(many=True, read_only=True)
    created_at = UTCDateTimeField(read_only=True)
    topics = serializers.SerializerMethodField()  # type: ignore[assignment]

    def get_topics(self, resource: Resource) -> list[str]:
        return [t.topic for t in resource.topics.all()]


class StaffResourceSerializer(ResourceSerializer):
    view_total = serializers.IntegerField(read_only=True, help_text="Views in all.")
    month_views = serializers.IntegerField(read_only=True, help_text="Views this month.")


class KindSerializer(serializers.Serializer[Any]):
    kind = serializers.ChoiceField(
        choices=[(k.value, k.label) for k in ADDED_IN_THE_LIBRARY],
        help_text="Expert answers are published from their question, not here.",
    )


class NewResourceSerializer(KindSerializer, SettingsSerializer):
    program = serializers.IntegerField(
        required=False, help_text="One of the agency's programs; left out: the whole agency."
    )
    version = ResourceVersionSerializer(help_text="The first version (multipart: version.title …).")


class LibrarySuggestionSerializer(serializers.Serializer[Any]):
    resource = ResourceSerializer()
    reasons = serializers.ListField(child=serializers.CharField())


class ResourceListView(generics.ListAPIView[Resource]):
    """The resources you see, newest first; the filters narrow them."""

    permission_classes = [StaffHaveMFA]
    serializer_class = ResourceSerializer

    @extend_schema(parameters=FILTERS)
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().get(request, *args, **kwargs)

    def get_queryset(self) -> QuerySet[Resource]:
        params = self.request.query_params
        values = {n: str(params.get(n, "")).strip()[:200] for n in ("q", "language", "sector")}
        values |= {n: str(params.get(n, "")).strip()[:20] for n in ("topic", "kind")}
        filters = Filters(
            text=values["q"],
            language=values["language"],
            sector=values["sector"],
            topic=values["topic"],
            kind=values["kind"],
        )
        return resources_found(person=acting_person(self.request), filters=filters)


class ForYouView(APIView):
    """Up to six resources that fit your profile best, each with its reasons in your language."""

    permission_classes = [StaffHaveMFA]

    @extend_schema(responses=LibrarySuggestionSerializer(many=True))
    def get(self, request: Request) -> Response:
        found = resources_for_you(person=acting_person(request))
        data = [{"resource": s.resource, "reasons": s.reasons} for s in found]
        return Response(
            LibrarySuggestionSerializer(data, many=True, context={"request": request}).data
        )


class ResourceDetailView(APIView):
    """A resource with its versions; reading it counts a view (once a day)."""

    permission_classes = [StaffHaveMFA]

    @extend_schema(responses=ResourceSerializer)
    def get(self, request: Request, pk: str) -> Response:
        person = acting_person(request)
        found = selectors.resource_get_for_reader(person=person, resource_id=id_or_404(pk))
        services.view_record(resource=found, person=person)
        return Response(ResourceSerializer(found, context={"request": request}).data)


class ResourceFileView(APIView):
    permission_classes = [StaffHaveMFA]

    @extend_schema(
        responses={
            # The file in its own type (a PDF, an image, plain text…).
            (200, "*/*"): OpenApiTypes.BINARY,
            (206, "*/*"): OpenApiTypes.BINARY,
            404: None,
            416: None,
        },
        description="A version's file (byte ranges too); downloading it counts a view.",
    )
    def get(self, request: Request, pk: str, version_pk: str) -> HttpResponseBase:
        person = acting_person(request)
        found = selectors.resource_get_for_reader(person=person, resource_id=id_or_404(pk))
        version = selectors.version_of(resource=found, version_id=id_or_404(version_pk))
        if not version.has_file:
            raise Http404
        response = file_response(request._request, version)
        if response.status_code == 200:
            services.view_record(resource=found, person=person)
        return response


class _StaffResourcesView(generics.ListAPIView[Resource]):
    permission_classes = [StaffHaveMFA]
    serializer_class = StaffResourceSerializer
    parser_classes = [MultiPartParser, FormParser, JSONParser]

    def scope(self) -> dict[str, Any]:
        raise NotImplementedError

    @extend_schema(
        request={"multipart/form-data": NewResourceSerializer},
        responses={201: ResourceSerializer, 400: None, 404: None},
    )
    def post(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        scope = self.scope()
        version = ResourceVersionSerializer(data=_nested(request.data, "version."))
        settings = SettingsSerializer(data=request.data)
        form = KindSerializer(data={"kind": request.data.get("kind")})
        for serializer in (form, version, settings):
            serializer.is_valid(raise_exception=True)
        program_id = request.data.get("program")
        if program_id:
            programs = {p.pk: p for p in scope.pop("programs", [])}
            scope["program"] = programs.get(id_or_404(program_id))
            if scope["program"] is None:
                raise Http404
        scope.pop("programs", None)
        fields = dict(version.validated_data)
        upload = fields.pop("file", None)
        try:
            created = services.resource_create(
                by=acting_person(request),
                kind=form.validated_data["kind"],
                version=fields,  # type: ignore[arg-type]
                file=upload,
                **scope,
                **settings.validated_data,
            )
        except DomainError as error:
            raise_api_domain_error(error)
        found = selectors.resource_get_for_manager(
            person=acting_person(request), resource_id=created.pk
        )
        return Response(
            ResourceSerializer(found, context={"request": request}).data,
            status=status.HTTP_201_CREATED,
        )


def _nested(data: Any, prefix: str) -> dict[str, Any]:
    """`version.title` (multipart) or {"version": {...}} (JSON) as one dictionary."""
    if isinstance(data.get("version"), dict):
        return dict(data["version"])
    return {key[len(prefix) :]: data.get(key) for key in data if key.startswith(prefix)}


class AgencyResourcesView(_StaffResourcesView):
    """The agency's and its programs' resources with their views; POST adds one."""

    def _agency(self) -> Any:
        organization, _membership = organization_get_for_staff(
            person=acting_person(self.request), slug=self.kwargs["org"], roles=ANY_STAFF
        )
        return organization

    def scope(self) -> dict[str, Any]:
        organization = self._agency()
        programs = list(selectors.programs_of_agency(organization=organization))
        return {"network": organization.network, "organization": organization, "programs": programs}

    def get_queryset(self) -> QuerySet[Resource]:
        return selectors.resources_of_agency(organization=self._agency())


class NetworkResourcesView(_StaffResourcesView):
    """The network's resources with their views (network admins); POST adds one."""

    def _network(self) -> Any:
        person = acting_person(self.request)
        network = selectors.network_of_admin(person=person) if is_network_admin(person) else None
        if network is None:
            raise Http404
        return network

    def scope(self) -> dict[str, Any]:
        return {"network": self._network()}

    def get_queryset(self) -> QuerySet[Resource]:
        return selectors.resources_of_network(network=self._network())


class ResourceManageView(APIView):
    """Change who sees a resource you manage, its sector, timing and topics, or archive it."""

    permission_classes = [StaffHaveMFA]

    @extend_schema(request=SettingsSerializer, responses=ResourceSerializer)
    def patch(self, request: Request, pk: str) -> Response:
        person = acting_person(request)
        found = selectors.resource_get_for_manager(person=person, resource_id=id_or_404(pk))
        settings = SettingsSerializer(data=request.data, partial=True)
        settings.is_valid(raise_exception=True)
        services.resource_update(resource=found, by=person, **settings.validated_data)
        found = selectors.resource_get_for_manager(person=person, resource_id=found.pk)
        return Response(ResourceSerializer(found, context={"request": request}).data)


class ResourceVersionsView(APIView):
    """Add a resource you manage in one more language (multipart for a file)."""

    permission_classes = [StaffHaveMFA]
    parser_classes = [MultiPartParser, FormParser, JSONParser]

    @extend_schema(
        request={"multipart/form-data": ResourceVersionSerializer},
        responses={201: ResourceVersionSerializer, 400: None, 404: None},
    )
    def post(self, request: Request, pk: str) -> Response:
        person = acting_person(request)
        found = selectors.resource_get_for_manager(person=person, resource_id=id_or_404(pk))
        serializer = ResourceVersionSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        fields = dict(serializer.validated_data)
        upload = fields.pop("file", None)
        try:
            version = services.version_add(resource=found, by=person, file=upload, **fields)
        except DomainError as error:
            raise_api_domain_error(error)
        data = ResourceVersionSerializer(version, context={"request": request}).data
        return Response(data, status=status.HTTP_201_CREATED)
