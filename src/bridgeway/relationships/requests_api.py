"""REST API of a request's question thread, for the mentor (under their enrollment's requests
received) and the mentee (under their own requests), and the mentee's answer to a coordinator's
proposal that both confirm. Scoped like the pages: someone else's id is the same 404 as a
missing one; the program's staff read threads on their pages."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.exceptions import ValidationError
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from bridgeway.api.fields import UTCDateTimeField
from bridgeway.core.http import acting_person, id_or_404
from bridgeway.core.permissions import StaffHaveMFA
from bridgeway.core.services import DomainError
from bridgeway.matching.selectors import mentee_enrollment_get, mentor_enrollment_get
from bridgeway.relationships import confirmation, questions
from bridgeway.relationships.api import MentorRequestSerializer, RelationshipSerializer
from bridgeway.relationships.models import (
    QUESTION_MAX_LENGTH,
    MenteeDeclineReason,
    MentorRequest,
)
from bridgeway.relationships.selectors import (
    relationship_get_for_party,
    request_get_for_mentee,
    request_get_for_mentor,
)


def _domain_error(error: DomainError) -> ValidationError:
    return ValidationError({error.field or "non_field_errors": [error.message]})


class RequestMessageSerializer(serializers.Serializer[Any]):
    id = serializers.IntegerField()
    side = serializers.ChoiceField(
        choices=MentorRequest.Side.choices, help_text="Who wrote it: the mentor or the mentee."
    )
    text = serializers.CharField(help_text="Plain text.")
    created_at = UTCDateTimeField()


class RequestMessagePostSerializer(serializers.Serializer[Any]):
    text = serializers.CharField(
        max_length=QUESTION_MAX_LENGTH,
        help_text="Plain text, up to 2,000 characters; the program's staff can read it too.",
    )


class MenteeDeclineSerializer(serializers.Serializer[Any]):
    reason = serializers.ChoiceField(choices=MenteeDeclineReason.choices)
    note = serializers.CharField(
        max_length=500,
        required=False,
        allow_blank=True,
        default="",
        help_text="In your words; only your coordinator reads it. Needed with 'other'.",
    )


def _thread_response(mentor_request: MentorRequest) -> Response:
    return Response(
        RequestMessageSerializer(questions.thread_of(request=mentor_request), many=True).data
    )


def _post(request: Request, mentor_request: MentorRequest) -> Response:
    serializer = RequestMessagePostSerializer(data=request.data)
    serializer.is_valid(raise_exception=True)
    try:
        message = questions.question_post(
            request=mentor_request,
            by=acting_person(request),
            text=serializer.validated_data["text"],
        )
    except DomainError as error:
        raise _domain_error(error) from None
    return Response(RequestMessageSerializer(message).data, status=status.HTTP_201_CREATED)


def _as_mentor(request: Request, pk: int, request_pk: int) -> MentorRequest:
    mentor = mentor_enrollment_get(person=acting_person(request), enrollment_id=id_or_404(pk))
    return request_get_for_mentor(mentor=mentor, request_id=id_or_404(request_pk))


def _as_mentee(request: Request, pk: int, request_pk: int) -> MentorRequest:
    mentee = mentee_enrollment_get(person=acting_person(request), enrollment_id=id_or_404(pk))
    return request_get_for_mentee(mentee=mentee, request_id=id_or_404(request_pk))


class ReceivedRequestQuestionsView(APIView):
    permission_classes = [StaffHaveMFA]

    @extend_schema(responses=RequestMessageSerializer(many=True))
    def get(self, request: Request, pk: int, request_pk: int) -> Response:
        """The questions you asked the mentee about this request, and their answers, oldest
        first."""
        return _thread_response(_as_mentor(request, pk, request_pk))

    @extend_schema(
        request=RequestMessagePostSerializer,
        responses={201: RequestMessageSerializer, 400: None, 404: None},
    )
    def post(self, request: Request, pk: int, request_pk: int) -> Response:
        """Ask the mentee a question before you answer; they are told. The deadline keeps
        running. Refused once the request is answered or expired."""
        return _post(request, _as_mentor(request, pk, request_pk))


class MentorRequestQuestionsView(APIView):
    permission_classes = [StaffHaveMFA]

    @extend_schema(responses=RequestMessageSerializer(many=True))
    def get(self, request: Request, pk: int, request_pk: int) -> Response:
        """The mentor's questions about your request and your answers, oldest first."""
        return _thread_response(_as_mentee(request, pk, request_pk))

    @extend_schema(
        request=RequestMessagePostSerializer,
        responses={201: RequestMessageSerializer, 400: None, 404: None},
    )
    def post(self, request: Request, pk: int, request_pk: int) -> Response:
        """Answer the mentor's question (you write once they have asked one); they are told.
        Refused once the request is answered or expired."""
        return _post(request, _as_mentee(request, pk, request_pk))


class MentorRequestAcceptView(APIView):
    permission_classes = [StaffHaveMFA]

    @extend_schema(
        request=None,
        responses={
            201: RelationshipSerializer,
            202: MentorRequestSerializer,
            400: None,
            404: None,
        },
    )
    def post(self, request: Request, pk: int, request_pk: int) -> Response:
        """Accept the mentor your coordinator proposes (where both confirm): your mentorship
        begins when the mentor has accepted too (201), or your yes is kept (202). A second
        answer, or one after the deadline, is refused and changes nothing."""
        person = acting_person(request)
        mentor_request = _as_mentee(request, pk, request_pk)
        try:
            relationship = confirmation.request_accept_as_mentee(request=mentor_request, by=person)
        except DomainError as error:
            raise _domain_error(error) from None
        if relationship is None:
            mentor_request.refresh_from_db()
            return Response(
                MentorRequestSerializer(mentor_request).data, status=status.HTTP_202_ACCEPTED
            )
        relationship = relationship_get_for_party(person=person, relationship_id=relationship.pk)
        return Response(
            RelationshipSerializer(relationship, context={"person": person}).data,
            status=status.HTTP_201_CREATED,
        )


class MentorRequestDeclineView(APIView):
    permission_classes = [StaffHaveMFA]

    @extend_schema(
        request=MenteeDeclineSerializer,
        responses={200: MentorRequestSerializer, 400: None, 404: None},
    )
    def post(self, request: Request, pk: int, request_pk: int) -> Response:
        """Decline the mentor your coordinator proposes (where both confirm), with a reason
        from the list; only your coordinator reads it. This mentor is not proposed again."""
        mentor_request = _as_mentee(request, pk, request_pk)
        serializer = MenteeDeclineSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        try:
            declined = confirmation.request_decline_as_mentee(
                request=mentor_request,
                by=acting_person(request),
                reason=serializer.validated_data["reason"],
                note=serializer.validated_data["note"],
            )
        except DomainError as error:
            raise _domain_error(error) from None
        return Response(MentorRequestSerializer(declined).data)
