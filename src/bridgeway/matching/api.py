"""REST API for matching, scoped exactly like the pages: agency staff run, preview and accept
for their programs; a mentee reads their own suggestions. Text is in the caller's language."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, status
from rest_framework.exceptions import ValidationError
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from bridgeway.api.permissions import StaffHaveMFA
from bridgeway.core.errors import api_domain_error
from bridgeway.core.http import MAX_ID, acting_person, id_or_404, parse_id
from bridgeway.core.services import DomainError
from bridgeway.matching import services
from bridgeway.matching.models import MatchProposal
from bridgeway.matching.reasons import ShownReason, hard_criteria, render_reasons
from bridgeway.matching.recruitment import gap_rows
from bridgeway.matching.selectors import (
    OBJECTIVES,
    matching_context,
    mentee_enrollment_get,
    mentee_key,
    mentor_key,
    program_get_for_matching,
)
from bridgeway.matching.suggestions import suggestions_for_mentee
from bridgeway.programs.models import Enrollment


class MatchReasonSerializer(serializers.Serializer[Any]):
    criterion = serializers.CharField(help_text="The key of the question behind the reason.")
    code = serializers.CharField(help_text="Stable code of the sentence (engine messages).")
    text = serializers.CharField(help_text="The reason in the caller's language.")
    points = serializers.FloatField(help_text="Share of the 0-100 score this reason earned.")
    max_points = serializers.FloatField()
    broken = serializers.BooleanField(help_text="This reason breaks a rule that must be met.")


class MatchPersonSerializer(serializers.Serializer[Any]):
    enrollment = serializers.IntegerField()
    name = serializers.CharField()


class MatchPairSerializer(serializers.Serializer[Any]):
    mentee = MatchPersonSerializer()
    mentor = MatchPersonSerializer()
    score = serializers.FloatField(help_text="0 to 100.")
    reasons = MatchReasonSerializer(many=True)


class MatchUnmatchedSerializer(serializers.Serializer[Any]):
    mentee = MatchPersonSerializer()
    reasons = MatchReasonSerializer(many=True)


class MatchAssignmentSerializer(serializers.Serializer[Any]):
    run = serializers.CharField(
        help_text="Send it back with the pairs you accept: pairs of this run need no reason."
    )
    objective = serializers.ChoiceField(choices=OBJECTIVES)
    matched = serializers.IntegerField()
    total_score = serializers.FloatField()
    proved_optimal = serializers.BooleanField(
        help_text="False when the site's time or memory budget stopped the proof first."
    )
    duality_gap = serializers.FloatField(
        allow_null=True,
        help_text="When not proved optimal: the most the total score could still improve.",
    )
    duality_gap_percent = serializers.FloatField(
        allow_null=True, help_text="The same, as a share of the total score."
    )
    pairs = MatchPairSerializer(many=True)
    unmatched = MatchUnmatchedSerializer(many=True)


class MatchAcceptPairSerializer(serializers.Serializer[Any]):
    mentee = serializers.IntegerField(min_value=1, max_value=MAX_ID)
    mentor = serializers.IntegerField(min_value=1, max_value=MAX_ID)
    reason = serializers.CharField(
        max_length=services.REASON_MAX,
        required=False,
        allow_blank=True,
        default="",
        help_text="Required when the pair differs from the run's proposal or breaks a rule.",
    )


class MatchAcceptSerializer(serializers.Serializer[Any]):
    run = serializers.CharField(max_length=64, required=False, allow_blank=True, default="")
    pairs = MatchAcceptPairSerializer(many=True, allow_empty=False, max_length=1000)  # type: ignore[call-arg]


class MatchProposalSerializer(serializers.ModelSerializer[MatchProposal]):
    class Meta:
        model = MatchProposal
        fields = [
            "id",
            "program",
            "mentee",
            "mentor",
            "score",
            "source",
            "status",
            "breaks_hard_rule",
            "override_reason",
            "created_at",
        ]
        read_only_fields = fields


class MatchPreviewSerializer(serializers.Serializer[Any]):
    mentee = MatchPersonSerializer()
    mentor = MatchPersonSerializer()
    score = serializers.FloatField()
    feasible = serializers.BooleanField(help_text="False when a rule that must be met is broken.")
    differs_from_proposal = serializers.BooleanField()
    reason_required = serializers.BooleanField()
    free_places = serializers.IntegerField()
    reasons = MatchReasonSerializer(many=True)


class RecruitmentGapGroupSerializer(serializers.Serializer[Any]):
    needs = serializers.CharField()
    text = serializers.CharField()
    mentees = serializers.IntegerField()
    mentors_compatible = serializers.IntegerField()
    mentors_with_capacity = serializers.IntegerField()
    free_places = serializers.IntegerField()
    shortfall = serializers.IntegerField()


class MentorSuggestionSerializer(serializers.Serializer[Any]):
    rank = serializers.IntegerField()
    mentor = MatchPersonSerializer()
    score = serializers.FloatField()
    reasons = MatchReasonSerializer(many=True)


class MentorSuggestionsSerializer(serializers.Serializer[Any]):
    note = serializers.CharField(allow_blank=True)
    suggestions = MentorSuggestionSerializer(many=True)


def _ref(enrollment: Enrollment) -> dict[str, Any]:
    return {"enrollment": enrollment.pk, "name": enrollment.person.name}


def _reasons(reasons: list[ShownReason]) -> list[dict[str, Any]]:
    return [
        {
            "criterion": r.criterion,
            "code": r.code,
            "text": r.text,
            "points": r.points,
            "max_points": r.max_points,
            "broken": r.broken,
        }
        for r in reasons
    ]


class MatchRunView(APIView):
    permission_classes = [StaffHaveMFA]

    @extend_schema(
        parameters=[OpenApiParameter("objective", str, enum=list(OBJECTIVES), required=False)],
        responses=MatchAssignmentSerializer,
    )
    def get(self, request: Request, pk: int) -> Response:
        """A proposed assignment for the program's pool; nothing is saved (the run is audited)."""
        person = acting_person(request)
        program = program_get_for_matching(person=person, program_id=id_or_404(pk))
        objective = request.query_params.get("objective", "score")
        try:
            run = services.assignment_run(program=program, by=person, objective=objective)
        except DomainError as error:
            raise api_domain_error(error) from None
        context, assignment = run.context, run.assignment
        hard = hard_criteria(context.questions)
        data = {
            "run": run.token,
            "objective": assignment.objective,
            "matched": assignment.matched,
            "total_score": assignment.total_score,
            "proved_optimal": bool(assignment.stats.get("proved_optimal", True)),
            "duality_gap": assignment.stats.get("duality_gap"),
            "duality_gap_percent": assignment.stats.get("duality_gap_percent"),
            "pairs": [
                {
                    "mentee": _ref(context.mentees[p.mentee]),
                    "mentor": _ref(context.mentors[p.mentor]),
                    "score": p.score,
                    "reasons": _reasons(render_reasons(p.reasons, context.questions, hard)),
                }
                for p in assignment.pairs
            ],
            "unmatched": [
                {
                    "mentee": _ref(context.mentees[u.mentee]),
                    "reasons": _reasons(render_reasons(u.reasons, context.questions)),
                }
                for u in assignment.unmatched
            ],
        }
        return Response(MatchAssignmentSerializer(data).data)


