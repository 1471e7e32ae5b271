"""REST API of the community forums (/api/v1/community/…), scoped like the pages: the spaces
the person reads, their topics and replies (text as written and as safe HTML), helpful marks,
follows and search. Another agency's id is the same 404 as a missing one. Times in UTC."""

from __future__ import annotations

from functools import cached_property
from typing import Any

from django.db.models import QuerySet
from django.urls import reverse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field
from rest_framework import generics, serializers, status
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from bridgeway.api.fields import UTCDateTimeField
from bridgeway.community import selectors, services
from bridgeway.community.access import can_moderate
from bridgeway.community.models import PostFile, Reply, Space, Topic
from bridgeway.community.search import topics_matching
from bridgeway.core import limits
from bridgeway.core.errors import raise_api_domain_error
from bridgeway.core.http import acting_person, id_or_404
from bridgeway.core.limits import person_key
from bridgeway.core.permissions import StaffHaveMFA
from bridgeway.core.services import DomainError
from bridgeway.messaging.attachments import MAX_FILES
from bridgeway.messaging.formatting import render_message


class AuthorSerializer(serializers.Serializer[Any]):
    id = serializers.IntegerField(source="pk")
    name = serializers.CharField()


class SpaceSerializer(serializers.Serializer[Space]):
    id = serializers.IntegerField(source="pk", read_only=True)
    name = serializers.CharField(read_only=True)
    description = serializers.CharField(read_only=True)
    level = serializers.CharField(read_only=True)
    audience = serializers.CharField(read_only=True)
    sector = serializers.CharField(read_only=True)
    program = serializers.IntegerField(source="program_id", read_only=True, allow_null=True)


class PostFileSerializer(serializers.Serializer[PostFile]):
    id = serializers.IntegerField(source="pk")
    name = serializers.CharField()
    size = serializers.IntegerField()
    content_type = serializers.CharField()
    kind = serializers.CharField()
    url = serializers.SerializerMethodField()

    def get_url(self, found: PostFile) -> str:
        return reverse("api:community-file", args=[found.pk])


FILES = serializers.ListField(
    child=serializers.FileField(max_length=1000),
    required=False,
    write_only=True,
    max_length=MAX_FILES,
    help_text="Documents, images, video or audio (multipart/form-data), checked like a "
    "message's attachments.",
)


class TopicSerializer(serializers.Serializer[Topic]):
    id = serializers.IntegerField(source="pk", read_only=True)
    space = serializers.IntegerField(source="space_id", read_only=True)
    author = AuthorSerializer(read_only=True)
    title = serializers.CharField(max_length=160)
    body = serializers.CharField(max_length=20000)
    html = serializers.SerializerMethodField()
    pinned = serializers.BooleanField(read_only=True)
    locked = serializers.BooleanField(read_only=True)
    reply_count = serializers.IntegerField(read_only=True)
    created_at = UTCDateTimeField(read_only=True)
    last_activity_at = UTCDateTimeField(read_only=True)
    client_key = serializers.CharField(max_length=64, required=False, write_only=True)
    state = serializers.CharField(read_only=True, help_text="published, held or rejected")
    hidden = serializers.BooleanField(source="is_hidden", read_only=True)
    files = FILES
    attached = serializers.SerializerMethodField()

    def get_html(self, topic: Topic) -> str:
        return render_message(topic.body)

    @extend_schema_field(PostFileSerializer(many=True))
    def get_attached(self, topic: Topic) -> list[Any]:
        files: Any = selectors.topic_files(topic=topic)
        return list(PostFileSerializer(files, many=True).data)

    def to_representation(self, topic: Topic) -> dict[str, Any]:
        data = super().to_representation(topic)
        request = self.context.get("request")
        own = request is not None and topic.author_id == request.user.pk
        if topic.is_hidden and not own and not self.context.get("moderator"):
            # Readers learn only that a moderator hid it.
            data.update(title="", body="", html="", attached=[])
        return data


class ReplySerializer(serializers.Serializer[Reply]):
    id = serializers.IntegerField(source="pk", read_only=True)
    author = AuthorSerializer(read_only=True)
    body = serializers.CharField(max_length=20000)
    html = serializers.SerializerMethodField()
    helpful_count = serializers.IntegerField(read_only=True)
    marked_helpful = serializers.SerializerMethodField()
    created_at = UTCDateTimeField(read_only=True)
    client_key = serializers.CharField(max_length=64, required=False, write_only=True)
    state = serializers.CharField(read_only=True, help_text="published, held or rejected")
    hidden = serializers.BooleanField(source="is_hidden", read_only=True)
    files = FILES
    attached = PostFileSerializer(source="files.all", many=True, read_only=True)

    def get_html(self, reply: Reply) -> str:
        # A reply a moderator hid: readers other than its author and the moderators get only
        # that it is hidden (`hidden`), not its text.
        if reply.is_hidden and not self.context.get("moderator"):
            request = self.context.get("request")
            if request is None or reply.author_id != request.user.pk:
                return ""
        return render_message(reply.body)

    def to_representation(self, reply: Reply) -> dict[str, Any]:
        data = super().to_representation(reply)
        if data["hidden"] and not data["html"]:
            data["body"] = ""
            data["attached"] = []
        return data

    def get_marked_helpful(self, reply: Reply) -> bool:
        return bool(getattr(reply, "mine", []))


class FollowSerializer(serializers.Serializer[Any]):
    following = serializers.BooleanField()


class HelpfulSerializer(serializers.Serializer[Any]):
    marked = serializers.BooleanField(read_only=True)


