"""Email to a person, in their own language.

Every email the product sends to a person goes through `email_address` (or `email_person` for
someone with an account), so that it is written in the recipient's language, never in the
language of whoever caused it to be sent."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.utils import translation

if TYPE_CHECKING:
    from bridgeway.accounts.models import Person

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


def email_address(
    *,
    email: str,
    language: str,
    subject: Any,
    template: str,
    context: Context = None,
    subject_params: dict[str, Any] | None = None,
) -> None:
    """Render `template` and the lazy `subject` (filled with `subject_params`) in `language` and
    send them to an address that may have no account. Call it from `transaction.on_commit`,
    never inside a transaction."""
    with translation.override(language):
        values = context() if callable(context) else (context or {})
        site = {"site_url": settings.SITE_URL, "site_name": settings.BRIDGEWAY_SITE_NAME}
        body = render_to_string(template, {**site, **values})
        title = str(subject)
        # A subject is filled when it asks to be: its own values, and the product's name.
        if subject_params is not None or "%(site_name)s" in title:
            title %= {"site_name": settings.BRIDGEWAY_SITE_NAME, **(subject_params or {})}
    send_mail(title, body, None, [email])


def email_person(
    *,
    person: Person,
    subject: Any,
    template: str,
    context: Context = None,
    subject_params: dict[str, Any] | None = None,
) -> None:
    """Email someone with an account, in their preferred language."""

    def values() -> dict[str, Any]:
        return {"person": person, **(context() if callable(context) else (context or {}))}

    email_address(
        email=person.email,
        language=person.preferred_language or settings.LANGUAGE_CODE,
        subject=subject,
        template=template,
        context=values,
        subject_params=subject_params,
    )
