"""What the coordinator's relationships list shows: every pair and group of the program, or
only those that need attention, or those starting, under way or closed; only the overdue ones
(relationships/overdue.py says what is overdue); only one cohort (the month they started).
The choices combine, and stay in the address, so a filtered list can be bookmarked, shared and
paged through. The same filter for pairs and groups, so a group program's list reads like a
one-to-one program's, and for the API's list."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from html import escape
from typing import Any, cast

from django import forms
from django.utils import formats
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext_lazy as _

from bridgeway.core.widgets import label_tag

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

    def html(self) -> SafeString | None:
        """The form as `partials/form.html` writes it, byte for byte, in one pass (a select,
        a check box and a select through Django's widget templates were about a third of the
        page's template): None when a choice was not understood, for the template to write it
        with its errors (tests/relationships/test_staff_filters_html.py holds the two alike)."""
        if self.errors:
            return None
        parts = ["\n\n"]
        for name in ("show", "overdue", "cohort"):
            bound = self[name]
            field = bound.field
            if name == "overdue":
                checked = " checked" if field.widget.check_test(bound.value()) else ""
                body = (
                    f'<input type="checkbox" name="{name}" id="{bound.auto_id}"{checked}> '
                    f"{label_tag(bound)}"
                )
            else:
                assert isinstance(field, forms.ChoiceField)
                value = bound.value()
                chosen = "" if value is None else str(value)
                options = []
                found = False
                for option_value, option_label in cast("list[tuple[Any, Any]]", field.choices):
                    selected = not found and str(option_value) == chosen
                    found |= selected
                    options.append(
                        f'\n  <option value="{escape(str(option_value))}"'
                        f"{' selected' if selected else ''}>{escape(str(option_label))}</option>\n"
                    )
                body = (
                    f'{label_tag(bound)}<select name="{name}" id="{bound.auto_id}">'
                    f"{''.join(options)}\n</select>"
                )
            parts.append(f'\n<div class="field">\n  \n    {body}\n  \n  \n  \n  \n</div>\n')
        parts.append("\n")
        # Every label and value is escaped above; the names and ids are the form's own.
        return mark_safe("".join(parts))  # noqa: S308  # nosec B308 B703
