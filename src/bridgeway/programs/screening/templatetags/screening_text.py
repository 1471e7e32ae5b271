"""`{{ value|translated }}`: staff-written text in the reader's language (core.i18n)."""

from __future__ import annotations

from django import template

from bridgeway.core.i18n import translated as translated_text

register = template.Library()


@register.filter
def translated(value: dict[str, str] | str | None) -> str:
    return translated_text(value)


@register.simple_tag
def prospect_assessment_open(program_id: int) -> bool:
    """Whether a published program offers its mentor self-assessment to people who have not
    applied yet (`{% prospect_assessment_open program.pk as offered %}`)."""
    from django.http import Http404

    from bridgeway.programs.screening.selectors import assessment_for_prospect

    try:
        assessment_for_prospect(program_id=program_id)
    except Http404:
        return False
    return True
