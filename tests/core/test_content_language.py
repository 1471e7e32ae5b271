"""The `in_language` filter marks text written in another language than the page's."""

from __future__ import annotations

import pytest
from django.template import Context, Template
from django.test import override_settings
from django.utils import translation

from bridgeway.core.templatetags.content_language import in_language, is_right_to_left

LANGUAGES_WITH_ARABIC = [("en", "English"), ("fr", "French"), ("ar", "العربية")]


def render(source: str, **context: object) -> str:
    return Template("{% load content_language %}" + source).render(Context(context))


def test_english_text_on_a_french_page_carries_its_language() -> None:
    with translation.override("fr"):
        html = render("<h1>{{ name|in_language:'en' }}</h1>", name="Welcome Hosts")
    assert html == '<h1><span lang="en">Welcome Hosts</span></h1>'


def test_text_in_the_pages_own_language_is_left_alone() -> None:
    with translation.override("fr"):
        assert render("{{ name|in_language:'fr' }}", name="Hôtes") == "Hôtes"
        assert render("{{ name|in_language:'FR' }}", name="Hôtes") == "Hôtes"
    with translation.override("en"):
        assert render("{{ name|in_language:'en' }}", name="Hosts") == "Hosts"


def test_right_to_left_text_on_a_left_to_right_page_gets_its_direction() -> None:
    with translation.override("en"):
        assert in_language("برنامج", "ar") == '<span lang="ar" dir="rtl">برنامج</span>'
        assert in_language("پروګرام", "ps") == '<span lang="ps" dir="rtl">پروګرام</span>'
        # Another left-to-right language needs no direction.
        assert in_language("Programa", "pt-br") == '<span lang="pt-br">Programa</span>'


@override_settings(LANGUAGES=LANGUAGES_WITH_ARABIC)
def test_left_to_right_text_on_a_right_to_left_page_gets_its_direction() -> None:
    with translation.override("ar"):
        assert (
            in_language("Welcome Hosts", "en") == '<span lang="en" dir="ltr">Welcome Hosts</span>'
        )
        assert in_language("برنامج", "ar") == "برنامج"
        assert in_language("برنامه", "fa") == '<span lang="fa">برنامه</span>'


def test_a_script_subtag_decides_the_direction() -> None:
    assert is_right_to_left("pa-arab")
    assert not is_right_to_left("pa")
    assert not is_right_to_left("ku-latn")
    assert is_right_to_left("ar-dz")
    assert not is_right_to_left("en-x-arab")  # private use is not a script


def test_the_text_is_escaped_and_safe_text_is_kept() -> None:
    with translation.override("fr"):
        assert render("{{ name|in_language:'en' }}", name="<b>A & B</b>") == (
            '<span lang="en">&lt;b&gt;A &amp; B&lt;/b&gt;</span>'
        )
        html = render("{{ text|linebreaksbr|in_language:'en' }}", text="One\nTwo")
    assert html == '<span lang="en">One<br>Two</span>'


def test_a_translated_sentence_marks_only_the_name() -> None:
    source = (
        "{% load i18n %}{% blocktranslate with name=name|in_language:code %}"
        "Apply to {{ name }}{% endblocktranslate %}"
    )
    with translation.override("fr"):
        html = render(source, name="Welcome <Hosts>", code="en")
    assert html == 'M\'inscrire à <span lang="en">Welcome &lt;Hosts&gt;</span>'


def test_plain_text_and_empty_values_get_no_markup() -> None:
    with translation.override("fr"):
        assert (
            render(
                "{% autoescape off %}{{ name|in_language:'en' }}{% endautoescape %}", name="A & B"
            )
            == "A & B"
        )
        assert render("{{ name|in_language:'en' }}", name="") == ""
        assert render("{{ name|in_language:code }}", name="Hosts", code="") == "Hosts"


@pytest.mark.parametrize("code", ["ar", "fa", "ps", "prs"])
def test_pages_in_pashto_and_dari_lay_out_right_to_left_like_arabic_and_farsi(code: str) -> None:
    with translation.override(code):
        assert translation.get_language_bidi()
