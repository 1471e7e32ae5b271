"""REST API of mentoring groups, scoped like the pages: a member reads their groups and acts
in them (signs, sets goals, logs meetings; a mentor schedules and cancels meetings); staff list
the groups of their agencies' programs. Another group's id is the same 404 as a missing one.
Text and errors in the caller's language; times ISO 8601 in UTC, typed times in the caller's
own time zone."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import generics, serializers, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from bridgeway.accounts.models import Person
from bridgeway.api.fields import UTCDateTimeField
from bridgeway.core.errors import raise_api_domain_error
from bridgeway.core.http import acting_person, id_or_404
from bridgeway.core.permissions import StaffHaveMFA
from bridgeway.core.services import DomainError
from bridgeway.programs.models import EnrollmentRole
from bridgeway.relationships import agreements
from bridgeway.relationships.api import (
    MeetingLoggedSerializer,
    MeetingLogSerializer,
    MeetingTimeSerializer,
    ProgramRefSerializer,
    SignSerializer,
)
from bridgeway.relationships.groups import goals, meetings, services
from bridgeway.relationships.groups.models import (
    GroupAgreement,
    GroupMeeting,
    MentoringGroup,
)
from bridgeway.relationships.groups.selectors import (
    agreement_of,
    goals_of,
    group_get_for_member,
    groups_for_staff,
    groups_of,
    meeting_get_for_member,
    meetings_of,
    members_with_people,
)
from bridgeway.relationships.meetings import DURATIONS
from bridgeway.relationships.models import Goal, MeetingChannel, MeetingFrequency, MeetingKind


class GroupMemberSerializer(serializers.Serializer[Any]):
    name = serializers.CharField(source="enrollment.person.name")
    role = serializers.ChoiceField(choices=EnrollmentRole.choices)
    signed = serializers.BooleanField(help_text="Has signed the group's agreement.")


class GroupAgreementSerializer(serializers.Serializer[GroupAgreement]):
    version = serializers.IntegerField(help_text="Version of the program's text; 0: the default.")
    meeting_frequency = serializers.ChoiceField(choices=MeetingFrequency.choices)
    channels = serializers.ListField(child=serializers.ChoiceField(choices=MeetingChannel.choices))
    response_days = serializers.IntegerField(help_text="Members answer each other within these.")
    text = serializers.SerializerMethodField(help_text="In the caller's language when it exists.")
    waived_at = UTCDateTimeField(allow_null=True, help_text="Started by staff without signatures.")
    waived_reason = serializers.CharField(allow_blank=True)

    def get_text(self, agreement: GroupAgreement) -> str:
        return agreements.agreement_text(agreement)


class GroupSerializer(serializers.Serializer[MentoringGroup]):
    id = serializers.IntegerField()
    name = serializers.CharField()
    program = ProgramRefSerializer()
    status = serializers.ChoiceField(choices=MentoringGroup.Status.choices)
    started_at = UTCDateTimeField()
    activated_at = UTCDateTimeField(allow_null=True, help_text="In force since.")
    planned_end = serializers.DateField()
    closed_at = UTCDateTimeField(allow_null=True)


class GroupDetailSerializer(GroupSerializer):
    role = serializers.SerializerMethodField(help_text="Your part in it.")
    members = serializers.SerializerMethodField()
    agreement = serializers.SerializerMethodField()
    hours = serializers.SerializerMethodField(help_text="Hours of group meetings you logged.")

    @extend_schema_field(serializers.ChoiceField(choices=EnrollmentRole.choices))
    def get_role(self, group: MentoringGroup) -> str:
        person: Person = self.context["person"]
        mine = [m for m in self.context["members"] if m.enrollment.person_id == person.pk]
        return str(mine[0].role) if mine else ""

    @extend_schema_field(GroupMemberSerializer(many=True))
    def get_members(self, group: MentoringGroup) -> list[dict[str, Any]]:
        agreement = self.context["agreement"]
        signed = {s.member_id for s in agreement.signatures.all()} if agreement else set()
        return [
            {"name": m.enrollment.person.name, "role": m.role, "signed": m.pk in signed}
            for m in self.context["members"]
        ]

    @extend_schema_field(GroupAgreementSerializer(allow_null=True))
    def get_agreement(self, group: MentoringGroup) -> dict[str, Any] | None:
        agreement = self.context["agreement"]
        return GroupAgreementSerializer(agreement).data if agreement is not None else None

    def get_hours(self, group: MentoringGroup) -> float:
        return meetings.hours_of(group=group, person=self.context["person"])


class GroupGoalSerializer(serializers.Serializer[Any]):
    id = serializers.IntegerField()
    title = serializers.CharField()
    measure = serializers.CharField(allow_blank=True)
    due_date = serializers.DateField(allow_null=True)
    status = serializers.ChoiceField(choices=Goal.Status.choices)
    met_at = UTCDateTimeField(allow_null=True)


class GroupGoalNewSerializer(serializers.Serializer[Any]):
    title = serializers.CharField(max_length=200, help_text="The goal, specific and realistic.")
    measure = serializers.CharField(
        max_length=300, required=False, allow_blank=True, default="", help_text="How you know."
    )
    due_date = serializers.DateField(required=False, allow_null=True, default=None)


class GroupMeetingSerializer(serializers.Serializer[GroupMeeting]):
    id = serializers.IntegerField()
    group = serializers.IntegerField(source="group_id")
    kind = serializers.ChoiceField(choices=MeetingKind.choices)
    link = serializers.CharField(allow_blank=True, help_text="For a video call.")
    place = serializers.CharField(allow_blank=True, help_text="To meet in person.")
    duration_minutes = serializers.IntegerField()
    status = serializers.ChoiceField(choices=GroupMeeting.Status.choices)
    starts_at = UTCDateTimeField()
    sequence = serializers.IntegerField(help_text="Raised on every change of the invitation.")


class GroupMeetingNewSerializer(MeetingTimeSerializer):
    kind = serializers.ChoiceField(
        choices=MeetingKind.choices,
        error_messages={"invalid_choice": gettext_lazy("Choose how you meet from the list.")},
    )
    link = serializers.URLField(max_length=200, required=False, allow_blank=True, default="")
    place = serializers.CharField(max_length=300, required=False, allow_blank=True, default="")
    duration_minutes = serializers.ChoiceField(
        choices=[(minutes, f"{minutes} min") for minutes in DURATIONS],
        required=False,
        default=60,
        error_messages={"invalid_choice": gettext_lazy("Choose the length from the list.")},
    )


def _group(request: Request, pk: int) -> tuple[Person, MentoringGroup]:
    person = acting_person(request)
    return person, group_get_for_member(person=person, group_id=id_or_404(pk))


def _detail(person: Person, group: MentoringGroup) -> Response:
    context = {
        "person": person,
        "members": members_with_people(group=group),
        "agreement": agreement_of(group),
    }
    return Response(GroupDetailSerializer(group, context=context).data)


class GroupListView(generics.ListAPIView[MentoringGroup]):
    """Your mentoring groups, as mentor or mentee, the newest first."""

    permission_classes = [StaffHaveMFA]
    serializer_class = GroupSerializer

    def get_queryset(self) -> QuerySet[MentoringGroup]:
        return groups_of(person=acting_person(self.request)).order_by("-started_at", "-pk")


class StaffGroupListView(generics.ListAPIView[MentoringGroup]):
    """The groups of your agencies' programs (staff), the newest first."""

    permission_classes = [StaffHaveMFA]
    serializer_class = GroupSerializer

    def get_queryset(self) -> QuerySet[MentoringGroup]:
        return groups_for_staff(person=acting_person(self.request)).order_by("-started_at", "-pk")


