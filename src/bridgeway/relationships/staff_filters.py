"""What the coordinator's relationships list shows: every pair and group of the program, or
only those that need attention, or those starting, under way or closed. The same filter for
pairs and groups, so a group program's list reads like a one-to-one program's."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

ATTENTION = "attention"


class ListFilterForm(forms.Form):
    show = forms.ChoiceField(
        label=_("Show"),
        required=False,
        choices=[
            ("", _("All")),
            (ATTENTION, _("Needing attention")),
            ("agreement", _("Starting: agreement to sign")),
            ("active", _("Under way")),
            ("closed", _("Closed")),
        ],
    )

    def chosen(self) -> str:
        """The choice, or "" (all) for a missing or unknown one."""
        return self.cleaned_data.get("show", "") if self.is_valid() else ""


def filter_ids(show: str, risks: dict[int, list[str]]) -> tuple[str | None, set[int] | None]:
    """(status to keep or None, ids to keep or None) for the list's choice."""
    if show == ATTENTION:
        return None, set(risks)
    return (show or None), None
