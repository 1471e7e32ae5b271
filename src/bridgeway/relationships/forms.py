from __future__ import annotations

from typing import Any

from django import forms
from django.forms.boundfield import BoundField
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext_lazy as _

from bridgeway.core.i18n import TranslatedTextField
from bridgeway.core.widgets import label_tag
from bridgeway.relationships.models import (
    AUTOMATIC,
    MAX_CHOICES,
    QUESTION_MAX_LENGTH,
    CloseReason,
    ClosureSurvey,
    DeclineReason,
    MeetingChannel,
    MeetingFrequency,
    MeetingKind,
    MeetingLog,
    MenteeDeclineReason,
)
from bridgeway.relationships.series import MAX_MEETINGS, Repeat


class AskForm(forms.Form):
    """A rank (first, second, third choice, or not asked) for each suggested mentor, and one
    message for them."""

    message = forms.CharField(
        label=_("Your message to the mentor"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_(
            "In your own words: who you are and what you hope for. Each mentor you ask reads "
            "it, one at a time, in your order."
        ),
    )

    def __init__(self, *args: Any, mentors: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices: list[tuple[str, Any]] = [("", _("Not asked"))] + [
            (str(rank), label)
            for rank, label in (
                (1, _("First choice")),
                (2, _("Second choice")),
                (3, _("Third choice")),
            )
        ]
        self.rank_choices = choices
        self.mentor_fields: list[tuple[int, str]] = []
        for pk, name in mentors:
            field = f"rank_{pk}"
            self.fields[field] = forms.ChoiceField(
                label=_("Ask %(name)s?") % {"name": name}, choices=choices, required=False
            )
            self.mentor_fields.append((pk, field))

    def rank_html(self, field: BoundField) -> SafeString:
        """A mentor's rank field, its label and its list of places, as Django's templates
        write them, in one pass: the ask page shows five and the widget's templates cost more
        than the rest of the form. A field with errors (its list marked invalid and described
        by them) is written by Django's templates."""
        if field.errors:
            # Django's own label and widget, each escaped by its templates.
            return mark_safe(str(field.label_tag()) + str(field))  # noqa: S308  # nosec B308 B703
        value = field.value()
        chosen = "" if value is None else str(value)
        auto_id = conditional_escape(field.id_for_label)
        parts = [
            f"{label_tag(field)}"
            f'<select name="{conditional_escape(field.html_name)}" id="{auto_id}">\n'
        ]
        for option, words in self.rank_choices:
            selected = " selected" if str(option) == chosen else ""
            parts.append(
                f'  <option value="{conditional_escape(option)}"{selected}>'
                f"{conditional_escape(words)}</option>\n\n"
            )
        parts.append("</select>")
        # The label, the name, the values and the words are escaped above.
        return mark_safe("".join(parts))  # noqa: S308  # nosec B308 B703

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        ranked: dict[int, int] = {}
        for pk, field in self.mentor_fields:
            value = cleaned.get(field)
            if not value:
                continue
            rank = int(value)
            if rank in ranked:
                self.add_error(field, _("Give each mentor a different place in your order."))
            ranked[rank] = pk
        if not ranked and not self.errors:
            raise forms.ValidationError(_("Choose at least one mentor: your first choice."))
        order = sorted(ranked)
        if order and order != list(range(1, len(order) + 1)):
            raise forms.ValidationError(_("Start with your first choice, then second, then third."))
        cleaned["mentor_ids"] = [ranked[rank] for rank in order][:MAX_CHOICES]
        return cleaned


class DeclineForm(forms.Form):
    reason = forms.ChoiceField(
        label=_("Why can you not take this request?"),
        choices=DeclineReason.choices,
        widget=forms.RadioSelect,
    )
    note = forms.CharField(
        label=_("In your words (only the coordinator reads it)"),
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class MenteeDeclineForm(forms.Form):
    reason = forms.ChoiceField(
        label=_("Why do you decline this mentor?"),
        choices=MenteeDeclineReason.choices,
        widget=forms.RadioSelect,
    )
    note = forms.CharField(
        label=_("In your words (only your coordinator reads it)"),
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class QuestionForm(forms.Form):
    text = forms.CharField(
        label=_("Your message"),
        max_length=QUESTION_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Plain text, up to 2,000 characters. The program's staff can read it too."),
        error_messages={"required": _("Write your message.")},
    )


class TermsForm(forms.Form):
    meeting_frequency = forms.ChoiceField(
        label=_("How often you meet"), choices=MeetingFrequency.choices
    )
    channels = forms.MultipleChoiceField(
        label=_("How you meet"), choices=MeetingChannel.choices, widget=forms.CheckboxSelectMultiple
    )
    response_days = forms.IntegerField(
        label=_("You answer each other's messages within (days)"), min_value=1, max_value=14
    )


class SignForm(forms.Form):
    typed_name = forms.CharField(
        label=_("Type your full name to sign"),
        max_length=150,
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )


class WaiveForm(forms.Form):
    reason = forms.CharField(
        label=_("Why start without both signatures?"),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class AgreementTemplateForm(forms.Form):
    text = TranslatedTextField(
        label=_("The agreement"),
        multiline=True,
        max_length=10000,
        help_text=_(
            "What both people agree to, in each language you offer. The rhythm of meetings, the "
            "ways they meet, how fast they answer and the end date are filled in for each pair. "
            "Saving makes a new version; pairs who signed keep the version they signed."
        ),
    )


class ProposeForm(forms.Form):
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
    repeat = forms.ChoiceField(
        label=_("Repeat"),
        required=False,
        choices=[("", _("No, just once")), *MeetingFrequency.choices],
        help_text=_(
            "On the same day of the week (or of the month) at the same time, in your time zone."
        ),
    )
    repeat_times = forms.IntegerField(
        label=_("How many times in all"),
        required=False,
        min_value=2,
        max_value=MAX_MEETINGS,
        help_text=_(
            "From 2 to 52. The series stops at the planned end of your mentorship if that comes "
            "first."
        ),
    )
    repeat_until = forms.DateField(
        label=_("Or until this day"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("Instead of a number: the last day, which may be after the planned end."),
    )

    def __init__(self, *args: Any, single: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if single:  # a flash mentorship is one conversation: no series
            for name in ("repeat", "repeat_times", "repeat_until"):
                del self.fields[name]
        for number in range(1, 4):
            self.fields[f"date_{number}"] = forms.DateField(
                label=_("Date, choice %(number)d") % {"number": number},
                required=number == 1,
                widget=forms.DateInput(attrs={"type": "date"}),
            )
            self.fields[f"time_{number}"] = forms.TimeField(
                label=_("Time, choice %(number)d") % {"number": number},
                required=number == 1,
                widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
            )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        times = []
        for number in range(1, 4):
            day, at = cleaned.get(f"date_{number}"), cleaned.get(f"time_{number}")
            if day and at:
                times.append((day, at))
            elif day or at:
                self.add_error(
                    f"time_{number}" if day else f"date_{number}",
                    _("Give both the date and the time."),
                )
        cleaned["times"] = times
        frequency = cleaned.get("repeat")
        cleaned["repeat_rule"] = (
            Repeat(
                frequency=frequency,
                times=cleaned.get("repeat_times"),
                until=cleaned.get("repeat_until"),
            )
            if frequency
            else None
        )
        return cleaned


class MeetingLogForm(forms.Form):
    """ "Did you meet?", on the meeting page and on the page a link in the email opens."""

    outcome = forms.ChoiceField(
        label=_("Did you meet?"), choices=MeetingLog.Outcome.choices, widget=forms.RadioSelect
    )
    minutes = forms.IntegerField(
        label=_("How many minutes?"), required=False, min_value=0, max_value=600
    )


class CloseForm(forms.Form):
    reason = forms.ChoiceField(
        label=_("Why does it close?"),
        choices=[c for c in CloseReason.choices if c[0] not in AUTOMATIC],
        widget=forms.RadioSelect,
    )
    note = forms.CharField(
        label=_("In a few words"),
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args: Any, staff: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not staff:
            field = self.fields["reason"]
            assert isinstance(field, forms.ChoiceField)
            field.choices = [
                c
                for c in CloseReason.choices
                if c[0] != CloseReason.STAFF and c[0] not in AUTOMATIC
            ]


class SurveyForm(forms.Form):
    satisfaction = forms.TypedChoiceField(
        label=_("How satisfied are you with this mentorship?"),
        coerce=int,
        choices=[
            (5, _("5 — very satisfied")),
            (4, _("4")),
            (3, _("3")),
            (2, _("2")),
            (1, _("1 — not at all")),
        ],
        widget=forms.RadioSelect,
    )
    goals_achieved = forms.ChoiceField(
        label=_("Did you reach your goals?"),
        choices=ClosureSurvey.Achieved.choices,
        widget=forms.RadioSelect,
    )
    would_recommend = forms.TypedChoiceField(
        label=_("Would you recommend the program to a friend?"),
        coerce=lambda value: value == "yes",
        choices=[("yes", _("Yes")), ("no", _("No"))],
        widget=forms.RadioSelect,
    )
    continue_informally = forms.TypedChoiceField(
        label=_("Will you stay in touch with each other?"),
        coerce=lambda value: value == "yes",
        choices=[("yes", _("Yes")), ("no", _("No"))],
        widget=forms.RadioSelect,
    )
    comments = forms.CharField(
        label=_("Anything else you would like to tell the program?"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )


class DebriefForm(forms.Form):
    debrief_note = forms.CharField(
        label=_("Staff debrief (only staff read it)"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )


class GoalForm(forms.Form):
    title = forms.CharField(
        label=_("Goal"),
        max_length=200,
        help_text=_(
            "Specific and realistic: for example “Send my résumé to five employers in my field”."
        ),
    )
    measure = forms.CharField(
        label=_("How will you know it is met?"),
        required=False,
        max_length=300,
        help_text=_("Something you can count or see: “five applications sent”."),
    )
    due_date = forms.DateField(
        label=_("By when?"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )


class GoalNoteForm(forms.Form):
    text = forms.CharField(
        label=_("What moved forward?"), max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )


class CheckInForm(forms.Form):
    score = forms.TypedChoiceField(
        label=_("Your answer"),
        coerce=int,
        choices=[
            (5, _("5 — very well")),
            (4, _("4")),
            (3, _("3")),
            (2, _("2")),
            (1, _("1 — not well at all")),
        ],
        widget=forms.RadioSelect,
    )
    needs_help = forms.BooleanField(
        label=_("I would like someone from the program to contact me"), required=False
    )
    comment = forms.CharField(
        label=_("Anything to add? (only the program's staff read it)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class StaffContactForm(forms.Form):
    note = forms.CharField(
        label=_("Contact with the pair: what was said or agreed"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class AvailabilityForm(forms.Form):
    paused_until = forms.DateField(
        label=_("No new mentees until"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("Leave empty to take new mentees now. Requests already sent still wait."),
    )
    capacity = forms.IntegerField(
        label=_("Mentees at the same time"),
        min_value=1,
        max_value=50,
        help_text=_("Your current mentees keep their place whatever you choose."),
    )


class FlashSurveyForm(forms.Form):
    useful = forms.TypedChoiceField(
        label=_("Was this conversation useful?"),
        coerce=int,
        choices=[
            (5, _("5 — very useful")),
            (4, _("4")),
            (3, _("3")),
            (2, _("2")),
            (1, _("1 — not useful")),
        ],
        widget=forms.RadioSelect,
    )
    comment = forms.CharField(
        label=_("Anything to add? (only the program's staff read it)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
