"""Which programs fit an intake's answers, and why, in plain words.

A pure function over plain values: no database, so it is the same for the pages, the API and
the tests. A program either fits (with its reasons) or is left out; near-misses are not shown.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Protocol

from django.utils.formats import date_format
from django.utils.translation import gettext as _

from bridgeway.programs.intake.reference import (
    language_name,
    occupation_name,
    occupations_overlap,
)

MENTEE = "mentee"
MENTOR = "mentor"
STARTS_SOON_DAYS = 90


@dataclass(frozen=True)
class Answers:
    """What the person told us, already validated."""

    purposes: frozenset[str]
    role: str = MENTEE
    in_canada: bool = True
    city: str = ""
    arrival_date: date | None = None
    languages: frozenset[str] = frozenset()
    occupation: str = ""


class ProgramLike(Protocol):
    pk: int
    purpose: str
    is_pre_arrival: bool
    languages: list[str]
    occupations: list[str]
    cohort_start: date | None
    cohort_end: date | None
    name: str


@dataclass
class Fit:
    program: ProgramLike
    score: int = 0
    reasons: list[str] = field(default_factory=list)


def programs_that_fit(
    answers: Answers, programs: Iterable[tuple[ProgramLike, str]], *, today: date
) -> list[Fit]:
    """Every (program, agency city) that fits, best first, each with its reasons."""
    fits = [fit for program, city in programs if (fit := _fit(answers, program, city, today))]
    return sorted(
        fits,
        key=lambda fit: (
            -fit.score,
            fit.program.cohort_start or date.max,
            fit.program.name.casefold(),
            fit.program.pk,
        ),
    )


def _fit(answers: Answers, program: ProgramLike, city: str, today: date) -> Fit | None:
    fit = Fit(program=program)
    if program.purpose not in answers.purposes:
        return None
    fit.score += 1
    fit.reasons.append(_purpose_reason(program.purpose, answers.role))

    if program.cohort_end and program.cohort_end < today:
        return None

    start_told = False
    if answers.role == MENTEE and not answers.in_canada:
        if program.is_pre_arrival:
            fit.score += 3
            fit.reasons.append(_("Helps before you arrive"))
        elif (
            answers.arrival_date is not None
            and program.cohort_start is not None
            and answers.arrival_date <= program.cohort_start
        ):
            fit.reasons.append(
                _("Starts %(date)s, after you arrive") % {"date": _day(program.cohort_start)}
            )
            start_told = True
        else:
            return None

    wanted = [code for code in program.languages if code]
    if wanted:
        common = [code for code in wanted if code in answers.languages]
        if not common:
            return None
        fit.score += 2
        names = ", ".join(language_name(code) for code in common)
        fit.reasons.append(_("Works in a language you speak: %(languages)s") % {"languages": names})

    served = [str(code) for code in program.occupations if code]
    if served:
        if not answers.occupation or not occupations_overlap(answers.occupation, served):
            return None
        fit.score += 2
        fit.reasons.append(
            _("For people in your field: %(field)s")
            % {"field": occupation_name(answers.occupation)}
        )

    if answers.city and city and _same_place(answers.city, city):
        fit.score += 1
        fit.reasons.append(_("Run by an agency in %(city)s") % {"city": city})

    start = program.cohort_start
    if start and start >= today and not start_told:
        if start - today <= timedelta(days=STARTS_SOON_DAYS):
            fit.score += 1
        fit.reasons.append(_("Starts %(date)s") % {"date": _day(start)})
    return fit


def _purpose_reason(purpose: str, role: str) -> str:
    if role == MENTOR:
        return {
            "hosting": _("Looks for volunteer hosts who welcome newcomers"),
            "professional": _("Looks for mentors who share their professional experience"),
            "entrepreneurship": _("Looks for mentors who have run a business"),
            "workplace": _("Looks for mentors at work"),
        }.get(purpose, _("Looks for volunteer mentors"))
    return {
        "hosting": _("Helps you settle in"),
        "professional": _("Helps you find work in your profession"),
        "entrepreneurship": _("Helps you start or grow a business"),
        "workplace": _("Mentoring at your workplace"),
    }.get(purpose, _("Offers the kind of help you asked for"))


def _day(value: date) -> str:
    return date_format(value, "j F Y")


def _same_place(a: str, b: str) -> bool:
    def plain(text: str) -> str:
        decomposed = unicodedata.normalize("NFKD", text.strip().casefold())
        return "".join(c for c in decomposed if not unicodedata.combining(c)).replace("-", " ")

    return plain(a) == plain(b)
