"""The API's staff view of a relationship: what the relationship's staff page shows, scoped to
the person's agencies (another agency's relationship is the same 404 as a missing one),
including what each person answered after it (a flash mentorship's one question, or the
closure survey), which the other person of the pair never reads."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from bridgeway.api.fields import UTCDateTimeField
from bridgeway.core.http import acting_person, id_or_404
from bridgeway.core.permissions import StaffHaveMFA
from bridgeway.programs.models import Program
from bridgeway.relationships import flash
from bridgeway.relationships.api import EnrollmentRefSerializer, ProgramRefSerializer
from bridgeway.relationships.models import (
    CloseReason,
    ClosureSurvey,
    Relationship,
)
from bridgeway.relationships.selectors import (
    closure_surveys_of,
    flash_surveys_of,
    relationship_get_for_staff,
)


class PersonRefSerializer(serializers.Serializer[Any]):
    id = serializers.IntegerField()
    name = serializers.CharField()


class FlashAnswerSerializer(serializers.Serializer[Any]):
    person = PersonRefSerializer()
    useful = serializers.IntegerField(help_text="Was this conversation useful? 1 to 5.")
    comment = serializers.CharField(allow_blank=True)
    answered_at = UTCDateTimeField(source="created_at")


class ClosureAnswerSerializer(serializers.Serializer[Any]):
    person = PersonRefSerializer()
    satisfaction = serializers.IntegerField(help_text="1 to 5.")
    goals_achieved = serializers.ChoiceField(choices=ClosureSurvey.Achieved.choices)
    would_recommend = serializers.BooleanField()
    continue_informally = serializers.BooleanField()
    comments = serializers.CharField(allow_blank=True)
    answered_at = UTCDateTimeField(source="created_at")


class StaffRelationshipSerializer(serializers.Serializer[Relationship]):
    id = serializers.IntegerField()
    program = ProgramRefSerializer()
    kind = serializers.ChoiceField(
        source="program.kind",
        choices=Program.Kind.choices,
        help_text="'flash': a single conversation that closes by itself after its meeting.",
    )
    mentee = EnrollmentRefSerializer()
    mentor = EnrollmentRefSerializer()
    status = serializers.ChoiceField(choices=Relationship.Status.choices)
    started_at = UTCDateTimeField()
    activated_at = UTCDateTimeField(allow_null=True)
    planned_end = serializers.DateField()
    closed_at = UTCDateTimeField(allow_null=True)
    close_reason = serializers.ChoiceField(choices=CloseReason.choices, allow_blank=True)
    next_step = serializers.SerializerMethodField(
        help_text="For a flash mentorship, where it stands in plain words; null otherwise."
    )
    flash_answers = serializers.SerializerMethodField(
        help_text='A flash mentorship: each person\'s answer to "Was this conversation useful?".'
    )
    closure_answers = serializers.SerializerMethodField(
        help_text="Each person's closure survey (other kinds of mentorship)."
    )

    def get_next_step(self, relationship: Relationship) -> str | None:
        return flash.next_steps([relationship]).get(relationship.pk)

    @extend_schema_field(FlashAnswerSerializer(many=True))
    def get_flash_answers(self, relationship: Relationship) -> list[Any]:
        found = flash_surveys_of(relationship=relationship)
        return list(FlashAnswerSerializer(found, many=True).data)

    @extend_schema_field(ClosureAnswerSerializer(many=True))
    def get_closure_answers(self, relationship: Relationship) -> list[Any]:
        found = closure_surveys_of(relationship=relationship)
        return list(ClosureAnswerSerializer(found, many=True).data)


class StaffRelationshipView(APIView):
    permission_classes = [StaffHaveMFA]

    @extend_schema(responses={200: StaffRelationshipSerializer, 404: None})
    def get(self, request: Request, pk: int) -> Response:
        """A relationship of one of your agency's programs, with what each person answered
        after it."""
        relationship = relationship_get_for_staff(
            person=acting_person(request), relationship_id=id_or_404(pk)
        )
        return Response(StaffRelationshipSerializer(relationship).data)
