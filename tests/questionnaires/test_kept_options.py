"""The profile's code lists with their options written once (questionnaires/kept_options.py):
the same markup as `LongSelect` writes, whatever value a form holds, in English and French."""

from __future__ import annotations

from typing import Any

import pytest
from django.utils import translation

from bridgeway.core.widgets import LongSelect
from bridgeway.programs.questionnaires.kept_options import KeptChoices, KeptSelect
from bridgeway.programs.questionnaires.profile_forms import _code_list

KINDS = ["languages", "countries", "occupations", "levels", "benchmarks"]


@pytest.mark.parametrize("language", ["en", "fr"])
@pytest.mark.parametrize("kind", KINDS)
def test_a_kept_list_writes_what_a_long_select_writes(language: str, kind: str) -> None:
    with translation.override(language):
        choices = _code_list(kind, language)
        values = [str(value) for value, _label in choices.choices]
        held: list[Any] = [None, "", values[1], values[len(values) // 2], values[-1], "nope"]
        for value in held:
            for _turn in range(2):  # written once, then from what was kept
                kept = KeptSelect(choices=choices).render("q", value, {"id": "id_q"})
                assert kept == LongSelect(choices=choices).render("q", value, {"id": "id_q"})
        assert kept.count(" selected") == 0  # "nope" is no option's value


def test_groups_escaping_and_the_first_of_two_equal_values() -> None:
    choices = KeptChoices(
        [
            ("", "Choose"),
            ("Région <A>", [("a&b", "A & B"), ("c", '"C"')]),
            ("c", "C again"),
            (None, "Nothing"),
        ]
    )
    for value in ["a&b", "c", "", None, ["c", "a&b"]]:
        kept = KeptSelect(choices=choices).render("q", value)
        assert kept == LongSelect(choices=choices).render("q", value)
    assert KeptSelect(choices=choices).render("q", "c").count(" selected") == 1


def test_a_multiple_select_or_other_choices_go_the_long_way() -> None:
    plain = [("a", "A"), ("b", "B")]
    assert KeptSelect(choices=plain).render("q", "b") == LongSelect(choices=plain).render("q", "b")
    several = KeptSelect(choices=KeptChoices(plain))
    several.allow_multiple_selected = True
    assert several.render("q", ["a", "b"]).count(" selected") == 2


def test_the_rows_of_languages_share_the_written_options() -> None:
    from bridgeway.programs.questionnaires.profile_forms import LanguagesField

    with translation.override("fr"):
        kept = _code_list("languages", "fr")
        for _form in range(2):  # a field deep-copies its widget, each form
            field = LanguagesField(rows=4)
            assert all(select.choices is kept for select in field.widget.widgets[::2])
