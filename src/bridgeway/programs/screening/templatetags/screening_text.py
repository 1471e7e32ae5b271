"""`{{ value|translated }}`: staff-written text in the reader's language (core.i18n)."""

from __future__ import annotations

from django import template

from bridgeway.core.i18n import translated as translated_text

register = template.Library()


@register.filter
def translated(value: dict[str, str] | str | None) -> str:
    return translated_text(value)
