"""The API's staff view of relationships: a program's list with the coordinator's filters (what
needs attention, what is overdue and why, a cohort), and one relationship with what its staff
page shows, scoped to the person's agencies (another agency's program or relationship is the
same 404 as a missing one), including what each person answered after it (a flash mentorship's
one question, or the closure survey), which the other person of the pair never reads."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field
from rest_framework import generics, serializers
from rest_framework.exceptions import ValidationError
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from bridgeway.api.fields import UTCDateTimeField
from bridgeway.core.access import ANY_STAFF
from bridgeway.core.http import acting_person, id_or_404
from bridgeway.core.permissions import StaffHaveMFA
from bridgeway.programs.models import Program
from bridgeway.programs.selectors import program_get_for_staff
from bridgeway.relationships import checkins, flash
from bridgeway.relationships.api import EnrollmentRefSerializer, ProgramRefSerializer
from bridgeway.relationships.models import (
    CloseReason,
    ClosureSurvey,
    Relationship,
)
from bridgeway.relationships.overdue import overdue_relationships
from bridgeway.relationships.selectors import (
    AllPairsForStaff,
    closure_surveys_of,
    cohort_months,
    flash_surveys_of,
    relationship_get_for_staff,
    relationships_for_program,
)
from bridgeway.relationships.staff_filters import SHOW_CHOICES, ListFilterForm, month_value


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


def _person_ref(enrollment: Any) -> dict[str, Any]:
    """What EnrollmentRefSerializer writes for an enrollment: its id and the person's name."""
    return {"enrollment": int(enrollment.pk), "name": str(enrollment.person.name)}


class StaffListedRelationshipSerializer(serializers.Serializer[Relationship]):
    """A relationship on its program's list, with why it needs attention or is overdue (in the
    caller's language)."""

    id = serializers.IntegerField()
    mentee = EnrollmentRefSerializer()
    mentor = EnrollmentRefSerializer()
    status = serializers.ChoiceField(choices=Relationship.Status.choices)
    started_at = UTCDateTimeField()
    activated_at = UTCDateTimeField(allow_null=True)
    planned_end = serializers.DateField()
    closed_at = UTCDateTimeField(allow_null=True)
    cohort = serializers.SerializerMethodField(
        help_text="The month it started (YYYY-MM, in the caller's time zone): its cohort."
    )
    needs_attention = serializers.SerializerMethodField(
        help_text="Why it needs attention (low or worried answers, no contact); empty if not."
    )
    overdue = serializers.SerializerMethodField(
        help_text="What is overdue, each reason in a sentence; empty if nothing is."
    )

    def get_cohort(self, relationship: Relationship) -> str:
        return month_value(timezone.localtime(relationship.started_at).date())

    def to_representation(self, instance: Relationship) -> dict[str, Any]:
        """The fields declared above, each written by its own field as DRF would, without
        DRF's walk of every field's source on each row (a page of 25 pairs on every call)."""
        fields = self.fields

        def written(name: str, value: Any) -> Any:
            return None if value is None else fields[name].to_representation(value)

        return {
            "id": instance.pk,
            "mentee": _person_ref(instance.mentee),
            "mentor": _person_ref(instance.mentor),
            "status": written("status", instance.status),
            "started_at": written("started_at", instance.started_at),
            "activated_at": written("activated_at", instance.activated_at),
            "planned_end": written("planned_end", instance.planned_end),
            "closed_at": written("closed_at", instance.closed_at),
            "cohort": self.get_cohort(instance),
            "needs_attention": self.get_needs_attention(instance),
            "overdue": self.get_overdue(instance),
        }

    @extend_schema_field(serializers.ListField(child=serializers.CharField()))
    def get_needs_attention(self, relationship: Relationship) -> list[str]:
        found: list[str] = self.context["risks"].get(relationship.pk, [])
        return found

    @extend_schema_field(serializers.ListField(child=serializers.CharField()))
    def get_overdue(self, relationship: Relationship) -> list[str]:
        found: list[str] = self.context["late"].get(relationship.pk, [])
        return found


# The columns a listed pair is written from (`StaffListedRelationshipSerializer`), rather than
# every column of each pair, its two enrollments and their people, 25 rows a page.
_LISTED_COLUMNS = (
    "status",
    "started_at",
    "activated_at",
    "planned_end",
    "closed_at",
    *(
        f"{side}__person__{field}"
        for side in ("mentee", "mentor")
        for field in ("display_name", "email", "erased_at")
    ),
)


class StaffRelationshipListView(generics.ListAPIView[Relationship]):
    """The pairs of one of your agency's programs, the newest first, with the filters of the
    program's relationships page; the filters combine."""

    permission_classes = [StaffHaveMFA]
    serializer_class = StaffListedRelationshipSerializer

    @extend_schema(
        parameters=[
            OpenApiParameter(
                "show",
                OpenApiTypes.STR,
                enum=[value for value, _label in SHOW_CHOICES if value],
                description="attention: needing attention; agreement, active, closed: in that "
                "state. All when left out.",
            ),
            OpenApiParameter(
                "overdue",
                OpenApiTypes.BOOL,
                description="true: only those with something overdue (see `overdue`).",
            ),
            OpenApiParameter(
                "cohort",
                OpenApiTypes.STR,
                description="YYYY-MM: only those that started that month (your time zone); a "
                "month in which none started is refused.",
            ),
        ],
        responses={200: StaffListedRelationshipSerializer(many=True), 400: None, 404: None},
    )
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().get(request, *args, **kwargs)

    def _program(self) -> Program:
        if not hasattr(self, "program"):
            self.program = program_get_for_staff(
                person=acting_person(self.request),
                program_id=id_or_404(self.kwargs["pk"]),
                roles=ANY_STAFF,
            )
        return self.program

    def get_queryset(self) -> QuerySet[Relationship]:
        program = self._program()
        params = self.request.query_params.copy()
        # A form's checkbox takes any value as ticked; the API also reads 0/1 and no/yes.
        flag = params.get("overdue", "").strip().lower()
        if flag in {"0", "no", "false", ""}:
            params.pop("overdue", None)
        form = ListFilterForm(params, months=cohort_months(program=program))
        if not form.is_valid():
            raise ValidationError(
                {field: [str(e) for e in errors] for field, errors in form.errors.items()}
            )
        chosen = form.chosen()
        self.risks = checkins.at_risk(program=program)
        self.late = overdue_relationships(program=program)
        status, ids = chosen.keep(self.risks, self.late)
        page_size = getattr(self.paginator, "page_size", None)
        if status is None and ids is None and chosen.month is None and isinstance(page_size, int):
            # The list as it opens, unfiltered: counted and its first page by kept SQL.
            return AllPairsForStaff(  # type: ignore[return-value]
                program=program,
                reader=acting_person(self.request),
                columns=_LISTED_COLUMNS,
                per_page=page_size,
            )
        return relationships_for_program(
            program=program,
            status=status,
            ids=ids,
            month=chosen.month,
            reader=acting_person(self.request),
        ).only(*_LISTED_COLUMNS)

    def get_serializer_context(self) -> dict[str, Any]:
        return {
            **super().get_serializer_context(),
            "risks": getattr(self, "risks", {}),
            "late": getattr(self, "late", {}),
        }
