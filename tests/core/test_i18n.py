from __future__ import annotations

from django import forms
from django.utils import translation

from bridgeway.core.i18n import TranslatedTextField, translated


class QuestionForm(forms.Form):
    text = TranslatedTextField()


def test_it_picks_the_readers_language_then_the_default() -> None:
    value = {"en": "Which languages do you speak?", "fr": "Quelles langues parlez-vous?"}
    with translation.override("fr"):
        assert translated(value) == "Quelles langues parlez-vous?"
    with translation.override("ar"):
        assert translated(value) == "Which languages do you speak?"
    assert translated({"fr": "Seulement en français"}, "en") == "Seulement en français"
    assert translated(None) == ""


def test_the_form_field_keeps_each_language_and_needs_the_default() -> None:
    form = QuestionForm({"text_en": " Your sector ", "text_fr": "Votre secteur"})
    assert form.is_valid(), form.errors
    assert form.cleaned_data["text"] == {"en": "Your sector", "fr": "Votre secteur"}
    with translation.override("en"):
        missing = QuestionForm({"text_en": "", "text_fr": "Votre secteur"})
        assert not missing.is_valid()
        assert "English" in missing.errors["text"][0]


def test_the_widget_labels_every_language_box() -> None:
    html = str(QuestionForm(initial={"text": {"en": "Hi"}})["text"])
    assert html.count("<label") == 2
    assert 'value="Hi"' in html
