"""REST API for screening, scoped exactly like the pages: staff reach a program or enrollment
of their own agencies only (another agency's id is simply not found), and a person reaches
only their own self-assessment."""

from __future__ import annotations

from typing import Any

from django.http import Http404
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.exceptions import ValidationError
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from bridgeway.api.permissions import StaffHaveMFA
from bridgeway.core.access import ANY_STAFF
from bridgeway.core.errors import api_domain_error
from bridgeway.core.http import acting_person, id_or_404
from bridgeway.core.i18n import translated
from bridgeway.core.services import DomainError
from bridgeway.programs.models import Enrollment
from bridgeway.programs.screening import assessments, selectors, services
from bridgeway.programs.screening.models import ScreeningCheck, ScreeningItem
from bridgeway.programs.selectors import (
    enrollment_get_for_person,
    enrollment_get_for_staff,
    program_get_for_staff,
)

C = ScreeningCheck.Status


class ScreeningItemSerializer(serializers.ModelSerializer[ScreeningItem]):
    name = serializers.CharField(read_only=True, help_text="In the caller's language.")

    class Meta:
        model = ScreeningItem
        fields = [
            "id",
            "kind",
            "name",
            "label",
            "instructions",
            "audience",
            "required",
            "valid_for_days",
            "order",
        ]
        read_only_fields = fields


class ScreeningCheckRowSerializer(serializers.Serializer[Any]):
    item = ScreeningItemSerializer()
    status = serializers.ChoiceField(choices=C.choices)
    cleared = serializers.BooleanField(source="is_cleared")
    completed_at = serializers.DateTimeField(source="check.completed_at", allow_null=True)
    expires_at = serializers.DateTimeField(source="check.expires_at", allow_null=True)
    note = serializers.CharField(source="check.note", allow_blank=True, help_text="Staff only.")


class AssessmentResultSerializer(serializers.Serializer[Any]):
    score = serializers.IntegerField()
    threshold = serializers.IntegerField(help_text="The score needed when it was taken.")
    created_at = serializers.DateTimeField()
    answers = serializers.ListField(child=serializers.DictField())


class ScreeningSerializer(serializers.Serializer[Any]):
    enrollment = serializers.IntegerField()
    status = serializers.CharField()
    checks = ScreeningCheckRowSerializer(many=True)
    self_assessment = AssessmentResultSerializer(allow_null=True)
    threshold = serializers.IntegerField(allow_null=True)
    blockers = serializers.ListField(child=serializers.CharField())


class ScreeningRecordCheckSerializer(serializers.Serializer[Any]):
    item = serializers.IntegerField()
    status = serializers.ChoiceField(choices=[C.PASSED, C.FAILED, C.WAIVED, C.PENDING])
    completed_on = serializers.DateField(required=False, allow_null=True, default=None)
    note = serializers.CharField(max_length=2000, required=False, allow_blank=True, default="")


class ScreeningDeclineSerializer(serializers.Serializer[Any]):
    reason = serializers.CharField(max_length=300, help_text="The person sees it.")


class AssessmentChoiceSerializer(serializers.Serializer[Any]):
    id = serializers.IntegerField()
    text = serializers.CharField()


class AssessmentQuestionSerializer(serializers.Serializer[Any]):
    id = serializers.IntegerField()
    text = serializers.CharField()
    choices = AssessmentChoiceSerializer(many=True)


class MySelfAssessmentSerializer(serializers.Serializer[Any]):
    intro = serializers.CharField()
    threshold = serializers.IntegerField()
    questions = AssessmentQuestionSerializer(many=True)
    latest = AssessmentResultSerializer(allow_null=True)
    advice = serializers.CharField(allow_null=True)


class AssessmentAnswerSerializer(serializers.Serializer[Any]):
    question = serializers.IntegerField()
    choice = serializers.IntegerField()


class AssessmentAnswersSerializer(serializers.Serializer[Any]):
    answers = AssessmentAnswerSerializer(many=True)


def _screening_data(enrollment: Enrollment) -> dict[str, Any]:
    rows = selectors.checklist(enrollment=enrollment)
    assessment = selectors.assessment_for_program(program=enrollment.program)
    open_assessment = enrollment.role == Enrollment.Role.MENTOR and selectors.assessment_is_open(
        assessment
    )
    result = selectors.latest_result(enrollment=enrollment) if open_assessment else None
    return ScreeningSerializer(
        {
            "enrollment": enrollment.pk,
            "status": enrollment.status,
            "checks": [
                {
                    "item": row.item,
                    "status": row.status,
                    "is_cleared": row.is_cleared,
                    "check": row.check or ScreeningCheck(),
                }
                for row in rows
            ],
            "self_assessment": result,
            "threshold": assessment.threshold if open_assessment and assessment else None,
            "blockers": selectors.approval_blockers(enrollment=enrollment),
        }
    ).data


class ProgramItemsView(APIView):
    """The screening checklist of a program (agency staff)."""

    permission_classes = [StaffHaveMFA]

    @extend_schema(responses=ScreeningItemSerializer(many=True))
    def get(self, request: Request, pk: str) -> Response:
        program = program_get_for_staff(
            person=acting_person(request), program_id=id_or_404(pk), roles=ANY_STAFF
        )
        items = selectors.items_for_program(program=program)
        return Response(ScreeningItemSerializer(items, many=True).data)


