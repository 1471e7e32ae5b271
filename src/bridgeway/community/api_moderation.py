"""REST API of forum moderation (/api/v1/community/…): reporting a post (any reader), the
moderators' actions on a post, their queue of reports and held posts, suspensions, the
moderators of a space (its managers), and the files of posts. Scoped like the pages: what a
person may not moderate is the same 404 as what does not exist."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.http.response import HttpResponseBase
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework import generics, serializers, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from bridgeway.api.fields import UTCDateTimeField
from bridgeway.community import moderation, queues, selectors, services
from bridgeway.community.access import spaces_readable
from bridgeway.community.models import Moderator, Reply, Report, ReportReason, Suspension, Topic
from bridgeway.core.errors import raise_api_domain_error
from bridgeway.core.http import acting_person, id_or_404
from bridgeway.core.permissions import StaffHaveMFA
from bridgeway.core.services import DomainError
from bridgeway.messaging.downloads import file_response


class ReportInSerializer(serializers.Serializer[Any]):
    reason = serializers.ChoiceField(choices=ReportReason.choices)
    text = serializers.CharField(max_length=1000, required=False, allow_blank=True, default="")


class ReportSerializer(serializers.Serializer[Report]):
    id = serializers.IntegerField(source="pk", read_only=True)
    topic = serializers.IntegerField(source="topic_id", read_only=True)
    reply = serializers.IntegerField(source="reply_id", read_only=True, allow_null=True)
    reason = serializers.CharField(read_only=True)
    text = serializers.CharField(read_only=True)
    status = serializers.CharField(read_only=True)
    created_at = UTCDateTimeField(read_only=True)


class ActionSerializer(serializers.Serializer[Any]):
    action = serializers.ChoiceField(
        choices=["hide", "unhide", "approve", "reject", "move", "pin", "unpin", "lock", "unlock"],
        help_text="move, pin, unpin, lock and unlock are for topics only.",
    )
    reason = serializers.CharField(
        max_length=500, required=False, allow_blank=True, default="", help_text="hide, reject"
    )
    space = serializers.IntegerField(required=False, help_text="move: the space to move it to")


class PostStateSerializer(serializers.Serializer[Any]):
    id = serializers.IntegerField(source="pk")
    state = serializers.CharField()
    hidden = serializers.BooleanField(source="is_hidden")


class ResolveSerializer(serializers.Serializer[Any]):
    outcome = serializers.ChoiceField(choices=["dismiss", "handled"])


class HeldSerializer(serializers.Serializer[Any]):
    topic = serializers.IntegerField()
    reply = serializers.IntegerField(allow_null=True)
    author = serializers.CharField()
    body = serializers.CharField()
    created_at = UTCDateTimeField()


class SuspensionSerializer(serializers.Serializer[Suspension]):
    id = serializers.IntegerField(source="pk", read_only=True)
    space = serializers.IntegerField(source="space_id", read_only=True)
    person = serializers.IntegerField(source="person_id")
    reason = serializers.CharField(max_length=500)
    until = serializers.DateField(required=False, allow_null=True, default=None)
    lifted = serializers.SerializerMethodField()

    def get_lifted(self, suspension: Suspension) -> bool:
        return suspension.lifted_at is not None


class ModeratorSerializer(serializers.Serializer[Moderator]):
    id = serializers.IntegerField(source="pk", read_only=True)
    person = serializers.IntegerField(source="person_id", read_only=True)
    name = serializers.CharField(source="person.name", read_only=True)
    email = serializers.EmailField(write_only=True)


def _report(request: Request, topic: Topic, reply: Reply | None) -> Response:
    form = ReportInSerializer(data=request.data)
    form.is_valid(raise_exception=True)
    try:
        report = moderation.report_create(
            by=acting_person(request), topic=topic, reply=reply, **form.validated_data
        )
    except DomainError as error:
        raise_api_domain_error(error)
    return Response(ReportSerializer(report).data, status=status.HTTP_201_CREATED)


class TopicReportView(APIView):
    """Report a topic to the space's moderators (its author is never told who)."""

    permission_classes = [StaffHaveMFA]

    @extend_schema(request=ReportInSerializer, responses={201: ReportSerializer})
    def post(self, request: Request, pk: str) -> Response:
        topic = selectors.topic_get_for_reader(
            person=acting_person(request), topic_id=id_or_404(pk)
        )
        return _report(request, topic, None)


