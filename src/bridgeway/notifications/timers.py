"""Durable timers: one mechanism for everything that is due at a time.

`timer_schedule` writes (or moves) a row in the caller's transaction; the periodic sweep wakes
`timers_run_due`, which claims due rows (claims.py) and runs each handler in a transaction that
also marks the row done, so a handler's effects happen exactly once even when a worker is
killed mid-run (its transaction is rolled back and the row is claimed again after the lease).
A handler that raises is retried with capped exponential backoff; after
BRIDGEWAY_TIMER_MAX_ATTEMPTS it stays "failed", shown to staff, who can retry it.

Handlers are listed in one place, `BRIDGEWAY_TIMER_HANDLERS` in config/settings.py: kind →
dotted path of a function taking the Timer."""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from datetime import datetime
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from bridgeway.core.models import Organization
from bridgeway.core.services import DomainError
from bridgeway.notifications.claims import backoff, claim
from bridgeway.notifications.models import Timer

logger = logging.getLogger(__name__)

Handler = Callable[[Timer], None]

# What staff read for each kind of timer on the failed-jobs page; an unknown kind shows as is.
TIMER_LABELS: dict[str, Promise] = {
    "relationships.request_remind": gettext_lazy("Reminder to a mentor about a request"),
    "relationships.request_expire": gettext_lazy("End of a request's answer window"),
    "relationships.meeting_remind": gettext_lazy("Reminder before a meeting"),
    "relationships.meeting_check": gettext_lazy("“Did you meet?” after a meeting"),
    "relationships.check_in": gettext_lazy("Check-in question to a pair"),
    "relationships.flash_close": gettext_lazy("Closing a flash mentorship after its meeting"),
    "relationships.reoffer": gettext_lazy("Offer of a mentor's freed place to a waiting mentee"),
    "relationships.group_meeting_remind": gettext_lazy("Reminder before a group meeting"),
    "relationships.group_meeting_check": gettext_lazy("“Did you meet?” after a group meeting"),
    "relationships.group_check_in": gettext_lazy("Check-in question to a group's members"),
    "messaging.unread": gettext_lazy("Email about messages not yet read"),
    "messaging.call_check": gettext_lazy("Check on a call: nobody answered, or everyone has gone"),
    "concerns.escalate": gettext_lazy("Escalation of a concern nobody has handled"),
    "community.prompt_post": gettext_lazy("Posting a program's prompt in every conversation"),
    "community.post_send": gettext_lazy("Sending a scheduled announcement or newsletter"),
    "community.expert_remind": gettext_lazy("Reminder to an expert about a question"),
    "community.expert_escalate": gettext_lazy("Escalation of a question past its target"),
    "community.session_remind": gettext_lazy("Reminder before a group session"),
    "community.session_invite": gettext_lazy("Inviting people on waiting lists to a session"),
    "reports.assessment_send": gettext_lazy("Sending an assessment to a participant"),
}


def timer_label(kind: str) -> str:
    label = TIMER_LABELS.get(kind)
    return str(label) if label is not None else kind


def handler_for(kind: str) -> Handler:
    path = settings.BRIDGEWAY_TIMER_HANDLERS.get(kind)
    if path is None:
        raise LookupError(f"no handler for timer kind {kind!r} in BRIDGEWAY_TIMER_HANDLERS")
    handler: Handler = import_string(path)
    return handler


def timer_schedule(
    *,
    kind: str,
    key: str,
    due_at: datetime,
    payload: dict[str, Any] | None = None,
    organization: Organization | None = None,
) -> Timer:
    """Set the timer `key` to go off at `due_at`, in the caller's transaction. Scheduling a key
    again moves it (a waiting, failed or cancelled timer waits again); one that is running or
    done stays as it is, so a retried job never sets it off twice."""
    handler_for(kind)  # a typo fails here, not at 3 a.m.
    timer, created = Timer.objects.get_or_create(
        key=key,
        defaults={
            "kind": kind,
            "due_at": due_at,
            "payload": payload or {},
            "organization": organization,
        },
    )
    if not created:
        _move(timer, kind, due_at, payload or {})
    return timer


def _move(timer: Timer, kind: str, due_at: datetime, payload: dict[str, Any]) -> None:
    """A timer scheduled again: one waiting, failed or cancelled waits for its new time; one
    running or done stays as it is."""
    if timer.state in (Timer.State.PENDING, Timer.State.FAILED, Timer.State.CANCELLED):
        timer.kind, timer.due_at, timer.payload = kind, due_at, payload
        timer.state, timer.attempts, timer.last_error = Timer.State.PENDING, 0, ""
        timer.save(update_fields=["kind", "due_at", "payload", "state", "attempts", "last_error"])


