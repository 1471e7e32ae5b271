"""REST API of curriculum mode for a program's staff: list and schedule prompts
(/api/v1/programs/<id>/prompts/), read, change or cancel one (/api/v1/prompts/<id>/) with how
many pairs and groups it reached and how many answered. Times in UTC."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db.models import QuerySet
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import generics, serializers, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from bridgeway.api.fields import UTCDateTimeField
from bridgeway.community.curriculum import selectors, services
from bridgeway.community.curriculum.models import Prompt
from bridgeway.core.access import ANY_STAFF
from bridgeway.core.errors import raise_api_domain_error
from bridgeway.core.http import acting_person, id_or_404
from bridgeway.core.permissions import StaffHaveMFA
from bridgeway.core.services import DomainError
from bridgeway.messaging.models import MAX_BODY
from bridgeway.programs.models import Program
from bridgeway.programs.selectors import program_get_for_staff


class PromptTextSerializer(serializers.Serializer[Any]):
    title = serializers.CharField(max_length=200)
    body = serializers.CharField(max_length=MAX_BODY, help_text="Markdown: a small, safe subset.")


class PromptSerializer(serializers.Serializer[Prompt]):
    id = serializers.IntegerField(source="pk", read_only=True)
    program = serializers.IntegerField(source="program_id", read_only=True)
    texts = serializers.DictField(
        child=PromptTextSerializer(),
        help_text="By language code (one of the site's languages): a title and a text.",
    )
    language = serializers.CharField(
        read_only=True, help_text="Shown to a reader whose language has no text."
    )
    send_at = UTCDateTimeField()
    status = serializers.CharField(read_only=True)
    sent_at = UTCDateTimeField(read_only=True, allow_null=True)
    reached = serializers.SerializerMethodField(help_text="Conversations it was posted in.")
    answered = serializers.SerializerMethodField(help_text="Of those, how many answered.")

    def validate_texts(self, texts: dict[str, dict[str, str]]) -> dict[str, dict[str, str]]:
        known = {code for code, _name in settings.LANGUAGES}
        unknown = sorted(set(texts) - known)
        if unknown:
            raise serializers.ValidationError(
                _("These languages are not offered here: %(codes)s.")
                % {"codes": ", ".join(unknown)}
            )
        return {code: {"title": t["title"], "body": t["body"]} for code, t in texts.items()}

    def get_reached(self, prompt: Prompt) -> int:
        return int(getattr(prompt, "reached", prompt.deliveries.count()))

    def get_answered(self, prompt: Prompt) -> int:
        if hasattr(prompt, "answered"):
            return int(prompt.answered)
        rows = selectors.prompt_deliveries(prompt=prompt)
        return sum(1 for delivery in rows if getattr(delivery, "has_answer", False))


class ProgramPromptsView(generics.ListCreateAPIView[Prompt]):
    """A program's prompts by the time they appear; schedule one."""

    permission_classes = [StaffHaveMFA]
    serializer_class = PromptSerializer

    def _program(self) -> Program:
        return program_get_for_staff(
            person=acting_person(self.request),
            program_id=id_or_404(self.kwargs["pk"]),
            roles=ANY_STAFF,
        )

    def get_queryset(self) -> QuerySet[Prompt]:
        return selectors.prompts_for_program(program=self._program())

    def perform_create(self, serializer: serializers.BaseSerializer[Prompt]) -> None:
        data = serializer.validated_data
        try:
            serializer.instance = services.prompt_schedule(
                program=self._program(),
                texts=data["texts"],
                send_at=data["send_at"],
                by=acting_person(self.request),
            )
        except DomainError as error:
            raise_api_domain_error(error)


class PromptDetailView(APIView):
    """One prompt; change it (texts, time) or cancel it (DELETE) while it is scheduled."""

    permission_classes = [StaffHaveMFA]

    def _prompt(self, request: Request, pk: str) -> Prompt:
        return selectors.prompt_get_for_staff(
            person=acting_person(request), prompt_id=id_or_404(pk)
        )

    @extend_schema(responses=PromptSerializer)
    def get(self, request: Request, pk: str) -> Response:
        return Response(PromptSerializer(self._prompt(request, pk)).data)

    @extend_schema(request=PromptSerializer, responses=PromptSerializer)
    def patch(self, request: Request, pk: str) -> Response:
        prompt = self._prompt(request, pk)
        serializer = PromptSerializer(prompt, data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        try:
            prompt = services.prompt_change(
                prompt=prompt,
                texts=data.get("texts", prompt.texts),
                send_at=data.get("send_at", prompt.send_at),
                by=acting_person(request),
            )
        except DomainError as error:
            raise_api_domain_error(error)
        return Response(PromptSerializer(prompt).data)

    @extend_schema(responses={204: None})
    def delete(self, request: Request, pk: str) -> Response:
        try:
            services.prompt_cancel(prompt=self._prompt(request, pk), by=acting_person(request))
        except DomainError as error:
            raise_api_domain_error(error)
        return Response(status=status.HTTP_204_NO_CONTENT)
