"""The match board's forms written in one pass (matching/board_html.py) are the bytes the
templates write for the same forms (`partials/form.html`, `matching/_manual_form.html`), in
English and French; a form with errors, or a side to search, is left to the templates."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

import pytest
from django import forms
from django.http import QueryDict
from django.template.loader import render_to_string
from django.utils import translation

from bridgeway.matching.board_html import manual_fields_html, run_form_html
from bridgeway.matching.forms import ManualPairForm, RunForm
from bridgeway.matching.pool import Side


@pytest.mark.parametrize("language", ["en", "fr"])
@pytest.mark.parametrize(
    "make",
    [
        lambda: RunForm(None),
        lambda: RunForm(initial={"objective": "count"}),
        lambda: RunForm(initial={"objective": "score"}),
        lambda: RunForm(QueryDict("objective=count")),
        lambda: RunForm(QueryDict("objective=score")),
    ],
)
def test_it_writes_the_template_s_bytes(language: str, make: object) -> None:
    with translation.override(language):
        form = make()  # type: ignore[operator]
        form.is_valid()
        written = run_form_html(form)
        assert written is not None
        assert written == render_to_string("partials/form.html", {"form": form})


def test_the_chosen_objective_is_checked() -> None:
    written = str(run_form_html(RunForm(initial={"objective": "count"})))
    assert 'value="count" required id="id_objective_1" checked>' in written
    assert written.count(" checked") == 1


@pytest.mark.parametrize("query", ["objective=nonsense", "", "other=1"])
def test_a_form_with_errors_is_left_to_the_template(query: str) -> None:
    form = RunForm(QueryDict(query))
    assert run_form_html(form) is None


class _Other(forms.Form):
    objective = forms.ChoiceField(choices=[("a", "A")])


def test_another_widget_is_left_to_the_template() -> None:
    assert run_form_html(_Other(None)) is None


def _manual_form(mentees: Side, mentors: Side, run: str = "", data: Any = None) -> ManualPairForm:
    return ManualPairForm(
        data, mentees=mentees, mentors=mentors, preview_url="/p/?a=1&b=2", initial={"run": run}
    )


def _template(form: ManualPairForm, written: Any) -> str:
    context = {"manual_form": form, "program": SimpleNamespace(pk=7)}
    if written is not None:
        context["manual_fields_html"] = written
    return render_to_string("matching/_manual_form.html", context)


LISTED = Side([("1", "Ann <b>&"), ("22", 'Bo "B"'), ("3", "Cé")], 3)
ONE = Side([("5", "Cy")], 1)


@pytest.mark.parametrize("language", ["en", "fr"])
@pytest.mark.parametrize("run", ["", "abc123", 'a"b<'])
@pytest.mark.parametrize("sides", [(LISTED, ONE), (ONE, LISTED), (Side([], 0), Side([], 0))])
def test_the_manual_fields_are_the_template_s_bytes(
    language: str, run: str, sides: tuple[Side, Side]
) -> None:
    with translation.override(language):
        form = _manual_form(*sides, run=run)
        written = manual_fields_html(form)
        assert written is not None
        assert '<textarea name="reason"' in written
        assert _template(form, written) == _template(form, None)


def test_a_side_to_search_or_a_bound_form_is_left_to_the_template() -> None:
    searched = Side([("9", "Di")], 400, searched=True, query="d", found=1)
    assert manual_fields_html(_manual_form(searched, ONE)) is None
    assert manual_fields_html(_manual_form(LISTED, searched)) is None
    bound = _manual_form(LISTED, ONE, data=QueryDict("mentee=1&mentor=5&reason=x"))
    assert manual_fields_html(bound) is None