def timers_schedule(
    *,
    timers: Iterable[tuple[str, str, datetime, dict[str, Any] | None]],
    organization: Organization | None = None,
    fresh: bool = False,
) -> None:
    """`timer_schedule` for the timers of one change at once (kind, key, due at, payload):
    the keys already there are read in one query and the new ones written in one statement,
    rather than a read, a savepoint and an insert each.

    `fresh`: the keys are named after a row this change opened (a request sent now), so none
    is expected to be there: they are written without reading them first. Should one be
    there all the same, the write is refused as a whole and each timer is scheduled as
    `timer_schedule` does (moved, or left as it is when running or done): the outcome is the
    same either way."""
    wanted = {key: (kind, due_at, payload or {}) for kind, key, due_at, payload in timers}
    for kind, _due, _payload in wanted.values():
        handler_for(kind)  # a typo fails here, not at 3 a.m.
    found = (
        {} if fresh else {timer.key: timer for timer in Timer.objects.filter(key__in=list(wanted))}
    )
    for key, timer in found.items():
        _move(timer, *wanted[key])
    new = [
        Timer(kind=kind, key=key, due_at=due_at, payload=payload, organization=organization)
        for key, (kind, due_at, payload) in wanted.items()
        if key not in found
    ]
    if not new:
        return
    try:
        with transaction.atomic():
            Timer.objects.bulk_create(new)
    except IntegrityError:  # written meanwhile by another transaction: one at a time, then
        for timer in new:
            timer_schedule(
                kind=timer.kind,
                key=timer.key,
                due_at=timer.due_at,
                payload=timer.payload,
                organization=organization,
            )


def timers_schedule_new(
    *,
    timers: Iterable[tuple[str, str, datetime, dict[str, Any] | None]],
    organization: Organization | None = None,
) -> None:
    """Timers whose keys name a row this very transaction has just written (a message stored
    now, its id in each key): no other transaction can hold them yet, so they are written in
    one INSERT, with neither a read nor a savepoint. A key that is there all the same is the
    caller's mistake and fails the change (IntegrityError) rather than being passed over."""
    new = []
    for kind, key, due_at, payload in timers:
        handler_for(kind)  # a typo fails here, not at 3 a.m.
        new.append(
            Timer(
                kind=kind, key=key, due_at=due_at, payload=payload or {}, organization=organization
            )
        )
    if new:
        Timer.objects.bulk_create(new)


def timer_cancel(*, key: str) -> bool:
    """Stop a waiting timer; True if it was waiting."""
    return timers_cancel(keys=[key]) > 0


def timers_cancel(*, keys: Iterable[str]) -> int:
    """Stop the waiting timers among `keys` in one statement; how many were waiting."""
    wanted = list(keys)
    if not wanted:
        return 0
    return Timer.objects.filter(
        key__in=wanted, state__in=[Timer.State.PENDING, Timer.State.FAILED]
    ).update(state=Timer.State.CANCELLED, finished_at=timezone.now())


def timer_retry(*, timer: Timer) -> None:
    """Staff: run a failed timer again now."""
    changed = Timer.objects.filter(pk=timer.pk, state=Timer.State.FAILED).update(
        state=Timer.State.PENDING, due_at=timezone.now(), attempts=0, last_error=""
    )
    if not changed:
        raise DomainError(_("Only a failed job can be retried."))


def _run_one(timer_id: int, token: str, now: datetime) -> bool:
    try:
        with transaction.atomic():
            timer = (
                Timer.objects.select_for_update()
                .filter(pk=timer_id, state=Timer.State.RUNNING, claim_token=token)
                .first()
            )
            if timer is None:
                return False  # claimed again by another worker after our lease ran out
            handler_for(timer.kind)(timer)
            Timer.objects.filter(pk=timer_id).update(
                state=Timer.State.DONE, finished_at=timezone.now(), attempts=F("attempts") + 1
            )
        return True
    except Exception as exc:
        logger.exception("timer %s failed", timer_id)
        _record_failure(timer_id, token, exc, now)
        return False


def _record_failure(timer_id: int, token: str, exc: Exception, now: datetime) -> None:
    with transaction.atomic():
        timer = Timer.objects.filter(pk=timer_id, claim_token=token).first()
        if timer is None:
            return
        attempts = timer.attempts + 1
        failed = attempts >= settings.BRIDGEWAY_TIMER_MAX_ATTEMPTS
        Timer.objects.filter(pk=timer_id, claim_token=token).update(
            attempts=attempts,
            last_error=f"{type(exc).__name__}: {exc}"[:2000],
            state=Timer.State.FAILED if failed else Timer.State.PENDING,
            due_at=timer.due_at if failed else now + backoff(attempts),
            finished_at=timezone.now() if failed else None,
        )


def timers_run_due(*, now: datetime | None = None, limit: int = 100) -> int:
    """Run every timer due at `now`, in batches; returns how many handlers completed."""
    done = 0
    while True:
        moment = now or timezone.now()
        token, ids = claim(
            Timer, ready=Timer.State.PENDING, running=Timer.State.RUNNING, now=moment, limit=limit
        )
        if not ids:
            return done
        done += sum(_run_one(timer_id, token, moment) for timer_id in ids)
