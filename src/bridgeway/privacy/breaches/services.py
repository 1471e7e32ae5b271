"""Recording and correcting privacy breaches; deleting one only after its 24 months."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from bridgeway.core.services import DomainError, audit_record
from bridgeway.privacy.breaches.models import KEEP_DAYS, Breach, BreachChange, BreachKept

if TYPE_CHECKING:
    from bridgeway.accounts.models import Person
    from bridgeway.core.models import Network, Organization

# The fields an admin writes (never the agency, the recorder or the dates of the record).
FIELDS = (
    "occurred_on",
    "discovered_on",
    "description",
    "information_kinds",
    "information_other",
    "people_affected",
    "real_risk",
    "risk_reasoning",
    "commissioner_reported_on",
    "people_notified_on",
    "measures",
)


def _check(data: dict[str, Any]) -> None:
    occurred: date = data["occurred_on"]
    discovered: date = data["discovered_on"]
    if discovered < occurred:
        raise DomainError(
            _("It cannot have been discovered before it happened."), field="discovered_on"
        )
    for field in ("commissioner_reported_on", "people_notified_on"):
        told = data.get(field)
        if told is not None and told < discovered:
            raise DomainError(_("This date is before the breach was discovered."), field=field)


def _audit(breach: Breach, by: Person, action: str, data: dict[str, Any] | None = None) -> None:
    audit_record(
        actor=by,
        organization=breach.organization,
        action=action,
        target=breach,
        subject=None,
        summary=f"{breach.discovered_on:%Y-%m-%d} · {breach.people_affected}",
        data=data or {},
    )


@transaction.atomic
def breach_record(
    *, network: Network, organization: Organization | None, by: Person, data: dict[str, Any]
) -> Breach:
    """A new row of the register: the agency's (organization) or the network's own (None)."""
    _check(data)
    breach = Breach.objects.create(
        network=network,
        organization=organization,
        recorded_by=by,
        **{field: data[field] for field in FIELDS},
    )
    _audit(breach, by, "breach.record")
    return breach


def _shown(value: Any) -> str:
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    return "" if value is None else str(value)


@transaction.atomic
def breach_correct(*, breach: Breach, by: Person, data: dict[str, Any]) -> Breach:
    """Correct the row; each changed field's old and new value goes into its history.
    Nothing changed: nothing is written."""
    _check(data)
    locked = Breach.objects.select_for_update().get(pk=breach.pk)
    changes = {
        field: [_shown(getattr(locked, field)), _shown(data[field])]
        for field in FIELDS
        if getattr(locked, field) != data[field]
    }
    if not changes:
        return locked
    for field in FIELDS:
        setattr(locked, field, data[field])
    locked.save()
    BreachChange.objects.create(breach=locked, changed_by=by, changes=changes)
    _audit(locked, by, "breach.correct", {"fields": sorted(changes)})
    return locked


@transaction.atomic
def breach_delete(*, breach: Breach, by: Person) -> None:
    """Only a row recorded more than 24 months ago can go (the database refuses otherwise)."""
    try:
        _audit(breach, by, "breach.delete")
        breach.delete()
    except BreachKept as error:
        raise DomainError(str(error)) from None


def breaches_past_keeping(*, now: datetime | None = None) -> QuerySet[Breach]:
    """Rows recorded more than 24 months before `now` (KEEP_DAYS, the database trigger's own
    rule): the retention job deletes them. Never later than the database's clock, which the
    trigger reads: a run "in the future" (a test, a clock set ahead) finds none it would refuse."""
    moment = min(now or timezone.now(), timezone.now())
    return (
        Breach.objects.filter(created_at__lt=moment - timedelta(days=KEEP_DAYS))
        .select_related("organization", "network")
        .order_by("created_at", "pk")
    )


def breaches_delete_past_keeping(*, ids: list[int]) -> int:
    """The retention job deletes these rows (already past their 24 months): one line each in
    the audit log of the agency (none for the network's own register), written by nobody."""
    rows = list(breaches_past_keeping().filter(pk__in=ids))
    for breach in rows:
        audit_record(
            actor=None,
            organization=breach.organization,
            action="breach.expire",
            target=breach,
            subject=None,
            summary=f"{breach.discovered_on:%Y-%m-%d} · {breach.people_affected}",
            data={"recorded": f"{breach.created_at:%Y-%m-%d}"},
        )
    Breach.objects.filter(pk__in=[b.pk for b in rows]).delete()
    return len(rows)
