"""REST API for message attachments, scoped like the pages: only the people in a conversation
list, send and open its files; another conversation's id is the same 404 as a missing one.
Sending is a multipart POST (one or more `files`, an optional `body` and the idempotency
`client_key`); the files are checked exactly as on the page (attachments.py) and the message
and its files are stored together or not at all. Downloads answer byte ranges (206, 416)."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.http.response import HttpResponseBase
from django.urls import path, reverse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import generics, serializers, status
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from bridgeway.core.errors import api_domain_error
from bridgeway.core.http import acting_person, id_or_404
from bridgeway.core.permissions import StaffHaveMFA
from bridgeway.core.services import DomainError
from bridgeway.messaging import selectors, services
from bridgeway.messaging.attachments import MAX_FILES
from bridgeway.messaging.downloads import file_response
from bridgeway.messaging.models import MAX_BODY, Attachment, Message


class AttachmentSerializer(serializers.Serializer[Attachment]):
    id = serializers.IntegerField()
    message = serializers.IntegerField(source="message_id")
    name = serializers.CharField(help_text="The sender's file name, as text.")
    size = serializers.IntegerField(help_text="In bytes.")
    content_type = serializers.CharField(help_text="The type read from the file's content.")
    kind = serializers.ChoiceField(choices=Attachment.Kind.choices)
    created_at = serializers.DateTimeField()
    url = serializers.SerializerMethodField(help_text="Where to download it (byte ranges too).")

    def get_url(self, attachment: Attachment) -> str:
        request: Request = self.context["request"]
        address = reverse(
            "api:conversation-attachment",
            args=[attachment.message.conversation_id, attachment.pk],
        )
        return request.build_absolute_uri(address)


class SentSerializer(serializers.Serializer[Message]):
    """The message that carries the files."""

    id = serializers.IntegerField()
    conversation = serializers.IntegerField(source="conversation_id")
    body = serializers.CharField()
    created_at = serializers.DateTimeField()
    attachments = AttachmentSerializer(many=True)


class SendSerializer(serializers.Serializer[Any]):
    files = serializers.ListField(
        child=serializers.FileField(max_length=1000),
        allow_empty=False,
        max_length=MAX_FILES,
        help_text="Documents, images, video or audio, each within the program's size limit.",
    )
    body = serializers.CharField(
        max_length=MAX_BODY, required=False, allow_blank=True, default="", trim_whitespace=True
    )
    client_key = serializers.CharField(
        max_length=64,
        required=False,
        allow_blank=True,
        default="",
        help_text="The same key sends the message once, however often it is posted.",
    )


class ConversationAttachmentsView(generics.ListAPIView[Attachment]):
    """The files of a conversation the caller is in, newest first; POST sends files."""

    permission_classes = [StaffHaveMFA]
    serializer_class = AttachmentSerializer
    parser_classes = [MultiPartParser, FormParser]

    def get_queryset(self) -> QuerySet[Attachment]:
        member = selectors.member_get(
            person=acting_person(self.request), conversation_id=id_or_404(self.kwargs["pk"])
        )
        return selectors.attachments_of(member=member)

    @extend_schema(
        request={"multipart/form-data": SendSerializer},
        responses={
            201: SentSerializer,
            200: OpenApiResponse(SentSerializer, description="Already sent with this key."),
            400: None,
            404: None,
        },
    )
    def post(self, request: Request, pk: int) -> Response:
        person = acting_person(request)
        member = selectors.member_get(person=person, conversation_id=id_or_404(pk))
        form = SendSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        try:
            counted = services.message_send_count(
                author=person, client_key=form.validated_data["client_key"]
            )
            message, created = services.message_send(
                conversation=member.conversation,
                author=person,
                body=form.validated_data["body"],
                client_key=form.validated_data["client_key"],
                files=form.validated_data["files"],
                key_new=counted,
            )
        except DomainError as error:
            field = {"attachments": "files"}.get(error.field or "", error.field)
            raise api_domain_error(DomainError(error.message, field) if field else error) from error
        message = selectors.message_with_attachments(message_id=message.pk)
        return Response(
            SentSerializer(message, context={"request": request}).data,
            status=status.HTTP_201_CREATED if created else status.HTTP_200_OK,
        )


class AttachmentDownloadView(APIView):
    permission_classes = [StaffHaveMFA]

    @extend_schema(
        responses={
            # The file in its own type (a PDF, an image, plain text…).
            (200, "*/*"): OpenApiTypes.BINARY,
            (206, "*/*"): OpenApiTypes.BINARY,
            404: None,
            416: None,
        },
        description="The file, or the byte range its Range header asks for.",
    )
    def get(self, request: Request, pk: int, attachment_pk: int) -> HttpResponseBase:
        member = selectors.member_get(person=acting_person(request), conversation_id=id_or_404(pk))
        found = selectors.attachment_get_for_member(
            member=member, attachment_id=id_or_404(attachment_pk)
        )
        return file_response(request._request, found)


urlpatterns = [
    path(
        "conversations/<int:pk>/attachments/",
        ConversationAttachmentsView.as_view(),
        name="conversation-attachments",
    ),
    path(
        "conversations/<int:pk>/attachments/<int:attachment_pk>/",
        AttachmentDownloadView.as_view(),
        name="conversation-attachment",
    ),
]
