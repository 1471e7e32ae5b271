"""A long select (time zones, countries, languages) is written as Django's select is, without
a template per option."""

from __future__ import annotations

import copy
import re

import pytest
from django import forms

from bridgeway.core.time_zones import time_zone_choices
from bridgeway.core.widgets import LongSelect


def _tight(html: str) -> str:
    return re.sub(r">\s+<", "><", html).strip()


def test_it_writes_the_same_select_as_django_groups_and_choice_included() -> None:
    choices = [("", "Choose a time zone"), *time_zone_choices()]
    attrs = {"id": "id_zone", "aria-describedby": "zone-help"}
    ours = LongSelect(choices=choices).render("zone", "America/Toronto", attrs)
    django = forms.Select(choices=choices).render("zone", "America/Toronto", attrs)
    assert _tight(ours) == _tight(django)
    assert '<option value="America/Toronto" selected>Toronto (UTC' in ours
    assert ours.count("<optgroup") == len(choices) - 1


def test_labels_are_escaped() -> None:
    select = LongSelect(choices=[("a&b", "<b>Fish & chips</b>")])
    html = select.render("dish", "a&b")
    assert '<option value="a&amp;b" selected>&lt;b&gt;Fish &amp; chips&lt;/b&gt;</option>' in html


def test_every_kind_of_choice_is_written_as_django_writes_it() -> None:
    """Options in and out of groups, a value of None, numbers, translated and safe labels: the
    same options, the same one selected (the first whose value matches), as Django's select."""
    from django.utils.safestring import mark_safe
    from django.utils.translation import gettext_lazy

    choices = [
        (None, "Nothing yet"),
        ("Numbers", [(1, 10_000), (2, "two"), (2, "two again")]),
        ("b", gettext_lazy("Monday")),
        ("c", mark_safe("<em>kept</em>")),
        ("d&e", 'Quote " and <tag>'),
    ]
    for value in (None, "", 2, "2", "d&e", "missing"):
        ours = LongSelect(choices=choices).render("pick", value, {"id": "id_pick"})
        django = forms.Select(choices=choices).render("pick", value, {"id": "id_pick"})
        assert _tight(ours) == _tight(django)
    html = LongSelect(choices=choices).render("pick", 2)
    assert html.count(" selected") == 1
    assert '<option value="2" selected>two</option>' in html
    assert "<em>kept</em>" in html
    assert "Quote &quot; and &lt;tag&gt;" in html


def test_ready_choices_serve_a_field_as_a_list_does() -> None:
    from bridgeway.core.widgets import ReadyChoices

    listed = [("", "Choose"), ("Europe", [("fr", "France"), ("de", "Germany")]), ("ca", "Canada")]
    ready = forms.ChoiceField(choices=ReadyChoices(listed), widget=LongSelect, required=False)
    plain = forms.ChoiceField(choices=listed, widget=LongSelect, required=False)
    for value in ("fr", "ca", ""):
        assert ready.clean(value) == plain.clean(value)
        assert ready.widget.render("c", value) == plain.widget.render("c", value)
    with pytest.raises(forms.ValidationError):
        ready.clean("Europe")
    copied = copy.deepcopy(ready)
    assert list(copied.choices) == list(ready.choices)
