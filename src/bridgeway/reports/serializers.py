"""The shape of a report in the API (api.py): its tables, their rows and each figure with the
words the dashboard shows for it. A table of one value per row (applications, concerns) has
one column; a grid (the change per assessment question, employment at each moment) has
several. A held-back figure has no value, only its words."""

from __future__ import annotations

from typing import Any

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from bridgeway.api.fields import UTCDateTimeField

UNITS = [
    ("count", "a count of people, pairs, answers or events"),
    ("percent", "a share, from 0 to 100"),
    ("days", "a number of days"),
    ("hours", "a number of hours"),
    ("score", "a mean score from 1 to 5"),
    ("mean", "a mean of the answers to a question"),
    ("change", "a mean change between two answers, or an end of its interval"),
    ("text", "words only (the reading of an interval)"),
]
HIDDEN = [
    ("", "shown"),
    ("small", "held back: it rests on 1 to 4 people or answers"),
    ("secondary", "held back so that a small count cannot be worked out from a total"),
]

LEVELS = [("agency", "an agency's report"), ("network", "the network's report")]


@extend_schema_field(OpenApiTypes.NUMBER)
class NumberField(serializers.Field):  # type: ignore[type-arg]
    """A whole number stays whole, a mean keeps its decimals."""

    def to_representation(self, value: Any) -> Any:
        return value


class ReportFigureSerializer(serializers.Serializer[Any]):
    key = serializers.CharField(help_text="What the figure is, within its row or table.")
    label = serializers.CharField(help_text="In the caller's language.")  # type: ignore[assignment]
    value = NumberField(
        allow_null=True, help_text="Null when held back, or when there is nothing to count yet."
    )
    unit = serializers.ChoiceField(choices=UNITS)
    n = serializers.IntegerField(
        allow_null=True,
        help_text="The people, pairs or answers a rate or a mean rests on (agency reports).",
    )
    hidden = serializers.ChoiceField(choices=HIDDEN, allow_blank=True)
    text = serializers.CharField(help_text="The figure in words, as the dashboard shows it.")


class ReportRowSerializer(serializers.Serializer[Any]):
    key = serializers.CharField()
    label = serializers.CharField(help_text="In the caller's language.")  # type: ignore[assignment]
    group = serializers.CharField(help_text="Who was asked (a grid's rows), else empty.")
    cells = ReportFigureSerializer(many=True, help_text="One figure per column.")


class ReportTableSerializer(serializers.Serializer[Any]):
    key = serializers.CharField()
    title = serializers.CharField()
    description = serializers.CharField()
    label_column = serializers.CharField(help_text="The heading of the rows' labels.")
    group_column = serializers.CharField(help_text="The heading of the rows' groups, if any.")
    columns = serializers.ListField(child=serializers.CharField(), help_text="Value headings.")
    rows = ReportRowSerializer(many=True)
    total = ReportRowSerializer(allow_null=True, help_text="The row the others add up to, if any.")
    extra = ReportFigureSerializer(many=True, help_text="Rates and means under the table.")
    held_back = serializers.BooleanField(help_text="Some figures are held back.")
    empty = serializers.CharField(help_text="What the dashboard says when there is no row.")


class ReportFiltersSerializer(serializers.Serializer[Any]):
    start = serializers.DateField()
    end = serializers.DateField()
    agency = serializers.IntegerField(allow_null=True)
    program = serializers.IntegerField(allow_null=True)
    cohort = serializers.CharField()
    language = serializers.CharField()
    country = serializers.CharField()
    sector = serializers.CharField()


class MetricsReportSerializer(serializers.Serializer[Any]):
    level = serializers.ChoiceField(choices=LEVELS)
    name = serializers.CharField(help_text="The agency's or the network's name.")
    filters = ReportFiltersSerializer(help_text="The filters the report was made with.")
    made_at = UTCDateTimeField(help_text="Figures “today” are as of this moment.")
    tables = ReportTableSerializer(many=True)
