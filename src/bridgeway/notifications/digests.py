"""Summaries: one email that gathers what is still unread since the last one, grouped by kind.

A person's daily summary goes out at 08:00 their time, the weekly one on Monday at 08:00;
the hourly sweep sends those that are due. Nothing is sent when nothing is new (what was read in
the app meanwhile is not repeated). The summary is itself a notification unique per person and
period, so a sweep that runs twice sends it once."""

from __future__ import annotations

import zoneinfo
from collections import defaultdict
from datetime import datetime, time, timedelta
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from bridgeway.accounts.models import Person
from bridgeway.notifications.kinds import Kind, kind_get
from bridgeway.notifications.models import (
    Channel,
    ContactSettings,
    Delivery,
    Frequency,
    Notification,
)

DIGEST_TIME = time(8, 0)
DIGEST_KIND = "notifications.digest"
ITEMS_AT_ONCE = 5000  # ids in one query (SQLite's limit on parameters is 32,766)


def period_start(now: datetime, time_zone: str, frequency: str) -> datetime:
    """The start of the summary period `now` falls in, in the person's time zone."""
    local = now.astimezone(zoneinfo.ZoneInfo(time_zone))
    start = local.replace(hour=DIGEST_TIME.hour, minute=DIGEST_TIME.minute, second=0, microsecond=0)
    if start > local:
        start -= timedelta(days=1)
    if frequency == Frequency.WEEKLY:
        start -= timedelta(days=start.weekday())  # Monday
    return start


def _items(digests: list[tuple[dict[str, Any], Any]]) -> list[dict[str, Any]]:
    """The summaries of a batch, with the rows their items name loaded at once."""
    from bridgeway.notifications.render import absolute, summaries_in

    ids = sorted({pk for params, _recipient in digests for pk in params.get("items", [])})
    notifications: list[Notification] = []
    for start in range(0, len(ids), ITEMS_AT_ONCE):
        notifications += Notification.objects.filter(
            pk__in=ids[start : start + ITEMS_AT_ONCE]
        ).select_related("person")  # each item's summary reads its recipient
    lines = dict(zip((n.pk for n in notifications), summaries_in(notifications), strict=True))
    by_id = {n.pk: n for n in notifications}
    values = []
    for params, _recipient in digests:
        mine = sorted(
            (by_id[pk] for pk in set(params.get("items", [])) if pk in by_id),
            key=lambda n: (n.created_at, n.pk),
        )
        groups: dict[str, list[dict[str, str]]] = defaultdict(list)
        labels: dict[str, str] = {}
        for notification in mine:
            kind = kind_get(notification.kind)
            labels[kind.code] = str(kind.label)
            groups[kind.code].append(
                {"summary": lines[notification.pk], "url": absolute(notification.url)}
            )
        values.append(
            {
                "groups": [{"label": labels[c], "items": items} for c, items in groups.items()],
                "count": sum(len(items) for items in groups.values()),
                "site_name": settings.BRIDGEWAY_SITE_NAME,
                "weekly": params.get("frequency") == Frequency.WEEKLY,
            }
        )
    return values


DIGEST = Kind(
    code=DIGEST_KIND,
    label=_("Summaries"),
    subject=_("What is new for you on %(site_name)s"),
    summary=_("Your summary of %(count)s notifications"),
    template="notifications/email/digest.txt",
    contexts=_items,
    texts=False,
)


def _send_one(person_id: int, frequency: str, now: datetime, candidates: list[int]) -> bool:
    """`candidates`: the ids of the person's waiting rows seen by the sweep; those still waiting
    once the person's settings are locked go into the summary (looked up by primary key: by
    person, the database would read every waiting row of everyone)."""
    with transaction.atomic():
        contact = (
            ContactSettings.objects.select_for_update(of=("self",))
            .select_related("person")
            .get(person_id=person_id)
        )
        person: Person = contact.person
        start = period_start(now, person.time_zone, frequency)
        last_field = (
            "last_weekly_digest_at" if frequency == Frequency.WEEKLY else "last_daily_digest_at"
        )
        last = getattr(contact, last_field)
        if last is not None and last >= start:
            return False
        waiting = list(
            Delivery.objects.filter(
                pk__in=candidates,
                notification__person_id=person_id,
                channel=Channel.EMAIL,
                state=Delivery.State.DIGEST,
                frequency=frequency,
                notification__created_at__lte=now,
            ).values_list("pk", "notification_id", "notification__kind", "notification__read_at")
        )
        unread = [row for row in waiting if row[3] is None]
        read = [row[0] for row in waiting if row[3] is not None]
        if read:
            Delivery.objects.filter(pk__in=read).update(state=Delivery.State.SKIPPED)
        setattr(contact, last_field, now)
        contact.save(update_fields=[last_field])
        if not unread:
            return False
        try:
            with transaction.atomic():
                digest = Notification.objects.create(
                    kind=DIGEST_KIND,
                    event=f"digest:{frequency}:{start.date().isoformat()}",
                    person_id=person_id,
                    params={
                        "items": [row[1] for row in unread],
                        "kinds": sorted({row[2] for row in unread}),
                        "frequency": frequency,
                    },
                    url="/notifications/",
                    read_at=now,  # a summary is not a new item in the bell
                )
        except IntegrityError:
            return False
        Delivery.objects.create(
            notification=digest, channel=Channel.EMAIL, state=Delivery.State.QUEUED, due_at=now
        )
        Delivery.objects.filter(pk__in=[row[0] for row in unread]).update(
            state=Delivery.State.IN_DIGEST, digest=digest
        )
    return True


def digests_send_due(*, now: datetime | None = None) -> int:
    """Build every summary that is due at `now` and queue it; returns how many were built."""
    now = now or timezone.now()
    candidates: dict[tuple[int, str], list[int]] = defaultdict(list)
    for pk, person_id, frequency in Delivery.objects.filter(
        state=Delivery.State.DIGEST, channel=Channel.EMAIL
    ).values_list("pk", "notification__person_id", "frequency"):
        candidates[(person_id, frequency)].append(pk)
    pairs = sorted(candidates)
    people = {pid for pid, _f in pairs}
    existing = set(
        ContactSettings.objects.filter(person_id__in=people).values_list("person_id", flat=True)
    )
    ContactSettings.objects.bulk_create(
        [ContactSettings(person_id=pid) for pid in people - existing], ignore_conflicts=True
    )
    built = sum(
        _send_one(person_id, frequency, now, candidates[(person_id, frequency)])
        for person_id, frequency in pairs
    )
    return built
