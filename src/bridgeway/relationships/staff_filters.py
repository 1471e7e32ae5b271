"""What the coordinator's relationships list shows: every pair and group of the program, or
only those that need attention, or those starting, under way or closed; only the overdue ones
(relationships/overdue.py says what is overdue); only one cohort (the month they started).
The choices combine, and stay in the address, so a filtered list can be bookmarked, shared and
paged through. The same filter for pairs and groups, so a group program's list reads like a
one-to-one program's, and for the API's list."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django import forms
from django.utils import formats
from django.utils.translation import gettext_lazy as _

ATTENTION = "attention"
SHOW_CHOICES = [
    ("", _("All")),
    (ATTENTION, _("Needing attention")),
    ("agreement", _("Starting: agreement to sign")),
    ("active", _("Under way")),
    ("closed", _("Closed")),
]


def month_value(month: date) -> str:
    return month.strftime("%Y-%m")


def month_label(month: date) -> str:
    return formats.date_format(month, "YEAR_MONTH_FORMAT")


@dataclass(frozen=True)
class Chosen:
    """The list's choices; the defaults show everything."""

    show: str = ""
    overdue: bool = False
    month: date | None = None

    @property
    def narrowed(self) -> bool:
        return bool(self.show or self.overdue or self.month)

    def keep(
        self, risks: dict[int, list[str]], late: dict[int, list[str]]
    ) -> tuple[str | None, set[int] | None]:
        """(status to keep or None, ids to keep or None) for these choices, with the ids of
        what needs attention (`risks`) and of what is overdue (`late`)."""
        status, ids = None, None
        if self.show == ATTENTION:
            ids = set(risks)
        elif self.show:
            status = self.show
        if self.overdue:
            ids = set(late) if ids is None else ids & set(late)
        return status, ids


class ListFilterForm(forms.Form):
    show = forms.ChoiceField(label=_("Show"), required=False, choices=SHOW_CHOICES)
    overdue = forms.BooleanField(label=_("Only overdue"), required=False)
    cohort = forms.ChoiceField(
        label=_("Cohort (month started)"),
        required=False,
        choices=[("", _("All cohorts"))],
    )

    def __init__(self, data: Any = None, *, months: list[date]) -> None:
        super().__init__(data)
        self.months = {month_value(month): month for month in months}
        self.fields["cohort"].choices = [  # type: ignore[attr-defined]
            ("", _("All cohorts")),
            *((value, month_label(month)) for value, month in self.months.items()),
        ]

    def chosen(self) -> Chosen:
        """The valid choices; a missing or unknown one shows everything for its part (the form
        says what was not understood)."""
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        return Chosen(
            show=data.get("show") or "",
            overdue=bool(data.get("overdue")),
            month=self.months.get(data.get("cohort") or ""),
        )
