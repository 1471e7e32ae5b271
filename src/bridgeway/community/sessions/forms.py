"""Forms of group sessions: the staff's session form (with its repetition), attendance and the
recording link."""

from __future__ import annotations

import uuid
import zoneinfo
from typing import Any

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from bridgeway.community.sessions.models import (
    Frequency,
    JoinKind,
    Registration,
    Session,
    SessionAudience,
)
from bridgeway.community.sessions.recurrence import MAX_DATES, Repeat
from bridgeway.community.sessions.services import SessionFields

DURATIONS = [(30, _("30 minutes")), (45, _("45 minutes")), (60, _("1 hour"))]
DURATIONS += [(90, _("1 hour 30 minutes")), (120, _("2 hours")), (180, _("3 hours"))]


class SessionForm(forms.Form):
    client_key = forms.CharField(max_length=64, required=False, widget=forms.HiddenInput)
    title = forms.CharField(label=_("Title"), max_length=160)
    description = forms.CharField(
        label=_("Description"),
        max_length=20000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_(
            "What it is about and who leads it. You can use *italics*, **bold**, lists and links."
        ),
    )
    audience = forms.ChoiceField(
        label=_("Who may register"), choices=SessionAudience.choices, widget=forms.RadioSelect
    )
    language = forms.ChoiceField(label=_("Language spoken"), choices=settings.LANGUAGES)
    day = forms.DateField(label=_("Day"), widget=forms.DateInput(attrs={"type": "date"}))
    at = forms.TimeField(
        label=_("Time"), widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M")
    )
    duration_minutes = forms.TypedChoiceField(
        label=_("Duration"), choices=DURATIONS, coerce=int, initial=60
    )
    capacity = forms.IntegerField(
        label=_("Places"),
        min_value=1,
        max_value=10000,
        help_text=_("Once they are taken, people join a waiting list and move up in order."),
    )
    join_kind = forms.ChoiceField(
        label=_("How people join"), choices=JoinKind.choices, widget=forms.RadioSelect
    )
    join_link = forms.URLField(
        label=_("Join link"),
        max_length=500,
        required=False,
        assume_scheme="https",
        help_text=_(
            "Only people with a place see it, on the session's page and in their "
            "calendar invitation."
        ),
    )

    def __init__(self, *args: Any, scopes: list[tuple[str, str]] | None = None, **kwargs: Any):
        super().__init__(*args, **kwargs)
        if scopes is not None:
            self.fields["scope"] = forms.ChoiceField(label=_("For the people of"), choices=scopes)
            self.order_fields(["scope"])
            self.fields["repeat"] = forms.ChoiceField(
                label=_("Repeats"),
                choices=[("", _("Does not repeat")), *Frequency.choices],
                required=False,
            )
            self.fields["repeat_until"] = forms.DateField(
                label=_("Repeats until (last day)"),
                required=False,
                widget=forms.DateInput(attrs={"type": "date"}),
            )
            self.fields["repeat_count"] = forms.IntegerField(
                label=_("Or a number of dates"),
                required=False,
                min_value=2,
                max_value=MAX_DATES,
                help_text=_("Each date has its own places and its own invitation."),
            )
        if not self.is_bound:
            self.initial.setdefault("client_key", uuid.uuid4().hex)
            self.initial.setdefault("language", settings.LANGUAGE_CODE)
            self.initial.setdefault("audience", SessionAudience.EVERYONE)
            self.initial.setdefault("join_kind", JoinKind.LINK)

    @classmethod
    def initial_for(cls, session: Session) -> dict[str, Any]:
        local = session.starts_at.astimezone(zoneinfo.ZoneInfo(session.time_zone))
        return {
            "title": session.title,
            "description": session.description,
            "audience": session.audience,
            "language": session.language,
            "day": local.date(),
            "at": local.time().replace(second=0, microsecond=0),
            "duration_minutes": session.duration_minutes,
            "capacity": session.capacity,
            "join_kind": session.join_kind,
            "join_link": session.join_link,
        }

    def session_fields(self, time_zone: str) -> SessionFields:
        data = self.cleaned_data
        return SessionFields(
            title=data["title"],
            description=data["description"],
            audience=data.get("audience", SessionAudience.EVERYONE),  # a circle's: its members
            language=data["language"],
            day=data["day"],
            at=data["at"],
            time_zone=time_zone,
            duration_minutes=data["duration_minutes"],
            capacity=data["capacity"],
            join_kind=data["join_kind"],
            join_link=data["join_link"],
        )

    def repeat(self) -> Repeat | None:
        frequency = self.cleaned_data.get("repeat")
        if not frequency:
            return None
        return Repeat(
            frequency=frequency,
            count=self.cleaned_data.get("repeat_count"),
            until=self.cleaned_data.get("repeat_until"),
        )


class RecordingForm(forms.Form):
    link = forms.URLField(
        label=_("Recording link"),
        max_length=500,
        assume_scheme="https",
        help_text=_("People who had a place see it on the session's page and are told."),
    )


class AttendanceForm(forms.Form):
    def __init__(self, *args: Any, places: list[Registration], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.places = places
        for registration in places:
            self.fields[f"came_{registration.person_id}"] = forms.BooleanField(
                label=registration.person.name,
                required=False,
                initial=bool(registration.attended),
            )

    def attended(self) -> set[int]:
        return {
            registration.person_id
            for registration in self.places
            if self.cleaned_data.get(f"came_{registration.person_id}")
        }