class GroupDetailView(APIView):
    permission_classes = [StaffHaveMFA]

    @extend_schema(responses={200: GroupDetailSerializer, 404: None})
    def get(self, request: Request, pk: int) -> Response:
        """One of your groups: its members (names and roles), its agreement and who signed."""
        return _detail(*_group(request, pk))


class GroupSignView(APIView):
    permission_classes = [StaffHaveMFA]

    @extend_schema(
        request=SignSerializer, responses={200: GroupDetailSerializer, 400: None, 404: None}
    )
    def post(self, request: Request, pk: int) -> Response:
        """Sign the group's agreement with your typed name; the last member's signature puts
        the group in force."""
        person, group = _group(request, pk)
        serializer = SignSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        agreement = agreement_of(group)
        try:
            if agreement is None:
                raise DomainError(_("This group has no agreement to sign."))
            services.agreement_sign(
                agreement=agreement, by=person, typed_name=serializer.validated_data["typed_name"]
            )
        except DomainError as error:
            raise_api_domain_error(error)
        group.refresh_from_db()
        return _detail(person, group)


class GroupGoalsView(APIView):
    permission_classes = [StaffHaveMFA]

    @extend_schema(responses={200: GroupGoalSerializer(many=True), 404: None})
    def get(self, request: Request, pk: int) -> Response:
        """The group's goals, in progress first."""
        _person, group = _group(request, pk)
        return Response(GroupGoalSerializer(goals_of(group=group), many=True).data)

    @extend_schema(
        request=GroupGoalNewSerializer,
        responses={201: GroupGoalSerializer, 400: None, 404: None},
    )
    def post(self, request: Request, pk: int) -> Response:
        """Add a goal while the group is under way (ten in progress at most; a date from today
        on)."""
        person, group = _group(request, pk)
        serializer = GroupGoalNewSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        try:
            goal = goals.goal_add(group=group, by=person, **serializer.validated_data)
        except DomainError as error:
            raise_api_domain_error(error)
        return Response(GroupGoalSerializer(goal).data, status=status.HTTP_201_CREATED)


