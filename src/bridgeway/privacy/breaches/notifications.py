"""Kinds of notification of the breach register (BRIDGEWAY_NOTIFICATION_KINDS): the reminders
to the register's admins when a breach with a real risk of significant harm is still not
reported to the Privacy Commissioner, or its people not notified, some days after it was
discovered (reminders.py). They name the breach by its number and date, never what happened."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from bridgeway.notifications.kinds import Kind


def _context(params: dict[str, Any], recipient: Any) -> dict[str, Any]:
    """The discovery date in the recipient's language."""
    try:
        discovered = date.fromisoformat(str(params.get("discovered", "")))
    except ValueError:
        return {}
    return {"discovered": date_format(discovered, "DATE_FORMAT")}


REPORT_DUE = Kind(
    code="breach.report_due",
    label=_("A breach with a real risk is not yet reported to the Privacy Commissioner"),
    subject=_("Breach %(breach)s is not yet reported to the Privacy Commissioner"),
    summary=_(
        "Breach %(breach)s of %(register)s, discovered %(discovered)s, has a real risk of "
        "significant harm and is not yet reported to the Privacy Commissioner. Report it as "
        "soon as feasible and record the date in the register."
    ),
    context=_context,
    needs_answer=True,
    roles=("staff",),
    texts=False,
)

NOTIFY_DUE = Kind(
    code="breach.notify_due",
    label=_("The people affected by a breach with a real risk are not yet notified"),
    subject=_("The people affected by breach %(breach)s are not yet notified"),
    summary=_(
        "Breach %(breach)s of %(register)s, discovered %(discovered)s, has a real risk of "
        "significant harm and the people affected are not yet notified. Notify them as soon "
        "as feasible and record the date in the register."
    ),
    context=_context,
    needs_answer=True,
    roles=("staff",),
    texts=False,
)