class MatchAcceptView(APIView):
    permission_classes = [StaffHaveMFA]

    @extend_schema(
        request=MatchAcceptSerializer, responses={201: MatchProposalSerializer(many=True)}
    )
    def post(self, request: Request, pk: int) -> Response:
        """Accept pairs as match proposals, all or none (audited). A pair that differs from
        the run's proposal, or breaks a rule that must be met, needs a reason."""
        person = acting_person(request)
        program = program_get_for_matching(person=person, program_id=id_or_404(pk))
        serializer = MatchAcceptSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        proposed = services.proposed_pairs(program=program, token=data["run"])
        if data["run"] and proposed is None:
            raise ValidationError({"run": ["This run has expired. Run the assignment again."]})
        try:
            created = services.proposals_accept(
                program=program,
                by=person,
                pairs=[
                    services.PairChoice(p["mentee"], p["mentor"], p["reason"])
                    for p in data["pairs"]
                ],
                proposed=proposed,
            )
        except DomainError as error:
            raise api_domain_error(error) from None
        return Response(
            MatchProposalSerializer(created, many=True).data, status=status.HTTP_201_CREATED
        )


class MatchPreviewView(APIView):
    permission_classes = [StaffHaveMFA]

    @extend_schema(
        parameters=[
            OpenApiParameter("mentee", int, required=True),
            OpenApiParameter("mentor", int, required=True),
            OpenApiParameter("run", str, required=False),
        ],
        responses=MatchPreviewSerializer,
    )
    def get(self, request: Request, pk: int) -> Response:
        """How well one pair fits: score, reasons, and whether it breaks a rule."""
        person = acting_person(request)
        program = program_get_for_matching(person=person, program_id=id_or_404(pk))
        mentee_id = _query_id(request, "mentee")
        # Only this mentee is scored, against every mentor: never a whole assignment.
        context = matching_context(program=program, mentee_ids=[mentee_id])
        if context.engine is None:
            raise ValidationError(
                {"non_field_errors": ["No question of this program has a matching rule yet."]}
            )
        mentee = context.mentees.get(mentee_key(mentee_id))
        mentor = context.mentors.get(mentor_key(_query_id(request, "mentor")))
        if mentee is None:
            raise ValidationError({"mentee": ["Choose a mentee who is waiting in this program."]})
        if mentor is None:
            raise ValidationError({"mentor": ["Choose a mentor of this program."]})
        pair = context.score(mentee, mentor)
        proposed = services.proposed_pairs(
            program=program, token=request.query_params.get("run", "")
        )
        differs = services.differs_from_proposal(context, mentee, pair, proposed)
        context.with_people(mentee, mentor)
        reasons = render_reasons(pair.reasons, context.questions, hard_criteria(context.questions))
        data = {
            "mentee": _ref(mentee),
            "mentor": _ref(mentor),
            "score": pair.score,
            "feasible": pair.feasible,
            "differs_from_proposal": differs,
            "reason_required": differs or not pair.feasible,
            "free_places": context.free[mentor_key(mentor.pk)],
            "reasons": _reasons(reasons),
        }
        return Response(MatchPreviewSerializer(data).data)


