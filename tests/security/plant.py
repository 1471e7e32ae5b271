"""Every text a person can write, holding a payload of the XSS corpus.

`plant_payloads()` walks every Bridgeway model and rewrites, in every row, each free-text field
(names, titles, descriptions, notes, reasons, messages, answers, file names, web addresses) to
keep its start and end in a payload that fits the field. Text stored as JSON gets a payload in
every translation (`{"en": …, "fr": …}`) and wherever the isolation world planted its canary
(questionnaire and intake answers, flagged words, a notification's details). Fields the
product writes itself and reads back as data — codes, keys, tokens, languages, time zones,
content types, stored file names, the search vector — are left as they are: a payload there
would break the product, not test it.

Rows are changed with `QuerySet.update()`, under the forms and services: what the pages must
survive is whatever is stored, however it got there."""

from __future__ import annotations

import re
from typing import Any

from django.apps import apps
from django.db import models

from tests.isolation._shared import CANARY
from tests.xss_corpus import EVERYTHING, LONG, QUOTED_URL, short

# Written by the product, read back as data: never a person's words.
MACHINE_FIELDS = {
    "action",
    "claim_token",
    "client_key",
    "code",
    "consent_language",
    "content_language",
    "content_type",
    "country",
    "default_language",
    "event",
    "file_kind",
    "key",
    "kind",
    "language",
    "last_error",
    "mentee_signed_language",
    "mentor_signed_language",
    "message_id",
    "password",
    "preferred_language",
    "program_language",
    "provider_id",
    "ready_made",
    "round",
    "sector",
    "sent_to",
    "session_data",
    "source",
    "stored_name",
    "target_id",
    "target_type",
    "text_vector",
    "time_zone",
    "token",
    "token_hash",
}
# Fields of one model that the product writes and reads as data.
MACHINE = {("notifications", "Notification", "url"), ("reports", "FunderMapping", "text")}
LANGUAGE_KEY = re.compile(r"^[a-z]{2,3}(-[a-z0-9]+)?$")
FULL = "\n\n".join(EVERYTHING)


def payload_for(limit: int | None, number: int) -> str:
    """The whole corpus where it fits (with a very long line where the field takes it),
    else one payload that fits."""
    if limit is None or limit >= len(FULL) + len(LONG) + 2:
        return f"{FULL}\n\n{LONG}"
    if limit >= len(FULL):
        return FULL
    return short(limit, number)


def _text(value: str, limit: int | None, number: int, multiline: bool) -> str:
    payload = payload_for(limit, number) if multiline else short(limit or 200, number)
    room = (limit or 10**6) - len(payload) - 1
    if room <= 0:
        return payload[: limit or None]
    return f"{value[:room]} {payload}" if value else payload


def _json(value: Any, number: int) -> tuple[Any, bool]:
    if isinstance(value, dict):
        changed = False
        translations = bool(value) and all(
            isinstance(key, str) and LANGUAGE_KEY.match(key) for key in value
        )
        out: dict[str, Any] = {}
        for key, item in value.items():
            if translations and isinstance(item, str):
                out[key], changed = f"{item} {short(200, number)}", True
            else:
                out[key], inner = _json(item, number)
                changed = changed or inner
        return out, changed
    if isinstance(value, list):
        items = [_json(item, number) for item in value]
        return [item for item, _ in items], any(changed for _, changed in items)
    if isinstance(value, str) and CANARY in value:
        return value.replace(CANARY, short(200, number)), True
    return value, False


def _fields(model: type[models.Model]) -> list[models.Field[Any, Any]]:
    found = []
    for field in model._meta.concrete_fields:
        label = (model._meta.app_label, model.__name__, field.name)
        if field.name in MACHINE_FIELDS or label in MACHINE or field.choices:
            continue
        if isinstance(field, models.EmailField | models.SlugField | models.FileField):
            continue
        if isinstance(field, models.CharField | models.TextField | models.JSONField):
            found.append(field)
    return found


def plant_payloads() -> int:
    """Put payloads in every free-text value of every row; returns how many values changed."""
    changed = 0
    for model in apps.get_models():
        if not model.__module__.startswith("bridgeway."):
            continue
        fields = _fields(model)
        if not fields:
            continue
        for number, row in enumerate(model._default_manager.all().order_by("pk")):
            values: dict[str, Any] = {}
            for field in fields:
                value = getattr(row, field.attname)
                if isinstance(field, models.JSONField):
                    new, touched = _json(value, number)
                    if touched:
                        values[field.attname] = new
                elif not value:
                    continue
                elif isinstance(field, models.URLField):
                    values[field.attname] = QUOTED_URL[: field.max_length]
                else:
                    multiline = isinstance(field, models.TextField)
                    values[field.attname] = _text(value, field.max_length, number, multiline)
            if values:
                model._default_manager.filter(pk=row.pk).update(**values)
                changed += len(values)
    return changed
