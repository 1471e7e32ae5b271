"""Reads of the reports app: whose data a person may see, and the choices of the filters."""

from __future__ import annotations

from datetime import date

from django.db.models import QuerySet
from django.http import Http404

from bridgeway.accounts.models import Person
from bridgeway.core.access import ANY_STAFF, organization_get_for_staff
from bridgeway.core.models import Membership, Network, Organization
from bridgeway.programs.models import Program
from bridgeway.reports.models import MonthlyReportSubscription
from bridgeway.reports.scope import Scope


def agency_scope(*, person: Person, slug: str) -> tuple[Scope, Membership]:
    """The agency's reports, for its staff; the same 404 as a missing agency for anyone else."""
    organization, membership = organization_get_for_staff(person=person, slug=slug, roles=ANY_STAFF)
    return Scope(
        level="agency", organization_ids=(organization.pk,), organization=organization
    ), membership


def network_scope(*, person: Person) -> Scope:
    network = Network.objects.filter(admins__person=person).order_by("pk").first()
    if network is None:
        raise Http404
    ids = tuple(
        Organization.objects.filter(network=network).order_by("pk").values_list("pk", flat=True)
    )
    return Scope(level="network", organization_ids=ids, network=network)


def scope_program_choices(scope: Scope) -> QuerySet[Program]:
    return (
        Program.objects.filter(organization_id__in=scope.organization_ids)
        .select_related("organization")
        .order_by("organization__name", "name")
    )


def scope_agency_choices(scope: Scope) -> QuerySet[Organization]:
    return Organization.objects.filter(pk__in=scope.organization_ids).order_by("name")


def scope_cohorts(scope: Scope) -> list[date]:
    """The months cohorts of the scope's programs start in, newest first."""
    starts = (
        Program.objects.filter(
            organization_id__in=scope.organization_ids, cohort_start__isnull=False
        )
        .values_list("cohort_start", flat=True)
        .distinct()
    )
    return sorted({start.replace(day=1) for start in starts if start}, reverse=True)


def monthly_report_wanted(*, person: Person, scope: Scope) -> bool:
    found = MonthlyReportSubscription.objects.filter(person=person)
    if scope.organization is not None:
        return found.filter(organization=scope.organization).exists()
    return found.filter(network=scope.network).exists()
