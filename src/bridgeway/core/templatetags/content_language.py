"""`{{ text|in_language:code }}`: text written in another language than the page's (WCAG 3.1.2,
Language of Parts), such as a program's name written in English on a page shown in French.

The text is wrapped in `<span lang="…">` when its language differs from the page's, with `dir`
too when its direction differs, so that screen readers pronounce it with the right rules and
the browser lays it out the right way. In the page's own language it comes out unchanged, and so
it does where nothing is escaped (plain-text emails), where markup has no place."""

from __future__ import annotations

from django import template
from django.conf import settings
from django.utils import translation
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import SafeString

register = template.Library()

# Scripts written right to left, as BCP 47 script subtags: they decide when a tag names one.
RIGHT_TO_LEFT_SCRIPTS = {"adlm", "arab", "hebr", "mand", "mend", "nkoo", "rohg", "samr", "syrc"}
# Languages written right to left by default, beyond Django's LANGUAGES_BIDI (which the site's
# own pages follow): Pashto and Dari among them, which newcomers to Canada often speak.
RIGHT_TO_LEFT_LANGUAGES = {"ckb", "dv", "prs", "ps", "sd", "syr", "ug", "yi"}


def is_right_to_left(code: str) -> bool:
    """Whether text in the language `code` (a BCP 47 tag) is written right to left."""
    language, *rest = code.lower().split("-")
    while rest and len(rest[0]) == 3 and rest[0].isalpha():  # extended language subtags
        rest = rest[1:]
    if rest and len(rest[0]) == 4 and rest[0].isalpha():  # a script: "pa-arab", "az-latn"
        return rest[0] in RIGHT_TO_LEFT_SCRIPTS
    bidi = {tag.split("-")[0] for tag in settings.LANGUAGES_BIDI}
    return language in bidi | RIGHT_TO_LEFT_LANGUAGES


def language_attributes(code: str) -> SafeString:
    """` lang="…"` (and ` dir="…"`) for text in `code` on the current page; empty in the page's
    own language or when there is no code."""
    code = (code or "").lower()
    page = (translation.get_language() or settings.LANGUAGE_CODE).lower()
    if not code or code == page:
        return SafeString("")
    right_to_left = is_right_to_left(code)
    if right_to_left == translation.get_language_bidi():
        return format_html(' lang="{}"', code)
    return format_html(' lang="{}" dir="{}"', code, "rtl" if right_to_left else "ltr")


@register.filter(needs_autoescape=True)
def in_language(text: str | None, code: str, autoescape: bool = True) -> str:
    """`text`, marked with its language `code` when that is not the page's."""
    if text is None:
        return ""
    if not autoescape:
        return str(text)
    escaped = conditional_escape(text)
    attributes = language_attributes(code)
    if not escaped or not attributes:
        return escaped
    return format_html("<span{}>{}</span>", attributes, escaped)
