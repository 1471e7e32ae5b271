"""Reads of data exports: the person's own, and an agency's for its staff."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from django.db.models import Q, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import ngettext

from bridgeway.core.dashboard import TodoItem
from bridgeway.core.kept_queries import KeptRows
from bridgeway.privacy.exports.models import ExportRequest

if TYPE_CHECKING:
    from bridgeway.accounts.models import Person
    from bridgeway.core.models import Organization


def exports_of(person: Person) -> QuerySet[ExportRequest]:
    """The person's requests, newest first."""
    return ExportRequest.objects.filter(person=person).order_by("-asked_at", "-pk")


def export_pending(person: Person) -> ExportRequest | None:
    return exports_of(person).filter(status=ExportRequest.Status.PENDING).first()


def exports_for_organization(organization: Organization) -> QuerySet[ExportRequest]:
    """Requests the agency answers for: those its staff asked, and those of people in its
    programs, newest first (the person's name is shown to staff who already see them)."""
    from bridgeway.programs.models import Enrollment

    people = Enrollment.objects.filter(program__organization=organization).values("person_id")
    return (
        ExportRequest.objects.filter(Q(organization=organization) | Q(person_id__in=people))
        .select_related("person", "asked_by")
        .order_by("-asked_at", "-pk")
    )


def exports_nearing_deadline(
    organization: Organization, *, days: int, now: object = None
) -> QuerySet[ExportRequest]:
    """Requests not yet delivered, asked `days` days ago or more (PIPEDA: answer in 30)."""
    moment = now or timezone.now()
    return _not_delivered(exports_for_organization(organization)).filter(
        asked_at__lte=moment - timedelta(days=days),  # type: ignore[operator]
    )


def _not_delivered(requests: QuerySet[ExportRequest]) -> QuerySet[ExportRequest]:
    return requests.filter(
        delivered_at__isnull=True,
        status__in=[
            ExportRequest.Status.PENDING,
            ExportRequest.Status.READY,
            ExportRequest.Status.FAILED,
        ],
    )


def latest_export_of(person: Person) -> ExportRequest | None:
    return exports_of(person).first()


def _nearing_ids(organization_id: int, since: datetime) -> QuerySet[ExportRequest, tuple[int]]:
    """The ids of the agency's requests not yet delivered, asked at `since` or before."""
    from bridgeway.core.models import Organization

    return (
        _not_delivered(exports_for_organization(Organization(pk=organization_id)))
        .filter(asked_at__lte=since)
        .order_by()
        .values_list("pk")
    )


# Compiled once per process, run with the agency's id and the moment (the coordinators'
# dashboard): the requests nearing the limit are few, counted in Python.
_kept_nearing_ids = KeptRows(_nearing_ids, int, datetime)


def todo(*, organization: Organization) -> list[TodoItem]:
    """Requests for personal data not answered after NEARING_DAYS days (PIPEDA: 30)."""
    from bridgeway.privacy.exports.services import NEARING_DAYS

    count = len(
        _kept_nearing_ids.list(organization.pk, timezone.now() - timedelta(days=NEARING_DAYS))
    )
    if not count:
        return []
    text = ngettext(
        "%(count)d request for personal data is close to its 30-day limit",
        "%(count)d requests for personal data are close to their 30-day limit",
        count,
    ) % {"count": count}
    return [TodoItem(count, text, reverse("privacy_exports:staff_list", args=[organization.slug]))]
