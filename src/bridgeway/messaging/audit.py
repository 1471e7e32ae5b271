"""How the audit log words messaging's actions, in its reader's language."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext, ngettext

from bridgeway.core.audit import register_audit_detail


def _reason_only(data: dict[str, Any]) -> str:
    return gettext("Reason: %(reason)s") % {"reason": str(data.get("reason") or "").strip()}


def _settings(data: dict[str, Any]) -> str:
    return gettext("messaging rules of %(program)s") % {"program": data["program"]}


def _flags(data: dict[str, Any]) -> str:
    count = len(data["flags"])
    return ngettext(
        "%(count)d flagged message shown", "%(count)d flagged messages shown", count
    ) % {"count": count}


def register_audit_details() -> None:
    register_audit_detail("messaging.staff_read", _reason_only)
    register_audit_detail("messaging.mediator_joined", _reason_only)
    register_audit_detail("messaging.flag_handled", _reason_only)
    register_audit_detail("messaging.attachment_opened", _reason_only)
    register_audit_detail("messaging.settings", _settings)
    register_audit_detail("messaging.flags_read", _flags)
