"""The ask page's rank fields, written in one pass, read exactly as Django's templates write
them: unanswered, with a place chosen, and (by Django itself) with an error."""

from __future__ import annotations

import pytest
from django.utils import translation

from bridgeway.relationships.forms import AskForm

MENTORS = [(12, "Amira <Haddad>"), (13, "Jean-Luc O’Neil")]


def _django(field) -> str:
    return str(field.label_tag()) + str(field)


@pytest.mark.parametrize("language", ["en", "fr"])
def test_an_unanswered_form_reads_as_djangos_templates_write_it(language):
    with translation.override(language):
        form = AskForm(None, mentors=MENTORS)
        for _pk, name in form.mentor_fields:
            assert form.rank_html(form[name]) == _django(form[name])


def test_chosen_places_stay_chosen():
    form = AskForm({"rank_12": "2", "rank_13": "", "message": "Hello"}, mentors=MENTORS)
    form.is_valid()
    for _pk, name in form.mentor_fields:
        assert form.rank_html(form[name]) == _django(form[name])
    assert '<option value="2" selected>' in form.rank_html(form["rank_12"])
    assert "Amira &lt;Haddad&gt;" in form.rank_html(form["rank_12"])


def test_a_field_with_an_error_is_marked_invalid():
    form = AskForm({"rank_12": "1", "rank_13": "1"}, mentors=MENTORS)
    assert not form.is_valid()
    html = form.rank_html(form["rank_13"])
    assert html == _django(form["rank_13"])
    assert 'aria-invalid="true"' in html


def test_a_label_without_final_punctuation_takes_the_forms_suffix():
    form = AskForm(None, mentors=MENTORS)
    form.fields["rank_12"].label = "Ask Amira"
    field = form["rank_12"]
    assert form.rank_html(field) == _django(field)
    assert "Ask Amira:</label>" in form.rank_html(field)
