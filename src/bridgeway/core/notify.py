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
