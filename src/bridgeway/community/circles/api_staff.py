"""REST API of circles for staff (/api/v1/community/circles/manage/…): their agencies'
circles, opening one with its leader, changing it (and naming another leader), closing it, and
its members (invite, approve, decline, take out). Another agency's id is the same 404 as a
missing one."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db.models import QuerySet
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import generics, serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from bridgeway.api.fields import UTCDateTimeField
from bridgeway.community.circles import members, selectors, services
from bridgeway.community.circles.models import (
    MAX_MEMBERS,
    Circle,
    CircleKind,
    Joining,
)
from bridgeway.core.errors import raise_api_domain_error
from bridgeway.core.http import acting_person, id_or_404
from bridgeway.core.permissions import StaffHaveMFA
from bridgeway.core.services import DomainError
from bridgeway.programs.questionnaires.codelists import OCCUPATIONS


class StaffCircleSerializer(serializers.Serializer[Circle]):
    """A circle as its staff write it: `scope` ("agency:<id>" or "program:<id>"), `kind`
    and `leader` (a mentor's person id) when it opens; `vouch` names a mentor without a
    completed mentorship to lead a mentors' circle."""

    id = serializers.IntegerField(source="pk", read_only=True)
    scope = serializers.CharField(max_length=40, write_only=True)
    level = serializers.CharField(read_only=True)
    program = serializers.IntegerField(source="program_id", read_only=True, allow_null=True)
    kind = serializers.ChoiceField(choices=CircleKind.choices)
    name = serializers.CharField(max_length=120)
    need = serializers.CharField(max_length=200, required=False, default="", allow_blank=True)
    sector = serializers.ChoiceField(
        choices=[("", ""), *((code, code) for code in OCCUPATIONS)], required=False, default=""
    )
    language = serializers.ChoiceField(choices=settings.LANGUAGES)
    description = serializers.CharField(
        max_length=5000, required=False, default="", allow_blank=True
    )
    capacity = serializers.IntegerField(min_value=2, max_value=MAX_MEMBERS)
    joining = serializers.ChoiceField(choices=Joining.choices, default=Joining.OPEN)
    leader = serializers.IntegerField(write_only=True)
    vouch = serializers.BooleanField(write_only=True, default=False)
    leader_name = serializers.SerializerMethodField()
    status = serializers.CharField(read_only=True)
    members = serializers.IntegerField(source="member_total", read_only=True)
    requests = serializers.IntegerField(source="request_total", read_only=True)
    space = serializers.IntegerField(source="space_id", read_only=True)
    conversation = serializers.IntegerField(
        source="conversation_id", read_only=True, allow_null=True
    )
    client_key = serializers.CharField(max_length=64, required=False, write_only=True)

    def get_leader_name(self, circle: Circle) -> str:
        leader = selectors.leader_of(circle)
        return leader.person.name if leader is not None else ""

    def circle_fields(self) -> services.CircleFields:
        data = self.validated_data
        return services.CircleFields(
            name=data["name"],
            need=data["need"],
            sector=data["sector"],
            language=data["language"],
            description=data["description"],
            capacity=data["capacity"],
            joining=data["joining"],
        )


class StaffCircleListView(generics.ListCreateAPIView[Circle]):
    """The circles of the agencies you are staff of, the active first; open one."""

    permission_classes = [StaffHaveMFA]
    serializer_class = StaffCircleSerializer

    def get_queryset(self) -> QuerySet[Circle]:
        person = acting_person(self.request)
        return selectors.circles_loaded(selectors.circles_managed(person=person)).order_by(
            "status", "name", "pk"
        )

    def perform_create(self, serializer: serializers.BaseSerializer[Circle]) -> None:
        person = acting_person(self.request)
        assert isinstance(serializer, StaffCircleSerializer)
        data = serializer.validated_data
        scope = selectors.scope_for_staff(person=person, value=data["scope"])
        if scope is None:
            raise serializers.ValidationError(
                {"scope": [_("Choose an agency or a program you manage.")]}
            )
        organization, program = scope
        leader = selectors.mentor_get(organization=organization, person_id=data["leader"])
        try:
            if leader is None:
                raise DomainError(
                    _("Give the person id of one of the agency's accepted mentors."), "leader"
                )
            made = services.circle_create(
                by=person,
                organization=organization,
                program=program,
                kind=data["kind"],
                fields=serializer.circle_fields(),
                leader=leader,
                vouch=data["vouch"],
                client_key=data.get("client_key", ""),
            )
        except DomainError as error:
            raise_api_domain_error(error)
        serializer.instance = selectors.circle_get_for_manager(person=person, circle_id=made.pk)


class StaffCircleDetailView(APIView):
    """One of your agency's circles. PUT changes it (not its kind or scope); with `leader`,
    names another leader."""

    permission_classes = [StaffHaveMFA]

    def _circle(self, request: Request, pk: str) -> Circle:
        return selectors.circle_get_for_manager(
            person=acting_person(request), circle_id=id_or_404(pk)
        )

    @extend_schema(responses=StaffCircleSerializer)
    def get(self, request: Request, pk: str) -> Response:
        return Response(StaffCircleSerializer(self._circle(request, pk)).data)

    @extend_schema(request=StaffCircleSerializer, responses=StaffCircleSerializer)
    def put(self, request: Request, pk: str) -> Response:
        person = acting_person(request)
        circle = self._circle(request, pk)
        leader_id = request.data.get("leader")
        body = {"kind": circle.kind, "scope": "unchanged", "leader": 0, **request.data}
        serializer = StaffCircleSerializer(data=body)
        serializer.is_valid(raise_exception=True)
        try:
            services.circle_update(circle=circle, by=person, fields=serializer.circle_fields())
            if leader_id:
                leader = selectors.leader_candidate(
                    circle=circle, person_id=serializer.validated_data["leader"]
                )
                if leader is None:
                    raise DomainError(
                        _("Give the person id of an accepted mentor of the circle's scope."),
                        "leader",
                    )
                services.leader_set(
                    circle=circle,
                    by=person,
                    leader=leader,
                    vouch=serializer.validated_data["vouch"],
                )
        except DomainError as error:
            raise_api_domain_error(error)
        return Response(StaffCircleSerializer(self._circle(request, pk)).data)


class CircleCloseSerializer(serializers.Serializer[Any]):
    note = serializers.CharField(max_length=500, required=False, default="", allow_blank=True)


class StaffCircleCloseView(APIView):
    """Close the circle (twice: once): its conversation and space stay readable to its
    members, its coming sessions are cancelled, and its members are told."""

    permission_classes = [StaffHaveMFA]

    @extend_schema(request=CircleCloseSerializer, responses=StaffCircleSerializer)
    def post(self, request: Request, pk: str) -> Response:
        person = acting_person(request)
        circle = selectors.circle_get_for_manager(person=person, circle_id=id_or_404(pk))
        serializer = CircleCloseSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        services.circle_close(circle=circle, by=person, note=serializer.validated_data["note"])
        circle = selectors.circle_get_for_manager(person=person, circle_id=circle.pk)
        return Response(StaffCircleSerializer(circle).data)


class MemberSerializer(serializers.Serializer[Any]):
    id = serializers.IntegerField(source="pk")
    person = serializers.IntegerField(source="person_id")
    name = serializers.CharField(source="person.name")
    email = serializers.EmailField(source="person.email")
    role = serializers.CharField()
    status = serializers.CharField()
    note = serializers.CharField()
    asked_at = UTCDateTimeField()
    joined_at = UTCDateTimeField(allow_null=True)


class MemberActionSerializer(serializers.Serializer[Any]):
    action = serializers.ChoiceField(choices=["invite", "approve", "decline", "remove"])
    email = serializers.EmailField(required=False)
    member = serializers.IntegerField(required=False)
    note = serializers.CharField(max_length=500, required=False, default="", allow_blank=True)


class StaffCircleMembersView(APIView):
    """GET: everyone with a place in the circle, asking or invited. POST `action`: `invite`
    (`email` of a participant the circle is for), `approve` or `decline` a request, `remove`
    a member or an invitation (`member`: the id from the list; optional `note`)."""

    permission_classes = [StaffHaveMFA]

    @extend_schema(responses=MemberSerializer(many=True))
    def get(self, request: Request, pk: str) -> Response:
        circle = selectors.circle_get_for_manager(
            person=acting_person(request), circle_id=id_or_404(pk)
        )
        rows = selectors.memberships_for_staff(circle=circle)
        return Response(MemberSerializer(rows, many=True).data)

    @extend_schema(request=MemberActionSerializer, responses=MemberSerializer(many=True))
    def post(self, request: Request, pk: str) -> Response:
        person = acting_person(request)
        circle = selectors.circle_get_for_manager(person=person, circle_id=id_or_404(pk))
        serializer = MemberActionSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        try:
            if data["action"] == "invite":
                invited = selectors.person_by_email(circle=circle, email=data.get("email", ""))
                if invited is None:
                    raise DomainError(_("Nobody the circle is for has this address."), "email")
                members.member_invite(circle=circle, by=person, person=invited)
            else:
                member = selectors.member_get(
                    circle=circle, member_id=id_or_404(data.get("member"))
                )
                if data["action"] == "remove":
                    members.member_remove(
                        circle=circle, member=member, by=person, note=data["note"]
                    )
                else:
                    approve = data["action"] == "approve"
                    members.request_decide(circle=circle, member=member, by=person, approve=approve)
        except DomainError as error:
            raise_api_domain_error(error)
        return self.get(request, pk)
