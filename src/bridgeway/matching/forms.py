from __future__ import annotations

import html
from collections.abc import Iterator
from typing import Any

from django import forms
from django.forms.utils import flatatt
from django.utils.choices import BaseChoiceIterator
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext_lazy as _

from bridgeway.matching.services import REASON_MAX

OBJECTIVE_CHOICES = [
    ("score", _("The highest total score")),
    ("count", _("As many people matched as possible, then the highest score")),
]


class RunForm(forms.Form):
    objective = forms.ChoiceField(
        label=_("Favour"), choices=OBJECTIVE_CHOICES, initial="score", widget=forms.RadioSelect
    )


class PoolSelect(forms.Select):
    """A select of a program's whole pool (thousands of people), its options written in plain
    Python: Django's template per option takes most of a second for ten thousand of them.
    The same markup as `Select` (attributes, the chosen option), without option groups."""

    def render(
        self, name: str, value: Any, attrs: dict[str, Any] | None = None, renderer: Any = None
    ) -> SafeString:
        final = self.build_attrs(self.attrs, attrs)
        final["name"] = name
        chosen = set(self.format_value(value))
        escape = html.escape
        keys = [str(v) for v, _label in self.choices]
        labels = _escaped([str(label) for _v, label in self.choices])
        options = [
            # Enrollment ids are digits: nothing to escape.
            f'<option value="{key if key.isdigit() else escape(key)}"'
            f'{" selected" if key in chosen else ""}>{label}</option>'
            for key, label in zip(keys, labels, strict=True)
        ]
        return mark_safe(f"<select{flatatt(final)}>{''.join(options)}</select>")  # noqa: S308


def _escaped(texts: list[str]) -> list[str]:
    """html.escape of each text, done once over all of them (thousands of names)."""
    joined = "\x00".join(texts)
    parts = html.escape(joined).split("\x00")
    if len(parts) != len(texts):  # a text held the separator itself
        return [html.escape(text) for text in texts]
    return parts


class PoolChoices(BaseChoiceIterator):
    """Choices that are already (value, label) pairs: Django then takes them as they are
    instead of normalising ten thousand of them at each request."""

    def __init__(self, choices: list[tuple[str, str]]) -> None:
        self.choices = choices

    def __iter__(self) -> Iterator[tuple[str, str]]:
        return iter(self.choices)

    def __len__(self) -> int:
        return len(self.choices)


class ManualPairForm(forms.Form):
    """Set one pair by hand. Choices are the program's pool, filled by the view."""

    mentee = forms.TypedChoiceField(label=_("Mentee"), coerce=int, choices=[], widget=PoolSelect)
    mentor = forms.TypedChoiceField(label=_("Mentor"), coerce=int, choices=[], widget=PoolSelect)
    reason = forms.CharField(
        label=_("Reason for this choice"),
        help_text=_(
            "Needed when the pair differs from the proposal or breaks a rule that must be met. "
            "Kept with the proposal and in the audit log."
        ),
        required=False,
        max_length=REASON_MAX,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    run = forms.CharField(required=False, widget=forms.HiddenInput, max_length=64)

    def __init__(
        self, *args: Any, mentees: list[tuple[str, str]], mentors: list[tuple[str, str]], **kw: Any
    ) -> None:
        super().__init__(*args, **kw)
        mentee_field = self.fields["mentee"]
        mentor_field = self.fields["mentor"]
        assert isinstance(mentee_field, forms.ChoiceField)
        assert isinstance(mentor_field, forms.ChoiceField)
        mentee_field.choices = PoolChoices([("", str(_("Choose a mentee"))), *mentees])
        mentor_field.choices = PoolChoices([("", str(_("Choose a mentor"))), *mentors])
        mentee_field.error_messages["invalid_choice"] = _(
            "Choose a mentee who is waiting in this program."
        )
        mentor_field.error_messages["invalid_choice"] = _(
            "Choose a mentor with a free place in this program."
        )
        for name in ("mentee", "mentor"):
            self.fields[name].widget.attrs.update({"aria-controls": "pair-preview"})


class WithdrawForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason (kept in the audit log)"), required=False, max_length=REASON_MAX
    )


class DeclineForm(forms.Form):
    reason = forms.CharField(
        label=_("Why can you not take this mentee?"),
        help_text=_("Your coordinator reads this; the mentee does not."),
        max_length=REASON_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Say briefly why; it helps the coordinator.")},
    )
