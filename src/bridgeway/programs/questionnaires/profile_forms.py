"""The participant's profile form: one field per question of their role, with a widget per kind,
then their accessibility needs and preferred contact."""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.safestring import SafeString
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _

from bridgeway.accounts.models import AccessibilityNeed, ContactMode
from bridgeway.core.i18n import translated
from bridgeway.core.time_zones import time_zone_label
from bridgeway.core.widgets import LongSelect, ReadyChoices
from bridgeway.programs.questionnaires.codelists import (
    DAYS,
    LANGUAGES,
    LEVELS,
    OCCUPATIONS,
    PARTS_OF_DAY,
    SLOTS,
    benchmark_choices,
    country_choices,
    language_choices,
    occupation_choices,
    slot_label,
    time_zone_choices,
)
from bridgeway.programs.questionnaires.kept_options import KeptChoices, KeptSelect
from bridgeway.programs.questionnaires.models import Question, QuestionKind
from bridgeway.programs.questionnaires.newcomer_fields import (
    newcomer_field,
    newcomer_known_answer,
)

K = QuestionKind


@lru_cache(maxsize=64)
def _code_list(kind: str, language: str | None) -> KeptChoices:
    """The choices of a code list with its empty choice first, in `language` (the active one),
    built once per process and language: the lists are constants, only their words are
    translated, and sorting the languages and countries by their translated names on every
    form was a good part of building it. Their options are written once too (kept_options.py)."""
    if kind == "languages":
        return KeptChoices([("", _("Choose a language")), *language_choices()])
    if kind == "countries":
        return KeptChoices([("", _("Choose a country")), *country_choices()])
    if kind == "occupations":
        return KeptChoices([("", _("Choose a group")), *occupation_choices()])
    if kind == "benchmarks":  # the Canadian Language Benchmarks, then native
        named = [*benchmark_choices(), ("native", str(LEVELS["native"]))]
    else:
        named = [(code, str(name)) for code, name in LEVELS.items()]
    return KeptChoices([("", _("Choose a level")), *named])


class LanguagesWidget(forms.MultiWidget):
    """Rows of (language, level) selects, each with its own label."""

    template_name = "questionnaires/widgets/languages.html"

    def __init__(
        self, rows: int, attrs: dict[str, Any] | None = None, benchmarks: bool = False
    ) -> None:
        languages = _code_list("languages", get_language())
        levels = _code_list("benchmarks" if benchmarks else "levels", get_language())
        widgets: list[forms.Widget] = []
        for _row in range(rows):
            widgets += [KeptSelect(choices=languages), KeptSelect(choices=levels)]
        super().__init__(widgets, attrs)
        self.rows = rows

    def decompress(self, value: dict[str, str] | None) -> list[str]:
        pairs = list((value or {}).items())[: self.rows]
        flat = [item for pair in pairs for item in pair]
        return flat + [""] * (self.rows * 2 - len(flat))

    def get_context(self, name: str, value: Any, attrs: dict[str, Any] | None) -> dict[str, Any]:
        context = super().get_context(name, value, attrs)
        subwidgets = context["widget"]["subwidgets"]
        context["widget"]["rows"] = [
            (number, subwidgets[2 * index], subwidgets[2 * index + 1])
            for index, number in enumerate(range(1, self.rows + 1))
        ]
        return context


class LanguagesField(forms.MultiValueField):
    widget: LanguagesWidget

    def __init__(self, *, rows: int, benchmarks: bool = False, **kwargs: Any) -> None:
        fields = []
        for _row in range(rows):
            fields += [forms.CharField(required=False), forms.CharField(required=False)]
        super().__init__(
            fields=fields,
            require_all_fields=False,
            required=False,
            widget=LanguagesWidget(rows=rows, benchmarks=benchmarks),
            **kwargs,
        )

    def compress(self, data_list: list[str]) -> dict[str, str]:
        out: dict[str, str] = {}
        for language, level in zip(data_list[::2], data_list[1::2], strict=False):
            if language and not level:
                raise ValidationError(_("Choose your level for each language you give."))
            if level and not language:
                raise ValidationError(_("Choose the language for each level you give."))
            if language:
                out[language] = level
        return out


