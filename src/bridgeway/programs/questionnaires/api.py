"""REST API: a program's questions and an enrollment's answers, scoped like the pages."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiExample, extend_schema, extend_schema_field
from rest_framework import serializers
from rest_framework.exceptions import PermissionDenied, ValidationError
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from bridgeway.api.permissions import StaffHaveMFA
from bridgeway.core.errors import api_domain_error
from bridgeway.core.http import acting_person, id_or_404
from bridgeway.core.i18n import translated
from bridgeway.core.services import DomainError
from bridgeway.programs.models import Enrollment
from bridgeway.programs.questionnaires import profiles
from bridgeway.programs.questionnaires.models import Question
from bridgeway.programs.questionnaires.selectors import (
    answers_for_enrollment,
    profile_completeness,
    program_get_for_reader,
    questions_for_program,
)
from bridgeway.programs.selectors import enrollment_get_for_reader
from bridgeway.programs.services import ACTIVE_STATUSES


class ChoiceSerializer(serializers.Serializer[Any]):
    value = serializers.CharField()
    label = serializers.CharField(help_text="In the caller's language.")  # type: ignore[assignment]
    labels = serializers.DictField(child=serializers.CharField(), help_text="Every language.")


class QuestionSerializer(serializers.ModelSerializer[Question]):
    label = serializers.SerializerMethodField(  # type: ignore[assignment]
        help_text="The question in the caller's language."
    )
    help = serializers.SerializerMethodField(help_text="The help text in the caller's language.")
    choices = serializers.SerializerMethodField()

    class Meta:
        model = Question
        fields = [
            "id",
            "key",
            "kind",
            "audience",
            "label",
            "text",
            "help",
            "help_text",
            "is_required",
            "is_sensitive",
            "position",
            "choices",
            "scale_min",
            "scale_max",
            "scale_min_label",
            "scale_max_label",
            "max_length",
            "rule",
            "rule_weight",
            "rule_is_hard",
            "rule_params",
        ]
        read_only_fields = fields

    def get_label(self, question: Question) -> str:
        return question.label

    def get_help(self, question: Question) -> str:
        return question.help

    @extend_schema_field(ChoiceSerializer(many=True))
    def get_choices(self, question: Question) -> list[dict[str, Any]]:
        return [
            {"value": c["value"], "label": translated(c["label"]), "labels": c["label"]}
            for c in question.choices
        ]


class AnswersSerializer(serializers.Serializer[Any]):
    enrollment = serializers.IntegerField()
    role = serializers.CharField()
    answers = serializers.DictField(
        help_text="Question key → answer; see the questionnaire's kinds for each value's form."
    )
    answered_required = serializers.IntegerField()
    required = serializers.IntegerField()  # type: ignore[assignment]
    editable = serializers.BooleanField(help_text="Whether the caller may change these answers.")


class ProgramQuestionsView(APIView):
    """The questions of a program: all of them for its agency's staff, those asked of their
    role for people enrolled in it."""

    permission_classes = [StaffHaveMFA]

    @extend_schema(responses=QuestionSerializer(many=True))
    def get(self, request: Request, pk: int) -> Response:
        program, roles = program_get_for_reader(
            person=acting_person(request), program_id=id_or_404(pk)
        )
        questions = [
            q for q in questions_for_program(program=program) if any(q.asked_of(r) for r in roles)
        ]
        return Response(QuestionSerializer(questions, many=True).data)


class EnrollmentAnswersView(APIView):
    """An enrollment's answers. The enrolled person reads and changes them; staff of the
    program's agency read them."""

    permission_classes = [StaffHaveMFA]

    @extend_schema(responses=AnswersSerializer)
    def get(self, request: Request, pk: int) -> Response:
        person = acting_person(request)
        enrollment = enrollment_get_for_reader(person=person, enrollment_id=id_or_404(pk))
        return Response(_answers(enrollment, enrollment.person_id == person.pk))

    @extend_schema(
        request=OpenApiTypes.OBJECT,
        responses={200: AnswersSerializer},
        description=(
            "Send {question key: answer} for the questions to change; null or an empty value "
            "clears an answer, keys left out keep theirs. All or nothing: any refused answer "
            "gives 400 {question key: [message]} and nothing is saved."
        ),
        examples=[
            OpenApiExample(
                "Answers",
                value={"languages": {"ar": "native", "en": "fluent"}, "time_zone": "Asia/Damascus"},
                request_only=True,
            )
        ],
    )
    def put(self, request: Request, pk: int) -> Response:
        person = acting_person(request)
        enrollment = enrollment_get_for_reader(person=person, enrollment_id=id_or_404(pk))
        own = enrollment.person_id == person.pk
        if not own:
            raise PermissionDenied(_("Only the person can change their own answers."))
        if not isinstance(request.data, dict):
            raise ValidationError(
                {"non_field_errors": [_("Send an object of question key → answer.")]}
            )
        try:
            profiles.profile_save(enrollment=enrollment, by=person, answers=dict(request.data))
        except profiles.AnswersInvalid as error:
            raise ValidationError(
                {key: [message] for key, message in error.errors.items()}
            ) from None
        except DomainError as error:
            raise api_domain_error(error) from None
        return Response(_answers(enrollment, own))


def _answers(enrollment: Enrollment, own: bool) -> dict[str, Any]:
    answered, required = profile_completeness(enrollment)
    return AnswersSerializer(
        {
            "enrollment": enrollment.pk,
            "role": enrollment.role,
            "answers": answers_for_enrollment(enrollment=enrollment),
            "answered_required": answered,
            "required": required,
            "editable": own and enrollment.status in ACTIVE_STATUSES,
        }
    ).data
