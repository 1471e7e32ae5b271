"""REST API of the news (/api/v1/community/news/…): the sent posts a person may read, one post
in their language (every version included); for staff, their scope's posts to write, change,
count, send or schedule. Another agency's id is the same 404 as a missing one. Times in UTC."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db.models import QuerySet
from django.utils import translation
from drf_spectacular.utils import extend_schema
from rest_framework import generics, serializers, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from bridgeway.api.fields import UTCDateTimeField
from bridgeway.community.news import selectors, services
from bridgeway.community.news.models import Post, PostKind, PostState, Visibility
from bridgeway.community.news.segments import Segment, segment_count_by_language
from bridgeway.core.errors import raise_api_domain_error
from bridgeway.core.http import acting_person, id_or_404
from bridgeway.core.permissions import StaffHaveMFA
from bridgeway.core.services import DomainError
from bridgeway.messaging.formatting import render_message
from bridgeway.programs.models import EnrollmentRole, EnrollmentStatus
from bridgeway.programs.questionnaires.codelists import COUNTRIES, OCCUPATIONS, time_zones


class PostVersionSerializer(serializers.Serializer[Any]):
    language = serializers.CharField(max_length=12)
    title = serializers.CharField(max_length=160)
    summary = serializers.CharField(max_length=300, required=False, allow_blank=True, default="")
    body = serializers.CharField(max_length=50000)

    def validate_language(self, value: str) -> str:
        if value not in dict(settings.LANGUAGES):
            raise serializers.ValidationError("Choose a language the site offers.")
        return value


class PostSerializer(serializers.Serializer[Post]):
    """A sent post as a reader gets it: the version of their language, and all versions."""

    id = serializers.IntegerField(source="pk", read_only=True)
    kind = serializers.CharField(read_only=True)
    scope = serializers.CharField(read_only=True)
    scope_name = serializers.SerializerMethodField()
    visibility = serializers.CharField(read_only=True)
    urgent = serializers.BooleanField(read_only=True)
    sent_at = UTCDateTimeField(read_only=True)
    language = serializers.SerializerMethodField()
    title = serializers.SerializerMethodField()
    summary = serializers.SerializerMethodField()
    body = serializers.SerializerMethodField()
    html = serializers.SerializerMethodField()
    versions = PostVersionSerializer(many=True, read_only=True)

    def _version(self, post: Post) -> Any:
        return selectors.version_for_reader(post, translation.get_language() or "")

    def get_scope_name(self, post: Post) -> str:
        return selectors.scope_of_post(post).name

    def get_language(self, post: Post) -> str:
        return str(self._version(post).language)

    def get_title(self, post: Post) -> str:
        return str(self._version(post).title)

    def get_summary(self, post: Post) -> str:
        return str(self._version(post).summary)

    def get_body(self, post: Post) -> str:
        return str(self._version(post).body)

    def get_html(self, post: Post) -> str:
        return render_message(self._version(post).body)


def _codes(choices: Any) -> serializers.ListField:
    return serializers.ListField(
        child=serializers.ChoiceField(choices=choices), required=False, default=list
    )


class StaffPostSerializer(serializers.Serializer[Post]):
    """A post as its staff write it: scope ("network:<id>", "agency:<id>", "program:<id>"),
    kind, versions and the segment's filters (empty lists: any)."""

    id = serializers.IntegerField(source="pk", read_only=True)
    scope = serializers.CharField(max_length=40, write_only=True)
    scope_level = serializers.CharField(source="scope", read_only=True)
    kind = serializers.ChoiceField(choices=PostKind.choices)
    default_language = serializers.CharField(max_length=12)
    visibility = serializers.ChoiceField(choices=Visibility.choices, default=Visibility.MEMBERS)
    urgent = serializers.BooleanField(default=False)
    roles = _codes(EnrollmentRole.choices)
    statuses = _codes(EnrollmentStatus.choices)
    cohort_start = serializers.DateField(required=False, allow_null=True, default=None)
    languages = serializers.ListField(
        child=serializers.CharField(max_length=12), required=False, default=list
    )
    sectors = _codes(sorted(OCCUPATIONS))
    countries = serializers.ListField(
        child=serializers.CharField(max_length=2), required=False, default=list
    )
    time_zones = serializers.ListField(
        child=serializers.CharField(max_length=64), required=False, default=list
    )
    versions = PostVersionSerializer(many=True)
    state = serializers.CharField(read_only=True)
    send_at = UTCDateTimeField(read_only=True, allow_null=True)  # null: not scheduled
    sent_at = UTCDateTimeField(read_only=True, allow_null=True)  # null: not sent yet
    recipient_count = serializers.IntegerField(read_only=True)
    client_key = serializers.CharField(max_length=64, required=False, write_only=True)

    def validate_languages(self, value: list[str]) -> list[str]:
        if any(code not in dict(settings.LANGUAGES) for code in value):
            raise serializers.ValidationError("Choose languages the site offers.")
        return value

    def validate_countries(self, value: list[str]) -> list[str]:
        if any(code not in COUNTRIES for code in value):
            raise serializers.ValidationError("Give ISO 3166 country codes, such as SY.")
        return value

    def validate_time_zones(self, value: list[str]) -> list[str]:
        if any(zone not in time_zones() for zone in value):
            raise serializers.ValidationError("Give IANA time zones, such as Asia/Manila.")
        return value

    def validate_versions(self, value: list[dict[str, str]]) -> list[dict[str, str]]:
        languages = [v["language"] for v in value]
        if len(set(languages)) != len(languages):
            raise serializers.ValidationError("Give one version per language.")
        return value


