"""The monthly report email (BRIDGEWAY_NOTIFICATION_KINDS): sent to staff who asked for it on
the reports page, in their language, with the month's headline figures and a link to the
dashboard. The figures are computed when the month ends and kept in the notification, so the
email says what the month was, whenever it is read."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.utils import formats
from django.utils.translation import gettext_lazy as _

from bridgeway.notifications.kinds import Kind
from bridgeway.reports.figures import Figure

# The headline figures' labels (report.HEADLINE), in the reader's language.
HEADLINE_LABELS = {
    "pipeline.total": _("Mentee applications"),
    "pipeline.conversion": _("Intake conversion: applicants who became ready to match"),
    "activity.started": _("Mentorships started"),
    "activity.active": _("Pairs active when the report was made"),
    "activity.hours": _("Hours of meetings logged"),
    "activity.at_risk": _("Pairs at risk when the report was made"),
    "satisfaction.mentee_mean": _("Mean satisfaction of mentees"),
}


def _monthly(params: dict[str, Any], recipient: Any) -> dict[str, Any]:
    month = date.fromisoformat(f"{params['month']}-01")
    figures = [
        Figure(
            label=HEADLINE_LABELS.get(item["key"], item["key"]),
            value=item["value"],
            unit=item["unit"],
            n=item["n"],
            hidden=item["hidden"],
        )
        for item in params.get("figures", [])
    ]
    return {
        "scope": params.get("scope", ""),
        "month": formats.date_format(month, "YEAR_MONTH_FORMAT"),
        "figures": [(str(figure.label), figure.text()) for figure in figures],
        "network": params.get("level") == "network",
    }


MONTHLY = Kind(
    code="reports.monthly",
    label=_("The monthly report, when you asked for it on a reports page"),
    subject=_("%(scope)s: the report for %(month)s"),
    summary=_("The report of %(scope)s for %(month)s is ready."),
    template="reports/email/monthly.txt",
    context=_monthly,
    roles=("staff",),
    email_defaults={"staff": "immediate"},
    texts=False,
)