class EnrollmentScreeningView(APIView):
    """An enrollment's checks, latest self-assessment and what still blocks approval."""

    permission_classes = [StaffHaveMFA]

    @extend_schema(responses=ScreeningSerializer)
    def get(self, request: Request, pk: str) -> Response:
        enrollment = enrollment_get_for_staff(
            person=acting_person(request), enrollment_id=id_or_404(pk)
        )
        return Response(_screening_data(enrollment))


class RecordCheckView(APIView):
    permission_classes = [StaffHaveMFA]

    @extend_schema(request=ScreeningRecordCheckSerializer, responses=ScreeningSerializer)
    def post(self, request: Request, pk: str) -> Response:
        """Record the result of one checklist item (passed, failed, waived or not done)."""
        person = acting_person(request)
        enrollment = enrollment_get_for_staff(person=person, enrollment_id=id_or_404(pk))
        serializer = ScreeningRecordCheckSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        item = selectors.items_for_program(program=enrollment.program).filter(pk=data["item"])
        found = item.first()
        if found is None:
            raise ValidationError({"item": ["This program's checklist has no such item."]})
        try:
            services.check_record(
                enrollment=enrollment,
                item=found,
                status=data["status"],
                completed_on=data["completed_on"],
                note=data["note"],
                by=person,
            )
        except DomainError as error:
            raise api_domain_error(error) from None
        return Response(_screening_data(enrollment))


class ApproveView(APIView):
    permission_classes = [StaffHaveMFA]

    @extend_schema(request=None, responses=ScreeningSerializer)
    def post(self, request: Request, pk: str) -> Response:
        """Approve a person in screening; refused with the list of what is missing."""
        person = acting_person(request)
        enrollment = enrollment_get_for_staff(person=person, enrollment_id=id_or_404(pk))
        try:
            enrollment = services.screening_approve(enrollment=enrollment, by=person)
        except DomainError as error:
            raise api_domain_error(error) from None
        return Response(_screening_data(enrollment))


class DeclineView(APIView):
    permission_classes = [StaffHaveMFA]

    @extend_schema(request=ScreeningDeclineSerializer, responses=ScreeningSerializer)
    def post(self, request: Request, pk: str) -> Response:
        """Decline with a reason the person sees (they are emailed in their language)."""
        person = acting_person(request)
        enrollment = enrollment_get_for_staff(person=person, enrollment_id=id_or_404(pk))
        serializer = ScreeningDeclineSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        try:
            enrollment = services.screening_decline(
                enrollment=enrollment, by=person, reason=serializer.validated_data["reason"]
            )
        except DomainError as error:
            raise api_domain_error(error) from None
        return Response(_screening_data(enrollment))


class MySelfAssessmentView(APIView):
    """A mentor's own self-assessment: the questions in their language, then their score."""

    permission_classes = [StaffHaveMFA]

    def _enrollment_and_assessment(self, request: Request, pk: str) -> tuple[Enrollment, Any]:
        enrollment = enrollment_get_for_person(
            person=acting_person(request), enrollment_id=id_or_404(pk)
        )
        if enrollment.role != Enrollment.Role.MENTOR:
            raise Http404
        assessment = selectors.assessment_for_program(program=enrollment.program)
        if not selectors.assessment_is_open(assessment):
            raise Http404
        return enrollment, assessment

    def _data(self, enrollment: Enrollment, assessment: Any) -> dict[str, Any]:
        result = selectors.latest_result(enrollment=enrollment)
        advice = None
        if result is not None:
            passed = result.score >= assessment.threshold
            advice = translated(assessment.advice_above if passed else assessment.advice_below)
        return MySelfAssessmentSerializer(
            {
                "intro": translated(assessment.intro),
                "threshold": assessment.threshold,
                "questions": [
                    {
                        "id": question.pk,
                        "text": translated(question.text),
                        "choices": [
                            {"id": choice.pk, "text": translated(choice.text)}
                            for choice in question.choices.all()
                        ],
                    }
                    for question in assessment.questions.all()
                ],
                "latest": result,
                "advice": advice,
            }
        ).data

    @extend_schema(responses=MySelfAssessmentSerializer)
    def get(self, request: Request, pk: str) -> Response:
        enrollment, assessment = self._enrollment_and_assessment(request, pk)
        return Response(self._data(enrollment, assessment))

    @extend_schema(request=AssessmentAnswersSerializer, responses={201: MySelfAssessmentSerializer})
    def post(self, request: Request, pk: str) -> Response:
        """Answer every question; the score (0–100) and advice come back."""
        enrollment, assessment = self._enrollment_and_assessment(request, pk)
        serializer = AssessmentAnswersSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        answers = {row["question"]: row["choice"] for row in serializer.validated_data["answers"]}
        try:
            assessments.assessment_submit(enrollment=enrollment, answers=answers)
        except DomainError as error:
            raise api_domain_error(error) from None
        return Response(self._data(enrollment, assessment), status=status.HTTP_201_CREATED)
