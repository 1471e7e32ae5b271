"""The intake's two steps (questions, then the application) and the referral forms."""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from bridgeway.core.time_zones import time_zone_choices
from bridgeway.programs.intake.countries import CANADA, COUNTRY_TIME_ZONES
from bridgeway.programs.intake.fit import Fit
from bridgeway.programs.intake.models import ALWAYS_SHARED, SharedField
from bridgeway.programs.intake.reference import (
    HELP_CHOICES,
    country_choices,
    language_choices,
    occupation_choices,
)
from bridgeway.programs.models import Program

QUESTION_FIELDS = (
    "help",
    "country",
    "city",
    "arrival_date",
    "languages",
    "languages_other",
    "occupation",
)


class IntakeQuestionsForm(forms.Form):
    """Step 1: a few questions, enough to find the programs that fit."""

    help = forms.MultipleChoiceField(
        label=_("What help are you looking for?"),
        help_text=_("Choose all that apply."),
        choices=HELP_CHOICES,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Choose at least one kind of help.")},
    )
    country = forms.ChoiceField(
        label=_("Which country do you live in now?"),
        choices=[],
        error_messages={"required": _("Choose the country where you live now.")},
    )
    city = forms.CharField(
        label=_("City in Canada where you live or will live"),
        help_text=_("Needed if you already live in Canada."),
        required=False,
        max_length=120,
    )
    arrival_date = forms.DateField(
        label=_("When do you plan to arrive in Canada?"),
        help_text=_("Only if you are not in Canada yet. A rough date is fine."),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"invalid": _("Enter a date, for example 2026-09-01.")},
    )
    languages = forms.MultipleChoiceField(
        label=_("Which languages do you speak?"),
        choices=[],
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Choose at least one language you speak.")},
    )
    languages_other = forms.CharField(
        label=_("Other languages you speak"), required=False, max_length=100
    )
    occupation = forms.ChoiceField(
        label=_("In which field do you work, or want to work?"),
        required=False,
        choices=[],
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._choices("country", [("", _("Choose a country")), *country_choices()])
        self._choices("languages", language_choices())
        self._choices("occupation", [("", _("I prefer not to say")), *occupation_choices()])

    def _choices(self, name: str, choices: list[tuple[str, Any]]) -> None:
        field = self.fields[name]
        assert isinstance(field, forms.ChoiceField)
        field.choices = choices

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        country = data.get("country")
        if country == CANADA:
            data["arrival_date"] = None
            if not data.get("city", "").strip():
                self.add_error("city", _("Tell us the city where you live in Canada."))
        elif country and data.get("arrival_date") and data["arrival_date"] < timezone.localdate():
            self.add_error(
                "arrival_date",
                _("This date has passed. If you are in Canada already, choose Canada as country."),
            )
        return data

    def answers(self) -> dict[str, Any]:
        """The answers as stored: plain JSON."""
        data = self.cleaned_data
        arrival = data.get("arrival_date")
        return {
            "help": list(data["help"]),
            "country": data["country"],
            "city": data.get("city", "").strip(),
            "arrival_date": arrival.isoformat() if arrival else "",
            "languages": list(data["languages"]),
            "languages_other": data.get("languages_other", "").strip(),
            "occupation": data.get("occupation", ""),
        }


class ProgramsForm(forms.Form):
    """Step 2: the programs chosen among those that fit."""

    programs = forms.TypedMultipleChoiceField(
        label=_("Programs to apply to"),
        coerce=int,
        choices=[],
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "required": _("Choose at least one program."),
            "invalid_choice": _("Choose among the programs shown."),
        },
    )

    def __init__(self, *args: Any, fits: list[Fit], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["programs"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [(fit.program.pk, fit.program.name) for fit in fits]


class AboutYouForm(forms.Form):
    """Step 2: who the person is, for a new account. Not asked of a signed-in person."""

    name = forms.CharField(
        label=_("Your name"),
        max_length=150,
        help_text=_("How you would like to be called."),
        error_messages={"required": _("Tell us your name.")},
    )
    email = forms.EmailField(
        label=_("Your email address"),
        help_text=_("We send a sign-in code to this address. No password needed."),
        error_messages={
            "required": _("Enter your email address."),
            "invalid": _("Enter an email address like name@example.com."),
        },
    )
    preferred_language = forms.ChoiceField(label=_("Language for our pages and emails"), choices=[])
    time_zone = forms.ChoiceField(
        label=_("Your time zone"),
        choices=[],
        error_messages={"required": _("Choose your time zone: your country has several.")},
    )

    def __init__(self, *args: Any, country: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        language = self.fields["preferred_language"]
        assert isinstance(language, forms.ChoiceField)
        language.choices = [(code, str(name)) for code, name in settings.LANGUAGES]
        zones = COUNTRY_TIME_ZONES.get(country, ())
        self.only_zone = zones[0] if len(zones) == 1 else ""
        if self.only_zone:
            del self.fields["time_zone"]
        else:
            field = self.fields["time_zone"]
            assert isinstance(field, forms.ChoiceField)
            field.choices = [
                ("", _("Choose your time zone")),
                *time_zone_choices(list(zones) or None),
            ]

    def chosen_time_zone(self) -> str:
        return self.cleaned_data.get("time_zone") or self.only_zone or settings.TIME_ZONE


class ConsentForm(forms.Form):
    consent = forms.BooleanField(
        label=_("I have read this text and I agree."),
        error_messages={"required": _("Tick the box to agree. Without it we cannot apply.")},
    )
    consent_version = forms.IntegerField(widget=forms.HiddenInput)
    # "participation:1,matching_profile:1": the purposes' versions the page listed.
    purpose_versions = forms.CharField(widget=forms.HiddenInput, required=False, max_length=200)

    def clean_purpose_versions(self) -> dict[str, int] | None:
        raw = self.cleaned_data.get("purpose_versions") or ""
        if not raw:
            return None
        versions: dict[str, int] = {}
        for part in raw.split(","):
            name, _sep, number = part.partition(":")
            if not number.isdigit():
                raise forms.ValidationError(
                    _("The consent text has just changed. Please read it again and tick the box.")
                )
            versions[name.strip()] = int(number)
        return versions


def purpose_versions_value(versions: dict[str, int]) -> str:
    return ",".join(f"{name}:{version}" for name, version in versions.items())


class ReferralForm(forms.Form):
    to_program = forms.TypedChoiceField(
        label=_("Program of another agency"),
        coerce=int,
        choices=[],
        error_messages={"required": _("Choose the program you suggest.")},
    )
    shared_fields = forms.MultipleChoiceField(
        label=_("What the other agency may see, if the person agrees"),
        help_text=_("Name and email are always shared: the agency needs them to reach the person."),
        choices=[],
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    note = forms.CharField(
        label=_("Note for the other agency"),
        help_text=_("The person reads this note before deciding."),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    def __init__(self, *args: Any, programs: list[Program], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        target = self.fields["to_program"]
        assert isinstance(target, forms.ChoiceField)
        target.choices = [("", _("Choose a program"))] + [
            (p.pk, f"{p.organization.name} — {p.name}") for p in programs
        ]
        fields = self.fields["shared_fields"]
        assert isinstance(fields, forms.ChoiceField)
        fields.choices = [
            (value, label) for value, label in SharedField.choices if value not in ALWAYS_SHARED
        ]


class ReferralAnswerForm(forms.Form):
    answer = forms.ChoiceField(
        label=_("Your answer"),
        choices=[("consent", _("Yes, share these details")), ("decline", _("No, thank you"))],
    )
