from __future__ import annotations

import html
from collections.abc import Iterator
from typing import Any

from django import forms
from django.forms import BoundField
from django.forms.utils import flatatt
from django.utils.choices import BaseChoiceIterator
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from bridgeway.matching.pool import SEARCH_MAX, SEARCH_SHOWN, Side
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
            f"{' selected' if key in chosen else ''}>{label}</option>"
            for key, label in zip(keys, labels, strict=True)
        ]
        # Keys and labels are escaped above, the attributes by flatatt.
        return mark_safe(f"<select{flatatt(final)}>{''.join(options)}</select>")  # noqa: S308  # nosec B308 B703


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
    """Set one pair by hand. Choices are the program's pool, filled by the view: everyone on a
    small side; on a side too large to list, a search by name or email (`<side>_q`) and the
    people it found (pool.py)."""

    mentee_q = forms.CharField(
        label=_("Find a mentee"),
        required=False,
        max_length=SEARCH_MAX,
        widget=forms.TextInput(attrs={"type": "search", "autocomplete": "off"}),
    )
    mentee = forms.TypedChoiceField(label=_("Mentee"), coerce=int, choices=[], widget=PoolSelect)
    mentor_q = forms.CharField(
        label=_("Find a mentor"),
        required=False,
        max_length=SEARCH_MAX,
        widget=forms.TextInput(attrs={"type": "search", "autocomplete": "off"}),
    )
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
        self, *args: Any, mentees: Side, mentors: Side, preview_url: str, **kw: Any
    ) -> None:
        super().__init__(*args, **kw)
        self.sides = {"mentee": mentees, "mentor": mentors}
        for name, side in self.sides.items():
            field = self.fields[name]
            assert isinstance(field, forms.ChoiceField)
            field.choices = PoolChoices([("", _first_option(name, side)), *side.choices])
            field.widget.attrs.update(
                {
                    "aria-controls": "pair-preview",
                    # The preview follows each choice; the select carries it, so a list of
                    # people found again (a new search) still updates the preview.
                    "hx-get": preview_url,
                    "hx-trigger": "change",
                    "hx-target": "#pair-preview",
                    "hx-include": "#id_mentee, #id_mentor, #id_run",
                }
            )
            if side.searched:
                field.help_text = _found(name, side)
                self.fields[f"{name}_q"].help_text = _searched_help(name, side)
            else:
                del self.fields[f"{name}_q"]
        mentee_field, mentor_field = self.fields["mentee"], self.fields["mentor"]
        self.order_fields(["mentee_q", "mentee", "mentor_q", "mentor", "reason"])
        mentee_field.error_messages["invalid_choice"] = _(
            "Choose a mentee who is waiting in this program."
        )
        mentor_field.error_messages["invalid_choice"] = _(
            "Choose a mentor with a free place in this program."
        )

    def pool_sides(self) -> list[tuple[str, BoundField | None, BoundField]]:
        """(side, its search field or None when everyone is listed, its choice) for each."""
        return [
            (name, self[f"{name}_q"] if f"{name}_q" in self.fields else None, self[name])
            for name in self.sides
        ]


def _first_option(name: str, side: Side) -> str:
    if not side.searched:
        return str(gettext("Choose a mentee") if name == "mentee" else gettext("Choose a mentor"))
    if not side.query:
        if name == "mentee":
            return str(gettext("Find a mentee by name first"))
        return str(gettext("Find a mentor by name first"))
    return str(gettext("Choose among the people found"))


def _searched_help(name: str, side: Side) -> str:
    if name == "mentee":
        text = ngettext(
            "%(total)s mentee is waiting: type part of a name or an email address.",
            "%(total)s mentees are waiting: type part of a name or an email address.",
            side.total,
        )
    else:
        text = ngettext(
            "%(total)s mentor is in the pool: type part of a name or an email address.",
            "%(total)s mentors are in the pool: type part of a name or an email address.",
            side.total,
        )
    return text % {"total": side.total}


def _found(name: str, side: Side) -> str:
    if not side.query:
        return ""
    if side.more:
        return gettext(
            "More than %(shown)s match “%(query)s”: the first %(shown)s are listed. Type more "
            "of the name to narrow the list."
        ) % {"shown": SEARCH_SHOWN, "query": side.query}
    if not side.found:
        if name == "mentee":
            return gettext("No waiting mentee matches “%(query)s”.") % {"query": side.query}
        return gettext("No mentor of the pool matches “%(query)s”.") % {"query": side.query}
    return ngettext(
        "%(count)s person matches “%(query)s”.",
        "%(count)s people match “%(query)s”.",
        side.found,
    ) % {"count": side.found, "query": side.query}


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
