"""Forms: a person's answers (the questionnaire's fields for its kinds), and the staff's
instrument and question forms (the questionnaire builder's question form without its matching
rule)."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy

from bridgeway.core.i18n import TranslatedTextField
from bridgeway.programs.models import EnrollmentRole
from bridgeway.programs.questionnaires.forms import QuestionForm
from bridgeway.programs.questionnaires.profile_forms import answer_field
from bridgeway.reports.assessments.answers import as_question
from bridgeway.reports.assessments.models import NUMBER, InstrumentQuestion, Moment
from bridgeway.reports.assessments.ready_made import READY_MADE


def _field(question: InstrumentQuestion, time_zone: str) -> forms.Field:
    field: forms.Field
    if question.kind == NUMBER:
        field = forms.IntegerField(
            min_value=question.scale_min or 0,
            max_value=question.scale_max,
            widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
        )
        field.required = False
        field.label, field.help_text = question.label, question.help
        field.question = question  # type: ignore[attr-defined]
        return field
    return answer_field(as_question(question), None, time_zone)


class AssessmentForm(forms.Form):
    """One field per question asked at this moment, in the instrument's order. The service
    checks the values again (and says which are required)."""

    def __init__(
        self, *args: Any, questions: list[InstrumentQuestion], time_zone: str, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.questions = questions
        for question in questions:
            self.fields[f"q_{question.key}"] = _field(question, time_zone)

    def answers(self) -> dict[str, Any]:
        return {q.key: self.cleaned_data.get(f"q_{q.key}") for q in self.questions}

    def add_answer_errors(self, errors: dict[str, str]) -> None:
        for key, message in errors.items():
            self.add_error(f"q_{key}" if f"q_{key}" in self.fields else None, message)


class ReadyMadeForm(forms.Form):
    name = forms.ChoiceField(
        label=gettext_lazy("Ready-made instrument"),
        choices=[(key, spec["label"]) for key, spec in READY_MADE.items()],
        widget=forms.RadioSelect,
    )


class InstrumentForm(forms.Form):
    title = TranslatedTextField(label=gettext_lazy("Title"), max_length=200)
    intro = TranslatedTextField(
        label=gettext_lazy("Introduction"), required=False, multiline=True, max_length=1000
    )
    moments = forms.MultipleChoiceField(
        label=gettext_lazy("Sent"),
        choices=Moment.choices,
        widget=forms.CheckboxSelectMultiple,
        help_text=gettext_lazy(
            "Each moment is sent once to each participant, by email and in the app, in their "
            "language."
        ),
    )
    is_active = forms.BooleanField(
        label=gettext_lazy("Send it to participants"), required=False, initial=True
    )


class NewInstrumentForm(InstrumentForm):
    audience = forms.ChoiceField(
        label=gettext_lazy("Asked of"), choices=EnrollmentRole.choices, widget=forms.RadioSelect
    )


KEPT = {
    "key",
    "text",
    "help_text",
    "is_required",
    "choices",
    "scale_min",
    "scale_max",
    "scale_min_label",
    "scale_max_label",
    "max_length",
}


class InstrumentQuestionForm(QuestionForm):
    """The questionnaire builder's question form, without what only matching uses."""

    def __init__(
        self, *args: Any, kind: str, question: InstrumentQuestion | None = None, **kwargs: Any
    ) -> None:
        if question is not None and "initial" not in kwargs:
            kwargs["initial"] = _initial(question)
        builder_kind = "scale" if kind == NUMBER else kind
        super().__init__(*args, kind=builder_kind, question=cast(Any, question), **kwargs)
        for name in [name for name in self.fields if name not in KEPT]:
            del self.fields[name]  # the audience and everything matching reads
        self.fields["key"].help_text = gettext_lazy(
            "A short name for the results, such as “confidence”: lowercase letters, digits and "
            "underscores."
        )
        self.fields["is_required"].label = gettext_lazy("Required")
        if kind == NUMBER:
            for name in ("scale_min_label", "scale_max_label"):
                self.fields.pop(name)
            self.fields["scale_min"] = forms.IntegerField(
                label=gettext_lazy("Lowest number"), min_value=0, max_value=100_000, initial=0
            )
            self.fields["scale_max"] = forms.IntegerField(
                label=gettext_lazy("Highest number"), min_value=1, max_value=100_000, initial=1000
            )

    def data_for_service(self) -> dict[str, Any]:
        return dict(self.cleaned_data)


def _initial(question: InstrumentQuestion) -> dict[str, Any]:
    initial: dict[str, Any] = {
        name: getattr(question, name)
        for name in (
            "key",
            "text",
            "help_text",
            "is_required",
            "scale_min",
            "scale_max",
            "scale_min_label",
            "scale_max_label",
            "max_length",
        )
    }
    initial["choices"] = {
        code: "\n".join(choice["label"].get(code, "") for choice in question.choices)
        for code in {code for choice in question.choices for code in choice["label"]}
    }
    return initial
