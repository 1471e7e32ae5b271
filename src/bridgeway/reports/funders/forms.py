"""The funder export's choices (a period and, optionally, one program) and the upload of a
mapping file."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from bridgeway.core.models import Organization
from bridgeway.programs.models import Program
from bridgeway.reports.forms import LONGEST
from bridgeway.reports.funders.mapping import MAX_BYTES
from bridgeway.reports.funders.rows import Selection


def last_month(today: date | None = None) -> tuple[date, date]:
    """Funders take monthly uploads: the month before this one, by default."""
    today = today or timezone.localdate()
    end = today.replace(day=1) - timedelta(days=1)
    return end.replace(day=1), end


def _date_input() -> forms.DateInput:
    return forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class ExportForm(forms.Form):
    start = forms.DateField(label=_("From"), widget=_date_input())
    end = forms.DateField(
        label=_("To"), widget=_date_input(), help_text=_("Whole days, both included.")
    )
    program = forms.TypedChoiceField(
        label=_("Program"), required=False, coerce=int, empty_value=None
    )

    def __init__(self, data: Any = None, *, programs: list[Program]) -> None:
        start, end = last_month()
        super().__init__(data, initial={"start": start, "end": end})
        self.programs = {program.pk: program for program in programs}
        field = self.fields["program"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [("", _("Every program of the agency"))] + [
            (program.pk, program.name) for program in programs
        ]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("start"), data.get("end")
        if start and end:
            if end < start:
                self.add_error("end", _("The end of the period comes before its start."))
            elif end - start > LONGEST:
                self.add_error("end", _("Choose a period of at most five years."))
        return data

    def selection(self, organization: Organization) -> Selection:
        data = self.cleaned_data
        return Selection(
            organization=organization,
            start=data["start"],
            end=data["end"],
            program=self.programs.get(data.get("program") or 0),
        )


class UploadForm(forms.Form):
    file = forms.FileField(
        label=_("Mapping file (TOML)"),
        help_text=_("A .toml file of at most 256 KB, written as in the reference below."),
    )

    def clean_file(self) -> str:
        upload = self.cleaned_data["file"]
        if upload.size > MAX_BYTES:
            raise forms.ValidationError(_("The file is larger than 256 KB: is it a mapping?"))
        try:
            text: str = upload.read().decode("utf-8-sig")
        except UnicodeDecodeError:
            raise forms.ValidationError(
                _("The file is not UTF-8 text: save it as UTF-8 and upload it again.")
            ) from None
        return text
