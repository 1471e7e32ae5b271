"""How the audit log words the funder exports' actions, in its reader's language."""

from __future__ import annotations

from django.utils.translation import gettext, ngettext

from bridgeway.core.audit import register_audit_detail


def _export(data: dict[str, str | int]) -> str:
    values = {
        "name": data["name"],
        "ref": data["mapping"],
        "start": data["start"],
        "end": data["end"],
        "rows": int(data["rows"]),
        "format": str(data["format"]).upper(),
    }
    text = (
        ngettext(
            "%(name)s (%(ref)s), %(start)s to %(end)s: %(rows)d row, %(format)s",
            "%(name)s (%(ref)s), %(start)s to %(end)s: %(rows)d rows, %(format)s",
            int(data["rows"]),
        )
        % values
    )
    if data.get("program"):
        text += " · " + gettext("program: %(program)s") % {"program": data["program"]}
    return text


def register() -> None:
    register_audit_detail(
        "reports.funder_mapping_upload",
        lambda d: (
            gettext("%(name)s (%(ref)s) for %(funder)s")
            % {"name": d["name"], "ref": d["mapping"], "funder": d["funder"]}
        ),
    )
    register_audit_detail("reports.funder_export", _export)