class SpaceListView(generics.ListAPIView[Space]):
    """The spaces you may read."""

    permission_classes = [StaffHaveMFA]
    serializer_class = SpaceSerializer

    def get_queryset(self) -> QuerySet[Space]:
        return selectors.spaces_for_reader(person=acting_person(self.request))


class SpaceTopicsView(generics.ListCreateAPIView[Topic]):
    """A space's topics, pinned first then the most recently active; post a new topic."""

    permission_classes = [StaffHaveMFA]
    serializer_class = TopicSerializer
    parser_classes = [JSONParser, MultiPartParser, FormParser]

    def _space(self) -> Space:
        return selectors.space_get_for_reader(
            person=acting_person(self.request), space_id=id_or_404(self.kwargs["pk"])
        )

    def get_serializer_context(self) -> dict[str, Any]:
        context = super().get_serializer_context()
        if "pk" in self.kwargs:
            context["moderator"] = can_moderate(acting_person(self.request), self._space())
        return context

    def get_queryset(self) -> QuerySet[Topic]:
        person = acting_person(self.request)
        space = self._space()
        return selectors.topics_of(
            space=space, person=person, moderator=can_moderate(person, space)
        )

    def perform_create(self, serializer: serializers.BaseSerializer[Topic]) -> None:
        data = serializer.validated_data
        try:
            limits.hit("post", who=person_key(acting_person(self.request)))
            serializer.instance = services.topic_create(
                space=self._space(),
                by=acting_person(self.request),
                title=data["title"],
                body=data["body"],
                client_key=data.get("client_key", ""),
                files=data.get("files", []),
            )
        except DomainError as error:
            raise_api_domain_error(error)


class TopicDetailView(APIView):
    """A topic."""

    permission_classes = [StaffHaveMFA]

    @extend_schema(responses=TopicSerializer)
    def get(self, request: Request, pk: str) -> Response:
        person = acting_person(request)
        topic = selectors.topic_get_for_reader(person=person, topic_id=id_or_404(pk))
        context = {"request": request, "moderator": can_moderate(person, topic.space)}
        return Response(TopicSerializer(topic, context=context).data)


class TopicRepliesView(generics.ListCreateAPIView[Reply]):
    """A topic's replies, oldest first; post a reply (refused on a locked topic)."""

    permission_classes = [StaffHaveMFA]
    serializer_class = ReplySerializer
    parser_classes = [JSONParser, MultiPartParser, FormParser]

    # Read once per request: the list and its serializer both need them.
    @cached_property
    def topic(self) -> Topic:
        return selectors.topic_get_for_reader(
            person=acting_person(self.request), topic_id=id_or_404(self.kwargs["pk"])
        )

    @cached_property
    def moderator(self) -> bool:
        return can_moderate(acting_person(self.request), self.topic.space)

    def get_serializer_context(self) -> dict[str, Any]:
        context = super().get_serializer_context()
        if "pk" in self.kwargs:
            context["moderator"] = self.moderator
        return context

    def get_queryset(self) -> QuerySet[Reply]:
        return selectors.replies_of(
            topic=self.topic, person=acting_person(self.request), moderator=self.moderator
        )

    def perform_create(self, serializer: serializers.BaseSerializer[Reply]) -> None:
        data = serializer.validated_data
        try:
            limits.hit("post", who=person_key(acting_person(self.request)))
            serializer.instance = services.reply_create(
                topic=self.topic,
                by=acting_person(self.request),
                body=data["body"],
                client_key=data.get("client_key", ""),
                files=data.get("files", []),
            )
        except DomainError as error:
            raise_api_domain_error(error)


class HelpfulView(APIView):
    """Mark a reply helpful, or take your mark back (one mark per person)."""

    permission_classes = [StaffHaveMFA]

    @extend_schema(request=None, responses=HelpfulSerializer)
    def post(self, request: Request, pk: str) -> Response:
        person = acting_person(request)
        reply = selectors.reply_get_for_reader(person=person, reply_id=id_or_404(pk))
        try:
            marked = services.helpful_toggle(reply=reply, by=person)
        except DomainError as error:
            raise_api_domain_error(error)
        return Response({"marked": marked})


class _FollowView(APIView):
    permission_classes = [StaffHaveMFA]
    target = "space"

    @extend_schema(request=FollowSerializer, responses=FollowSerializer)
    def put(self, request: Request, pk: str) -> Response:
        person = acting_person(request)
        serializer = FollowSerializer(data=request.data)
        if self.target == "space":
            space = selectors.space_get_for_reader(person=person, space_id=id_or_404(pk))
            serializer.is_valid(raise_exception=True)
            following = services.follow_set(
                person=person, space=space, following=serializer.validated_data["following"]
            )
        else:
            topic = selectors.topic_get_for_reader(person=person, topic_id=id_or_404(pk))
            serializer.is_valid(raise_exception=True)
            following = services.follow_set(
                person=person, topic=topic, following=serializer.validated_data["following"]
            )
        return Response({"following": following}, status=status.HTTP_200_OK)


class SpaceFollowView(_FollowView):
    """Follow a space (hear of its new topics), or stop."""

    target = "space"


class TopicFollowView(_FollowView):
    """Follow a topic (hear of its new replies), or stop."""

    target = "topic"


class SearchView(generics.ListAPIView[Topic]):
    """Topics whose title, text or replies hold every word of `q`, in the spaces you read."""

    permission_classes = [StaffHaveMFA]
    serializer_class = TopicSerializer

    @extend_schema(
        parameters=[OpenApiParameter("q", OpenApiTypes.STR, description="The words to find.")]
    )
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().get(request, *args, **kwargs)

    def get_queryset(self) -> QuerySet[Topic]:
        text = str(self.request.query_params.get("q", "")).strip()[:200]
        return topics_matching(person=acting_person(self.request), text=text)
