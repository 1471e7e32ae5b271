"""REST API: an agency's match-quality report with the page's filters, for its staff (two-step
verification). Another agency gives the same 404 as one that does not exist. Under the
minimum number of pairs a figure is null, never a number."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.exceptions import ValidationError
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from bridgeway.api.permissions import StaffHaveMFA
from bridgeway.core.http import acting_person
from bridgeway.reports import selectors
from bridgeway.reports.quality.analysis import MatchQuality, quality_report
from bridgeway.reports.quality.forms import quality_form
from bridgeway.reports.quality.stats import MIN_N, Comparison, Estimate


class QualityEstimateSerializer(serializers.Serializer[Any]):
    n = serializers.IntegerField(help_text="Pairs in the group.")
    value = serializers.FloatField(
        allow_null=True,
        help_text="Mean satisfaction (1–5) or share that reached their goals (0–1); null "
        "under the minimum number of pairs.",
    )
    ci_low = serializers.FloatField(allow_null=True, help_text="95% interval.")
    ci_high = serializers.FloatField(allow_null=True)


class QualityComparisonSerializer(serializers.Serializer[Any]):
    first = QualityEstimateSerializer(
        help_text="Pairs who met the rule; or the highest score band."
    )
    second = QualityEstimateSerializer(help_text="Pairs who did not; or the lowest score band.")
    difference = serializers.FloatField(allow_null=True, help_text="first − second.")
    ci_low = serializers.FloatField(allow_null=True, help_text="95% interval of the difference.")
    ci_high = serializers.FloatField(allow_null=True)
    reading = serializers.ChoiceField(
        choices=["too_few", "higher", "lower", "no_difference"],
        help_text="higher or lower only when the two groups' intervals do not overlap.",
    )


class QualityBandSerializer(serializers.Serializer[Any]):
    band = serializers.IntegerField(help_text="1 is the lowest scores.")
    of = serializers.IntegerField()
    score_low = serializers.FloatField()
    score_high = serializers.FloatField()
    satisfaction = QualityEstimateSerializer()
    goals_reached = QualityEstimateSerializer()


class QualityRuleSerializer(serializers.Serializer[Any]):
    key = serializers.CharField(help_text="The question's key: the criterion's name.")
    label = serializers.CharField(help_text="In the caller's language.")  # type: ignore[assignment]
    weight = serializers.IntegerField(allow_null=True, help_text="Now; for one program only.")
    must_be_met = serializers.BooleanField()
    current = serializers.BooleanField(help_text="False: no program asks it any more.")
    satisfaction = QualityComparisonSerializer()
    goals_reached = QualityComparisonSerializer()


class MatchQualitySerializer(serializers.Serializer[Any]):
    start = serializers.DateField()
    end = serializers.DateField()
    program = serializers.IntegerField(allow_null=True)
    answers_of = serializers.ChoiceField(choices=["mentee", "mentor"])
    min_n = serializers.IntegerField()
    closed = serializers.IntegerField(help_text="Pairs closed in the period.")
    counted = serializers.IntegerField(help_text="Of them, with a score and an answer.")
    without_score = serializers.IntegerField()
    without_answer = serializers.IntegerField()
    bands = QualityBandSerializer(many=True)
    bands_satisfaction = QualityComparisonSerializer(allow_null=True)
    bands_goals_reached = QualityComparisonSerializer(allow_null=True)
    rules = QualityRuleSerializer(many=True)


def _estimate(estimate: Estimate) -> dict[str, Any]:
    return {
        "n": estimate.n,
        "value": estimate.value,
        "ci_low": estimate.low,
        "ci_high": estimate.high,
    }


def _comparison(comparison: Comparison | None) -> dict[str, Any] | None:
    if comparison is None:
        return None
    return {
        "first": _estimate(comparison.first),
        "second": _estimate(comparison.second),
        "difference": comparison.difference,
        "ci_low": comparison.low,
        "ci_high": comparison.high,
        "reading": comparison.reading,
    }


def quality_data(quality: MatchQuality) -> dict[str, Any]:
    read = quality.read
    return {
        "answers_of": quality.side,
        "min_n": MIN_N,
        "closed": read.closed,
        "counted": len(read.pairs),
        "without_score": read.without_score,
        "without_answer": read.without_answer,
        "bands": [
            {
                "band": band.index,
                "of": band.count,
                "score_low": band.low,
                "score_high": band.high,
                "satisfaction": _estimate(band.satisfaction),
                "goals_reached": _estimate(band.goals),
            }
            for band in quality.bands
        ],
        "bands_satisfaction": _comparison(quality.band_satisfaction),
        "bands_goals_reached": _comparison(quality.band_goals),
        "rules": [
            {
                "key": result.rule.key,
                "label": result.rule.label,
                "weight": result.rule.weight,
                "must_be_met": result.rule.hard,
                "current": result.current,
                "satisfaction": _comparison(result.satisfaction),
                "goals_reached": _comparison(result.goals),
            }
            for result in quality.rules
        ],
    }


def _parameter(name: str, kind: type, description: str, **more: Any) -> OpenApiParameter:
    return OpenApiParameter(name, kind, description=description, **more)


class MatchQualityView(APIView):
    """Satisfaction and goals reached by match-score band and by matching rule."""

    permission_classes = [StaffHaveMFA]

    @extend_schema(
        responses={200: MatchQualitySerializer, 400: None, 404: None},
        parameters=[
            _parameter("start", str, "First day (YYYY-MM-DD); twelve months ago by default."),
            _parameter("end", str, "Last day, included; today by default."),
            _parameter("program", int, "One program of the agency; every program by default."),
            _parameter("cohort", str, "The month a program's cohort starts: YYYY-MM."),
            _parameter("language", str, "A language the mentee speaks."),
            _parameter("country", str, "The country in the mentee's profile."),
            _parameter("sector", str, "A NOC 2021 broad category of the mentee."),
            _parameter(
                "answers",
                str,
                "Whose closure answers: mentee (default) or mentor.",
                enum=["mentee", "mentor"],
            ),
        ],
    )
    def get(self, request: Request, org: str) -> Response:
        scope, _membership = selectors.agency_scope(person=acting_person(request), slug=org)
        form = quality_form(request.query_params, scope)
        if not form.is_valid():
            raise ValidationError(
                {field: [str(error) for error in errors] for field, errors in form.errors.items()}
            )
        chosen = form.report_filter()
        quality = quality_report(scope=scope, chosen=chosen, side=form.side())
        data = {
            "start": chosen.start,
            "end": chosen.end,
            "program": chosen.program_id,
            **quality_data(quality),
        }
        return Response(MatchQualitySerializer(data).data)
