"""The profile form written in one pass (questionnaires/profile_html.py): byte for byte what
`_field.html` and Django's widget templates write, for every kind of question, in English and
French, empty, answered, sent back with errors, and disabled."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

import pytest
from django.template.loader import get_template
from django.test import Client
from django.urls import reverse
from django.utils import translation

from bridgeway.programs.models import Enrollment
from bridgeway.programs.questionnaires.models import Question
from bridgeway.programs.questionnaires.profile_forms import ProfileForm
from bridgeway.programs.questionnaires.profile_html import field_html, fields_html

from .conftest import make_question

pytestmark = pytest.mark.django_db

CHOICES = [
    {"value": "housing", "label": {"en": "Housing <& more>", "fr": "Logement « & »"}},
    {"value": "banking", "label": {"en": "Banking", "fr": "Banque"}},
    {"value": "c3x", "label": {"en": 'Say "three"', "fr": "Trois"}},
]
MANY = [{"value": f"c{n}", "label": {"en": f"Choice {n}", "fr": f"Choix {n}"}} for n in range(9)]


def _text(word: str) -> dict[str, str]:
    return {"en": f"{word} <en> & more?", "fr": f"{word} « fr » & plus ?"}


@pytest.fixture
def every_kind(world: SimpleNamespace) -> list[Question]:
    m = lambda kind, **data: make_question(world, kind, **data)  # noqa: E731
    return [
        m("single_choice", is_required=True, choices=CHOICES, help_text=_text("Pick")),
        m("single_choice", key="long", choices=MANY, text=_text("Long")),
        m("multiple_choice", choices=CHOICES, help_text=_text("Any")),
        m(
            "scale",
            scale_min=1,
            scale_max=5,
            scale_min_label={"en": "Not <at> all", "fr": "Pas du tout"},
            scale_max_label={"en": "Very", "fr": "Très"},
            is_required=True,
        ),
        m("languages", is_required=True),
        m("languages", key="clb", rule_params={"scale": "clb"}),
        m("occupation"),
        m("country", help_text=_text("Where")),
        m("city", is_required=True),
        m("time_zone"),
        m("availability", is_required=True),
        m("text", max_length=20, help_text=_text("Tell")),
        m("noc_code"),
        m("arrival_date"),
        m("available_dates"),
        m("accommodation_needs"),
        m("accommodation_offers"),
    ]


def _form(world: SimpleNamespace, questions: list[Question], *args: Any, **kw: Any) -> ProfileForm:
    return ProfileForm(*args, questions=questions, person=world.erin, **kw)


def _same(form: ProfileForm) -> None:
    template = get_template("questionnaires/_field.html")
    fields = form.answer_fields() + form.accommodation_fields()
    for field in fields:
        assert field_html(field) == template.render({"field": field}), field.name
    assert fields_html(fields) == "".join(template.render({"field": f}) for f in fields)
    assert form.answer_fields_html() + form.accommodation_fields_html() == fields_html(fields)


ANSWERS = {
    "single_choice": "housing",
    "long": "c8",
    "multiple_choice": ["housing", "c3x"],
    "scale": 5,
    "languages": {"en": "fluent", "fr": "basic"},
    "clb": {"fr": "7"},
    "occupation": "",
    "country": "PH",
    "city": "Saint-Jean <Québec>",
    "time_zone": "Asia/Manila",
    "availability": ["mon-morning", "sun-evening"],
    "text": 'I "cook" & <bake>',
}

WRONG = {
    "q_single_choice": "nope",
    "q_long": "c3",
    "q_multiple_choice": ["banking", "zzz"],
    "q_scale": "9",
    "q_languages_0": "en",
    "q_languages_1": "",
    "q_clb_2": "",
    "q_clb_3": "5",
    "q_country": "CA",
    "q_city": "x" * 130,
    "q_time_zone": "America/Toronto",
    "q_availability": ["tue-afternoon", "nope"],
    "q_text": "<b>far too long for twenty characters</b>",
    "q_arrival_date": "not a date",
    "accessibility_needs": ["screen_reader", "nope"],
    "contact_mode": "carrier pigeon",
}


@pytest.mark.parametrize("language", ["en", "fr"])
def test_every_kind_is_written_as_the_templates_write_it(
    world: SimpleNamespace, every_kind: list[Question], language: str
) -> None:
    with translation.override(language):
        empty = _form(world, every_kind, answers={})
        _same(empty)
        answered = _form(world, every_kind, answers=ANSWERS, intake={"occupation": "health"})
        _same(answered)
        assert 'value="housing" id="id_q_single_choice_0" checked' in answered.answer_fields_html()

        sent_back = _form(world, every_kind, WRONG, answers=ANSWERS)
        assert not sent_back.is_valid()
        assert {"q_single_choice", "q_scale", "q_languages", "q_text", "q_city"} <= set(
            sent_back.errors
        )
        sent_back.add_answer_errors({"time_zone": "A <zone> & error", "gone": "For the form"})
        _same(sent_back)
        page = sent_back.answer_fields_html()
        assert 'aria-invalid="true"' in page
        assert 'aria-describedby="id_q_text_helptext id_q_text_error"' in page

        for field in answered.fields.values():
            field.disabled = True
        _same(answered)
        assert " disabled" in answered.answer_fields_html()


def test_a_form_with_no_questions_and_a_lone_check_box(world: SimpleNamespace) -> None:
    from django import forms

    form = _form(world, [], answers={})
    _same(form)
    form.fields["agree"] = forms.BooleanField(label="I agree <now>", help_text="Sure?")
    template = get_template("questionnaires/_field.html")
    assert field_html(form["agree"]) == template.render({"field": form["agree"]})


@pytest.mark.parametrize("language", ["en", "fr"])
def test_the_page_shows_the_form_and_saves_as_before(
    client: Client, world: SimpleNamespace, every_kind: list[Question], language: str
) -> None:
    enrollment = Enrollment.objects.get(person=world.erin)
    url = reverse("questionnaires:profile", args=[enrollment.pk])
    client.force_login(world.erin)
    with translation.override(language):
        page = client.get(url, HTTP_ACCEPT_LANGUAGE=language).content.decode()
    assert page.count('<div class="field') == len(every_kind) + 2
    assert 'name="q_availability" value="mon-morning"' in page
    response = client.post(url, {**WRONG, "contact_mode": "email"})
    assert response.status_code == 200
    assert "field-invalid" in response.content.decode()
