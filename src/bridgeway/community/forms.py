from __future__ import annotations

import uuid
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from bridgeway.community.models import Audience, Space
from bridgeway.programs.models import Program


class ClientKeyForm(forms.Form):
    """A fresh key in each form shown: the same form sent twice posts once."""

    client_key = forms.CharField(max_length=64, required=False, widget=forms.HiddenInput)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial.setdefault("client_key", uuid.uuid4().hex)


class TopicForm(ClientKeyForm):
    title = forms.CharField(label=_("Title"), max_length=160)
    body = forms.CharField(
        label=_("Your message"),
        max_length=20000,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("You can use *italics*, **bold**, lists, quotes and links."),
    )


class ReplyForm(ClientKeyForm):
    body = forms.CharField(
        label=_("Your reply"),
        max_length=20000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("You can use *italics*, **bold**, lists, quotes and links."),
    )


class SpaceForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=120)
    description = forms.CharField(
        label=_("What it is for"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    audience = forms.ChoiceField(
        label=_("Who may read and post"),
        choices=Audience.choices,
        help_text=_("Staff of the agency can always read the space."),
    )
    sector = forms.RegexField(
        label=_("Occupation group (optional)"),
        regex=r"^[0-9]{1,5}$",
        required=False,
        help_text=_("A NOC 2021 code for a sector space, for example 2 or 21."),
        error_messages={"invalid": _("Write a NOC code in digits, for example 21.")},
    )

    @classmethod
    def of(cls, space: Space, data: Any = None) -> SpaceForm:
        return cls(data, initial={n: getattr(space, n) for n in cls.base_fields})


class AgencySpaceForm(SpaceForm):
    """A new space of the agency: for all its programs or for one."""

    where = forms.ChoiceField(label=_("For"))
    field_order = ["where", "name", "description", "audience", "sector"]

    def __init__(self, *args: Any, programs: list[Program], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.programs = {str(p.pk): p for p in programs}
        self.fields["where"].choices = [  # type: ignore[attr-defined]
            ("", _("Every program of the agency")),
            *[(str(p.pk), p.name) for p in programs],
        ]
        self.fields["where"].required = False

    def program(self) -> Program | None:
        return self.programs.get(self.cleaned_data.get("where") or "")
