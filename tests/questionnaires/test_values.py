from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from bridgeway.programs.questionnaires.models import Question
from bridgeway.programs.questionnaires.values import clean_value, display_value


def _question(kind: str, **fields: Any) -> Question:
    return Question(key=kind, kind=kind, text={"en": "Q"}, **fields)


CHOICES = [
    {"value": "a", "label": {"en": "Apple", "fr": "Pomme"}},
    {"value": "b", "label": {"en": "Bread", "fr": "Pain"}},
]


@pytest.mark.parametrize(
    ("kind", "fields", "raw", "clean"),
    [
        ("single_choice", {"choices": CHOICES}, "b", "b"),
        ("multiple_choice", {"choices": CHOICES}, ["b", "a"], ["a", "b"]),
        ("scale", {"scale_min": 1, "scale_max": 5}, "4", 4),
        ("languages", {}, {"ar": "native", "fr": "basic"}, {"ar": "native", "fr": "basic"}),
        ("occupation", {}, "3", "3"),
        ("country", {}, "SY", "SY"),
        ("city", {}, "  Halifax ", "Halifax"),
        ("time_zone", {}, "Asia/Kabul", "Asia/Kabul"),
        ("availability", {}, ["sun-evening", "mon-morning"], ["mon-morning", "sun-evening"]),
        ("text", {"max_length": 10}, "Hello", "Hello"),
        ("text", {}, "   ", None),
        ("multiple_choice", {"choices": CHOICES}, [], None),
    ],
)
def test_good_answers_are_normalised(kind, fields, raw, clean) -> None:
    assert clean_value(_question(kind, **fields), raw) == clean


@pytest.mark.parametrize(
    ("kind", "fields", "raw", "message"),
    [
        ("single_choice", {"choices": CHOICES}, "z", "Choose one of the answers in the list."),
        ("multiple_choice", {"choices": CHOICES}, ["a", "z"], "Choose answers from the list."),
        ("scale", {"scale_min": 1, "scale_max": 5}, 6, "Choose a whole number from 1 to 5."),
        ("scale", {"scale_min": 1, "scale_max": 5}, True, "Choose a whole number from 1 to 5."),
        ("languages", {}, {"xx": "native"}, "Choose each language from the list."),
        ("languages", {}, {"ar": "perfect"}, "Choose your level in Arabic."),
        ("occupation", {}, "42", "Choose an occupation group from the list."),
        ("country", {}, "ZZ", "Choose a country from the list."),
        ("time_zone", {}, "Europe/Atlantis", "Choose a time zone from the list."),
        ("availability", {}, ["mon-night"], "Choose days and times of day from the grid."),
        ("text", {"max_length": 3}, "Hello", "Write at most 3 characters (you wrote 5)."),
        ("city", {}, ["Paris"], "Write the name of the city."),
    ],
)
def test_bad_answers_name_the_problem(kind, fields, raw, message) -> None:
    with translation.override("en"), pytest.raises(ValidationError) as error:
        clean_value(_question(kind, **fields), raw)
    assert error.value.messages == [message]


def test_answers_read_in_the_readers_language() -> None:
    languages = _question("languages")
    with translation.override("fr"):
        assert display_value(languages, {"ar": "native"}).startswith("Arabe (")
        assert display_value(_question("country"), "SY") == "Syrie"
        assert display_value(_question("single_choice", choices=CHOICES), "b") == "Pain"
    with translation.override("en"):
        assert display_value(_question("availability"), ["mon-evening"]) == "Monday evening"
