"""The monthly report email (BRIDGEWAY_NOTIFICATION_KINDS): sent to staff who asked for it on
the reports page, in their language, with the month's headline figures and a link to the
dashboard. The figures are computed when the month ends and kept in the notification, so the
email says what the month was, whenever it is read."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.utils import formats
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from bridgeway.notifications.kinds import Kind
from bridgeway.reports.figures import Figure, Words

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


def _cell(item: dict[str, Any]) -> Figure | Words:
    if "words" in item:
        return Words(item["words"], hidden=item.get("hidden", ""))
    return Figure("", item["value"], unit=item["unit"], n=item["n"], hidden=item["hidden"])


def _change_line(row: dict[str, Any]) -> str | None:
    """One question's change in a sentence; None when nobody answered it both times."""
    pairs, _before, _after, change, low, high, reading = (_cell(c) for c in row["cells"])
    where = {"question": row["label"], "group": row["group"]}
    if pairs.hidden:
        return gettext("%(question)s (%(group)s): fewer than 5 pairs, not shown") % where
    count = int(getattr(pairs, "value", 0) or 0)
    if not count:
        return None
    line = ngettext(
        "%(question)s (%(group)s): mean change %(change)s over %(count)s pair",
        "%(question)s (%(group)s): mean change %(change)s over %(count)s pairs",
        count,
    ) % {**where, "change": change.text(), "count": count}
    if isinstance(low, Figure) and low.value is not None:
        line += " " + gettext("(interval from %(low)s to %(high)s)") % {
            "low": low.text(),
            "high": high.text(),
        }
    return f"{line}. {reading.text()}"


def _lines(section: dict[str, Any]) -> list[str]:
    rows = section["rows"]
    if section["key"] == "change":
        return [line for row in rows if (line := _change_line(row)) is not None]
    if section["columns"]:  # employment: one line per moment
        return [
            f"{column}: "
            + "; ".join(f"{row['label']} ({_cell(row['cells'][i]).text()})" for row in rows)
            for i, column in enumerate(section["columns"])
        ]
    return [f"{row['label']}: {_cell(row['cells'][0]).text()}" for row in rows]


def _sections(params: dict[str, Any]) -> list[tuple[str, list[str]]]:
    found = []
    for section in params.get("sections", []):
        lines = _lines(section)
        found.append((section["title"], lines or [section["empty"]]))
    return found


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
        "sections": _sections(params),
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
