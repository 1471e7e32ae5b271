"""How the audit log words the partners' actions, in its reader's language."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext

from bridgeway.core.audit import register_audit_detail, with_reason


def _shares(d: dict[str, Any]) -> str:
    if d.get("figures") and d.get("letters"):
        return gettext("figures and letters")
    return gettext("letters only") if d.get("letters") else gettext("figures only")


def register() -> None:
    register_audit_detail("partners.create", lambda d: d["partner"])
    register_audit_detail("partners.update", lambda d: d["partner"])
    for action in ("partners.contact_invite", "partners.contact_accept", "partners.contact_remove"):
        register_audit_detail(
            action,
            lambda d: (
                gettext("%(email)s, for %(partner)s")
                % {"email": d["email"], "partner": d["partner"]}
            ),
        )
    for action in ("partners.link_request", "partners.link_propose", "partners.link_confirm"):
        register_audit_detail(
            action,
            lambda d: (
                gettext("%(name)s and %(partner)s") % {"name": d["name"], "partner": d["partner"]}
            ),
        )
    for action in ("partners.link_accept", "partners.link_update"):
        register_audit_detail(
            action,
            lambda d: (
                gettext("%(name)s and %(partner)s: %(shares)s")
                % {"name": d["name"], "partner": d["partner"], "shares": _shares(d)}
            ),
        )
    register_audit_detail(
        "partners.link_end",
        lambda d: with_reason(
            gettext("%(name)s and %(partner)s") % {"name": d["name"], "partner": d["partner"]}, d
        ),
    )
    register_audit_detail(
        "partners.letter_share",
        lambda d: (
            gettext("%(code)s for %(name)s, to the contacts of %(partner)s")
            % {"code": d["code"], "name": d["name"], "partner": d["partner"]}
        ),
    )
