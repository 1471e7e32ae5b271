"""A small form written in one pass (core/form_html.py) is the bytes `partials/form.html`
writes for the same form, in English and French, with labels, choices and values that need
escaping; a form the helper does not write is left to the template."""

from __future__ import annotations

from typing import Any

import pytest
from django import forms
from django.http import QueryDict
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.safestring import mark_safe

from bridgeway.core.form_html import form_html
from bridgeway.relationships.forms import CloseForm

ODD = "<script>alert('x')</script> & \"quoted\" שלום"


class _Odd(forms.Form):
    choice = forms.ChoiceField(
        label=ODD,
        choices=[("a&b", ODD), ('"q"', mark_safe("<b>kept</b>")), ("", "none")],
        widget=forms.RadioSelect,
    )
    optional = forms.ChoiceField(
        label="Optional?", required=False, choices=[("x", "X")], widget=forms.RadioSelect
    )
    text = forms.CharField(label=ODD, required=False, widget=forms.Textarea)


def _same(form: forms.Form) -> None:
    written = form_html(form)
    assert written is not None
    assert written == render_to_string("partials/form.html", {"form": form})


@pytest.mark.parametrize("language", ["en", "fr"])
@pytest.mark.parametrize(
    "make",
    [
        lambda: CloseForm(None),
        lambda: CloseForm(None, initial={"reason": ""}),
        lambda: CloseForm(None, initial={"reason": "no_time"}),
        lambda: CloseForm(None, initial={"reason": "<script>"}),
        lambda: CloseForm(None, staff=True, initial={"reason": "staff"}),
        lambda: CloseForm(None, initial={"reason": "other", "note": ODD}),
    ],
)
def test_it_writes_the_close_form_as_the_template(language: str, make: Any) -> None:
    with translation.override(language):
        _same(make())


@pytest.mark.parametrize("language", ["en", "fr"])
@pytest.mark.parametrize(
    "data", [None, "choice=a%26b&text=%3Cscript%3E%26", "choice=%22q%22&optional=x"]
)
def test_it_escapes_what_the_template_escapes(language: str, data: str | None) -> None:
    with translation.override(language):
        form = _Odd(None if data is None else QueryDict(data))
        form.is_valid()
        _same(form)
        _same(_Odd(initial={"choice": '"q"', "text": ODD}))


def test_the_chosen_reason_is_checked_once() -> None:
    written = str(form_html(CloseForm(None, initial={"reason": "no_time"})))
    assert 'value="no_time" required id="id_reason_2" checked>' in written
    assert written.count(" checked") == 1


@pytest.mark.parametrize("data", ["reason=", "reason=nonsense", "reason=staff", "note=x"])
def test_a_form_with_errors_is_left_to_the_template(data: str) -> None:
    form = CloseForm(QueryDict(data))
    assert not form.is_valid()
    assert form_html(form) is None


class _Hidden(forms.Form):
    step = forms.CharField(widget=forms.HiddenInput)


class _Helped(forms.Form):
    note = forms.CharField(help_text="Why", widget=forms.Textarea)


class _Plain(forms.Form):
    name = forms.CharField()


@pytest.mark.parametrize("form_class", [_Hidden, _Helped, _Plain])
def test_another_form_is_left_to_the_template(form_class: type[forms.Form]) -> None:
    assert form_html(form_class(None)) is None
