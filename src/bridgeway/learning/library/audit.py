"""How the audit log words the library's actions, in the reader's language."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext

from bridgeway.core.audit import register_audit_detail
from bridgeway.learning.library.foryou import language_name
from bridgeway.learning.library.models import Kind
from bridgeway.programs.reach import Level

FIELD_WORDS = {
    "audience": lambda: gettext("who may see it"),
    "sector": lambda: gettext("occupation sector"),
    "arrival": lambda: gettext("when it helps"),
    "topics": lambda: gettext("topics"),
    "archived": lambda: gettext("archived"),
    "title": lambda: gettext("title"),
    "summary": lambda: gettext("summary"),
    "file": lambda: gettext("file"),
    "url": lambda: gettext("address"),
}


def _created(data: dict[str, Any]) -> str:
    return gettext("“%(title)s”: %(kind)s, %(level)s") % {
        "title": data["title"],
        "kind": Kind(data["kind"]).label,
        "level": Level(data["level"]).label,
    }


def _changed(data: dict[str, Any]) -> str:
    fields = ", ".join(FIELD_WORDS[name]() for name in data["fields"])
    return gettext("“%(title)s”: %(fields)s") % {"title": data["title"], "fields": fields}


def _language(data: dict[str, Any]) -> str:
    return gettext("“%(title)s”, in %(language)s") % {
        "title": data["title"],
        "language": language_name(data["language"]),
    }


def register_audit_details() -> None:
    register_audit_detail("library.resource_create", _created)
    register_audit_detail("library.resource_update", _changed)
    register_audit_detail("library.version_update", _changed)
    register_audit_detail("library.version_add", _language)
    register_audit_detail("library.version_delete", _language)
