from __future__ import annotations

import uuid
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from bridgeway.community.models import Audience, ReportReason, Space
from bridgeway.messaging.attachments import ALLOWED
from bridgeway.messaging.forms import FilesField
from bridgeway.programs.models import Program


class ClientKeyForm(forms.Form):
    """A fresh key in each form shown: the same form sent twice posts once."""

    client_key = forms.CharField(max_length=64, required=False, widget=forms.HiddenInput)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial.setdefault("client_key", uuid.uuid4().hex)


class WithFilesForm(ClientKeyForm):
    """Files with a post, checked by the service from their content exactly like a
    message's (messaging/attachments.py)."""

    attachments = FilesField(
        label=_("Attach files (optional)"),
        required=False,
        help_text=_(
            "Documents, images, video or audio, up to %(limit)d MB each. Everyone who can "
            "read the space can open them."
        ),
    )

    def __init__(self, *args: Any, limit_mb: int = 100, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["attachments"]
        field.help_text = field.help_text % {"limit": limit_mb}
        field.widget.attrs["accept"] = ",".join(
            [*ALLOWED, *(f".{e}" for t in ALLOWED.values() for e in t.extensions)]
        )


class TopicForm(WithFilesForm):
    title = forms.CharField(label=_("Title"), max_length=160)
    body = forms.CharField(
        label=_("Your message"),
        max_length=20000,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("You can use *italics*, **bold**, lists, quotes and links."),
    )
    field_order = ["title", "body", "attachments", "client_key"]


class ReplyForm(WithFilesForm):
    body = forms.CharField(
        label=_("Your reply"),
        max_length=20000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("You can use *italics*, **bold**, lists, quotes and links."),
    )
    field_order = ["body", "attachments", "client_key"]


class ReportForm(forms.Form):
    reason = forms.ChoiceField(
        label=_("What is wrong with this post?"),
        choices=ReportReason.choices,
        widget=forms.RadioSelect,
    )
    text = forms.CharField(
        label=_("Tell the moderators more (optional)"),
        max_length=1000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("The moderators read your report and your name; the author does not."),
    )


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason"),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("The author reads it, in the words you write."),
    )


class MoveForm(forms.Form):
    space = forms.ModelChoiceField(
        label=_("Move to"), queryset=Space.objects.none(), empty_label=None
    )

    def __init__(self, *args: Any, targets: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["space"].queryset = targets  # type: ignore[attr-defined]


class SuspendForm(forms.Form):
    reason = forms.CharField(
        label=_("Why"),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("The person reads it, in the words you write."),
    )
    until = forms.DateField(
        label=_("Until (included; optional)"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("Leave empty to suspend until a moderator lifts it."),
    )


class ModeratorForm(forms.Form):
    email = forms.EmailField(
        label=_("Email address of the new moderator"),
        help_text=_("A participant or staff member who can read this space."),
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
    hold_first_posts = forms.IntegerField(
        label=_("Hold a newcomer's first posts for review"),
        min_value=0,
        max_value=20,
        initial=0,
        required=False,
        help_text=_(
            "How many of a person's first posts in this space wait for a moderator's approval "
            "before others can read them; 0 to publish every post at once."
        ),
    )

    def clean_hold_first_posts(self) -> int:
        return self.cleaned_data.get("hold_first_posts") or 0

    @classmethod
    def of(cls, space: Space, data: Any = None) -> SpaceForm:
        return cls(data, initial={n: getattr(space, n) for n in cls.base_fields})


class AgencySpaceForm(SpaceForm):
    """A new space of the agency: for all its programs or for one."""

    where = forms.ChoiceField(label=_("For"))
    field_order = ["where", "name", "description", "audience", "sector", "hold_first_posts"]

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
