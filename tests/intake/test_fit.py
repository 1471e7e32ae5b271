"""The fit function alone: plain values in, programs with reasons out."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date

import pytest
from django.utils import translation

from bridgeway.programs.intake.fit import Answers, programs_that_fit

TODAY = date(2026, 6, 1)


@pytest.fixture(autouse=True)
def _english() -> Iterator[None]:
    with translation.override("en"):
        yield


@dataclass
class FakeProgram:
    pk: int
    name: str
    purpose: str = "professional"
    is_pre_arrival: bool = False
    languages: list[str] = field(default_factory=list)
    occupations: list[str] = field(default_factory=list)
    cohort_start: date | None = None
    cohort_end: date | None = None


def fit(answers: Answers, *programs: FakeProgram, city: str = "Toronto") -> list:
    return programs_that_fit(answers, [(p, city) for p in programs], today=TODAY)


def names(fits: list) -> list[str]:
    return [f.program.name for f in fits]


def test_it_leaves_out_programs_for_another_kind_of_help() -> None:
    answers = Answers(purposes=frozenset({"hosting"}))
    result = fit(answers, FakeProgram(1, "Careers"), FakeProgram(2, "Hosts", purpose="hosting"))
    assert names(result) == ["Hosts"]
    assert result[0].reasons[0] == "Helps you settle in"


def test_a_person_abroad_sees_pre_arrival_programs_first_with_the_reason() -> None:
    answers = Answers(purposes=frozenset({"professional"}), in_canada=False)
    result = fit(answers, FakeProgram(1, "Later"), FakeProgram(2, "Before", is_pre_arrival=True))
    assert names(result) == ["Before"]
    assert "Helps before you arrive" in result[0].reasons


def test_a_cohort_starting_after_arrival_fits_a_person_abroad() -> None:
    answers = Answers(
        purposes=frozenset({"professional"}), in_canada=False, arrival_date=date(2026, 8, 1)
    )
    early = FakeProgram(1, "Early", cohort_start=date(2026, 7, 1))
    late = FakeProgram(2, "Late", cohort_start=date(2026, 9, 8))
    result = fit(answers, early, late)
    assert names(result) == ["Late"]
    assert "Starts 8 September 2026, after you arrive" in result[0].reasons


def test_a_program_in_other_languages_does_not_fit() -> None:
    answers = Answers(purposes=frozenset({"professional"}), languages=frozenset({"ar", "en"}))
    arabic = FakeProgram(1, "Arabic", languages=["ar", "fr"])
    farsi = FakeProgram(2, "Farsi", languages=["fa"])
    anyone = FakeProgram(3, "Any language")
    result = fit(answers, farsi, anyone, arabic)
    assert names(result) == ["Arabic", "Any language"]
    assert "Works in a language you speak: Arabic" in result[0].reasons


def test_an_occupation_program_fits_people_of_that_field_only() -> None:
    nurse = Answers(purposes=frozenset({"professional"}), occupation="3")
    engineer = Answers(purposes=frozenset({"professional"}), occupation="2")
    health = FakeProgram(1, "Health", occupations=["31"])
    assert names(fit(nurse, health)) == ["Health"]
    assert "For people in your field: Health occupations" in fit(nurse, health)[0].reasons
    assert fit(engineer, health) == []
    assert fit(Answers(purposes=frozenset({"professional"})), health) == []


def test_a_finished_cohort_is_not_shown() -> None:
    answers = Answers(purposes=frozenset({"professional"}))
    over = FakeProgram(1, "Over", cohort_start=date(2026, 1, 1), cohort_end=date(2026, 5, 1))
    assert fit(answers, over) == []


def test_an_agency_in_the_persons_city_ranks_higher_whatever_the_accents() -> None:
    answers = Answers(purposes=frozenset({"professional"}), city="montreal")
    result = programs_that_fit(
        answers,
        [(FakeProgram(1, "A elsewhere"), "Toronto"), (FakeProgram(2, "B here"), "Montréal")],
        today=TODAY,
    )
    assert names(result) == ["B here", "A elsewhere"]
    assert "Run by an agency in Montréal" in result[0].reasons


def test_mentors_get_reasons_that_speak_to_volunteers() -> None:
    answers = Answers(purposes=frozenset({"hosting"}), role="mentor", in_canada=False)
    result = fit(answers, FakeProgram(1, "Hosts", purpose="hosting"))
    assert result[0].reasons == ["Looks for volunteer hosts who welcome newcomers"]


def test_reasons_are_in_the_readers_language() -> None:
    answers = Answers(purposes=frozenset({"hosting"}), in_canada=False)
    program = FakeProgram(1, "Hosts", purpose="hosting", is_pre_arrival=True)
    program.cohort_start = date(2026, 9, 8)
    with translation.override("fr"):
        reasons = fit(answers, program)[0].reasons
    assert any(reason.endswith("8 septembre 2026") for reason in reasons)
