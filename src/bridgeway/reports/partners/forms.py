"""Forms of the partner pages. Several sit on one page, each with its own prefix."""

from __future__ import annotations

import re
from typing import Any

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from bridgeway.reports.forms import LONGEST, _date_input
from bridgeway.reports.partners.links import REASON_MAX
from bridgeway.reports.partners.services import NAME_MAX
from bridgeway.reports.scope import ReportFilter, default_filter


def _languages() -> list[tuple[str, str]]:
    return [(code, str(name)) for code, name in settings.LANGUAGES]


class PartnerForm(forms.Form):
    name = forms.CharField(label=_("Employer's name"), max_length=NAME_MAX)
    domains = forms.CharField(
        label=_("Domains of their work email"),
        required=False,
        max_length=1000,
        help_text=_(
            "For example northern-engineering.ca: mentors whose address is there are suggested "
            "to you. Separate several with commas or spaces."
        ),
    )

    def clean_domains(self) -> list[str]:
        return [d for d in re.split(r"[\s,;]+", self.cleaned_data["domains"]) if d]


class ContactForm(forms.Form):
    name = forms.CharField(label=_("Contact's name"), max_length=150)
    email = forms.EmailField(
        label=_("Their work email"),
        help_text=_(
            "They sign in with this address and two-step verification, and see only the figures "
            "and the letters of this partner."
        ),
    )
    language = forms.ChoiceField(
        label=_("Language of the invitation"),
        help_text=_("If they already have an account here, their own language is used."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["language"].choices = _languages()  # type: ignore[attr-defined]


class LinkProposeForm(forms.Form):
    email = forms.EmailField(
        label=_("Mentor's email address"),
        help_text=_(
            "A mentor of your agency's programs. They are asked whether to share their "
            "mentoring with this employer: nothing is shared until they agree."
        ),
    )


class LinkAnswerForm(forms.Form):
    action = forms.ChoiceField(choices=[("confirm", "confirm"), ("end", "end")])
    reason = forms.CharField(
        label=_("Reason the mentor reads"), max_length=REASON_MAX, required=False
    )


class ShareForm(forms.Form):
    share_figures = forms.BooleanField(
        label=_(
            "Count my mentoring in the figures my employer's contacts read: added up over at "
            "least five employees, never with my name or my mentees'."
        ),
        required=False,
    )
    share_letters = forms.BooleanField(
        label=_(
            "Send the letters recognizing my mentoring that the program issues for me to my "
            "employer's contacts too, with my name, the program and my hours."
        ),
        required=False,
    )


class EmployerForm(ShareForm):
    partner = forms.TypedChoiceField(label=_("Your employer"), coerce=int)
    field_order = ["partner", "share_figures", "share_letters"]

    def __init__(self, *args: Any, choices: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["partner"].choices = [("", _("Choose your employer")), *choices]  # type: ignore[attr-defined]


class LinkChoiceForm(ShareForm):
    action = forms.ChoiceField(choices=[("accept", "accept"), ("update", "update"), ("end", "end")])


class PeriodForm(forms.Form):
    """The period of a partner's figures, read from the address (GET)."""

    start = forms.DateField(label=_("From"), required=False, widget=_date_input())
    end = forms.DateField(label=_("To"), required=False, widget=_date_input())

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        default = default_filter()
        start, end = data.get("start") or default.start, data.get("end") or default.end
        if end < start:
            self.add_error("end", _("The end of the period comes before its start."))
        elif end - start > LONGEST:
            self.add_error("end", _("Choose a period of at most five years."))
        data["start"], data["end"] = start, end
        return data

    def report_filter(self) -> ReportFilter:
        if not self.is_valid():
            return default_filter()
        return ReportFilter(start=self.cleaned_data["start"], end=self.cleaned_data["end"])
