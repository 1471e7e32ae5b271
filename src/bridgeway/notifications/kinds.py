"""Kinds of notification. Each app declares its kinds in its own `notifications.py`; they are
listed in one place, `BRIDGEWAY_NOTIFICATION_KINDS` in config/settings.py.

A kind says what the person reads — a subject for email, a one-line summary for the bell and
text messages, an optional email body template — each filled from the notification's `params`
(through `context`, which may load rows and format times) in the recipient's language; and how
it reaches them by default, per role. `needs_answer` kinds come right away even to someone who
reads everything else in a summary; `mandatory` kinds (security, an application being finished)
are always emailed at once and cannot be switched off."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.utils.functional import Promise
from django.utils.module_loading import import_string

# The roles a person receives a notification in; defaults differ by role.
ROLES = ("mentee", "mentor", "staff", "person")

# A busy mentor gets one weekly summary unless something needs an answer; staff a daily one;
# mentees and everyone else hear right away.
DEFAULT_EMAIL = {"mentee": "immediate", "mentor": "weekly", "staff": "daily", "person": "immediate"}

Context = Callable[[dict[str, Any], Any], dict[str, Any]]
# The same for many notifications of one kind at once: [(params, recipient), …] -> [values, …]
Contexts = Callable[[list[tuple[dict[str, Any], Any]]], list[dict[str, Any]]]


@dataclass(frozen=True)
class Kind:
    code: str
    label: Promise  # on the preferences page
    subject: Promise  # email subject, "%(name)s" filled from the context
    summary: Promise  # the bell, text messages and summaries: one line
    template: str = "notifications/email/default.txt"
    # The HTML part; it gets the text part as `text` (a kind with formatted content, such as a
    # newsletter, gives its own, which may extend this one's `body` block).
    html_template: str = "notifications/email/message.html"
    context: Context | None = None  # (params, recipient) -> values, in the recipient's language
    # Instead of `context`, for kinds sent in numbers: loads the rows of a whole batch in one
    # query instead of one per email. Called in the recipients' language (one language a call).
    contexts: Contexts | None = None
    needs_answer: bool = False
    mandatory: bool = False
    # Who can receive it (the preferences page lists only these kinds for the person's roles).
    roles: tuple[str, ...] = ROLES
    email_defaults: Mapping[str, str] = field(default_factory=dict)
    texts: bool = True  # may go out by SMS/WhatsApp when the person chose that
    # Files for the email (a calendar invitation): (params, recipient) -> [(name, bytes, type)].
    attachments: Callable[[dict[str, Any], Any], list[tuple[str, bytes, str]]] | None = None

    def default_email(self, role: str) -> str:
        if self.mandatory or self.needs_answer:
            return "immediate"
        return self.email_defaults.get(role, DEFAULT_EMAIL.get(role, "immediate"))

    def values(self, params: dict[str, Any], recipient: Any) -> dict[str, Any]:
        return self.values_many([(params, recipient)])[0]

    def values_many(self, items: list[tuple[dict[str, Any], Any]]) -> list[dict[str, Any]]:
        """`values` for each (params, recipient), in the active language."""
        if self.contexts is not None:
            loaded = self.contexts(items)
        elif self.context is not None:
            loaded = [self.context(params, recipient) for params, recipient in items]
        else:
            loaded = [{} for _item in items]
        return [
            {**params, **more} for (params, _recipient), more in zip(items, loaded, strict=True)
        ]


def kinds() -> dict[str, Kind]:
    return _load(tuple(settings.BRIDGEWAY_NOTIFICATION_KINDS))


@cache
def _load(paths: tuple[str, ...]) -> dict[str, Kind]:
    loaded: dict[str, Kind] = {}
    for path in paths:
        kind = import_string(path)
        if not isinstance(kind, Kind):
            raise ImproperlyConfigured(f"BRIDGEWAY_NOTIFICATION_KINDS: {path} is not a Kind")
        if kind.code in loaded:
            raise ImproperlyConfigured(f"BRIDGEWAY_NOTIFICATION_KINDS: {kind.code} twice")
        loaded[kind.code] = kind
    return loaded


def kind_get(code: str) -> Kind:
    found = kinds().get(code)
    if found is None:
        raise LookupError(f"unknown notification kind {code!r} (BRIDGEWAY_NOTIFICATION_KINDS)")
    return found
