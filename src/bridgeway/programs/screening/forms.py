from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from bridgeway.core.i18n import TranslatedTextField, translated
from bridgeway.programs.models import Enrollment, EnrollmentStatus
from bridgeway.programs.screening.assessments import MAX_CHOICES
from bridgeway.programs.screening.models import ScreeningCheck, ScreeningItem, SelfAssessment

C = ScreeningCheck.Status


class ScreeningItemForm(forms.Form):
    label = TranslatedTextField(label=_("Name of the check"), max_length=200)
    kind = forms.ChoiceField(label=_("Kind"), choices=ScreeningItem.Kind.choices)
    audience = forms.ChoiceField(label=_("Who it is for"), choices=ScreeningItem.Audience.choices)
    instructions = TranslatedTextField(
        label=_("Instructions for the person"), multiline=True, required=False
    )
    required = forms.BooleanField(label=_("Required before approval"), required=False)
    valid_for_days = forms.IntegerField(
        label=_("Valid for (days)"),
        required=False,
        min_value=1,
        max_value=3650,
        help_text=_("For example 1095 for three years. Leave empty when it never expires."),
    )

    @classmethod
    def for_item(cls, item: ScreeningItem, data: Any = None) -> ScreeningItemForm:
        initial = {name: getattr(item, name) for name in cls.base_fields}
        return cls(data, initial=initial)


class CheckForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Result"),
        choices=[
            (C.PASSED, C.PASSED.label),
            (C.FAILED, C.FAILED.label),
            (C.WAIVED, C.WAIVED.label),
            (C.PENDING, C.PENDING.label),
        ],
    )
    completed_on = forms.DateField(
        label=_("Date of the check"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"invalid": _("Enter a date, for example 2025-03-31.")},
    )
    note = forms.CharField(
        label=_("Staff note (the person never sees it)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {"completed_on": timezone.localdate(), "status": C.PASSED})
        super().__init__(*args, **kwargs)


class DeclineForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason (the person sees it)"),
        max_length=300,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Give a reason; the person will see it.")},
    )


def _with_count(label: Any, count: int) -> str:
    return f"{label} ({count})"


class QueueFilterForm(forms.Form):
    q = forms.CharField(label=_("Name or email"), required=False, max_length=100)
    program = forms.TypedChoiceField(
        label=_("Program"), required=False, coerce=int, empty_value=None
    )
    role = forms.ChoiceField(label=_("Role"), required=False)
    status = forms.ChoiceField(label=_("Status"), required=False)
    expired = forms.BooleanField(label=_("Only people with an expired check"), required=False)

    def __init__(
        self, *args: Any, programs: list[tuple[int, str]], counts: dict[str, Any], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        per_program = counts["programs"]
        self.fields["program"].choices = [  # type: ignore[attr-defined]
            ("", _with_count(_("Every program"), counts["total"])),
            *[(pk, _with_count(name, per_program.get(pk, 0))) for pk, name in programs],
        ]
        self.fields["role"].choices = [  # type: ignore[attr-defined]
            ("", _with_count(_("Any role"), counts["total"])),
            *[
                (value, _with_count(label, counts[value]))
                for value, label in Enrollment.Role.choices
            ],
        ]
        self.fields["status"].choices = [  # type: ignore[attr-defined]
            ("", _with_count(_("Applied or in screening"), counts["total"])),
            (
                EnrollmentStatus.APPLIED,
                _with_count(EnrollmentStatus.APPLIED.label, counts["applied"]),
            ),
            (
                EnrollmentStatus.SCREENING,
                _with_count(EnrollmentStatus.SCREENING.label, counts["screening"]),
            ),
        ]
        self.fields["expired"].label = _with_count(
            _("Only people with an expired check"), counts["expired"]
        )


class AssessmentForm(forms.Form):
    threshold = forms.IntegerField(
        label=_("Score needed (0 to 100)"),
        min_value=0,
        max_value=100,
        help_text=_("A mentor below this score cannot be approved until they retake it."),
    )
    intro = TranslatedTextField(label=_("Introduction"), multiline=True, required=False)
    advice_above = TranslatedTextField(
        label=_("Advice for a score at or above the score needed"), multiline=True
    )
    advice_below = TranslatedTextField(
        label=_("Advice for a score below the score needed"), multiline=True
    )

    @classmethod
    def for_assessment(cls, assessment: SelfAssessment | None, data: Any = None) -> AssessmentForm:
        if assessment is None:
            return cls(data, initial={"threshold": 60})
        return cls(data, initial={name: getattr(assessment, name) for name in cls.base_fields})


class QuestionForm(forms.Form):
    """A question with up to MAX_CHOICES answers; empty answer rows are left out."""

    text = TranslatedTextField(label=_("Question"), max_length=500)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for number in range(1, MAX_CHOICES + 1):
            self.fields[f"choice_{number}"] = TranslatedTextField(
                label=_("Answer %(number)s") % {"number": number},
                max_length=300,
                required=False,
            )
            self.fields[f"points_{number}"] = forms.IntegerField(
                label=_("Points for answer %(number)s (0 to 10)") % {"number": number},
                min_value=0,
                max_value=10,
                required=False,
            )

    @classmethod
    def for_question(cls, question: Any, data: Any = None) -> QuestionForm:
        initial: dict[str, Any] = {"text": question.text}
        for number, choice in enumerate(question.choices.all(), start=1):
            initial[f"choice_{number}"] = choice.text
            initial[f"points_{number}"] = choice.points
        return cls(data, initial=initial)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        choices = []
        for number in range(1, MAX_CHOICES + 1):
            text, points = data.get(f"choice_{number}"), data.get(f"points_{number}")
            if f"choice_{number}" in self.errors or f"points_{number}" in self.errors:
                continue
            if text and points is None:
                self.add_error(f"points_{number}", _("Give the points for this answer."))
            elif points is not None and not text:
                self.add_error(f"choice_{number}", _("Write this answer, or clear its points."))
            elif text:
                choices.append((text, points))
        data["choices"] = choices
        return data


class TakeAssessmentForm(forms.Form):
    """One required set of radio buttons per question, in the reader's language."""

    def __init__(self, *args: Any, assessment: SelfAssessment, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for question in assessment.questions.all():
            self.fields[f"question_{question.pk}"] = forms.TypedChoiceField(
                label=translated(question.text),
                choices=[(choice.pk, translated(choice.text)) for choice in question.choices.all()],
                coerce=int,
                widget=forms.RadioSelect,
                error_messages={"required": _("Choose an answer to this question.")},
            )

    def answers(self) -> dict[int, int]:
        return {
            int(name.removeprefix("question_")): value for name, value in self.cleaned_data.items()
        }


class ReferenceForm(forms.Form):
    """Who the person names for one reference check."""

    name = forms.CharField(label=_("Their name"), max_length=150)
    relationship = forms.CharField(
        label=_("How they know you"),
        max_length=150,
        help_text=_("For example: former manager, teacher, colleague, volunteer coordinator."),
    )
    email = forms.EmailField(label=_("Their email"), required=False)
    phone = forms.CharField(
        label=_("Their phone"),
        max_length=40,
        required=False,
        help_text=_("With the country code if they live abroad, such as +963 11 123 4567."),
    )
