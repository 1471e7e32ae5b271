"""Claiming due rows so that two workers never take the same one.

A worker marks a batch of due rows as its own (a token and the time) in one transaction: on
PostgreSQL the rows are chosen with SELECT … FOR UPDATE SKIP LOCKED, so concurrent workers take
different rows without waiting; on SQLite the transaction takes the write lock when it begins
(settings: IMMEDIATE), so the choice and the UPDATE happen as one step. A row
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
    """Claim up to `limit` rows in state `running` whose lease has run out, then in state
    `ready` that are due; returns the claim token and the ids claimed (each kind oldest due
    first)."""
    token = uuid.uuid4().hex
    # Two lookups rather than one with OR: each reads the (state, due_at) index in order and
    # stops at `limit`, where the OR made the database sort every due row for each batch.
    stale = Q(state=running, claimed_at__lt=now - lease())
    due = Q(state=ready, due_at__lte=now)
    if extra is not None:
        stale &= extra
        due &= extra
    manager = model._default_manager
    with transaction.atomic():
        ids: list[int] = []
        for wanted in (stale, due):
            if len(ids) == limit:
                break
            rows = manager.filter(wanted).order_by("due_at", "pk")
            if connection.features.has_select_for_update_skip_locked:
                rows = rows.select_for_update(skip_locked=True)
            ids += rows.values_list("pk", flat=True)[: limit - len(ids)]
        # By id alone: the rows read above cannot change before this commit (PostgreSQL holds
        # their locks, SQLite its write lock); repeating the conditions made SQLite scan the
        # (state, due_at) index instead of fetching the ids.
        manager.filter(pk__in=ids).update(state=running, claim_token=token, claimed_at=now)
    return token, ids


def backoff(attempts: int) -> timedelta:
    """Wait before the next try: 30 s, 1 min, 2 min, … capped at one hour."""
    seconds = settings.BRIDGEWAY_RETRY_BASE_SECONDS * 2 ** max(attempts - 1, 0)
    return timedelta(seconds=min(seconds, settings.BRIDGEWAY_RETRY_CAP_SECONDS))
