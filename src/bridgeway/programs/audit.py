"""How the audit log words the programs' actions, in its reader's language."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext

from bridgeway.core.audit import register_audit_detail, with_reason
from bridgeway.programs.models import EnrollmentRole, EnrollmentStatus


def _status(value: str) -> str:
    return str(EnrollmentStatus(value).label)


def _status_move(data: dict[str, Any]) -> str:
    text = gettext("from “%(old)s” to “%(new)s”") % {
        "old": _status(data["from"]),
        "new": _status(data["to"]),
    }
    return with_reason(text, data)


def _applied(data: dict[str, Any]) -> str:
    return gettext("as %(role)s") % {"role": str(EnrollmentRole(data["role"]).label).lower()}


def _consent(data: dict[str, Any]) -> str:
    return gettext("consent text version %(version)s, applying to %(program)s") % {
        "version": int(data["version"]),
        "program": data["program"],
    }


def _waitlist_move(data: dict[str, Any]) -> str:
    text = gettext("from place %(old)d to place %(new)d") % {
        "old": int(data["from"]),
        "new": int(data["to"]),
    }
    return with_reason(text, data)


def register_audit_details() -> None:
    register_audit_detail("enrollment.status", _status_move)
    register_audit_detail("enrollment.withdraw", _status_move)
    register_audit_detail("enrollment.apply", _applied)
    register_audit_detail("intake.consent", _consent)
    register_audit_detail("waitlist.move", _waitlist_move)