class GroupMeetingsView(generics.ListAPIView[GroupMeeting]):
    """The group's meetings, the latest first."""

    permission_classes = [StaffHaveMFA]
    serializer_class = GroupMeetingSerializer

    def get_queryset(self) -> QuerySet[GroupMeeting]:
        return meetings_of(group=_group(self.request, self.kwargs["pk"])[1])

    @extend_schema(
        request=GroupMeetingNewSerializer,
        responses={201: GroupMeetingSerializer, 400: None, 404: None},
    )
    def post(self, request: Request, pk: int) -> Response:
        """A mentor schedules a meeting, typed in their own time zone; every member gets the
        calendar invitation. A time the clocks skip, or one in the past, is refused."""
        person, group = _group(request, pk)
        serializer = GroupMeetingNewSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        try:
            meeting = meetings.meeting_schedule(
                group=group,
                by=person,
                kind=data["kind"],
                day=data["date"],
                at=data["time"],
                duration_minutes=int(data["duration_minutes"]),
                link=data["link"],
                place=data["place"],
            )
        except DomainError as error:
            raise_api_domain_error(error)
        return Response(GroupMeetingSerializer(meeting).data, status=status.HTTP_201_CREATED)


class GroupMeetingCancelView(APIView):
    permission_classes = [StaffHaveMFA]

    @extend_schema(request=None, responses={200: GroupMeetingSerializer, 400: None, 404: None})
    def post(self, request: Request, pk: int) -> Response:
        """A mentor cancels the meeting; every member is told, with the calendar's CANCEL."""
        person = acting_person(request)
        meeting = meeting_get_for_member(person=person, meeting_id=id_or_404(pk))
        try:
            meeting = meetings.meeting_cancel(meeting=meeting, by=person)
        except DomainError as error:
            raise_api_domain_error(error)
        return Response(GroupMeetingSerializer(meeting).data)


class GroupMeetingLogView(APIView):
    permission_classes = [StaffHaveMFA]

    @extend_schema(
        request=MeetingLogSerializer,
        responses={201: MeetingLoggedSerializer, 400: None, 404: None},
    )
    def post(self, request: Request, pk: int) -> Response:
        """Say whether you met, once the meeting has started; your minutes are your hours."""
        person = acting_person(request)
        meeting = meeting_get_for_member(person=person, meeting_id=id_or_404(pk))
        serializer = MeetingLogSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        try:
            log = meetings.meeting_log(meeting=meeting, by=person, **serializer.validated_data)
        except DomainError as error:
            raise_api_domain_error(error)
        data = {
            "meeting": meeting.pk,
            "outcome": log.outcome,
            "minutes": log.minutes,
            "hours": meetings.hours_of(group=meeting.group, person=person),
        }
        return Response(MeetingLoggedSerializer(data).data, status=status.HTTP_201_CREATED)
