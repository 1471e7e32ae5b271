from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from bridgeway.core.i18n import TranslatedTextField
from bridgeway.learning.models import Audience, Lesson, QuizQuestion
from bridgeway.learning.quizzes import ChoiceData
from bridgeway.programs.models import EnrollmentRole

CHOICE_SLOTS = 5


class ModuleForm(forms.Form):
    title = TranslatedTextField(label=_("Title"), max_length=200)
    summary = TranslatedTextField(
        label=_("Summary"),
        multiline=True,
        required=False,
        help_text=_("One or two sentences: what people learn and how long it takes."),
    )
    audience = forms.ChoiceField(label=_("Who takes it"), choices=Audience.choices)
    required = forms.BooleanField(
        label=_("Required before matching"),
        required=False,
        initial=True,
        help_text=_("When the program requires training, people must finish this module first."),
    )
    pass_mark = forms.IntegerField(
        label=_("Quiz pass mark (%)"),
        min_value=0,
        max_value=100,
        initial=80,
        help_text=_(
            "The share of questions a person must answer right. Used when the module has a quiz."
        ),
    )


class OrientationCopyForm(forms.Form):
    audience = forms.ChoiceField(
        label=_("Default orientation"),
        choices=[
            ("mentor", _("Mentor orientation (6 lessons, 5-question quiz)")),
            ("mentee", _("Mentee orientation (3 lessons, 3-question quiz)")),
        ],
        widget=forms.RadioSelect,
    )


class LessonForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Kind"),
        choices=Lesson.Kind.choices,
        help_text=_(
            "A video needs its address and a transcript; a scenario needs a situation "
            "and the discussion."
        ),
    )
    title = TranslatedTextField(label=_("Title"), max_length=200)
    body = TranslatedTextField(
        label=_("Text, transcript or situation"),
        multiline=True,
        required=False,
        max_length=20000,
        help_text=_(
            "Plain text; leave an empty line between paragraphs. For a video, the "
            "transcript or a description; for a scenario, the situation."
        ),
    )
    video_url = forms.URLField(
        label=_("Video address"),
        required=False,
        max_length=500,
        assume_scheme="https",
        help_text=_("Video lessons only. A secure address that starts with https://."),
    )
    discussion = TranslatedTextField(
        label=_("Scenario: what would you do?"),
        multiline=True,
        required=False,
        max_length=20000,
        help_text=_("Scenarios only: a good way to respond, and why."),
    )

    def clean_video_url(self) -> str:
        url: str = self.cleaned_data.get("video_url") or ""
        if url and not url.startswith("https://"):
            raise forms.ValidationError(_("Use a secure address that starts with https://."))
        return url


class QuestionForm(forms.Form):
    """The question and up to CHOICE_SLOTS answers; empty answers are left out."""

    text = TranslatedTextField(label=_("Question"), max_length=500)

    def __init__(self, *args: Any, question: QuizQuestion | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        existing = list(question.choices.all()) if question is not None else []
        if question is not None:
            self.initial["text"] = question.text
        for number in range(1, CHOICE_SLOTS + 1):
            self.fields[f"choice_{number}"] = TranslatedTextField(
                label=_("Answer %(number)s") % {"number": number},
                max_length=300,
                required=False,
            )
            self.fields[f"correct_{number}"] = forms.BooleanField(
                label=_("Answer %(number)s is correct") % {"number": number}, required=False
            )
            if number <= len(existing):
                self.initial[f"choice_{number}"] = existing[number - 1].text
                self.initial[f"correct_{number}"] = existing[number - 1].is_correct

    def choices(self) -> list[ChoiceData]:
        return [
            ChoiceData(
                text=self.cleaned_data.get(f"choice_{number}") or {},
                is_correct=bool(self.cleaned_data.get(f"correct_{number}")),
            )
            for number in range(1, CHOICE_SLOTS + 1)
        ]


class MoveForm(forms.Form):
    direction = forms.ChoiceField(choices=[("up", _("Up")), ("down", _("Down"))])


class QuizForm(forms.Form):
    """Every question of a module on one form: one answer, or "choose all that apply"."""

    submission_key = forms.UUIDField(widget=forms.HiddenInput)

    def __init__(self, *args: Any, questions: list[QuizQuestion], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.questions = questions
        for number, question in enumerate(questions, start=1):
            choices = list(question.choices.all())
            options = [(str(choice.pk), choice.answer_text) for choice in choices]
            label = _("%(number)s. %(question)s") % {
                "number": number,
                "question": question.question_text,
            }
            errors = {"required": _("Answer this question.")}
            field: forms.Field
            if sum(choice.is_correct for choice in choices) > 1:
                field = forms.MultipleChoiceField(
                    label=label,
                    choices=options,
                    widget=forms.CheckboxSelectMultiple,
                    help_text=_("Choose all that apply."),
                    error_messages=errors,
                )
            else:
                field = forms.ChoiceField(
                    label=label,
                    choices=options,
                    widget=forms.RadioSelect,
                    help_text=_("Choose one answer."),
                    error_messages=errors,
                )
            self.fields[f"question_{question.pk}"] = field

    def answers(self) -> dict[int, list[int]]:
        result = {}
        for question in self.questions:
            value = self.cleaned_data.get(f"question_{question.pk}") or []
            values = [value] if isinstance(value, str) else value
            result[question.pk] = [int(v) for v in values]
        return result


class ProgressFilterForm(forms.Form):
    role = forms.ChoiceField(
        label=_("Role"), required=False, choices=[("", _("Any role")), *EnrollmentRole.choices]
    )
