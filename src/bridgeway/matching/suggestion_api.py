"""REST API for one mentor among a mentee's suggestions: what the mentee reads before asking
(the profile card of the "Ask mentors" page, and why they were suggested). A mentor who is not
among the caller's suggestions now — someone else's enrollment, a full or paused mentor, one
who declined them — is the same 404 as a missing one."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.exceptions import NotFound
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from bridgeway.core.http import acting_person, id_or_404
from bridgeway.core.permissions import StaffHaveMFA
from bridgeway.matching.api import MatchPersonSerializer, MatchReasonSerializer, _reasons, _ref
from bridgeway.matching.selectors import mentee_enrollment_get
from bridgeway.matching.suggestions import suggestions_for_mentee


class ProfileAnswerSerializer(serializers.Serializer[Any]):
    question = serializers.CharField(help_text="The question, as the program asks it.")
    answered = serializers.BooleanField()
    answer = serializers.CharField(allow_blank=True, help_text="The answer in words.")


class SuggestedMentorSerializer(serializers.Serializer[Any]):
    rank = serializers.IntegerField(help_text="Its place among your suggestions, 1 first.")
    mentor = MatchPersonSerializer()
    score = serializers.FloatField(help_text="0 to 100.")
    reasons = MatchReasonSerializer(many=True)
    time_zone = serializers.CharField()
    accessibility = serializers.ListField(
        child=serializers.CharField(),
        help_text="What the mentor asks others to know, in plain words.",
    )
    contact = serializers.CharField(allow_blank=True, help_text="How they prefer to be reached.")
    answers = ProfileAnswerSerializer(many=True)


class SuggestedMentorView(APIView):
    permission_classes = [StaffHaveMFA]

    @extend_schema(
        operation_id="v1_enrollments_suggested_mentor_retrieve",
        responses={200: SuggestedMentorSerializer, 404: None},
    )
    def get(self, request: Request, pk: int, mentor_pk: int) -> Response:
        """One of your suggested mentors for one of your mentee enrollments: their profile and
        why they were suggested."""
        mentee = mentee_enrollment_get(person=acting_person(request), enrollment_id=id_or_404(pk))
        mentor_id = id_or_404(mentor_pk)
        found = next(
            (s for s in suggestions_for_mentee(mentee=mentee).items if s.mentor.pk == mentor_id),
            None,
        )
        if found is None:
            raise NotFound
        card = found.card
        assert card is not None  # suggestions come with their cards unless asked otherwise
        data = {
            "rank": found.rank,
            "mentor": _ref(found.mentor),
            "score": found.score,
            "reasons": _reasons(found.reasons),
            "time_zone": found.mentor.person.time_zone,
            "accessibility": card.needs,
            "contact": card.contact,
            "answers": [
                {
                    "question": str(row.question.label),
                    "answered": row.answered,
                    "answer": row.display if row.answered else "",
                }
                for row in card.rows
            ],
        }
        return Response(SuggestedMentorSerializer(data).data)
