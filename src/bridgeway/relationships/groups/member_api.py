"""REST API of what groups gained after forming, scoped like the pages: a member answers the
group's check-ins and leaves the group; the program's staff read a group with its members
(those who left too), what needs attention, the check-ins and contacts, add a member, take one
out, record a contact and send a mentee to look again. Another agency's group is the same 404
as a missing one; errors are the pages' messages, in the caller's language."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
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
from bridgeway.relationships.groups import alumni, checkins, membership
from bridgeway.relationships.groups.api import GroupDetailSerializer, GroupSerializer, _detail
from bridgeway.relationships.groups.models import LeaveReason, MentoringGroup
from bridgeway.relationships.groups.selectors import (
    check_ins_of,
    group_get_for_member,
    group_get_for_staff,
    member_get_for_staff,
    member_of_person,
    members_for_staff,
    staff_contacts_of,
)
from bridgeway.relationships.models import CheckIn


class CheckInAnswerSerializer(serializers.Serializer[Any]):
    kind = serializers.ChoiceField(choices=CheckIn.Kind.choices)
    round = serializers.CharField(
        max_length=20, help_text="The round asked: 'midpoint', or the month, e.g. '2026-12'."
    )
    score = serializers.IntegerField(
        min_value=1,
        max_value=5,
        help_text="How it is going, 1 to 5.",
        error_messages={
            "min_value": gettext_lazy("Choose a number from 1 to 5."),
            "max_value": gettext_lazy("Choose a number from 1 to 5."),
        },
    )
    needs_help = serializers.BooleanField(required=False, default=False)
    comment = serializers.CharField(max_length=2000, required=False, allow_blank=True, default="")


class CheckInSerializer(CheckInAnswerSerializer):
    person = serializers.CharField(source="person.name")
    created_at = UTCDateTimeField()


class LeaveSerializer(serializers.Serializer[Any]):
    reason = serializers.ChoiceField(
        choices=LeaveReason.choices,
        error_messages={"invalid_choice": gettext_lazy("Choose a reason from the list.")},
    )
    note = serializers.CharField(max_length=500, required=False, allow_blank=True, default="")
    wants_another = serializers.BooleanField(
        required=False,
        default=False,
        help_text="A mentee goes back to the waiting list at their earlier place.",
    )


class AddMemberSerializer(serializers.Serializer[Any]):
    enrollment = serializers.IntegerField(help_text="A mentee or mentor of the group's program.")


class ContactSerializer(serializers.Serializer[Any]):
    note = serializers.CharField(max_length=5000, help_text="What was said or agreed.")


class StaffContactSerializer(ContactSerializer):
    author = serializers.CharField(source="author.name", allow_null=True, default=None)
    created_at = UTCDateTimeField()


class StaffMemberSerializer(serializers.Serializer[Any]):
    id = serializers.IntegerField()
    enrollment = serializers.IntegerField(source="enrollment_id")
    name = serializers.CharField(source="enrollment.person.name")
    role = serializers.ChoiceField(choices=EnrollmentRole.choices)
    joined_at = UTCDateTimeField()
    must_sign = serializers.BooleanField(help_text="Joined under way; signs before taking part.")
    left_at = UTCDateTimeField(allow_null=True)
    left_reason = serializers.ChoiceField(choices=LeaveReason.choices, allow_blank=True)
    left_note = serializers.CharField(allow_blank=True)


class StaffGroupSerializer(GroupSerializer):
    members = StaffMemberSerializer(many=True)
    needs_attention = serializers.ListField(
        child=serializers.CharField(), help_text="Why it is on the at-risk list, if it is."
    )
    check_ins = CheckInSerializer(many=True)
    contacts = StaffContactSerializer(many=True)


def _staff_detail(group: MentoringGroup, *, code: int = status.HTTP_200_OK) -> Response:
    group.refresh_from_db()
    data = {
        **GroupSerializer(group).data,
        "members": StaffMemberSerializer(members_for_staff(group=group), many=True).data,
        "needs_attention": checkins.at_risk(program=group.program).get(group.pk, []),
        "check_ins": CheckInSerializer(check_ins_of(group=group), many=True).data,
        "contacts": StaffContactSerializer(staff_contacts_of(group=group), many=True).data,
    }
    return Response(data, status=code)


def _staff_group(request: Request, pk: int) -> tuple[Person, MentoringGroup]:
    person = acting_person(request)
    return person, group_get_for_staff(person=person, group_id=id_or_404(pk))


class GroupCheckInView(APIView):
    permission_classes = [StaffHaveMFA]

    @extend_schema(
        request=CheckInAnswerSerializer,
        responses={201: CheckInAnswerSerializer, 400: None, 404: None},
    )
    def post(self, request: Request, pk: int) -> Response:
        """Answer your group's mid-point check or monthly question; the program's staff read
        it, the other members do not. One answer a round."""
        person = acting_person(request)
        group = group_get_for_member(person=person, group_id=id_or_404(pk))
        serializer = CheckInAnswerSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        try:
            answer = checkins.check_in_submit(group=group, by=person, **serializer.validated_data)
        except DomainError as error:
            raise_api_domain_error(error)
        return Response(CheckInAnswerSerializer(answer).data, status=status.HTTP_201_CREATED)


class GroupLeaveView(APIView):
    permission_classes = [StaffHaveMFA]

    @extend_schema(
        request=LeaveSerializer, responses={200: GroupDetailSerializer, 400: None, 404: None}
    )
    def post(self, request: Request, pk: int) -> Response:
        """Leave one of your groups with a reason (the staff's own is refused); the members are
        told that you left, not why."""
        person = acting_person(request)
        group = group_get_for_member(person=person, group_id=id_or_404(pk))
        serializer = LeaveSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        me = member_of_person(group=group, person=person)
        try:
            if me is None:
                raise DomainError(_("You have already left this group."))
            membership.member_leave(group=group, member=me, by=person, **serializer.validated_data)
        except DomainError as error:
            raise_api_domain_error(error)
        return _detail(person, group)


class StaffGroupView(APIView):
    permission_classes = [StaffHaveMFA]

    @extend_schema(responses={200: StaffGroupSerializer, 404: None})
    def get(self, request: Request, pk: int) -> Response:
        """A group of your agency's program: every member (those who left too, with why), what
        needs attention, the check-in answers and the contacts recorded."""
        return _staff_detail(_staff_group(request, pk)[1])


class StaffGroupMembersView(APIView):
    permission_classes = [StaffHaveMFA]

    @extend_schema(
        request=AddMemberSerializer, responses={201: StaffGroupSerializer, 400: None, 404: None}
    )
    def post(self, request: Request, pk: int) -> Response:
        """Add a mentee waiting for a group, or a second mentor (one or two mentors, two to
        twelve mentees). In a group under way they sign its agreement before taking part."""
        person, group = _staff_group(request, pk)
        serializer = AddMemberSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        try:
            membership.member_add(
                group=group, enrollment_id=serializer.validated_data["enrollment"], by=person
            )
        except DomainError as error:
            raise_api_domain_error(error)
        return _staff_detail(group, code=status.HTTP_201_CREATED)


class StaffGroupMemberLeaveView(APIView):
    permission_classes = [StaffHaveMFA]

    @extend_schema(
        request=LeaveSerializer, responses={200: StaffGroupSerializer, 400: None, 404: None}
    )
    def post(self, request: Request, pk: int, member_pk: int) -> Response:
        """Take a member out of the group, with a reason. A group left below its minimum stays
        open and is flagged."""
        person, group = _staff_group(request, pk)
        member = member_get_for_staff(group=group, member_id=id_or_404(member_pk))
        serializer = LeaveSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        try:
            membership.member_leave(
                group=group, member=member, by=person, **serializer.validated_data
            )
        except DomainError as error:
            raise_api_domain_error(error)
        return _staff_detail(group)


class StaffGroupMemberRematchView(APIView):
    permission_classes = [StaffHaveMFA]

    @extend_schema(request=None, responses={200: StaffGroupSerializer, 400: None, 404: None})
    def post(self, request: Request, pk: int, member_pk: int) -> Response:
        """Find a new group for a mentee whose group ended or who left it: back on the waiting
        list at their earlier place."""
        person, group = _staff_group(request, pk)
        member = member_get_for_staff(group=group, member_id=id_or_404(member_pk))
        try:
            alumni.rematch(group=group, member=member, by=person)
        except DomainError as error:
            raise_api_domain_error(error)
        return _staff_detail(group)


class StaffGroupContactsView(APIView):
    permission_classes = [StaffHaveMFA]

    @extend_schema(
        request=ContactSerializer, responses={201: StaffGroupSerializer, 400: None, 404: None}
    )
    def post(self, request: Request, pk: int) -> Response:
        """Record a contact with the group, with a note."""
        person, group = _staff_group(request, pk)
        serializer = ContactSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        try:
            checkins.staff_contact_add(
                group=group, by=person, note=serializer.validated_data["note"]
            )
        except DomainError as error:
            raise_api_domain_error(error)
        return _staff_detail(group, code=status.HTTP_201_CREATED)
