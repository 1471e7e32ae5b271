"""The one preference of the reports: the monthly report by email, on or off."""

from __future__ import annotations

from django.db import IntegrityError, transaction

from bridgeway.accounts.models import Person
from bridgeway.core.models import Network, Organization
from bridgeway.reports.models import MonthlyReportSubscription


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
