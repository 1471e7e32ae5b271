"""The breach register's form: every field the register keeps, in the order a report to the
Privacy Commissioner asks for them."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from bridgeway.privacy.breaches.models import Breach, InformationKind
from bridgeway.privacy.breaches.services import FIELDS

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
YES_NO = [("yes", _("Yes")), ("no", _("No"))]


class BreachForm(forms.Form):
    occurred_on = forms.DateField(label=_("When it happened"), widget=DATE)
    discovered_on = forms.DateField(label=_("When it was discovered"), widget=DATE)
    description = forms.CharField(
        label=_("What happened"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("The facts: what was lost, seen or taken, how, and by whom if known."),
    )
    information_kinds = forms.MultipleChoiceField(
        label=_("Kinds of personal information"),
        choices=InformationKind.choices,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Choose at least one kind of information.")},
    )
    information_other = forms.CharField(
        label=_("Other kinds (if “Other”)"), max_length=300, required=False
    )
    people_affected = forms.IntegerField(label=_("Number of people affected"), min_value=0)
    real_risk = forms.ChoiceField(
        label=_("Is there a real risk of significant harm?"),
        choices=YES_NO,
        widget=forms.RadioSelect,
    )
    risk_reasoning = forms.CharField(
        label=_("Why (how sensitive the information is, how likely its misuse)"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    commissioner_reported_on = forms.DateField(
        label=_("Reported to the Privacy Commissioner on"),
        required=False,
        widget=DATE,
        help_text=_("Leave empty if it has not been reported."),
    )
    people_notified_on = forms.DateField(
        label=_("People notified on"),
        required=False,
        widget=DATE,
        help_text=_("Leave empty if they have not been notified."),
    )
    measures = forms.CharField(
        label=_("Measures taken"),
        max_length=5000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("To contain it, to reduce the harm, and so that it does not happen again."),
    )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        kinds = cleaned.get("information_kinds") or []
        if InformationKind.OTHER in kinds and not cleaned.get("information_other", "").strip():
            self.add_error("information_other", _("Say which other kinds of information."))
        return cleaned

    def data_for_service(self) -> dict[str, Any]:
        data = {field: self.cleaned_data[field] for field in FIELDS}
        data["real_risk"] = self.cleaned_data["real_risk"] == "yes"
        data["information_kinds"] = list(self.cleaned_data["information_kinds"])
        data["information_other"] = self.cleaned_data["information_other"].strip()
        data["measures"] = self.cleaned_data["measures"].strip()
        return data

    @staticmethod
    def initial_for(breach: Breach) -> dict[str, Any]:
        initial = {field: getattr(breach, field) for field in FIELDS}
        initial["real_risk"] = "yes" if breach.real_risk else "no"
        return initial