class AvailabilityWidget(forms.CheckboxSelectMultiple):
    """The week as a grid: a row per day, a column per part of the day."""

    template_name = "questionnaires/widgets/availability.html"

    def get_context(self, name: str, value: Any, attrs: dict[str, Any] | None) -> dict[str, Any]:
        context = super().get_context(name, value, attrs)
        context["widget"].update(self.grid(name, value, attrs))
        return context

    def grid(self, name: str, value: Any, attrs: dict[str, Any] | None) -> dict[str, Any]:
        """The parts of the day and each day's slots, checked or not (profile_html.py writes
        them as the template does)."""
        chosen = set(value or [])
        base_id = (attrs or {}).get("id") or f"id_{name}"
        parts = [str(label) for label in PARTS_OF_DAY.values()]
        days = [
            (
                str(day_label),
                [
                    {
                        "value": f"{day}-{part}",
                        "id": f"{base_id}_{day}_{part}",
                        "label": slot_label(f"{day}-{part}"),
                        "checked": f"{day}-{part}" in chosen,
                    }
                    for part in PARTS_OF_DAY
                ],
            )
            for day, day_label in DAYS.items()
        ]
        return {"parts": parts, "days": days}

    def id_for_label(self, id_: str, index: str | None = None) -> str:
        return ""


def known_answer(question: Question, person: Any, intake: dict[str, Any] | None = None) -> Any:
    """What the person already told us (at intake or in their preferences) that answers this
    question, so the profile does not ask it again: their country, their languages (whose
    levels they still choose), their time zone and, from their intake answers, their
    occupation group; their expected arrival date and accessibility needs. None when nothing is
    known."""
    intake = intake or {}
    if question.kind == K.OCCUPATION and intake.get("occupation") in OCCUPATIONS:
        return intake["occupation"]
    if question.kind == K.COUNTRY and person.country:
        return person.country
    if question.kind == K.LANGUAGES and person.spoken_languages:
        return {code: "" for code in person.spoken_languages if code in LANGUAGES}
    if question.kind == K.TIME_ZONE and person.time_zone:
        return person.time_zone
    return newcomer_known_answer(question, person)


def answer_field(question: Question, value: Any, person_time_zone: str) -> forms.Field:
    """The form field asking this question, in the reader's language."""
    label = question.label
    help_text = question.help
    kind = question.kind
    field: forms.Field
    if kind == K.SINGLE_CHOICE:
        choices = list(question.choice_labels().items())
        if len(choices) <= 7:
            field = forms.ChoiceField(choices=choices, widget=forms.RadioSelect)
        else:
            field = forms.ChoiceField(
                choices=[("", _("Choose an answer")), *choices], widget=LongSelect
            )
    elif kind == K.MULTIPLE_CHOICE:
        field = forms.MultipleChoiceField(
            choices=list(question.choice_labels().items()), widget=forms.CheckboxSelectMultiple
        )
    elif kind == K.SCALE:
        field = forms.ChoiceField(choices=_scale_choices(question), widget=forms.RadioSelect)
    elif kind == K.LANGUAGES:
        rows = min(12, max(4, len(value or {}) + 2))
        benchmarks = (question.rule_params or {}).get("scale") == "clb"
        field = LanguagesField(rows=rows, benchmarks=benchmarks)
        if benchmarks:
            help_text = " ".join(
                filter(
                    None,
                    [
                        help_text,
                        _(
                            "Levels are on the Canadian Language Benchmarks (CLB, in French "
                            "NCLC), from 1 to 12."
                        ),
                    ],
                )
            )
    elif kind == K.OCCUPATION:
        field = forms.ChoiceField(
            choices=_code_list("occupations", get_language()), widget=KeptSelect
        )
    elif kind == K.COUNTRY:
        field = forms.ChoiceField(
            choices=_code_list("countries", get_language()), widget=KeptSelect
        )
    elif kind == K.CITY:
        field = forms.CharField(max_length=120)
    elif kind == K.TIME_ZONE:
        value = value or person_time_zone
        field = forms.ChoiceField(
            choices=ReadyChoices(
                [("", _("Choose a time zone")), *time_zone_choices(keep=value or "")]
            ),
            widget=LongSelect,
        )
    elif kind == K.AVAILABILITY:
        field = forms.MultipleChoiceField(
            choices=[(slot, slot_label(slot)) for slot in SLOTS], widget=AvailabilityWidget
        )
        help_text = " ".join(
            filter(
                None,
                [
                    help_text,
                    _("The times are in your time zone: %(zone)s.")
                    % {"zone": time_zone_label(person_time_zone)},
                ],
            )
        )
    elif (newcomer := newcomer_field(question)) is not None:
        field, words = newcomer
        help_text = " ".join(filter(None, [help_text, words]))
    else:
        field = forms.CharField(
            max_length=question.max_length, widget=forms.Textarea(attrs={"rows": 4})
        )
    field.required = False
    field.label = label
    field.help_text = help_text
    field.initial = value
    field.question = question  # type: ignore[attr-defined]
    return field


