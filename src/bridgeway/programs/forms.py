from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from bridgeway.programs.models import (
    LANGUAGE_TAG_MAX_LENGTH,
    Enrollment,
    EnrollmentRole,
    EnrollmentStatus,
    Program,
    validate_language_tag,
)

PROGRAM_FIELDS = [
    "name",
    "slug",
    "kind",
    "purpose",
    "summary",
    "description",
    "goals",
    "content_language",
    "is_pre_arrival",
    "is_published",
    "duration_weeks",
    "cohort_start",
    "cohort_end",
    "mentor_capacity_default",
    "mentor_response_days",
    "requests_confirmed_by",
    "reoffer_freed_places",
    "mentee_activation_days",
    "training_required",
    "midpoint_check",
    "pulse_question",
    "inactivity_days",
    "close_when_goals_met",
]

# The choice that lets an agency give any language code, beyond the site's own languages.
OTHER_LANGUAGE = "other"


class ProgramForm(forms.ModelForm):
    """A program's settings. Its texts' language is one of the site's languages or, under
    "another language", any language code the agency writes in."""

    content_language = forms.ChoiceField(
        label=capfirst(Program._meta.get_field("content_language").verbose_name),
        help_text=Program._meta.get_field("content_language").help_text,
        choices=[],
        required=False,
    )
    content_language_other = forms.CharField(
        label=_("Code of the other language"),
        help_text=_(
            "Only when you chose “Another language”: a language code such as es, pt-BR or ps."
        ),
        max_length=LANGUAGE_TAG_MAX_LENGTH,
        required=False,
    )
    field_order = [
        *PROGRAM_FIELDS[: PROGRAM_FIELDS.index("content_language") + 1],
        "content_language_other",
    ]

    class Meta:
        model = Program
        fields = PROGRAM_FIELDS
        widgets = {
            "cohort_start": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "cohort_end": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "description": forms.Textarea(attrs={"rows": 4}),
            "goals": forms.Textarea(attrs={"rows": 3}),
        }
        help_texts = {"slug": _("Lowercase letters, digits and hyphens; used in addresses.")}

    def __init__(self, *args: Any, default_language: str = "", **kwargs: Any) -> None:
        """`default_language` is a new program's language (its author's); an edited program
        keeps its own."""
        super().__init__(*args, **kwargs)
        # Left out (an older form, an API client): the program keeps its choice.
        self.fields["requests_confirmed_by"].required = False
        self.fields["inactivity_days"].required = False
        self.language_default = (
            self.instance.content_language if self.instance.pk else default_language
        ) or settings.LANGUAGE_CODE
        site_languages = [(code.lower(), label) for code, label in settings.LANGUAGES]
        field = self.fields["content_language"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [*site_languages, (OTHER_LANGUAGE, _("Another language"))]
        if self.language_default in dict(site_languages):
            self.initial["content_language"] = self.language_default
        else:
            self.initial["content_language"] = OTHER_LANGUAGE
            self.initial["content_language_other"] = self.language_default

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("cohort_start"), data.get("cohort_end")
        if start and end and end < start:
            self.add_error("cohort_end", _("The cohort must end after it starts."))
        data["content_language"] = self._clean_language(data)
        if not data.get("requests_confirmed_by"):
            data["requests_confirmed_by"] = self.instance.requests_confirmed_by or "mentor"
        if data.get("inactivity_days") is None:
            data["inactivity_days"] = self.instance.inactivity_days or 30
        return data

    def _clean_language(self, data: dict[str, Any]) -> str:
        choice = data.get("content_language") or self.language_default
        if choice != OTHER_LANGUAGE:
            return str(choice).lower()
        code = (data.get("content_language_other") or "").strip()
        if not code:
            self.add_error(
                "content_language_other",
                _("Write the code of the other language, such as es or pt-BR."),
            )
            return self.language_default
        try:
            validate_language_tag(code)
        except forms.ValidationError as error:
            self.add_error("content_language_other", error)
            return self.language_default
        return code.lower()


class ApplyForm(forms.Form):
    role = forms.ChoiceField(
        label=_("I would like to take part as"),
        choices=EnrollmentRole.choices,
        widget=forms.RadioSelect,
    )


class WithdrawForm(forms.Form):
    reason = forms.CharField(
        label=_("Why are you leaving? (optional)"),
        help_text=_("Your coordinator reads it. It helps them improve the program."),
        max_length=250,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class EnrollmentStatusForm(forms.Form):
    status = forms.ChoiceField(label=_("New status"), choices=[])
    reason = forms.CharField(label=_("Reason (the person sees it)"), max_length=300, required=False)

    def __init__(self, *args: Any, allowed: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        status_field = self.fields["status"]
        assert isinstance(status_field, forms.ChoiceField)
        status_field.choices = [(s, EnrollmentStatus(s).label) for s in allowed]


class EnrollmentFilterForm(forms.Form):
    q = forms.CharField(label=_("Name or email"), required=False, max_length=100)
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("Any status")), *EnrollmentStatus.choices],
    )
    role = forms.ChoiceField(
        label=_("Role"), required=False, choices=[("", _("Any role")), *Enrollment.Role.choices]
    )


class WaitlistMoveForm(forms.Form):
    position = forms.IntegerField(label=_("New place"), min_value=1)
    reason = forms.CharField(label=_("Reason (kept in the audit log)"), max_length=250)


class ImportForm(forms.Form):
    file = forms.FileField(
        label=_("CSV file"),
        help_text=_("UTF-8, first line naming the columns. Nothing is saved until you confirm."),
    )
