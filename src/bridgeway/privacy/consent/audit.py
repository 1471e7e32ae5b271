"""How the audit log words consent actions, in its reader's language."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from bridgeway.core.audit import ACTION_LABELS, register_audit_detail
from bridgeway.privacy.consent.models import Purpose

LABELS = {
    "consent.give": _("Consent given"),
    "consent.withdraw": _("Consent withdrawn"),
    "consent.staff_view": _("A person's consents viewed by staff"),
    "consent.text_publish": _("Consent text published"),
}


def _purpose(data: dict[str, Any]) -> str:
    purpose = str(data.get("purpose", ""))
    label = Purpose(purpose).label if purpose in Purpose.values else purpose
    return gettext("%(purpose)s, version %(version)s") % {
        "purpose": label,
        "version": int(data.get("version") or 0),
    }


def register_audit_details() -> None:
    ACTION_LABELS.update(LABELS)
    for action in ("consent.give", "consent.withdraw", "consent.text_publish"):
        register_audit_detail(action, _purpose)
