"""REST API: my consents by purpose (GET), give one (POST) and withdraw one (POST). Only the
caller's own consents: there is no id of anyone else to pass."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from bridgeway.api.permissions import StaffHaveMFA
from bridgeway.core.errors import raise_api_domain_error
from bridgeway.core.http import acting_person
from bridgeway.core.services import DomainError
from bridgeway.privacy.consent import services
from bridgeway.privacy.consent.models import Consent, Purpose
from bridgeway.privacy.consent.selectors import PurposeState, consents_for_person


class ConsentRecordSerializer(serializers.Serializer[Any]):
    version = serializers.IntegerField(source="text.version")
    given_at = serializers.DateTimeField(allow_null=True, help_text="Null: said no at once.")
    withdrawn_at = serializers.DateTimeField(allow_null=True)
    given_through = serializers.CharField(source="source", help_text="intake, page, api…")


class PurposeConsentSerializer(serializers.Serializer[Any]):
    purpose = serializers.ChoiceField(choices=Purpose.choices)
    name = serializers.CharField(source="label", help_text="In the caller's language.")
    is_required = serializers.BooleanField(
        source="required", help_text="Withdrawn by leaving the program, not through this API."
    )
    state = serializers.ChoiceField(choices=["given", "withdrawn", "not_answered"])
    current_version = serializers.IntegerField(source="text.version")
    text = serializers.CharField(source="text_now", help_text="In the caller's language.")
    agreed_version = serializers.SerializerMethodField()
    history = ConsentRecordSerializer(many=True, help_text="Newest first.")

    def get_agreed_version(self, state: PurposeState) -> int | None:
        return state.current.text.version if state.holds and state.current else None


def _state(person: Any, purpose: str) -> dict[str, Any]:
    state = next(s for s in consents_for_person(person=person) if s.purpose == purpose)
    return PurposeConsentSerializer(state).data  # type: ignore[no-any-return]


class PurposeChoiceSerializer(serializers.Serializer[Any]):
    purpose = serializers.ChoiceField(choices=Purpose.choices)


def _purpose(request: Request) -> str:
    chosen = PurposeChoiceSerializer(data=request.data)
    chosen.is_valid(raise_exception=True)
    return str(chosen.validated_data["purpose"])


class MyConsentsView(APIView):
    """Each purpose: the text now, what I answered and when."""

    permission_classes = [StaffHaveMFA]

    @extend_schema(responses=PurposeConsentSerializer(many=True))
    def get(self, request: Request) -> Response:
        states = consents_for_person(person=acting_person(request))
        return Response(PurposeConsentSerializer(states, many=True).data)


class MyConsentGiveView(APIView):
    permission_classes = [StaffHaveMFA]

    @extend_schema(
        request=PurposeChoiceSerializer,
        responses={200: PurposeConsentSerializer, 400: None},
        description="Agree to the current text of the purpose. Agreeing twice changes nothing.",
    )
    def post(self, request: Request) -> Response:
        person = acting_person(request)
        purpose = _purpose(request)
        services.consent_give(person=person, purpose=purpose, source=Consent.Source.API)
        return Response(_state(person, purpose))


class MyConsentWithdrawView(APIView):
    permission_classes = [StaffHaveMFA]

    @extend_schema(
        request=PurposeChoiceSerializer,
        responses={200: PurposeConsentSerializer, 400: None},
        description=(
            "Withdraw the consent from now on (withdrawing twice changes nothing). Taking part "
            "is refused with 400: leave the program instead."
        ),
    )
    def post(self, request: Request) -> Response:
        person = acting_person(request)
        purpose = _purpose(request)
        try:
            services.consent_withdraw(person=person, purpose=purpose, source=Consent.Source.API)
        except DomainError as error:
            raise_api_domain_error(error)
        return Response(_state(person, purpose))