def _fields(data: dict[str, Any]) -> tuple[dict[str, services.Version], dict[str, Any]]:
    versions = {
        v["language"]: services.Version(title=v["title"], body=v["body"], summary=v["summary"])
        for v in data["versions"]
    }
    fields = {name: data[name] for name in services.POST_FIELDS if name in data}
    return versions, fields


class PostListView(generics.ListAPIView[Post]):
    """Sent posts you may read (public ones, and members-only ones of your scopes), newest
    first."""

    permission_classes = [StaffHaveMFA]
    serializer_class = PostSerializer

    def get_queryset(self) -> QuerySet[Post]:
        posts = selectors.posts_readable(person=acting_person(self.request))
        return (
            posts.select_related("network", "organization", "program")
            .prefetch_related("versions")
            .order_by("-sent_at", "-pk")
        )


class PostDetailView(APIView):
    """A sent post, in your language when it has a version in it."""

    permission_classes = [StaffHaveMFA]

    @extend_schema(responses=PostSerializer)
    def get(self, request: Request, pk: str) -> Response:
        post = selectors.post_get_for_reader(person=acting_person(request), post_id=id_or_404(pk))
        return Response(PostSerializer(post).data)


class StaffPostListView(generics.ListCreateAPIView[Post]):
    """Posts of the scopes you manage; write a new one (a draft)."""

    permission_classes = [StaffHaveMFA]
    serializer_class = StaffPostSerializer

    def get_queryset(self) -> QuerySet[Post]:
        posts = selectors.posts_managed(person=acting_person(self.request))
        return posts.prefetch_related("versions").order_by("-created_at", "-pk")

    def perform_create(self, serializer: serializers.BaseSerializer[Post]) -> None:
        person = acting_person(self.request)
        data = serializer.validated_data
        scope = selectors.scope_for_manager(person=person, value=data["scope"])
        if scope is None:
            raise serializers.ValidationError({"scope": ["Choose a scope you manage."]})
        versions, fields = _fields(data)
        try:
            serializer.instance = services.post_create(
                by=person,
                network=scope.network,
                organization=scope.organization,
                program=scope.program,
                versions=versions,
                client_key=data.get("client_key", ""),
                **fields,
            )
        except DomainError as error:
            raise_api_domain_error(error)


class StaffPostDetailView(APIView):
    """One of your scope's posts; change it while it is a draft or scheduled."""

    permission_classes = [StaffHaveMFA]

    def _post(self, request: Request, pk: str) -> Post:
        return selectors.post_get_for_manager(person=acting_person(request), post_id=id_or_404(pk))

    @extend_schema(responses=StaffPostSerializer)
    def get(self, request: Request, pk: str) -> Response:
        return Response(StaffPostSerializer(self._post(request, pk)).data)

    @extend_schema(request=StaffPostSerializer, responses=StaffPostSerializer)
    def put(self, request: Request, pk: str) -> Response:
        post = self._post(request, pk)
        serializer = StaffPostSerializer(data={**request.data, "scope": "unchanged"})
        serializer.is_valid(raise_exception=True)
        versions, fields = _fields(serializer.validated_data)
        try:
            post = services.post_update(
                post=post, by=acting_person(request), versions=versions, **fields
            )
        except DomainError as error:
            raise_api_domain_error(error)
        post = selectors.post_get_for_manager(person=acting_person(request), post_id=post.pk)
        return Response(StaffPostSerializer(post).data)


class PostSendSerializer(serializers.Serializer[Any]):
    send_at = UTCDateTimeField(required=False, allow_null=True, default=None)


class ReachSerializer(serializers.Serializer[Any]):
    count = serializers.IntegerField()
    by_language = serializers.DictField(child=serializers.IntegerField())


class StaffPostSendView(APIView):
    """POST: send now (no `send_at`) or schedule; DELETE: take a scheduled post back to the
    drafts. Sending twice sends once."""

    permission_classes = [StaffHaveMFA]

    @extend_schema(request=PostSendSerializer, responses=StaffPostSerializer)
    def post(self, request: Request, pk: str) -> Response:
        person = acting_person(request)
        post = selectors.post_get_for_manager(person=person, post_id=id_or_404(pk))
        serializer = PostSendSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        send_at = serializer.validated_data["send_at"]
        try:
            if send_at is None:
                post, _sent = services.post_send(post=post, by=person)
            else:
                post = services.post_schedule(post=post, by=person, send_at=send_at)
        except DomainError as error:
            raise_api_domain_error(error)
        return Response(
            StaffPostSerializer(selectors.post_get_for_manager(person=person, post_id=post.pk)).data
        )

    @extend_schema(request=None, responses={200: StaffPostSerializer})
    def delete(self, request: Request, pk: str) -> Response:
        person = acting_person(request)
        post = selectors.post_get_for_manager(person=person, post_id=id_or_404(pk))
        try:
            services.post_unschedule(post=post, by=person)
        except DomainError as error:
            raise_api_domain_error(error)
        post = selectors.post_get_for_manager(person=person, post_id=post.pk)
        return Response(StaffPostSerializer(post).data, status=status.HTTP_200_OK)


class StaffPostReachView(APIView):
    """How many people the post reaches now, by preferred language (numbers, never names)."""

    permission_classes = [StaffHaveMFA]

    @extend_schema(responses=ReachSerializer)
    def get(self, request: Request, pk: str) -> Response:
        post = selectors.post_get_for_manager(person=acting_person(request), post_id=id_or_404(pk))
        counts = (
            segment_count_by_language(Segment.of_post(post)) if post.state != PostState.SENT else {}
        )
        total = sum(counts.values()) if counts else post.recipient_count
        return Response({"count": total, "by_language": counts})