class ReplyReportView(APIView):
    """Report a reply to the space's moderators (its author is never told who)."""

    permission_classes = [StaffHaveMFA]

    @extend_schema(request=ReportInSerializer, responses={201: ReportSerializer})
    def post(self, request: Request, pk: str) -> Response:
        reply = selectors.reply_get_for_reader(
            person=acting_person(request), reply_id=id_or_404(pk)
        )
        return _report(request, reply.topic, reply)


def _act(request: Request, post: Topic | Reply) -> Response:
    person = acting_person(request)
    form = ActionSerializer(data=request.data)
    form.is_valid(raise_exception=True)
    action, reason = form.validated_data["action"], form.validated_data["reason"]
    topic_only = {"move", "pin", "unpin", "lock", "unlock"}
    try:
        if action in topic_only and not isinstance(post, Topic):
            raise DomainError(_("Only a topic can be moved, pinned or locked."), "action")
        if action == "hide":
            post = moderation.post_hide(post=post, by=person, reason=reason)
        elif action == "unhide":
            post = moderation.post_unhide(post=post, by=person)
        elif action == "approve":
            post = moderation.post_approve(post=post, by=person)
        elif action == "reject":
            post = moderation.post_reject(post=post, by=person, reason=reason)
        elif isinstance(post, Topic):
            post = _topic_action(post, person, action, form.validated_data.get("space"))
    except DomainError as error:
        raise_api_domain_error(error)
    return Response(PostStateSerializer(post).data)


def _topic_action(topic: Topic, person: Any, action: str, space_id: int | None) -> Topic:
    if action == "move":
        target = queues.move_targets(person=person, topic=topic).filter(pk=space_id or 0).first()
        if target is None:
            raise DomainError(_("Choose a space you moderate."), "space")
        return moderation.topic_move(topic=topic, by=person, to_space=target)
    if action in ("pin", "unpin"):
        return services.topic_pin(topic=topic, by=person, pinned=action == "pin")
    return services.topic_lock(topic=topic, by=person, locked=action == "lock")


class TopicModerateView(APIView):
    """A moderator's action on a topic: hide, unhide, approve, reject, move, pin, lock."""

    permission_classes = [StaffHaveMFA]

    @extend_schema(request=ActionSerializer, responses=PostStateSerializer)
    def post(self, request: Request, pk: str) -> Response:
        topic = selectors.topic_get_for_moderator(
            person=acting_person(request), topic_id=id_or_404(pk)
        )
        return _act(request, topic)


class ReplyModerateView(APIView):
    """A moderator's action on a reply: hide, unhide, approve, reject."""

    permission_classes = [StaffHaveMFA]

    @extend_schema(request=ActionSerializer, responses=PostStateSerializer)
    def post(self, request: Request, pk: str) -> Response:
        reply = selectors.reply_get_for_moderator(
            person=acting_person(request), reply_id=id_or_404(pk)
        )
        return _act(request, reply)


class SpaceReportsView(generics.ListAPIView[Report]):
    """The space's reported posts (the earliest open report of each), oldest first."""

    permission_classes = [StaffHaveMFA]
    serializer_class = ReportSerializer

    def get_queryset(self) -> QuerySet[Report]:
        space = selectors.space_get_for_moderator(
            person=acting_person(self.request), space_id=id_or_404(self.kwargs["pk"])
        )
        return queues.open_reports(spaces=queues.space_alone(space=space))


class SpaceHeldView(APIView):
    """The posts of the space waiting for review, oldest first."""

    permission_classes = [StaffHaveMFA]

    @extend_schema(responses=HeldSerializer(many=True))
    def get(self, request: Request, pk: str) -> Response:
        space = selectors.space_get_for_moderator(
            person=acting_person(request), space_id=id_or_404(pk)
        )
        alone = queues.space_alone(space=space)
        rows: list[dict[str, Any]] = [
            {
                "topic": t.pk,
                "reply": None,
                "author": t.author.name,
                "body": t.body,
                "created_at": t.created_at,
            }
            for t in queues.held_topics(spaces=alone)
        ] + [
            {
                "topic": r.topic_id,
                "reply": r.pk,
                "author": r.author.name,
                "body": r.body,
                "created_at": r.created_at,
            }
            for r in queues.held_replies(spaces=alone)
        ]
        rows.sort(key=lambda row: row["created_at"])
        return Response(HeldSerializer(rows, many=True).data)


