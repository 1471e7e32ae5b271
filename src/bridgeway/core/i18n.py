"""Staff-authored text in several languages, stored as {language code: text} in a JSONField.

Adding a language needs no migration: the JSON object simply gains a key, and the form shows one
box per language in settings.LANGUAGES."""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import translation
from django.utils.translation import gettext_lazy as _


def translated(value: dict[str, str] | str | None, language: str | None = None) -> str:
    """The text in the reader's language, else the site's default language, else any text."""
    if not value:
        return ""
    if isinstance(value, str):
        return value
    language = (language or translation.get_language() or settings.LANGUAGE_CODE).split("-")[0]
    for code in (language, settings.LANGUAGE_CODE):
        if value.get(code):
            return value[code]
    return next((text for text in value.values() if text), "")


class TranslatedTextWidget(forms.MultiWidget):
    template_name = "partials/translated_text_widget.html"

    def __init__(self, multiline: bool = False, attrs: dict[str, Any] | None = None) -> None:
        base: forms.Widget = forms.Textarea(attrs={"rows": 3}) if multiline else forms.TextInput()
        widgets: dict[str, forms.Widget | type[forms.Widget]] = {
            code: base for code, _name in settings.LANGUAGES
        }
        super().__init__(widgets, attrs)

    def decompress(self, value: dict[str, str] | None) -> list[str]:
        value = value or {}
        return [value.get(code, "") for code, _name in settings.LANGUAGES]

    def get_context(self, name: str, value: Any, attrs: dict[str, Any] | None) -> dict[str, Any]:
        context = super().get_context(name, value, attrs)
        languages = [str(label) for _code, label in settings.LANGUAGES]
        for subwidget, label in zip(context["widget"]["subwidgets"], languages, strict=True):
            subwidget["language_label"] = label
        return context


class TranslatedTextField(forms.MultiValueField):
    """One box per language; the default language is required when the field is."""

    widget: TranslatedTextWidget

    def __init__(self, *, multiline: bool = False, max_length: int = 2000, **kwargs: Any) -> None:
        required = kwargs.pop("required", True)
        fields = [
            forms.CharField(max_length=max_length, required=False) for _ in settings.LANGUAGES
        ]
        super().__init__(
            fields=fields,
            require_all_fields=False,
            required=False,
            widget=TranslatedTextWidget(multiline=multiline),
            **kwargs,
        )
        self.text_required = required

    def compress(self, data_list: list[str]) -> dict[str, str]:
        values = dict(zip([code for code, _n in settings.LANGUAGES], data_list or [], strict=False))
        return {code: text.strip() for code, text in values.items() if text and text.strip()}

    def clean(self, value: Any) -> dict[str, str]:
        result: dict[str, str] = super().clean(value) or {}
        if self.text_required and not result.get(settings.LANGUAGE_CODE):
            default = dict(settings.LANGUAGES)[settings.LANGUAGE_CODE]
            raise ValidationError(
                _("Write this text at least in %(language)s.") % {"language": default}
            )
        return result
