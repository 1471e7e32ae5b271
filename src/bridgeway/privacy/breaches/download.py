"""The register as a CSV file, one row per breach, in the reader's language."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from django.http import HttpResponse
from django.utils.translation import gettext as _

from bridgeway.core.services import audit_record
from bridgeway.privacy.breaches.models import Breach, InformationKind
from bridgeway.reports.exports import Cell, csv_chunks

if TYPE_CHECKING:
    from bridgeway.accounts.models import Person
    from bridgeway.core.models import Organization


def _date(value: object) -> str:
    return value.isoformat() if value is not None else ""  # type: ignore[attr-defined]


def register_rows(breaches: Iterable[Breach]) -> list[list[Cell]]:
    labels = dict(InformationKind.choices)
    rows: list[list[Cell]] = [
        [
            _("Number"),
            _("When it happened"),
            _("When it was discovered"),
            _("What happened"),
            _("Kinds of personal information"),
            _("People affected"),
            _("Real risk of significant harm"),
            _("Why"),
            _("Reported to the Privacy Commissioner on"),
            _("People notified on"),
            _("Measures taken"),
            _("Recorded on"),
        ]
    ]
    for breach in breaches:
        kinds = [str(labels.get(k, k)) for k in breach.information_kinds]
        if breach.information_other:
            kinds.append(breach.information_other)
        rows.append(
            [
                breach.pk,
                _date(breach.occurred_on),
                _date(breach.discovered_on),
                breach.description,
                "; ".join(kinds),
                breach.people_affected,
                _("Yes") if breach.real_risk else _("No"),
                breach.risk_reasoning,
                _date(breach.commissioner_reported_on),
                _date(breach.people_notified_on),
                breach.measures,
                breach.created_at.date().isoformat(),
            ]
        )
    return rows


def register_csv(
    breaches: Iterable[Breach], *, by: Person, organization: Organization | None, name: str
) -> HttpResponse:
    audit_record(actor=by, organization=organization, action="breach.export", summary=name)
    body = b"".join(csv_chunks(register_rows(breaches)))
    response = HttpResponse(body, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{name}-privacy-breaches.csv"'
    return response