class ReportResolveView(APIView):
    """Close the open reports of a post: dismissed (nothing wrong) or handled."""

    permission_classes = [StaffHaveMFA]

    @extend_schema(request=ResolveSerializer, responses=ReportSerializer)
    def post(self, request: Request, pk: str) -> Response:
        person = acting_person(request)
        report = queues.report_get_for_moderator(person=person, report_id=id_or_404(pk))
        form = ResolveSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        dismiss = form.validated_data["outcome"] == "dismiss"
        report = moderation.report_resolve(report=report, by=person, dismiss=dismiss)
        return Response(ReportSerializer(report).data)


class SpaceSuspensionsView(generics.ListCreateAPIView[Suspension]):
    """Suspensions in force in the space; suspend a person who reads it (they can still read)."""

    permission_classes = [StaffHaveMFA]
    serializer_class = SuspensionSerializer

    def _space(self) -> Any:
        return selectors.space_get_for_moderator(
            person=acting_person(self.request), space_id=id_or_404(self.kwargs["pk"])
        )

    def get_queryset(self) -> QuerySet[Suspension]:
        return queues.suspensions_in_force(spaces=queues.space_alone(space=self._space()))

    def perform_create(self, serializer: serializers.BaseSerializer[Suspension]) -> None:
        space = self._space()
        data = serializer.validated_data
        person = queues.person_by_id(person_id=data["person_id"])
        try:
            if person is None or not spaces_readable(person).filter(pk=space.pk).exists():
                raise DomainError(_("Choose a person who reads this space."), "person")
            serializer.instance = moderation.suspension_create(
                space=space,
                by=acting_person(self.request),
                person=person,
                reason=data["reason"],
                until=data.get("until"),
            )
        except DomainError as error:
            raise_api_domain_error(error)


class SuspensionLiftView(APIView):
    """Lift a suspension: the person may post again, and is told."""

    permission_classes = [StaffHaveMFA]

    @extend_schema(request=None, responses=SuspensionSerializer)
    def post(self, request: Request, pk: str) -> Response:
        person = acting_person(request)
        found = queues.suspension_get_for_moderator(person=person, suspension_id=id_or_404(pk))
        found = moderation.suspension_lift(suspension=found, by=person)
        return Response(SuspensionSerializer(found).data)


class SpaceModeratorsView(generics.ListCreateAPIView[Moderator]):
    """The moderators staff named for a space they manage; name one by email address."""

    permission_classes = [StaffHaveMFA]
    serializer_class = ModeratorSerializer

    def _space(self) -> Any:
        return selectors.space_get_for_manager(
            person=acting_person(self.request), space_id=id_or_404(self.kwargs["pk"])
        )

    def get_queryset(self) -> QuerySet[Moderator]:
        return queues.moderators_of(space=self._space())

    def perform_create(self, serializer: serializers.BaseSerializer[Moderator]) -> None:
        space = self._space()
        person = queues.person_by_email(email=serializer.validated_data["email"])
        try:
            if person is None:
                raise DomainError(_("Nobody with this address can read this space."), "email")
            serializer.instance = moderation.moderator_add(
                space=space, by=acting_person(self.request), person=person
            )
        except DomainError as error:
            raise_api_domain_error(error)


class SpaceModeratorView(APIView):
    """Remove a moderator of a space you manage."""

    permission_classes = [StaffHaveMFA]

    @extend_schema(responses={204: None})
    def delete(self, request: Request, pk: str, moderator_pk: str) -> Response:
        person = acting_person(request)
        space = selectors.space_get_for_manager(person=person, space_id=id_or_404(pk))
        found = queues.moderator_get(space=space, moderator_id=id_or_404(moderator_pk))
        moderation.moderator_remove(moderator=found, by=person)
        return Response(status=status.HTTP_204_NO_CONTENT)


class FileView(APIView):
    """A post's file, for those who may read the post."""

    permission_classes = [StaffHaveMFA]

    # The file in its own type (a PDF, an image, plain text…).
    @extend_schema(responses={(200, "*/*"): OpenApiTypes.BINARY})
    def get(self, request: Request, pk: str) -> HttpResponseBase:
        found = selectors.file_get_for_reader(person=acting_person(request), file_id=id_or_404(pk))
        return file_response(request, found)
