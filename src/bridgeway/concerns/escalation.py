"""Escalation: a concern nobody on staff handles for BRIDGEWAY_CONCERN_ESCALATE_DAYS days goes
to the agency's admins. A durable timer (notifications/timers.py) per concern; each staff
action moves it (records.escalate_later), resolving or closing the concern cancels it, and it
does not run while the concern waits for the person who raised it."""

from __future__ import annotations

from django.urls import reverse
from django.utils import timezone

from bridgeway.concerns.models import Concern, ConcernEvent
from bridgeway.concerns.records import audit, escalate_later, event_add, recipients
from bridgeway.concerns.selectors import admins_of
from bridgeway.notifications.models import Timer
from bridgeway.notifications.outbox import notify


def escalate(timer: Timer) -> None:
    """Timer handler: a concern still open and untouched by staff since the timer was set is
    marked escalated and the agency's admins are told. A timer made stale by a staff action
    does nothing; a retried one tells nobody twice."""
    concern = (
        Concern.objects.select_for_update(of=("self",))
        .select_related("organization", "reporter")
        .filter(pk=timer.payload.get("concern"))
        .first()
    )
    if concern is None or not concern.is_open or timer.key != concern.escalation_key:
        return
    if concern.status == Concern.Status.WAITING:
        return  # waiting for the person who raised it: their answer starts the count again
    round_ = concern.escalations
    now = timezone.now()
    concern.escalated_at = now
    concern.escalations = round_ + 1
    concern.save(update_fields=["escalated_at", "escalations"])
    event_add(concern, ConcernEvent.Kind.ESCALATED, by=None)
    audit(concern, None, action="concern.escalate")
    for person in recipients(concern, admins_of(organization=concern.organization), by=None):
        notify(
            kind="concerns.escalated",
            event=f"concern:{concern.pk}:escalated:{round_}",
            person=person,
            role="staff",
            params={"concern": concern.pk},
            url=reverse("concerns:staff_detail", args=[concern.pk]),
            organization=concern.organization,
        )
    # Left alone again, it is escalated again after the same number of days.
    escalate_later(concern, since=timer.due_at)
