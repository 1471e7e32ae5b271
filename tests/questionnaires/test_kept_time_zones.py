"""The time zones' options written once per language and quarter-hour (core.widgets
`WrittenGroup`, kept by core/time_zones.py) and the availability grid written once per language
(questionnaires/profile_html.py): the same markup as writing them for each form, and as
Django's templates, whatever value a form holds, in English and French."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django import forms
from django.template.loader import get_template
from django.utils import translation

from bridgeway.core.time_zones import time_zone_choices
from bridgeway.core.widgets import LongSelect, ReadyChoices, WrittenGroup
from bridgeway.programs.questionnaires.profile_forms import AvailabilityWidget
from bridgeway.programs.questionnaires.profile_html import _availability

HELD: list[Any] = [None, "", "America/Toronto", "Asia/Manila", "UTC", "Pacific/Kiritimati", "x"]


def _plain(choices: list[Any]) -> list[Any]:
    """The same choices without the kept groups: written option by option."""
    return [(pair[0], list(pair[1])) if type(pair) is WrittenGroup else pair for pair in choices]


def _tight(html: str) -> str:
    return re.sub(r">\s+<", "><", html).strip()


@pytest.mark.parametrize("language", ["en", "fr"])
@pytest.mark.parametrize("keep", ["", "US/Eastern"])
def test_kept_time_zones_are_written_as_each_form_wrote_them(language: str, keep: str) -> None:
    with translation.override(language):
        choices = [("", "Choose a time zone"), *time_zone_choices(keep=keep)]
        assert sum(type(group) is WrittenGroup for group in choices) >= 9
        plain = _plain(choices)
        assert not any(type(group) is WrittenGroup for group in plain)
        for value in [*HELD, keep]:
            for _turn in range(2):  # written once, then from what was kept
                kept = LongSelect(choices=ReadyChoices(choices)).render("tz", value, {"id": "t"})
                each = LongSelect(choices=ReadyChoices(plain)).render("tz", value, {"id": "t"})
                assert kept == each
            django = forms.Select(choices=plain).render("tz", value, {"id": "t"})
            assert _tight(kept) == _tight(django)
            assert kept.count(" selected") == (0 if value == "x" else 1)
        if keep:  # a zone the list leaves out comes first, selected, and once
            html = LongSelect(choices=ReadyChoices(choices)).render("tz", keep)
            assert html.count(" selected") == 1
            second_group = html.index("<optgroup", html.index("<optgroup") + 1)
            assert html.index(" selected") < second_group


def test_the_first_of_two_equal_values_and_a_multiple_select() -> None:
    group = WrittenGroup(("Région <A>", [("a&b", "A & B"), ("c", '"C"'), ("c", "C again")]))
    choices = ReadyChoices([("c", "Before"), group, WrittenGroup(("B", [("c", "Third")]))])
    plain = ReadyChoices(_plain(list(choices)))
    for value in ["a&b", "c", "", None, ["c", "a&b"]]:
        assert LongSelect(choices=choices).render("q", value) == LongSelect(choices=plain).render(
            "q", value
        )
    several = LongSelect(choices=choices)
    several.allow_multiple_selected = True
    other = LongSelect(choices=plain)
    other.allow_multiple_selected = True
    assert several.render("q", ["c", "a&b"]) == other.render("q", ["c", "a&b"])
    assert several.render("q", ["c"]).count(" selected") == 4


@pytest.mark.parametrize("language", ["en", "fr"])
def test_the_kept_availability_grid_is_the_template(language: str) -> None:
    template = get_template("questionnaires/widgets/availability.html")
    with translation.override(language):
        for name, attrs in [("q_availability", {"id": "id_q_availability"}), ("q_<x>", {})]:
            for value in [None, [], ["mon-morning"], ["mon-morning", "sun-evening", "nope"]]:
                widget = AvailabilityWidget()
                context = widget.get_context(name, value, attrs)
                by_template = template.render(context).strip()
                for _turn in range(2):
                    assert _availability(widget, name, value, attrs).strip() == by_template
                checked = by_template.count(" checked")
                assert checked == len([v for v in value or [] if v != "nope"])
        assert ("Lundi" in by_template) is (language == "fr")