def _scale_choices(question: Question) -> list[tuple[str, str]]:
    low, high = question.scale_min or 0, question.scale_max or 0
    low_label, high_label = (
        translated(question.scale_min_label),
        translated(question.scale_max_label),
    )
    choices = []
    for number in range(low, high + 1):
        text = str(number)
        if number == low and low_label:
            text = f"{number} — {low_label}"
        elif number == high and high_label:
            text = f"{number} — {high_label}"
        choices.append((str(number), text))
    return choices


def field_name(question: Question) -> str:
    return f"q_{question.key}"


class ProfileForm(forms.Form):
    """The person's answers, then their accessibility needs and preferred contact."""

    accessibility_needs = forms.MultipleChoiceField(
        label=gettext_lazy("Accessibility and accommodation"),
        choices=AccessibilityNeed.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=gettext_lazy("Your match and program staff see these so they can meet you well."),
    )
    contact_mode = forms.ChoiceField(
        label=gettext_lazy("Preferred contact"), choices=ContactMode.choices
    )

    def __init__(
        self,
        *args: Any,
        questions: list[Question],
        answers: dict[str, Any],
        person: Any,
        intake: dict[str, Any] | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.questions = questions
        self.prefilled: set[str] = set()
        for question in questions:
            value = answers.get(question.key)
            if value in (None, "", [], {}) and not self.is_bound:
                value = known_answer(question, person, intake)
                if value:
                    self.prefilled.add(question.key)
            field = answer_field(question, value, person.time_zone)
            if question.key in self.prefilled:
                field.help_text = " ".join(
                    filter(
                        None,
                        [
                            str(field.help_text),
                            str(_("Filled in from what you already told us: check it and save.")),
                        ],
                    )
                )
            self.fields[field_name(question)] = field
        self.fields["accessibility_needs"].initial = person.accessibility_needs
        self.fields["contact_mode"].initial = person.contact_mode
        # The answers first, in the questionnaire's order.
        order = [field_name(q) for q in questions] + ["accessibility_needs", "contact_mode"]
        self.order_fields(order)

    def answer_fields(self) -> list[forms.BoundField]:
        return [self[field_name(q)] for q in self.questions]

    def accommodation_fields(self) -> list[forms.BoundField]:
        return [self["accessibility_needs"], self["contact_mode"]]

    def answer_fields_html(self) -> SafeString:
        """The answers' fields as `_field.html` writes them, in one pass (profile_html.py)."""
        from bridgeway.programs.questionnaires.profile_html import fields_html

        return fields_html(self.answer_fields())

    def accommodation_fields_html(self) -> SafeString:
        from bridgeway.programs.questionnaires.profile_html import fields_html

        return fields_html(self.accommodation_fields())

    def answers(self) -> dict[str, Any]:
        out = {}
        for question in self.questions:
            value = self.cleaned_data.get(field_name(question))
            if question.kind == K.SCALE and value not in (None, ""):
                value = int(str(value))
            out[question.key] = value
        return out

    def add_answer_errors(self, errors: dict[str, str]) -> None:
        for key, message in errors.items():
            name = f"q_{key}" if f"q_{key}" in self.fields else key
            self.add_error(name if name in self.fields else None, message)
