"""The coordinators' list's filters written in one pass (ListFilterForm.html) are the bytes
`partials/form.html` writes for the same form, in English and French."""

from __future__ import annotations

from datetime import date

import pytest
from django.http import QueryDict
from django.template.loader import render_to_string
from django.utils import translation

from bridgeway.relationships.staff_filters import ListFilterForm

MONTHS = [date(2026, 3, 1), date(2026, 4, 1), date(2025, 12, 1)]


@pytest.mark.parametrize("language", ["en", "fr"])
@pytest.mark.parametrize(
    "query",
    [
        "",
        "show=attention",
        "show=closed&overdue=on",
        "overdue=on&cohort=2026-04",
        "show=&overdue=&cohort=",
        "show=agreement&overdue=false&cohort=2025-12",
        "cohort=2026-03&pairs_page=2&page=3",
    ],
)
def test_it_writes_the_template_s_bytes(language: str, query: str) -> None:
    with translation.override(language):
        for months in (MONTHS, []):
            form = ListFilterForm(QueryDict(query), months=months)
            form.chosen()
            if "cohort=20" in query and not months:
                # A cohort the program does not have: the template writes it with its error.
                assert form.html() is None
                continue
            written = form.html()
            assert written is not None
            assert written == render_to_string("partials/form.html", {"form": form})


@pytest.mark.parametrize("query", ["show=nonsense", "cohort=1999-01", "show=active&cohort=x"])
def test_a_choice_not_understood_is_left_to_the_template(query: str) -> None:
    form = ListFilterForm(QueryDict(query), months=MONTHS)
    form.chosen()
    assert form.html() is None


def test_the_chosen_options_are_selected() -> None:
    form = ListFilterForm(QueryDict("show=active&overdue=on&cohort=2026-04"), months=MONTHS)
    form.chosen()
    written = str(form.html())
    assert '<option value="active" selected>Under way</option>' in written
    assert 'id="id_overdue" checked>' in written
    assert '<option value="2026-04" selected>April 2026</option>' in written
    assert written.count(" selected") == 2
