"""How the audit log words the reports' own actions, in its reader's language."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.utils import formats
from django.utils.translation import gettext

from bridgeway.core.audit import register_audit_detail


def _export(data: dict[str, Any]) -> str:
    days = {
        key: formats.date_format(date.fromisoformat(data[key]), "DATE_FORMAT")
        for key in ("start", "end")
    }
    return gettext("%(format)s file, from %(start)s to %(end)s") % {
        "format": str(data["format"]).upper(),
        **days,
    }


def register() -> None:
    register_audit_detail("reports.mentorships_export", _export)
