"""How the audit log words recognition's actions, in its reader's language."""

from __future__ import annotations

from django.utils.translation import gettext

from bridgeway.core.audit import register_audit_detail, with_reason


def register() -> None:
    register_audit_detail(
        "recognition.issue",
        lambda d: gettext("%(code)s for %(name)s") % {"code": d["code"], "name": d["name"]},
    )
    register_audit_detail(
        "recognition.revoke",
        lambda d: with_reason(
            gettext("%(code)s of %(name)s") % {"code": d["code"], "name": d["name"]}, d
        ),
    )
    register_audit_detail(
        "recognition.letter_issue",
        lambda d: (
            (
                gettext("%(code)s for %(name)s, emailed to their employer")
                if d.get("emailed")
                else gettext("%(code)s for %(name)s, for them to download")
            )
            % {"code": d["code"], "name": d["name"]}
        ),
    )
    register_audit_detail(
        "recognition.letter_decline",
        lambda d: with_reason(gettext("for %(name)s") % {"name": d["name"]}, d),
    )
