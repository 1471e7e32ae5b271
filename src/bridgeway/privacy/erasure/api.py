"""REST API of erasure: the person asks to delete their account and reads where their request
stands; staff of the person's agencies list requests (waiting, on hold, done) and approve
them. Refusals (already asked, on hold) are 400s worded in the caller's language."""

from __future__ import annotations

from typing import Any

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from bridgeway.api.fields import UTCDateTimeField
from bridgeway.core.errors import raise_api_domain_error
from bridgeway.core.http import acting_person, id_or_404
from bridgeway.core.permissions import StaffHaveMFA
from bridgeway.core.services import DomainError
from bridgeway.privacy.erasure import services
from bridgeway.privacy.erasure.holds import holds_for
from bridgeway.privacy.erasure.models import ErasureRequest
from bridgeway.privacy.erasure.selectors import (
    SHOWN,
    request_get_for_staff,
    request_of,
    requests_for_staff,
)


class MyErasureSerializer(serializers.Serializer[Any]):
    id = serializers.IntegerField(allow_null=True)
    status = serializers.CharField(
        allow_blank=True, help_text="pending, approved, done, withdrawn; empty if never asked."
    )
    on_hold = serializers.BooleanField()
    why = serializers.ListField(
        child=serializers.CharField(), help_text="Why it is on hold, in your language."
    )
    created_at = UTCDateTimeField(allow_null=True)


class AskSerializer(serializers.Serializer[Any]):
    confirm = serializers.BooleanField(help_text="Must be true: deleting cannot be undone.")


class StaffErasureSerializer(serializers.Serializer[Any]):
    id = serializers.IntegerField()
    person = serializers.IntegerField(source="person_id")
    name = serializers.CharField(source="person.name")
    status = serializers.ChoiceField(choices=ErasureRequest.Status.choices)
    on_hold = serializers.BooleanField()
    why = serializers.ListField(child=serializers.CharField())
    by_staff = serializers.BooleanField()
    created_at = UTCDateTimeField()
    approved_at = UTCDateTimeField(allow_null=True)
    finished_at = UTCDateTimeField(allow_null=True)


def _mine(person: Any) -> dict[str, Any]:
    current = request_of(person=person)
    holds = holds_for(person) if current is not None and current.status == "pending" else []
    return {
        "id": current.pk if current else None,
        "status": current.status if current else "",
        "on_hold": bool(holds),
        "why": [hold.for_person() for hold in holds],
        "created_at": current.created_at if current else None,
    }


def _staff_row(row: ErasureRequest) -> dict[str, Any]:
    holds = holds_for(row.person) if row.status == "pending" else []
    return {
        "id": row.pk,
        "person_id": row.person_id,
        "person": row.person,
        "status": row.status,
        "on_hold": bool(holds),
        "why": [hold.for_staff() for hold in holds],
        "by_staff": row.by_staff,
        "created_at": row.created_at,
        "approved_at": row.approved_at,
        "finished_at": row.finished_at,
    }


class MyErasureView(APIView):
    @extend_schema(responses=MyErasureSerializer, summary="Your request to delete your account")
    def get(self, request: Request) -> Response:
        return Response(MyErasureSerializer(_mine(acting_person(request))).data)

    @extend_schema(
        request=AskSerializer,
        responses={201: MyErasureSerializer},
        summary="Ask to delete your account and data",
    )
    def post(self, request: Request) -> Response:
        person = acting_person(request)
        body = AskSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        if not body.validated_data["confirm"]:
            raise_api_domain_error(DomainError(_confirm_text(), "confirm"))
        try:
            services.erasure_request(person=person, by=person)
        except DomainError as error:
            raise_api_domain_error(error)
        return Response(MyErasureSerializer(_mine(person)).data, status=status.HTTP_201_CREATED)


def _confirm_text() -> str:
    from django.utils.translation import gettext as _

    return _("Confirm that you want this: deleting cannot be undone.")


class StaffErasureListView(APIView):
    permission_classes = [StaffHaveMFA]

    @extend_schema(
        parameters=[
            OpenApiParameter(
                "show",
                OpenApiTypes.STR,
                enum=list(SHOWN),
                description="pending (default), held or done",
            )
        ],
        responses=StaffErasureSerializer(many=True),
        summary="Erasure requests of your agencies",
    )
    def get(self, request: Request) -> Response:
        show = request.query_params.get("show", "pending")
        show = show if show in SHOWN else "pending"
        rows = requests_for_staff(person=acting_person(request), show=show)
        return Response(StaffErasureSerializer([_staff_row(row) for row in rows], many=True).data)


class StaffErasureApproveView(APIView):
    permission_classes = [StaffHaveMFA]

    @extend_schema(request=None, responses=StaffErasureSerializer, summary="Approve an erasure")
    def post(self, request: Request, pk: str) -> Response:
        person = acting_person(request)
        erasure, organization = request_get_for_staff(person=person, request_id=id_or_404(pk))
        try:
            approved = services.erasure_approve(
                request=erasure, by=person, organization=organization
            )
        except DomainError as error:
            raise_api_domain_error(error)
        approved.refresh_from_db()
        return Response(StaffErasureSerializer(_staff_row(approved)).data)
