"""How the audit log words data exports, in its reader's language."""

from __future__ import annotations

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from bridgeway.core.audit import ACTION_LABELS, register_audit_detail, with_reason


def register() -> None:
    ACTION_LABELS["privacy.export_ask"] = _("Copy of a person's data asked for")
    register_audit_detail(
        "privacy.export_ask", lambda d: with_reason(gettext("sent to the person by email"), d)
    )
