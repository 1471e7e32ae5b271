"""What a referral shares, as a person reads it: one (label, text) row per shared detail."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from bridgeway.accounts.models import AccessibilityNeed
from bridgeway.core.time_zones import time_zone_label
from bridgeway.programs.intake.answers import answers_readable
from bridgeway.programs.intake.models import SharedField
from bridgeway.programs.intake.reference import country_name, language_name

Row = tuple[str, str, list[tuple[str, str]]]


def shared_rows(data: dict[str, Any]) -> list[Row]:
    """(label, text, nested rows) in the order of SharedField; intake answers come as nested
    (question, answer) rows. Codes become words in the reader's language."""
    needs = dict(AccessibilityNeed.choices)
    rows: list[Row] = []
    for field, label in SharedField.choices:
        if field not in data:
            continue
        value = data[field]
        nested: list[tuple[str, str]] = []
        if field == SharedField.LANGUAGES:
            text = ", ".join(language_name(code) for code in value) or _("Not given")
        elif field == SharedField.COUNTRY:
            text = country_name(value) if value else _("Not given")
        elif field == SharedField.ACCESSIBILITY:
            text = ", ".join(str(needs.get(code, code)) for code in value) or _("None given")
        elif field == SharedField.TIME_ZONE:
            text = time_zone_label(value) if value else _("Not given")
        elif field == SharedField.INTAKE_ANSWERS:
            nested = answers_readable(value) if value else []
            text = "" if nested else _("No intake answers")
        else:
            text = str(value) if value else _("Not given")
        rows.append((str(label), text, nested))
    return rows
