"""Reminders of the breach register: a breach with a real risk of significant harm must be
reported to the Privacy Commissioner and its people notified as soon as feasible (PIPEDA
s. 10.1). When either date is still empty BRIDGEWAY_BREACH_REMINDER_DAYS days after the
breach was discovered, the register's admins are told once: the agency's admins for an
agency's breach, the network's admins for the network's own. Run daily (tasks.py); a reminder
is unique per breach and kind, so a second run tells nobody again, and a breach whose date is
filled in is reminded no more."""

from __future__ import annotations

from datetime import date, timedelta

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from bridgeway.accounts.models import Person
from bridgeway.core.access import ADMIN_ONLY
from bridgeway.core.models import Membership, NetworkAdmin
from bridgeway.notifications.outbox import notify
from bridgeway.privacy.breaches.models import Breach

# Which date each reminder waits for.
MISSING = {
    "breach.report_due": "commissioner_reported_on",
    "breach.notify_due": "people_notified_on",
}


def reminder_days() -> int:
    return int(getattr(settings, "BRIDGEWAY_BREACH_REMINDER_DAYS", 3))


def breaches_overdue(*, kind: str, today: date | None = None) -> list[Breach]:
    """Breaches with a real risk whose `kind` date is still empty after the reminder days."""
    today = today or timezone.localdate()
    return list(
        Breach.objects.filter(
            real_risk=True,
            discovered_on__lte=today - timedelta(days=reminder_days()),
            **{f"{MISSING[kind]}__isnull": True},
        )
        .select_related("organization", "network")
        .order_by("pk")
    )


def _admins(breach: Breach) -> list[Person]:
    if breach.organization_id is not None:
        admins = Person.objects.filter(
            pk__in=Membership.objects.filter(
                organization_id=breach.organization_id, role__in=ADMIN_ONLY
            ).values("person_id")
        )
    else:
        admins = Person.objects.filter(
            pk__in=NetworkAdmin.objects.filter(network_id=breach.network_id).values("person_id")
        )
    return list(admins.filter(is_active=True).order_by("pk"))


def breach_reminders_send(*, today: date | None = None) -> int:
    """Tell the admins of every overdue breach, once per breach and kind; how many were told
    now (a reminder already written is not counted again)."""
    told = 0
    for kind in MISSING:
        for breach in breaches_overdue(kind=kind, today=today):
            register = breach.organization.name if breach.organization else breach.network.name
            with transaction.atomic():
                for admin in _admins(breach):
                    written = notify(
                        kind=kind,
                        event=f"breach:{breach.pk}",
                        person=admin,
                        role="staff",
                        organization=breach.organization,
                        params={
                            "breach": breach.pk,
                            "register": register,
                            "discovered": breach.discovered_on.isoformat(),
                        },
                        url=reverse("breaches:detail", args=[breach.pk]),
                    )
                    told += written is not None
    return told
