"""A long select (time zones, countries, languages) is written as Django's select is, without
a template per option."""

from __future__ import annotations

import re

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
