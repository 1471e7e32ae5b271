"""An intake's answers as stored (plain JSON) and as read: by the fit function, and by people."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.utils.formats import date_format
from django.utils.translation import gettext as _

from bridgeway.programs.intake.countries import CANADA
from bridgeway.programs.intake.fit import MENTEE, MENTOR, Answers
from bridgeway.programs.intake.reference import (
    HELP_CHOICES,
    HELP_PURPOSES,
    VOLUNTEER,
    country_name,
    language_name,
    occupation_name,
)
from bridgeway.programs.models import Program


def role_for(help_wanted: list[str]) -> str:
    return MENTOR if VOLUNTEER in help_wanted else MENTEE


def answers_for_fit(data: dict[str, Any]) -> Answers:
    """The stored answers as the fit function reads them."""
    help_wanted = list(data.get("help", []))
    role = role_for(help_wanted)
    purposes = {HELP_PURPOSES[h] for h in help_wanted if h in HELP_PURPOSES}
    if role == MENTOR and not purposes:
        # "I want to help", and nothing narrower: every kind of program needs volunteers.
        purposes = set(Program.Purpose.values)
    arrival = data.get("arrival_date") or None
    return Answers(
        purposes=frozenset(purposes),
        role=role,
        in_canada=data.get("country") == CANADA,
        city=data.get("city", ""),
        arrival_date=date.fromisoformat(arrival) if arrival else None,
        languages=frozenset(data.get("languages", [])),
        occupation=data.get("occupation", ""),
    )


def answers_readable(data: dict[str, Any]) -> list[tuple[str, str]]:
    """(question, answer) pairs in the reader's language, for the person and for staff."""
    helps = dict(HELP_CHOICES)
    rows = [
        (_("Help wanted"), ", ".join(str(helps.get(h, h)) for h in data.get("help", []))),
        (_("Country where they live now"), country_name(data.get("country", ""))),
    ]
    if data.get("city"):
        rows.append((_("City in Canada"), data["city"]))
    if data.get("arrival_date"):
        arrival = date.fromisoformat(data["arrival_date"])
        rows.append((_("Arrival in Canada"), date_format(arrival, "DATE_FORMAT")))
    languages = [language_name(code) for code in data.get("languages", [])]
    if data.get("languages_other"):
        languages.append(data["languages_other"])
    rows.append((_("Languages spoken"), ", ".join(languages)))
    if data.get("occupation"):
        rows.append((_("Occupation"), occupation_name(data["occupation"])))
    return rows
