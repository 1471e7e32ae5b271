"""REST API for closing one of your mentorships, with the page's rules and messages: a reason
from the list (another reason needs a few words), never one the app alone sets nor the staff's;
a mentorship already closed is a 400 that says so, and someone else's is the same 404 as a
missing one."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.exceptions import ValidationError
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from bridgeway.core.http import acting_person, id_or_404
from bridgeway.core.permissions import StaffHaveMFA
from bridgeway.core.services import DomainError
from bridgeway.relationships import closure
from bridgeway.relationships.api import RelationshipDetailSerializer, _detail, _domain_error
from bridgeway.relationships.models import CloseReason
from bridgeway.relationships.selectors import relationship_get_for_party


class CloseSerializer(serializers.Serializer[Any]):
    reason = serializers.ChoiceField(
        choices=CloseReason.choices,
        help_text="Why it closes. The reasons the app sets by itself and the staff's own are "
        "refused.",
        error_messages={"invalid_choice": gettext_lazy("Choose a reason from the list.")},
    )
    note = serializers.CharField(
        max_length=500,
        required=False,
        allow_blank=True,
        default="",
        help_text="In a few words; required for another reason.",
    )


class RelationshipCloseView(APIView):
    permission_classes = [StaffHaveMFA]

    @extend_schema(
        request=CloseSerializer,
        responses={200: RelationshipDetailSerializer, 400: None, 404: None},
    )
    def post(self, request: Request, pk: int) -> Response:
        """Close one of your mentorships with a reason. Both of you are told and asked the
        closing survey; meetings still to come are cancelled."""
        person = acting_person(request)
        serializer = CloseSerializer(data=request.data)
        if not serializer.is_valid():
            # someone else's, or a missing one, is a 404 before a 400
            relationship_get_for_party(person=person, relationship_id=id_or_404(pk))
            raise ValidationError(serializer.errors)
        try:
            # read once, under its lock (someone else's is the same 404)
            closed = closure.relationship_close_by_party(
                relationship_id=id_or_404(pk),
                by=person,
                reason=serializer.validated_data["reason"],
                note=serializer.validated_data["note"],
            )
        except DomainError as error:
            raise _domain_error(error) from None
        return _detail(person, closed)
