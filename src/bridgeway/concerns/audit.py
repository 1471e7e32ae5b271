"""How the audit log words the concerns' actions, in its reader's language. The rows keep codes
and ids only: never what the person wrote, nor staff notes."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext

from bridgeway.concerns.models import Category, Concern, Outcome, Priority
from bridgeway.core.audit import register_audit_detail


def _label(choices: Any, value: str) -> str:
    return str(choices(value).label) if value in choices.values else value


def _status(data: dict[str, Any]) -> str:
    return gettext("from “%(old)s” to “%(new)s”") % {
        "old": _label(Concern.Status, data["from"]),
        "new": _label(Concern.Status, data["to"]),
    }


def _priority(data: dict[str, Any]) -> str:
    return gettext("from “%(old)s” to “%(new)s”") % {
        "old": _label(Priority, data["from"]),
        "new": _label(Priority, data["to"]),
    }


def _raised(data: dict[str, Any]) -> str:
    return gettext("concern %(id)s, %(category)s") % {
        "id": int(data["concern"]),
        "category": _label(Category, data["category"]).lower(),
    }


def _resolved(data: dict[str, Any]) -> str:
    return gettext("concern %(id)s: %(outcome)s") % {
        "id": int(data["concern"]),
        "outcome": _label(Outcome, data["outcome"]),
    }


def _concern(data: dict[str, Any]) -> str:
    return gettext("concern %(id)s") % {"id": int(data["concern"])}


def register_audit_details() -> None:
    register_audit_detail("concern.raise", _raised)
    register_audit_detail("concern.status", _status)
    register_audit_detail("concern.priority", _priority)
    register_audit_detail("concern.resolve", _resolved)
    for action in (
        "concern.assign",
        "concern.note",
        "concern.message",
        "concern.escalate",
        "concern.block",
        "concern.block_lift",
    ):
        register_audit_detail(action, _concern)
