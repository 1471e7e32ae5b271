"""REST API of circles for participants (/api/v1/community/circles/…): the circles they are in
and those of their programs (each with `can_join` and, when not, the reason), one circle,
joining (or asking to) and leaving. The staff's endpoints are in api_staff.py. Another agency's
id is the same 404 as a missing one."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics, serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from bridgeway.api.fields import UTCDateTimeField
from bridgeway.community.circles import membership, selectors
from bridgeway.community.circles.models import (
    Circle,
    CircleMember,
)
from bridgeway.community.circles.selectors import Card
from bridgeway.core.errors import raise_api_domain_error
from bridgeway.core.http import acting_person, id_or_404
from bridgeway.core.permissions import StaffHaveMFA
from bridgeway.core.services import DomainError

Status = CircleMember.Status


class CircleSerializer(serializers.Serializer[Circle]):
    id = serializers.IntegerField(source="pk", read_only=True)
    name = serializers.CharField(read_only=True)
    kind = serializers.CharField(read_only=True)
    need = serializers.CharField(read_only=True)
    sector = serializers.CharField(read_only=True)
    language = serializers.CharField(read_only=True)
    description = serializers.CharField(read_only=True)
    level = serializers.CharField(read_only=True)
    agency = serializers.CharField(source="organization.name", read_only=True)
    program = serializers.CharField(source="program.name", read_only=True, allow_null=True)
    capacity = serializers.IntegerField(read_only=True)
    members = serializers.IntegerField(source="member_total", read_only=True)
    joining = serializers.CharField(read_only=True)
    status = serializers.CharField(read_only=True)
    leader = serializers.SerializerMethodField()

    def get_leader(self, circle: Circle) -> str:
        leader = selectors.leader_of(circle)
        return leader.person.name if leader is not None else ""


class CardSerializer(serializers.Serializer[Any]):
    """A circle as one participant sees it: their place, whether they can join now and why
    not; its space and conversation once they are a member."""

    circle = CircleSerializer(read_only=True)
    my_status = serializers.CharField(source="status", read_only=True)
    can_join = serializers.SerializerMethodField()
    reason = serializers.CharField(source="refusal", read_only=True)

    def get_can_join(self, card: Card) -> bool:
        return not card.refusal and card.status not in (Status.ACTIVE, Status.REQUESTED)


class PersonSerializer(serializers.Serializer[Any]):
    id = serializers.IntegerField(source="person_id")
    name = serializers.CharField(source="person.name")
    role = serializers.CharField()


class SessionBriefSerializer(serializers.Serializer[Any]):
    id = serializers.IntegerField(source="pk")
    title = serializers.CharField()
    starts_at = UTCDateTimeField()
    ends_at = UTCDateTimeField()


class DetailSerializer(CardSerializer):
    """With, for its members and staff, who is in it, its space and conversation, and its
    coming sessions (register through the sessions API)."""

    people = PersonSerializer(many=True, read_only=True)
    space = serializers.IntegerField(read_only=True, allow_null=True)
    conversation = serializers.IntegerField(read_only=True, allow_null=True)
    sessions = SessionBriefSerializer(many=True, read_only=True)


def _detail(person: Any, circle: Circle) -> dict[str, Any]:
    [card] = selectors.cards_for(person=person, circles=[circle])
    standing = selectors.is_standing_member(person=person, circle=circle)
    insider = standing or selectors.may_manage(person=person, circle=circle)
    data = dict(DetailSerializer(card).data)
    data["people"] = (
        PersonSerializer(selectors.members_of(circle=circle), many=True).data if insider else []
    )
    data["space"] = circle.space_id if insider else None
    data["conversation"] = circle.conversation_id if standing else None
    data["sessions"] = (
        SessionBriefSerializer(selectors.coming_sessions(circle=circle)[:10], many=True).data
        if insider
        else []
    )
    return data


SHOW = OpenApiParameter(
    "show",
    OpenApiTypes.STR,
    enum=["mine", "joinable"],
    description="mine: circles you are in, asked to join or are invited to; joinable: the "
    "other active circles of your programs (each says whether you can join, and why not).",
)


class CircleListView(generics.ListAPIView[Circle]):
    """Your circles and those of your programs and agencies, by name."""

    permission_classes = [StaffHaveMFA]
    serializer_class = CardSerializer

    def get_queryset(self) -> QuerySet[Circle]:
        show = str(self.request.query_params.get("show", ""))
        return selectors.circles_for_list(person=acting_person(self.request), show=show)

    @extend_schema(parameters=[SHOW])
    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        page = self.paginate_queryset(self.get_queryset())
        cards = selectors.cards_for(person=acting_person(request), circles=list(page or []))
        return self.get_paginated_response(CardSerializer(cards, many=True).data)


class CircleDetailView(APIView):
    permission_classes = [StaffHaveMFA]

    @extend_schema(responses=DetailSerializer)
    def get(self, request: Request, pk: str) -> Response:
        person = acting_person(request)
        circle = selectors.circle_get_for_person(person=person, circle_id=id_or_404(pk))
        return Response(_detail(person, circle))


class JoinSerializer(serializers.Serializer[Any]):
    note = serializers.CharField(max_length=500, required=False, default="", allow_blank=True)


class MembershipView(APIView):
    """POST: join an open circle, accept an invitation, or ask to join a circle by approval
    (with an optional `note` to the leader); twice changes nothing. DELETE: leave, take back
    a request, or say no to an invitation."""

    permission_classes = [StaffHaveMFA]

    def _answer(self, request: Request, pk: str, leave: bool) -> Response:
        person = acting_person(request)
        circle = selectors.circle_get_for_person(person=person, circle_id=id_or_404(pk))
        serializer = JoinSerializer(data=request.data if not leave else {})
        serializer.is_valid(raise_exception=True)
        try:
            if leave:
                membership.circle_leave(circle=circle, person=person)
            else:
                note = serializer.validated_data["note"]
                membership.circle_join(circle=circle, person=person, note=note)
        except DomainError as error:
            raise_api_domain_error(error)
        circle = selectors.circle_get_for_person(person=person, circle_id=circle.pk)
        return Response(_detail(person, circle))

    @extend_schema(request=JoinSerializer, responses=DetailSerializer)
    def post(self, request: Request, pk: str) -> Response:
        return self._answer(request, pk, leave=False)

    @extend_schema(request=None, responses={200: DetailSerializer})
    def delete(self, request: Request, pk: str) -> Response:
        return self._answer(request, pk, leave=True)
