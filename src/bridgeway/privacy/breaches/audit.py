"""How the audit log words breach register actions."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from bridgeway.core.audit import ACTION_LABELS

LABELS = {
    "breach.record": _("Privacy breach recorded"),
    "breach.correct": _("Privacy breach record corrected"),
    "breach.delete": _("Privacy breach record deleted after 24 months"),
    "breach.export": _("Breach register downloaded"),
    "breach.expire": _("Privacy breach record deleted by the retention job after 24 months"),
}


def register_audit_details() -> None:
    ACTION_LABELS.update(LABELS)
