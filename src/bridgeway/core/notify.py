"""The language to write to an address in.

Every email the product sends goes through the outbox (notifications/), rendered in the
recipient's language, never in the language of whoever caused it to be sent; an address without
an account is written to in the language `language_for_address` chooses."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from django.conf import settings

if TYPE_CHECKING:
    pass

# A context may be a function, called once the recipient's language is active, for values
# that are sentences in that language (next steps, reasons).
Context = dict[str, Any] | Callable[[], dict[str, Any]] | None


def language_for_address(email: str, fallback: str = "") -> str:
    """The language to write to an address in: the language of the account it belongs to, if
    any, else `fallback` when it is one of the site's languages, else the site's default."""
    from bridgeway.accounts.models import Person

    languages = dict(settings.LANGUAGES)
    own = (
        Person.objects.filter(email__iexact=email)
        .values_list("preferred_language", flat=True)
        .first()
    )
    for language in (own, fallback):
        if language in languages:
            return str(language)
    return str(settings.LANGUAGE_CODE)
