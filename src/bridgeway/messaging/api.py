"""REST API for conversations and messages, scoped to the caller exactly like the pages: only
a conversation's members read it and write to it; anyone else's id is the same 404 as a
missing one. A message carries the sender's `client_key`: sending it again (a retry after a
lost answer) returns the message already stored, with 200 instead of 201. Message text comes
back as written (`body`) and as safe HTML (`html`); times are ISO 8601 in UTC."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics, serializers, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from bridgeway.api.fields import UTCDateTimeField
from bridgeway.core.errors import api_domain_error
from bridgeway.core.http import acting_person, id_or_404, parse_id
from bridgeway.core.permissions import StaffHaveMFA
from bridgeway.core.serializers import KeptFieldsSerializer
from bridgeway.core.services import DomainError
from bridgeway.messaging import selectors, services
from bridgeway.messaging.events import event_html, event_text
from bridgeway.messaging.formatting import render_message
from bridgeway.messaging.models import MAX_BODY, Conversation, Member, Message
from bridgeway.messaging.services import MAX_KEY


class ConversationSerializer(KeptFieldsSerializer[Member]):
    """One of your conversations, as its member."""

    id = serializers.IntegerField(source="conversation.pk")
    kind = serializers.ChoiceField(source="conversation.kind", choices=Conversation.Kind.choices)
    status = serializers.ChoiceField(
        source="conversation.status", choices=Conversation.Status.choices
    )
    title = serializers.SerializerMethodField()
    program = serializers.IntegerField(source="conversation.program_id", allow_null=True)
    relationship = serializers.IntegerField(source="conversation.relationship_id", allow_null=True)
    last_message_at = UTCDateTimeField(source="conversation.last_message_at", allow_null=True)
    unread = serializers.SerializerMethodField()
    read_up_to = serializers.IntegerField(
        source="last_read_id", help_text="The newest message id you have seen."
    )

    def get_title(self, member: Member) -> str:
        return selectors.conversation_title(member.conversation, self.context["person"])

    def to_representation(self, instance: Member) -> dict[str, Any]:
        """The fields declared above, each written by its own field as DRF would, without
        DRF's walk of every field's source on each row (every list of conversations)."""
        fields = self.fields
        conversation = instance.conversation

        def written(name: str, value: Any) -> Any:
            return None if value is None else fields[name].to_representation(value)

        return {
            "id": written("id", conversation.pk),
            "kind": written("kind", conversation.kind),
            "status": written("status", conversation.status),
            "title": self.get_title(instance),
            "program": written("program", conversation.program_id),
            "relationship": written("relationship", conversation.relationship_id),
            "last_message_at": written("last_message_at", conversation.last_message_at),
            "unread": self.get_unread(instance),
            "read_up_to": written("read_up_to", instance.last_read_id),
        }

    def get_unread(self, member: Member) -> int:
        return int(getattr(member, "unread", 0) or 0)


class MessageSerializer(serializers.Serializer[Message]):
    """A message or an event line ("kind": "event", its words in "text"). A deleted message
    keeps its place with "deleted": true and no text."""

    id = serializers.IntegerField()
    kind = serializers.ChoiceField(choices=Message.Kind.choices)
    author = serializers.IntegerField(source="author_id", allow_null=True)
    author_name = serializers.SerializerMethodField()
    body = serializers.SerializerMethodField()
    html = serializers.SerializerMethodField()
    text = serializers.SerializerMethodField(help_text="An event's words, in your language.")
    client_key = serializers.SerializerMethodField()
    created_at = UTCDateTimeField()
    edited_at = UTCDateTimeField(allow_null=True)
    deleted = serializers.SerializerMethodField()

    def get_author_name(self, message: Message) -> str:
        return message.author.name if message.author is not None else ""

    def get_body(self, message: Message) -> str:
        return "" if message.is_deleted or message.kind != Message.Kind.TEXT else message.body

    def get_html(self, message: Message) -> str:
        if message.kind == Message.Kind.EVENT:
            return event_html(message)
        return render_message(self.get_body(message)) if self.get_body(message) else ""

    def get_text(self, message: Message) -> str:
        return event_text(message) if message.kind == Message.Kind.EVENT else ""

    def get_client_key(self, message: Message) -> str:
        # Only the sender sees their own key (to match a retry to its message).
        return message.client_key if message.author_id == self.context["person"].pk else ""

    def get_deleted(self, message: Message) -> bool:
        return message.is_deleted


class MessageSendSerializer(serializers.Serializer[Any]):
    body = serializers.CharField(max_length=MAX_BODY, help_text="Markdown: a small, safe subset.")
    client_key = serializers.CharField(
        max_length=MAX_KEY,
        required=False,
        allow_blank=True,
        default="",
        help_text="Your own id for this message (a UUID): sending it again stores it once.",
    )


class MessageEditSerializer(serializers.Serializer[Any]):
    body = serializers.CharField(max_length=MAX_BODY)


class ReadSerializer(serializers.Serializer[Any]):
    up_to = serializers.IntegerField(
        min_value=1, max_value=2**63 - 1, required=False, help_text="Default: the newest."
    )


class ConversationListView(generics.ListAPIView[Member]):
    """Your conversations, the most recent activity first, with what you have not read."""

    permission_classes = [StaffHaveMFA]
    serializer_class = ConversationSerializer

    def get_queryset(self) -> QuerySet[Member]:
        return selectors.conversations_of(person=acting_person(self.request))

    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        size = getattr(self.paginator, "page_size", None)
        if isinstance(size, int) and request.query_params.get("page") in (None, "", "1"):
            # The first page, when every conversation fits on it: no count asked, and the
            # queryset of every page (get_queryset) is not built.
            first = selectors.conversations_on_first_page(
                person=acting_person(request), per_page=size
            )
            if first is not None:
                rows: Any = first  # a list: DRF's paginator takes any sequence
                page = self.paginate_queryset(rows)
                serializer = self.get_serializer(page, many=True)
                return self.get_paginated_response(serializer.data)
        return super().list(request, *args, **kwargs)

    def get_serializer_context(self) -> dict[str, Any]:
        return {**super().get_serializer_context(), "person": acting_person(self.request)}


class ConversationDetailView(APIView):
    permission_classes = [StaffHaveMFA]

    @extend_schema(responses={200: ConversationSerializer, 404: None})
    def get(self, request: Request, pk: int) -> Response:
        """One of your conversations."""
        person = acting_person(request)
        member = selectors.member_get(person=person, conversation_id=id_or_404(pk))
        member.unread = selectors.unread_in(member=member)  # type: ignore[attr-defined]
        return Response(ConversationSerializer(member, context={"person": person}).data)


class MessagesView(APIView):
    permission_classes = [StaffHaveMFA]

    @extend_schema(
        parameters=[
            OpenApiParameter("before", int, description="Older messages than this id."),
            OpenApiParameter("after", int, description="Newer messages than this id."),
        ],
        responses={200: MessageSerializer(many=True), 404: None},
    )
    def get(self, request: Request, pk: int) -> Response:
        """Up to 50 messages, oldest first: the newest by default, or those before or after
        an id."""
        person = acting_person(request)
        member = selectors.member_get(person=person, conversation_id=id_or_404(pk))
        after = parse_id(request.query_params.get("after"))
        if after is not None:
            rows = selectors.messages_after(conversation=member.conversation, after=after)
        else:
            before = parse_id(request.query_params.get("before"))
            rows = selectors.messages_page(conversation=member.conversation, before=before).messages
        data = MessageSerializer(rows, many=True, context={"person": person}).data  # type: ignore[arg-type]
        return Response(data)

    @extend_schema(
        request=MessageSendSerializer,
        responses={201: MessageSerializer, 200: MessageSerializer, 400: None, 404: None},
    )
    def post(self, request: Request, pk: int) -> Response:
        """Send a message. 201 when it is new; 200 with the stored message when this
        client_key was already sent."""
        person = acting_person(request)
        member = selectors.member_get(person=person, conversation_id=id_or_404(pk))
        serializer = MessageSendSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        try:
            counted = services.message_send_count(
                author=person, client_key=serializer.validated_data.get("client_key", "")
            )
            message, created = services.message_send(
                conversation=member.conversation,
                author=person,
                key_new=counted,
                **serializer.validated_data,
            )
        except DomainError as error:
            raise api_domain_error(error) from None
        return Response(
            MessageSerializer(message, context={"person": person}).data,
            status=status.HTTP_201_CREATED if created else status.HTTP_200_OK,
        )


class MessageDetailView(APIView):
    permission_classes = [StaffHaveMFA]

    def _message(self, request: Request, pk: int, message_pk: int) -> Message:
        member = selectors.member_get(person=acting_person(request), conversation_id=id_or_404(pk))
        return selectors.message_get(member=member, message_id=id_or_404(message_pk))

    @extend_schema(
        request=MessageEditSerializer, responses={200: MessageSerializer, 400: None, 404: None}
    )
    def patch(self, request: Request, pk: int, message_pk: int) -> Response:
        """Change your message, within 15 minutes of sending it (what it said is kept)."""
        person = acting_person(request)
        message = self._message(request, pk, message_pk)
        serializer = MessageEditSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        try:
            message = services.message_edit(
                message=message, by=person, body=serializer.validated_data["body"]
            )
        except DomainError as error:
            raise api_domain_error(error) from None
        return Response(MessageSerializer(message, context={"person": person}).data)

    @extend_schema(responses={204: None, 400: None, 404: None})
    def delete(self, request: Request, pk: int, message_pk: int) -> Response:
        """Delete your message: everyone sees that a message was deleted."""
        person = acting_person(request)
        message = self._message(request, pk, message_pk)
        try:
            services.message_delete(message=message, by=person)
        except DomainError as error:
            raise api_domain_error(error) from None
        return Response(status=status.HTTP_204_NO_CONTENT)


class ReadView(APIView):
    permission_classes = [StaffHaveMFA]

    @extend_schema(request=ReadSerializer, responses={204: None, 400: None, 404: None})
    def post(self, request: Request, pk: int) -> Response:
        """Mark the conversation read up to a message (read marks only move forward)."""
        person = acting_person(request)
        member = selectors.member_get(person=person, conversation_id=id_or_404(pk))
        serializer = ReadSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        services.conversation_read(member=member, up_to_id=serializer.validated_data.get("up_to"))
        return Response(status=status.HTTP_204_NO_CONTENT)
