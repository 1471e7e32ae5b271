"""Forms of the questionnaire builder."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, cast

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from bridgeway.core.i18n import TranslatedTextField, translated
from bridgeway.programs.questionnaires.codelists import (
    LEVELS,
    benchmark_choices,
)
from bridgeway.programs.questionnaires.models import Audience, MatchingRule, Question, QuestionKind
from bridgeway.programs.questionnaires.newcomer_rules import (
    NEWCOMER_SETTINGS,
    newcomer_rule_fields,
)
from bridgeway.programs.questionnaires.rules import RULES_FOR_KIND, rules_for_kind
from bridgeway.programs.questionnaires.starters import starter_choices

if TYPE_CHECKING:
    from bridgeway.programs.questionnaires.services import QuestionFields

K, R = QuestionKind, MatchingRule
CHOICE_KINDS = (K.SINGLE_CHOICE, K.MULTIPLE_CHOICE)


class QuestionKindForm(forms.Form):
    kind = forms.ChoiceField(label=gettext_lazy("Kind of question"), choices=K.choices)


class StarterForm(forms.Form):
    starter = forms.ChoiceField(
        label=gettext_lazy("Start from"), choices=starter_choices, widget=forms.RadioSelect
    )


class MoveForm(forms.Form):
    direction = forms.ChoiceField(choices=[("up", "up"), ("down", "down")])


class QuestionForm(forms.Form):
    """The fields that suit one kind of question. `to_data()` gives what the services take."""

    key = forms.CharField(
        label=gettext_lazy("Key"),
        max_length=50,
        help_text=gettext_lazy(
            "A short name the matching uses, such as “languages”: lowercase letters, digits "
            "and underscores. Changing it later breaks nothing for the participants."
        ),
    )
    text = TranslatedTextField(label=gettext_lazy("Question"), max_length=300)
    help_text = TranslatedTextField(
        label=gettext_lazy("Help text"), required=False, multiline=True, max_length=1000
    )
    audience = forms.ChoiceField(
        label=gettext_lazy("Asked of"), choices=Audience.choices, widget=forms.RadioSelect
    )
    is_required = forms.BooleanField(label=gettext_lazy("Required before matching"), required=False)
    is_sensitive = forms.BooleanField(
        label=gettext_lazy("Sensitive (disability, health, immigration status)"),
        required=False,
        help_text=gettext_lazy(
            "Answers are hidden from staff and from matching when the person withdraws their "
            "consent to sensitive information."
        ),
    )

    def __init__(
        self, *args: Any, kind: str, question: Question | None = None, **kwargs: Any
    ) -> None:
        if question is not None and "initial" not in kwargs:
            kwargs["initial"] = _initial(question)
        super().__init__(*args, **kwargs)
        self.kind = kind
        self.question = question
        if kind in CHOICE_KINDS:
            self.fields["choices"] = TranslatedTextField(
                label=gettext_lazy("Choices"),
                multiline=True,
                max_length=4000,
                help_text=gettext_lazy(
                    "One choice per line. In every language, keep the same lines in the same order."
                ),
            )
        if kind == K.SCALE:
            self.fields["scale_min"] = forms.IntegerField(
                label=gettext_lazy("Lowest value"), min_value=-100, max_value=100, initial=1
            )
            self.fields["scale_max"] = forms.IntegerField(
                label=gettext_lazy("Highest value"), min_value=-100, max_value=100, initial=5
            )
            self.fields["scale_min_label"] = TranslatedTextField(
                label=gettext_lazy("What the lowest value means"), required=False, max_length=100
            )
            self.fields["scale_max_label"] = TranslatedTextField(
                label=gettext_lazy("What the highest value means"), required=False, max_length=100
            )
        if kind == K.TEXT:
            self.fields["max_length"] = forms.IntegerField(
                label=gettext_lazy("Longest answer (characters)"),
                min_value=1,
                max_value=5000,
                initial=1000,
            )
        self._add_rule_fields(kind)

    def _add_rule_fields(self, kind: str) -> None:
        rules = rules_for_kind(kind)
        self.fields["rule"] = forms.ChoiceField(
            label=gettext_lazy("Matching rule"),
            choices=[(rule, R(rule).label) for rule in rules],
            initial=R.NONE,
        )
        self.fields["rule_weight"] = forms.IntegerField(
            label=gettext_lazy("Weight, from 0 (none) to 10 (most)"),
            min_value=0,
            max_value=10,
            initial=5,
        )
        self.fields["rule_is_hard"] = forms.BooleanField(
            label=gettext_lazy("Must be met: never suggest a pair that does not meet it"),
            required=False,
        )
        kinds_rules = RULES_FOR_KIND.get(kind, ())
        if kind == K.LANGUAGES:
            self.fields["min_level"] = forms.ChoiceField(
                label=gettext_lazy("Lowest level both must have in a shared language"),
                choices=[
                    (_("Plain levels"), list(LEVELS.items())),
                    (_("Canadian Language Benchmarks"), benchmark_choices()),
                ],
                initial="conversational",
            )
        elif R.REQUIRED_OVERLAP in kinds_rules or R.COVERS in kinds_rules:
            self.fields["min_shared"] = forms.IntegerField(
                label=gettext_lazy("How many answers must be shared or covered"),
                min_value=1,
                max_value=21,
                initial=1,
            )
        if R.MAX_DISTANCE in kinds_rules:
            label = (
                gettext_lazy("Most hours apart")
                if kind == K.TIME_ZONE
                else gettext_lazy("Most points apart")
            )
            self.fields["max_distance"] = forms.IntegerField(
                label=label, min_value=1, max_value=24, required=False
            )
        self.fields.update(newcomer_rule_fields(kind, kinds_rules))
        if R.PREFERENCE in kinds_rules:
            self.fields["side"] = forms.ChoiceField(
                label=gettext_lazy("For a preference: whose preference it is"),
                choices=[("mentee", _("The mentee's")), ("mentor", _("The mentor's"))],
                initial="mentee",
            )
            self.fields["attribute_key"] = forms.CharField(
                label=gettext_lazy("For a preference: key of the question the other side answers"),
                max_length=50,
                required=False,
                help_text=gettext_lazy("Leave empty to compare with the other side's answer here."),
            )

    def clean_key(self) -> str:
        key: str = self.cleaned_data["key"].strip()
        return key

    def clean_choices(self) -> list[dict[str, Any]]:
        texts: dict[str, str] = self.cleaned_data.get("choices") or {}
        lines = {
            code: [line.strip() for line in text.splitlines() if line.strip()]
            for code, text in texts.items()
        }
        default = lines.get(settings.LANGUAGE_CODE, [])
        for code, rows in lines.items():
            if rows and len(rows) != len(default):
                raise ValidationError(
                    _(
                        "Write as many lines in %(language)s as in %(default)s (%(count)s), one "
                        "per choice, in the same order."
                    )
                    % {
                        "language": dict(settings.LANGUAGES)[code],
                        "default": dict(settings.LANGUAGES)[settings.LANGUAGE_CODE],
                        "count": len(default),
                    }
                )
        old = self.question.choices if self.question else []
        values = _choice_values(default, old)
        return [
            {
                "value": value,
                "label": {code: rows[index] for code, rows in lines.items() if rows},
            }
            for index, value in enumerate(values)
        ]

    def to_data(self) -> QuestionFields:
        data = self.cleaned_data
        names = [
            "key",
            "text",
            "help_text",
            "audience",
            "is_required",
            "is_sensitive",
            "choices",
            "scale_min",
            "scale_max",
            "scale_min_label",
            "scale_max_label",
            "max_length",
            "rule",
            "rule_weight",
            "rule_is_hard",
        ]
        out = cast("QuestionFields", {name: data[name] for name in names if name in data})
        params = {
            name: data[name]
            for name in (
                "min_level",
                "min_shared",
                "max_distance",
                "side",
                "attribute_key",
                *NEWCOMER_SETTINGS,
            )
            if data.get(name) not in (None, "")
        }
        out["rule_params"] = params
        return out


def _choice_values(labels: list[str], old: list[dict[str, Any]]) -> list[str]:
    """Stable codes for the choices: an unchanged label keeps its code, a label edited in place
    keeps the code of the line it replaces, a new label gets a new code."""
    old_by_label = {
        translated(choice["label"], settings.LANGUAGE_CODE): choice["value"] for choice in old
    }
    taken = {old_by_label[label] for label in labels if label in old_by_label}
    values: list[str] = []
    for index, label in enumerate(labels):
        value = old_by_label.get(label)
        if value is None and index < len(old) and old[index]["value"] not in taken:
            value = old[index]["value"]
        if value is None or value in values:
            base = slugify(label).replace("-", "_")[:40] or "choice"
            base = base if base[0].isalpha() else f"c_{base}"
            value, number = base, 2
            while value in values or value in taken:
                value, number = f"{base}_{number}", number + 1
        taken.add(value)
        values.append(value)
    return values


def _initial(question: Question) -> dict[str, Any]:
    initial: dict[str, Any] = {
        name: getattr(question, name)
        for name in (
            "key",
            "text",
            "help_text",
            "audience",
            "is_required",
            "is_sensitive",
            "scale_min",
            "scale_max",
            "scale_min_label",
            "scale_max_label",
            "max_length",
            "rule",
            "rule_weight",
            "rule_is_hard",
        )
    }
    initial["choices"] = {
        code: "\n".join(choice["label"].get(code, "") for choice in question.choices)
        for code, _name in settings.LANGUAGES
        if any(choice["label"].get(code) for choice in question.choices)
    }
    initial.update(question.rule_params or {})
    return initial
