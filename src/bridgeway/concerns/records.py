"""What every change to a concern writes besides the concern itself: a line of its history,
an audit row (codes and ids only, never what anyone wrote) and the notifications."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.conf import settings
from django.urls import reverse

from bridgeway.accounts.models import Person
from bridgeway.concerns.models import Concern, ConcernEvent
from bridgeway.core.services import audit_record
from bridgeway.notifications.outbox import notify
from bridgeway.notifications.timers import timer_schedule


def escalate_later(concern: Concern, since: datetime | None = None) -> None:
    days = timedelta(days=settings.BRIDGEWAY_CONCERN_ESCALATE_DAYS)
    timer_schedule(
        kind="concerns.escalate",
        key=concern.escalation_key,
        due_at=(since or concern.staff_touched_at) + days,
        payload={"concern": concern.pk},
        organization=concern.organization,
    )


def event_add(
    concern: Concern,
    kind: str,
    *,
    by: Person | None,
    text: str = "",
    data: dict[str, str] | None = None,
    for_reporter: bool = False,
) -> ConcernEvent:
    return ConcernEvent.objects.create(
        concern=concern, kind=kind, author=by, text=text, data=data or {}, for_reporter=for_reporter
    )


def audit(concern: Concern, by: Person | None, *, action: str, **data: str | int) -> None:
    audit_record(
        actor=by,
        action=action,
        organization=concern.organization,
        target=concern,
        subject=concern.reporter,
        data={"concern": concern.pk, **data},
    )


def tell_reporter(concern: Concern, event: ConcernEvent) -> None:
    notify(
        kind="concerns.update",
        event=f"concern:{concern.pk}:event:{event.pk}",
        person=concern.reporter,
        params={"concern": concern.pk},
        url=reverse("concerns:my_detail", args=[concern.pk]),
        organization=concern.organization,
    )


def recipients(concern: Concern, people: list[Person], *, by: Person | None) -> list[Person]:
    """Never the person who acted, nor the person the concern is about."""
    skip = {getattr(by, "pk", None), concern.about_id}
    return [p for p in people if p.pk not in skip]
