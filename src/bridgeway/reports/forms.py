"""The dashboard's filters, read from the address (GET), so a filtered report can be bookmarked
and every export link carries the same choices."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django import forms
from django.utils import formats
from django.utils.translation import gettext_lazy as _

from bridgeway.core.models import Organization
from bridgeway.core.widgets import LongSelect
from bridgeway.programs.models import Program
from bridgeway.programs.questionnaires.codelists import (
    country_choices,
    language_choices,
    occupation_choices,
)
from bridgeway.reports import selectors
from bridgeway.reports.scope import ReportFilter, Scope, default_filter

LONGEST = timedelta(days=5 * 366)


def _date_input() -> forms.DateInput:
    return forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class ReportFilterForm(forms.Form):
    start = forms.DateField(label=_("From"), required=False, widget=_date_input())
    end = forms.DateField(label=_("To"), required=False, widget=_date_input())
    agency = forms.TypedChoiceField(
        label=_("Agency"), required=False, coerce=int, empty_value=None, widget=LongSelect
    )
    program = forms.TypedChoiceField(
        label=_("Program"), required=False, coerce=int, empty_value=None, widget=LongSelect
    )
    cohort = forms.ChoiceField(label=_("Cohort starting in"), required=False, widget=LongSelect)
    language = forms.ChoiceField(label=_("Language spoken"), required=False, widget=LongSelect)
    country = forms.ChoiceField(
        label=_("Country of origin or residence"),
        required=False,
        help_text=_("The country in the participant's profile."),
        widget=LongSelect,
    )
    sector = forms.ChoiceField(
        label=_("Sector (occupation group)"), required=False, widget=LongSelect
    )

    def __init__(
        self,
        data: Any,
        *,
        programs: list[Program],
        cohorts: list[date],
        agencies: list[Organization] | None = None,
    ) -> None:
        super().__init__(data)
        programs_choices: list[tuple[Any, Any]] = [("", _("Every program"))]
        self._choose("program", programs_choices + [(p.pk, p.name) for p in programs])
        if agencies is None:
            del self.fields["agency"]
        else:
            agency_choices: list[tuple[Any, Any]] = [("", _("Every agency"))]
            self._choose("agency", agency_choices + [(a.pk, a.name) for a in agencies])
        cohort_choices: list[tuple[Any, Any]] = [("", _("Any cohort"))]
        months = [
            (month.strftime("%Y-%m"), formats.date_format(month, "YEAR_MONTH_FORMAT"))
            for month in cohorts
        ]
        self._choose("cohort", cohort_choices + months)
        self._choose("language", [("", _("Any language")), *language_choices()])
        self._choose("country", [("", _("Any country")), *country_choices()])
        self._choose("sector", [("", _("Any sector")), *occupation_choices()])

    def _choose(self, name: str, choices: list[tuple[Any, Any]]) -> None:
        field = self.fields[name]
        assert isinstance(field, forms.ChoiceField)
        field.choices = choices

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

    def in_words(self) -> list[tuple[str, str]]:
        """The chosen filters as a PDF states them: (label, the choice in words)."""
        words = []
        if self.is_valid():
            for name, field in self.fields.items():
                value = self.cleaned_data.get(name)
                if value in (None, ""):
                    continue
                choices = dict(getattr(field, "choices", []))
                shown = choices.get(value, choices.get(str(value), value))
                words.append((str(field.label), str(shown)))
        return words

    def report_filter(self) -> ReportFilter:
        """The chosen filters; the default ones while the form has errors."""
        if not self.is_valid():
            return default_filter()
        data = self.cleaned_data
        return ReportFilter(
            start=data["start"],
            end=data["end"],
            organization_id=data.get("agency"),
            program_id=data.get("program"),
            cohort=data.get("cohort") or "",
            language=data.get("language") or "",
            country=data.get("country") or "",
            sector=data.get("sector") or "",
        )


def filter_form(data: Any, scope: Scope) -> ReportFilterForm:
    """The filters for a scope's report, from the address (the last twelve months when it
    names none): the same for the pages, their downloads and the API."""
    return ReportFilterForm(
        data if data else default_filter().as_query(),
        programs=list(selectors.scope_program_choices(scope)),
        cohorts=selectors.scope_cohorts(scope),
        agencies=list(selectors.scope_agency_choices(scope)) if scope.level == "network" else None,
    )
