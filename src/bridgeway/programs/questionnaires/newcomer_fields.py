"""The profile form's fields for the newcomer questions: a NOC code, an expected arrival date,
a mentor's available dates, accommodation needs (each helpful or essential) and offers."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from bridgeway.programs.questionnaires.codelists import ACCOMMODATIONS
from bridgeway.programs.questionnaires.models import Question, QuestionKind
from bridgeway.programs.questionnaires.newcomer_values import FLEXIBLE, accommodation_words

K = QuestionKind
HELPFUL, ESSENTIAL = "helpful", "essential"


def _date_input() -> forms.DateInput:
    return forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class AvailableDatesWidget(forms.MultiWidget):
    """First day, last day, or "flexible", each with its own label."""

    template_name = "questionnaires/widgets/available_dates.html"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__([_date_input(), _date_input(), forms.CheckboxInput()], attrs)

    def decompress(self, value: Any) -> list[Any]:
        if value == FLEXIBLE:
            return [None, None, True]
        if isinstance(value, dict):
            return [value.get("from"), value.get("to"), False]
        return [None, None, False]


class AvailableDatesField(forms.MultiValueField):
    def __init__(self, **kwargs: Any) -> None:
        super().__init__(
            fields=[
                forms.DateField(required=False),
                forms.DateField(required=False),
                forms.BooleanField(required=False),
            ],
            require_all_fields=False,
            required=False,
            widget=AvailableDatesWidget(),
            **kwargs,
        )

    def compress(self, data_list: list[Any]) -> Any:
        if not data_list:
            return None
        start, end, flexible = ([*list(data_list), None, None, False])[:3]
        if flexible:
            return FLEXIBLE
        if not start and not end:
            return None
        return {"from": _iso(start), "to": _iso(end)}


def _iso(value: Any) -> str | None:
    return value.isoformat() if isinstance(value, dt.date) else None


class NeedsWidget(forms.MultiWidget):
    """One select per accommodation: not needed, would help, essential."""

    template_name = "questionnaires/widgets/accommodation_needs.html"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        choices = [("", _("Not needed")), (HELPFUL, _("Would help")), (ESSENTIAL, _("Essential"))]
        super().__init__([forms.Select(choices=choices) for _code in ACCOMMODATIONS], attrs)

    def decompress(self, value: Any) -> list[str]:
        chosen = {
            item["need"]: ESSENTIAL if item.get("essential") else HELPFUL
            for item in value or []
            if isinstance(item, dict) and "need" in item
        }
        return [chosen.get(code, "") for code in ACCOMMODATIONS]

    def get_context(self, name: str, value: Any, attrs: dict[str, Any] | None) -> dict[str, Any]:
        context = super().get_context(name, value, attrs)
        labels = [capfirst(accommodation_words(code)) for code in ACCOMMODATIONS]
        context["widget"]["rows"] = list(zip(labels, context["widget"]["subwidgets"], strict=True))
        return context


class NeedsField(forms.MultiValueField):
    def __init__(self, **kwargs: Any) -> None:
        choices = [("", ""), (HELPFUL, HELPFUL), (ESSENTIAL, ESSENTIAL)]
        super().__init__(
            fields=[forms.ChoiceField(choices=choices, required=False) for _c in ACCOMMODATIONS],
            require_all_fields=False,
            required=False,
            widget=NeedsWidget(),
            **kwargs,
        )

    def compress(self, data_list: list[str]) -> list[dict[str, Any]]:
        return [
            {"need": code, "essential": choice == ESSENTIAL}
            for code, choice in zip(ACCOMMODATIONS, data_list or [], strict=False)
            if choice
        ]


def newcomer_field(question: Question) -> tuple[forms.Field, str] | None:
    """(the field, words added to the help text) for a newcomer question, else None."""
    kind = question.kind
    if kind == K.NOC_CODE:
        field: forms.Field = forms.CharField(
            max_length=5,
            widget=forms.TextInput(
                attrs={"inputmode": "numeric", "pattern": "[0-9]{5}", "autocomplete": "off"}
            ),
        )
        return field, _(
            "The 5-digit code of the occupation in the National Occupational Classification "
            "(NOC) 2021, such as 31301 for registered nurses."
        )
    if kind == K.ARRIVAL_DATE:
        return forms.DateField(widget=_date_input()), _(
            "The day you expect to arrive in Canada. Leave it empty if you are already here."
        )
    if kind == K.AVAILABLE_DATES:
        return AvailableDatesField(), ""
    if kind == K.ACCOMMODATION_NEEDS:
        return NeedsField(), _(
            "Essential: we only suggest mentors who offer it. Would help: it counts, but a "
            "mentor without it can still be suggested."
        )
    if kind == K.ACCOMMODATION_OFFERS:
        choices = [(code, capfirst(accommodation_words(code))) for code in ACCOMMODATIONS]
        return forms.MultipleChoiceField(choices=choices, widget=forms.CheckboxSelectMultiple), ""
    return None


def newcomer_known_answer(question: Question, person: Any) -> Any:
    """The person's expected arrival date and accessibility needs (from their account), as the
    answer to a newcomer question; None when not known."""
    if question.kind == K.ARRIVAL_DATE and getattr(person, "arrival_date", None):
        return person.arrival_date.isoformat()
    if question.kind == K.ACCOMMODATION_NEEDS:
        needs = [
            n for n in getattr(person, "accessibility_needs", None) or [] if n in ACCOMMODATIONS
        ]
        return [{"need": need, "essential": False} for need in needs] or None
    return None
