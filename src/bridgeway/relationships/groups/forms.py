from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from bridgeway.relationships.groups.models import MAX_MENTEES
from bridgeway.relationships.models import MeetingKind


class GroupForm(forms.Form):
    """Staff form a circle from the program's mentors and waiting mentees."""

    name = forms.CharField(
        label=_("Name of the group"),
        max_length=120,
        help_text=_("Members see it on their page and in their messages, e.g. “Nurses, spring”."),
    )
    mentors = forms.TypedMultipleChoiceField(
        label=_("Mentors (one or two)"), coerce=int, widget=forms.CheckboxSelectMultiple
    )
    mentees = forms.TypedMultipleChoiceField(
        label=_("Mentees (2 to %(max)d)") % {"max": MAX_MENTEES},
        coerce=int,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(
        self,
        *args: Any,
        mentors: list[tuple[int, str]],
        mentees: list[tuple[int, str]],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        mentor_field = self.fields["mentors"]
        mentee_field = self.fields["mentees"]
        assert isinstance(mentor_field, forms.ChoiceField)
        assert isinstance(mentee_field, forms.ChoiceField)
        mentor_field.choices = mentors
        mentee_field.choices = mentees


class GroupMeetingForm(forms.Form):
    """A mentor schedules one time for the circle, typed in their own time zone."""

    kind = forms.ChoiceField(
        label=_("How you meet"), choices=MeetingKind.choices, widget=forms.RadioSelect
    )
    link = forms.URLField(
        label=_("Meeting link (for a video call)"),
        required=False,
        assume_scheme="https",
        help_text=_("For example a Zoom, Teams or Jitsi link."),
    )
    place = forms.CharField(label=_("Place (to meet in person)"), required=False, max_length=300)
    duration_minutes = forms.TypedChoiceField(
        label=_("Length"),
        coerce=int,
        choices=[
            (30, _("30 minutes")),
            (45, _("45 minutes")),
            (60, _("1 hour")),
            (90, _("1 hour 30")),
        ],
        initial=60,
    )
    day = forms.DateField(label=_("Date"), widget=forms.DateInput(attrs={"type": "date"}))
    time = forms.TimeField(
        label=_("Time"), widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M")
    )