def _query_id(request: Request, name: str) -> int:
    number = parse_id(request.query_params.get(name, ""))
    if number is None:
        raise ValidationError({name: ["Give the id of an enrollment."]})
    return number


class RecruitmentGapView(APIView):
    permission_classes = [StaffHaveMFA]

    @extend_schema(responses=RecruitmentGapGroupSerializer(many=True))
    def get(self, request: Request, pk: int) -> Response:
        """Mentees an assignment cannot place, grouped by what they need."""
        program = program_get_for_matching(person=acting_person(request), program_id=id_or_404(pk))
        rows = gap_rows(matching_context(program=program))
        return Response(RecruitmentGapGroupSerializer(rows, many=True).data)


class SuggestionsView(APIView):
    permission_classes = [StaffHaveMFA]

    @extend_schema(responses=MentorSuggestionsSerializer)
    def get(self, request: Request, pk: int) -> Response:
        """The caller's own suggested mentors for one of their mentee enrollments."""
        mentee = mentee_enrollment_get(person=acting_person(request), enrollment_id=id_or_404(pk))
        found = suggestions_for_mentee(mentee=mentee, cards=False)
        # What MentorSuggestionsSerializer(data).data gives (the schema above), written
        # directly: the serializer's fields cost more than the dicts they return.
        return Response(
            {
                "note": str(found.note),
                "suggestions": [
                    {
                        "rank": int(s.rank),
                        "mentor": {
                            "enrollment": int(s.mentor.pk),
                            "name": _text(s.mentor.person.name),
                        },
                        "score": float(s.score),
                        "reasons": [
                            {
                                "criterion": r.criterion,
                                "code": r.code,
                                "text": r.text,
                                "points": float(r.points),
                                "max_points": float(r.max_points),
                                "broken": bool(r.broken),
                            }
                            for r in s.reasons
                        ],
                    }
                    for s in found.items
                ],
            }
        )


def _text(value: Any) -> str | None:
    """A CharField's output: None stays None."""
    return None if value is None else str(value)
