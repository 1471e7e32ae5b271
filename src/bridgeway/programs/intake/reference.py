"""What the intake asks from: the help wanted (mapped to program purposes) and the shared code
lists of the questionnaires (countries, languages, NOC 2021 occupation groups).

Occupation codes are hierarchical, so a program listing a finer NOC code ("31", "3112") still
fits a person in the broad group ("3")."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from bridgeway.core.i18n import translated
from bridgeway.programs.models import Program
from bridgeway.programs.questionnaires.codelists import (
    LANGUAGES,
    OCCUPATIONS,
    country_choices,
    language_choices,
    occupation_choices,
)
from bridgeway.programs.questionnaires.countries import COUNTRIES

P = Program.Purpose

# What help a person wants → the program purposes that give it. "volunteer" is the way in for
# mentors and hosts: it asks for no help, it offers it.
VOLUNTEER = "volunteer"
HELP_CHOICES = [
    ("settle", _("Settling in: housing, services, daily life, meeting people")),
    ("career", _("Finding work in my profession")),
    ("business", _("Starting or growing a business")),
    ("workplace", _("Growing at my workplace")),
    ("other", _("Something else")),
    (VOLUNTEER, _("I want to help others as a volunteer mentor or host")),
]
HELP_PURPOSES: dict[str, str] = {
    "settle": P.HOSTING,
    "career": P.PROFESSIONAL,
    "business": P.ENTREPRENEURSHIP,
    "workplace": P.WORKPLACE,
    "other": P.OTHER,
}

__all__ = [
    "COUNTRIES",
    "HELP_CHOICES",
    "HELP_PURPOSES",
    "LANGUAGES",
    "OCCUPATIONS",
    "VOLUNTEER",
    "country_choices",
    "country_name",
    "language_choices",
    "language_name",
    "occupation_choices",
    "occupation_name",
    "occupations_overlap",
]


def language_name(code: str) -> str:
    return translated(LANGUAGES[code]) if code in LANGUAGES else code


def country_name(code: str) -> str:
    return translated(COUNTRIES[code]) if code in COUNTRIES else code


def occupation_name(code: str) -> str:
    """The broad group a NOC code belongs to, in the reader's language."""
    return translated(OCCUPATIONS[code[:1]]) if code and code[:1] in OCCUPATIONS else code


def occupations_overlap(person_code: str, program_codes: list[str]) -> bool:
    """A person's group fits a program's list when one code is a prefix of the other."""
    return any(
        person_code.startswith(str(code)) or str(code).startswith(person_code)
        for code in program_codes
        if code
    )
