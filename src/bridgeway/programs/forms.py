from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from bridgeway.programs.models import Enrollment, EnrollmentRole, EnrollmentStatus, Program

PROGRAM_FIELDS = [
    "name",
    "slug",
    "kind",
    "purpose",
    "summary",
    "description",
    "goals",
    "is_pre_arrival",
    "is_published",
    "duration_weeks",
    "cohort_start",
    "cohort_end",
    "mentor_capacity_default",
    "mentor_response_days",
    "mentee_activation_days",
    "training_required",
    "midpoint_check",
    "close_when_goals_met",
]


class ProgramForm(forms.ModelForm):
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

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("cohort_start"), data.get("cohort_end")
        if start and end and end < start:
            self.add_error("cohort_end", _("The cohort must end after it starts."))
        return data


class ApplyForm(forms.Form):
    role = forms.ChoiceField(
        label=_("I would like to take part as"),
        choices=EnrollmentRole.choices,
        widget=forms.RadioSelect,
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
