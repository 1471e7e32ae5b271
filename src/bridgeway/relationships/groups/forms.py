from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from bridgeway.relationships.activation import SOON
from bridgeway.relationships.groups.models import MAX_MENTEES, LeaveReason
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


class GroupContactForm(forms.Form):
    note = forms.CharField(
        label=_("Contact with the group: what was said or agreed"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class AddMemberForm(forms.Form):
    """Staff add one person to a group: a mentee waiting for a group, or a second mentor."""

    enrollment = forms.TypedChoiceField(label=_("Person to add"), coerce=int)

    def __init__(self, *args: Any, choices: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["enrollment"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [("", _("Choose a person")), *choices]


class LeaveForm(forms.Form):
    """Someone leaves a group (themself, or staff take them out), with a reason."""

    reason = forms.ChoiceField(label=_("Why"), widget=forms.RadioSelect)
    note = forms.CharField(
        label=_("In a few words (required for another reason)"),
        required=False,
        max_length=500,
    )
    wants_another = forms.BooleanField(
        label=_("Back to the waiting list at the same place, to join another group"),
        required=False,
        help_text=_("For a mentee. Otherwise their enrollment in the program closes."),
    )

    def __init__(self, *args: Any, staff: bool = False, mentee: bool = True, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not mentee:
            del self.fields["wants_another"]
        field = self.fields["reason"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [
            (value, label)
            for value, label in LeaveReason.choices
            if staff or value != LeaveReason.STAFF
        ]
        if not staff and "wants_another" in self.fields:
            self.fields["wants_another"].label = _(
                "I would like to join another group: put me back on the waiting list at my place"
            )
            self.fields["wants_another"].help_text = ""


class WaitingFilterForm(forms.Form):
    """The Groups page's list of mentees waiting for a group: all, or only those whose time to
    start ends within the reminders' days (or has passed), as the staff's summary links to."""

    waiting = forms.ChoiceField(label=_("Show"), required=False)

    def __init__(self, *args: Any, days: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["waiting"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [
            ("", _("All mentees waiting for a group")),
            (
                SOON,
                ngettext(
                    "Those whose time to start ends within %(days)d day, or has passed",
                    "Those whose time to start ends within %(days)d days, or has passed",
                    days,
                )
                % {"days": days},
            ),
        ]

    @property
    def soon(self) -> bool:
        return self.is_valid() and self.cleaned_data["waiting"] == SOON
