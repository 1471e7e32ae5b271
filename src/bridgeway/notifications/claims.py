"""Claiming due rows so that two workers never take the same one.

A worker marks a batch of due rows as its own (a token and the time) in one transaction: on
PostgreSQL the rows are chosen with SELECT … FOR UPDATE SKIP LOCKED, so concurrent workers take
different rows without waiting; on SQLite the transaction takes the write lock when it begins
(settings: IMMEDIATE), so the choice and the conditional UPDATE happen as one step. A row
claimed by a worker that died is claimed again once its lease has run out."""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta

from django.conf import settings
from django.db import connection, models, transaction
from django.db.models import Q


def lease() -> timedelta:
    return timedelta(seconds=settings.BRIDGEWAY_JOB_LEASE_SECONDS)


def claim(
    model: type[models.Model],
    *,
    ready: str,
    running: str,
    now: datetime,
    limit: int,
    extra: Q | None = None,
) -> tuple[str, list[int]]:
    """Claim up to `limit` rows in state `ready` that are due, or in state `running` whose
    lease has run out; returns the claim token and the ids claimed (oldest due first)."""
    token = uuid.uuid4().hex
    due = Q(state=ready, due_at__lte=now) | Q(state=running, claimed_at__lt=now - lease())
    if extra is not None:
        due &= extra
    manager = model._default_manager
    with transaction.atomic():
        rows = manager.filter(due).order_by("due_at", "pk")
        if connection.features.has_select_for_update_skip_locked:
            rows = rows.select_for_update(skip_locked=True)
        ids = list(rows.values_list("pk", flat=True)[:limit])
        if ids:
            manager.filter(due, pk__in=ids).update(state=running, claim_token=token, claimed_at=now)
    return token, ids


def backoff(attempts: int) -> timedelta:
    """Wait before the next try: 30 s, 1 min, 2 min, … capped at one hour."""
    seconds = settings.BRIDGEWAY_RETRY_BASE_SECONDS * 2 ** max(attempts - 1, 0)
    return timedelta(seconds=min(seconds, settings.BRIDGEWAY_RETRY_CAP_SECONDS))
