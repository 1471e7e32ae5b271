from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from bridgeway.accounts.models import Person
from bridgeway.privacy.erasure.models import REASON_MAX


class MyRequestForm(forms.Form):
    confirm = forms.BooleanField(
        label=_("I understand that my account and data will be deleted and cannot be restored."),
        error_messages={"required": _("Tick the box to confirm that you want this.")},
    )


class PersonChoice(forms.ModelChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.name} ({obj.email})"


class StaffRequestForm(forms.Form):
    person = PersonChoice(
        label=_("Participant"),
        queryset=Person.objects.none(),
        error_messages={"required": _("Choose the participant.")},
    )
    reason = forms.CharField(
        label=_("Why their data should be erased"),
        max_length=REASON_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "For example: they asked by phone or in person. Kept in the audit log's request "
            "until the erasure is done."
        ),
        error_messages={"required": _("Say why this person's data should be erased.")},
    )

    def __init__(self, *args: Any, people: QuerySet[Person], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = people  # type: ignore[attr-defined]
