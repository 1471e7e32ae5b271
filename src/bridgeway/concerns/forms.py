from __future__ import annotations

import uuid
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from bridgeway.accounts.models import Person
from bridgeway.concerns.models import (
    CLIENT_KEY_MAX,
    DESCRIPTION_MAX,
    NOTE_MAX,
    Category,
    Concern,
    Outcome,
    Priority,
)
from bridgeway.concerns.selectors import Subject
from bridgeway.programs.models import Program
from bridgeway.relationships.models import Relationship


class ClientKeyForm(forms.Form):
    """A fresh key in each form shown: the same form sent twice raises one concern."""

    client_key = forms.CharField(
        max_length=CLIENT_KEY_MAX, required=False, widget=forms.HiddenInput
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial.setdefault("client_key", uuid.uuid4().hex)


class RaiseForm(ClientKeyForm):
    """What it is about (one of the person's mentorships or programs), the category, what
    happened, and for a mentorship, whether to block the other person meanwhile."""

    subject = forms.ChoiceField(label=_("Which mentorship or program is it about?"))
    category = forms.ChoiceField(
        label=_("What is it about?"), choices=Category.choices, widget=forms.RadioSelect
    )
    description = forms.CharField(
        label=_("What happened?"),
        max_length=DESCRIPTION_MAX,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_(
            "In your own words, in any language. Only the program's staff read it; the person "
            "it is about never does."
        ),
        error_messages={"required": _("Tell us what happened, in your own words.")},
    )
    about_other = forms.BooleanField(
        label=_("It is about the other person of this mentorship"),
        required=False,
        initial=True,
        help_text=_("Only for a mentorship. They are not told about your concern."),
    )
    block = forms.BooleanField(
        label=_("Block the other person of this mentorship until staff have looked at it"),
        required=False,
        help_text=_("You will not be able to write to each other until staff lift the block."),
    )

    def __init__(self, *args: Any, subjects: list[Subject], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.subjects = {s.key: s for s in subjects}
        self.fields["subject"].choices = [  # type: ignore[attr-defined]
            ("", _("Choose one")),
            *[(s.key, _subject_label(s)) for s in subjects],
        ]
        self.fields["subject"].error_messages["required"] = _(
            "Choose which mentorship or program it is about."
        )
        self.fields["category"].error_messages["invalid_choice"] = _(
            "Choose what the concern is about from the list."
        )
        if not any(s.relationship for s in subjects):
            del self.fields["about_other"]
            del self.fields["block"]

    def clean_subject(self) -> Subject:
        return self.subjects[self.cleaned_data["subject"]]


def _subject_label(subject: Subject) -> str:
    name = str(subject.program.name)
    if subject.relationship is not None and subject.other is not None:
        return str(
            _("My mentorship with %(name)s (%(program)s)")
            % {"name": subject.other.name, "program": name}
        )
    return str(_("The program %(program)s in general") % {"program": name})


class StaffRaiseForm(ClientKeyForm):
    """Staff raise a concern for a program of their agency (or a relationship, from its page)."""

    program = forms.ModelChoiceField(label=_("Program"), queryset=Program.objects.none())
    category = forms.ChoiceField(
        label=_("What is it about?"), choices=Category.choices, widget=forms.RadioSelect
    )
    description = forms.CharField(
        label=_("What happened?"),
        max_length=DESCRIPTION_MAX,
        widget=forms.Textarea(attrs={"rows": 6}),
        error_messages={"required": _("Tell us what happened, in your own words.")},
    )

    about = forms.ChoiceField(label=_("Is it about one of them?"), required=False)

    def __init__(
        self, *args: Any, programs: Any, relationship: Relationship | None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["program"].queryset = programs  # type: ignore[attr-defined]
        if relationship is not None:
            del self.fields["program"]
            self.people = {
                "mentee": relationship.mentee.person,
                "mentor": relationship.mentor.person,
            }
            self.fields["about"].choices = [  # type: ignore[attr-defined]
                ("", _("No, about the mentorship as a whole")),
                ("mentee", _("The mentee, %(name)s") % {"name": self.people["mentee"].name}),
                ("mentor", _("The mentor, %(name)s") % {"name": self.people["mentor"].name}),
            ]
            self.fields["about"].help_text = _("The person it is about never sees the concern.")
        else:
            del self.fields["about"]


class StaffUpdateForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=Concern.Status.choices)
    priority = forms.ChoiceField(label=_("Priority"), choices=Priority.choices)
    assignee = forms.ChoiceField(label=_("Assigned to"), required=False)
    outcome = forms.ChoiceField(
        label=_("Outcome"),
        choices=[("", _("Not yet")), *list(Outcome.choices)],
        required=False,
        help_text=_("Needed to resolve the concern."),
    )
    outcome_note = forms.CharField(
        label=_("Outcome in a few words (staff only)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args: Any, staff: list[Person], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.staff = {str(p.pk): p for p in staff}
        self.fields["assignee"].choices = [  # type: ignore[attr-defined]
            ("", _("Nobody yet")),
            *[(str(p.pk), p.name) for p in staff],
        ]


class NoteForm(forms.Form):
    text = forms.CharField(
        label=_("Note or message"),
        max_length=NOTE_MAX,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": _("Write the note first.")},
    )
    to_reporter = forms.BooleanField(
        label=_("Send it to the person who raised the concern (otherwise only staff read it)"),
        required=False,
    )


class AnswerForm(forms.Form):
    text = forms.CharField(
        label=_("Add something for the staff"),
        max_length=NOTE_MAX,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": _("Write your answer first.")},
    )
