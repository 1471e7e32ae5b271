"""The dashboard's filters, and whose closure answers the report reads."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from bridgeway.reports import selectors
from bridgeway.reports.forms import ReportFilterForm
from bridgeway.reports.quality.selectors import SIDES, Side
from bridgeway.reports.scope import Scope, default_filter


class MatchQualityForm(ReportFilterForm):
    answers = forms.ChoiceField(
        label=_("Whose answers"),
        required=False,
        choices=[("mentee", _("Mentees' answers")), ("mentor", _("Mentors' answers"))],
        help_text=_("Each person answers the closure survey on their own."),
    )

    def side(self) -> Side:
        """The mentees' answers unless the mentors' are chosen (and the form is valid)."""
        chosen = self.cleaned_data.get("answers") if self.is_valid() else ""
        return cast(Side, chosen) if chosen in SIDES else "mentee"


def quality_form(data: Any, scope: Scope) -> MatchQualityForm:
    """The dashboard's filters (the last twelve months when none are given)."""
    return MatchQualityForm(
        data or default_filter().as_query(),
        programs=list(selectors.scope_program_choices(scope)),
        cohorts=selectors.scope_cohorts(scope),
    )
