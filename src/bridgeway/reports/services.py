"""The writes of the reports: the monthly report by email, on or off, and the audit row of a
download that holds one row per mentorship."""

from __future__ import annotations

from django.db import IntegrityError, transaction

from bridgeway.accounts.models import Person
from bridgeway.core.models import Network, Organization
from bridgeway.core.services import audit_record
from bridgeway.reports.models import MonthlyReportSubscription
from bridgeway.reports.scope import ReportFilter


@transaction.atomic
def monthly_report_set(
    *,
    person: Person,
    wanted: bool,
    organization: Organization | None = None,
    network: Network | None = None,
) -> bool:
    """Turn the monthly email on or off for the agency or the network (the caller checked the
    person may read its reports). Setting it twice changes nothing the second time."""
    if (organization is None) == (network is None):
        raise ValueError("an agency or a network, not both")
    found = MonthlyReportSubscription.objects.filter(
        person=person, organization=organization, network=network
    )
    if not wanted:
        found.delete()
        return False
    if not found.exists():
        try:
            with transaction.atomic():
                MonthlyReportSubscription.objects.create(
                    person=person, organization=organization, network=network
                )
        except IntegrityError:
            pass  # a second click at the same moment
    return True


def mentorships_export_record(
    *, person: Person, organization: Organization, chosen: ReportFilter, fmt: str
) -> None:
    """An audit row for a download of every mentorship (one row each): who took it, when,
    the period and the filters."""
    audit_record(
        actor=person,
        organization=organization,
        action="reports.mentorships_export",
        target=organization,
        summary=f"{fmt} {chosen.start.isoformat()} – {chosen.end.isoformat()}",
        data={"format": fmt, **chosen.as_query()},
    )
