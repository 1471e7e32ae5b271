"""Email to a person, in their own language."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.utils import translation

if TYPE_CHECKING:
    from bridgeway.accounts.models import Person


def email_person(
    *, person: Person, subject: str, template: str, context: dict[str, Any] | None = None
) -> None:
    """Render `template` (a text template) and the lazy `subject` in the person's language and
    send it. Call it from `transaction.on_commit`, never inside a transaction."""
    language = person.preferred_language or settings.LANGUAGE_CODE
    with translation.override(language):
        body = render_to_string(
            template, {"person": person, "site_url": settings.SITE_URL, **(context or {})}
        )
        send_mail(str(subject), body, None, [person.email])


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
    context: dict[str, Any] | None = None,
    subject_params: dict[str, Any] | None = None,
) -> None:
    """Render `template` and the lazy `subject` (filled with `subject_params`) in `language` and
    send them to an address that may have no account. Call it from `transaction.on_commit`,
    never inside a transaction."""
    with translation.override(language):
        body = render_to_string(template, {"site_url": settings.SITE_URL, **(context or {})})
        title = str(subject) % subject_params if subject_params else str(subject)
        send_mail(title, body, None, [email])
