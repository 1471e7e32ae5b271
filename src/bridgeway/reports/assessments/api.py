"""REST API: the assessments sent to me and my answers; an instrument's results for its
program's staff. Scoped like the pages: another person's assessment and another agency's
program give the same 404 as one that does not exist."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiExample,
    OpenApiParameter,
    extend_schema,
    extend_schema_field,
)
from rest_framework import serializers, status
from rest_framework.exceptions import ValidationError
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from bridgeway.api.permissions import StaffHaveMFA
from bridgeway.core.http import acting_person, id_or_404
from bridgeway.core.i18n import translated
from bridgeway.reports.assessments import selectors, services
from bridgeway.reports.assessments.models import Assessment, InstrumentQuestion, Moment


class InstrumentQuestionSerializer(serializers.Serializer[Any]):
    key = serializers.CharField()
    kind = serializers.CharField(help_text="scale, number, single_choice, multiple_choice, text")
    label = serializers.CharField(help_text="In the caller's language.")  # type: ignore[assignment]
    help = serializers.CharField()
    is_required = serializers.BooleanField()
    scale_min = serializers.IntegerField(allow_null=True, help_text="Scale or number: lowest.")
    scale_max = serializers.IntegerField(allow_null=True, help_text="Scale or number: highest.")
    choices = serializers.SerializerMethodField()

    def get_choices(self, question: InstrumentQuestion) -> list[dict[str, str]]:
        return [
            {"value": choice["value"], "label": translated(choice["label"])}
            for choice in question.choices
        ]


class MyAssessmentSerializer(serializers.Serializer[Any]):
    id = serializers.IntegerField()
    instrument = serializers.SerializerMethodField(help_text="Its title in the caller's language.")
    program = serializers.CharField(source="instrument.program.name")
    moment = serializers.ChoiceField(choices=Moment.choices)
    sent_at = serializers.DateTimeField()
    completed_at = serializers.DateTimeField(allow_null=True)
    questions = serializers.SerializerMethodField()
    answers = serializers.SerializerMethodField(help_text="{question key: answer}, once answered.")

    def get_instrument(self, assessment: Assessment) -> str:
        return assessment.instrument.name

    @extend_schema_field(InstrumentQuestionSerializer(many=True))  # type: ignore[misc]
    def get_questions(self, assessment: Assessment) -> list[dict[str, Any]]:
        questions = selectors.questions_at(assessment)
        return InstrumentQuestionSerializer(questions, many=True).data  # type: ignore[return-value]

    def get_answers(self, assessment: Assessment) -> dict[str, Any]:
        return {a.question.key: a.value for a in assessment.answers.select_related("question")}


class MyAssessmentsView(APIView):
    """The assessments sent to me, those waiting first."""

    permission_classes = [StaffHaveMFA]

    @extend_schema(
        responses=MyAssessmentSerializer(many=True),
        parameters=[OpenApiParameter("pending", bool, description="Only those not answered yet.")],
    )
    def get(self, request: Request) -> Response:
        found = selectors.assessments_for_person(person=acting_person(request))
        if request.query_params.get("pending") in ("1", "true", "yes"):
            found = found.filter(completed_at=None)
        return Response(MyAssessmentSerializer(found, many=True).data)


class MyAssessmentAnswersView(APIView):
    permission_classes = [StaffHaveMFA]

    @extend_schema(
        request=OpenApiTypes.OBJECT,
        responses={200: MyAssessmentSerializer, 400: None, 404: None, 409: None},
        description=(
            "Send {question key: answer} once. A refused answer gives 400 {question key: "
            "[message]} and nothing is saved; answering again gives 409 and changes nothing."
        ),
        examples=[
            OpenApiExample(
                "Answers",
                value={"confidence_skills": 3, "network_size": 4, "employment": "not_working"},
                request_only=True,
            )
        ],
    )
    def post(self, request: Request, pk: int) -> Response:
        person = acting_person(request)
        sent = selectors.assessment_get_for_person(person=person, assessment_id=id_or_404(pk))
        if not isinstance(request.data, dict):
            raise ValidationError(
                {"non_field_errors": [_("Send an object of question key → answer.")]}
            )
        try:
            sent = services.assessment_submit(
                assessment=sent, by=person, answers=dict(request.data)
            )
        except services.AlreadyAnswered as error:
            return Response({"detail": error.message}, status=status.HTTP_409_CONFLICT)
        except services.AnswersInvalid as error:
            raise ValidationError(
                {key: [message] for key, message in error.errors.items()}
            ) from None
        return Response(MyAssessmentSerializer(sent).data)


class ChangeSerializer(serializers.Serializer[Any]):
    key = serializers.CharField()
    question = serializers.CharField(help_text="In the caller's language.")
    n = serializers.IntegerField(help_text="People who answered before and at `after`.")
    mean_before = serializers.FloatField(allow_null=True)
    mean_after = serializers.FloatField(allow_null=True)
    mean_change = serializers.FloatField(allow_null=True)
    ci_low = serializers.FloatField(allow_null=True, help_text="95% interval (t distribution).")
    ci_high = serializers.FloatField(allow_null=True)


class InstrumentResultsView(APIView):
    """An instrument's paired change per numeric question, for its program's staff."""

    permission_classes = [StaffHaveMFA]

    @extend_schema(
        responses={200: ChangeSerializer(many=True), 404: None},
        parameters=[
            OpenApiParameter(
                "after",
                str,
                enum=[m for m in Moment.values if m != Moment.BEFORE],
                description="The moment compared with “before” (closure by default).",
            )
        ],
    )
    def get(self, request: Request, pk: int, instrument_pk: int) -> Response:
        found = selectors.instrument_get_for_staff(
            person=acting_person(request),
            program_id=id_or_404(pk),
            instrument_id=id_or_404(instrument_pk),
        )
        after = request.query_params.get("after", Moment.CLOSURE)
        if after not in selectors.LATER_MOMENTS:
            raise ValidationError({"after": [_("Choose a moment after “before”.")]})
        rows = [
            {
                "key": result.question.key,
                "question": result.question.label,
                "n": result.change.n,
                "mean_before": result.change.mean_before,
                "mean_after": result.change.mean_after,
                "mean_change": result.change.mean_change,
                "ci_low": result.change.ci_low,
                "ci_high": result.change.ci_high,
            }
            for result in selectors.program_results(instrument=found, after=after)
        ]
        return Response(ChangeSerializer(rows, many=True).data)
