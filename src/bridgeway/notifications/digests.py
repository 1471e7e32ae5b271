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
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

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
PEOPLE_AT_ONCE = 500  # summaries built in one transaction


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


def _last_field(frequency: str) -> str:
    return "last_weekly_digest_at" if frequency == Frequency.WEEKLY else "last_daily_digest_at"


Row = tuple[int, int, str, datetime | None]  # a waiting delivery: id, notification, kind, read


def _send_some(pairs: list[tuple[int, str]], now: datetime, candidates: list[int]) -> int:
    """Build the due summaries of some people at once, in one transaction; `pairs`: (person id,
    frequency); `candidates`: the ids of their waiting rows seen by the sweep. Those still
    waiting once the people's settings are locked go into the summaries (looked up by primary
    key: by person, the database would read every waiting row of everyone)."""
    with transaction.atomic():
        starts = _periods_due(pairs, now)
        if not starts:
            return 0
        waiting = _waiting(candidates, starts, now)
        read = [row[0] for rows in waiting.values() for row in rows if row[3] is not None]
        for first in range(0, len(read), ITEMS_AT_ONCE):
            Delivery.objects.filter(pk__in=read[first : first + ITEMS_AT_ONCE]).update(
                state=Delivery.State.SKIPPED
            )
        for frequency in {frequency for _person_id, frequency in starts}:
            ContactSettings.objects.filter(
                person_id__in=[p for p, f in starts if f == frequency]
            ).update(**{_last_field(frequency): now})
        unread = {
            pair: [row for row in rows if row[3] is None]
            for pair, rows in waiting.items()
            if any(row[3] is None for row in rows)
        }
        return _summaries_write(unread, starts, now)


def _periods_due(pairs: list[tuple[int, str]], now: datetime) -> dict[tuple[int, str], datetime]:
    """Lock the people's settings; the start of the period of each (person, frequency) whose
    summary is due (not sent since the period began)."""
    people = sorted({person_id for person_id, _frequency in pairs})
    # Locked in one order, so that two sweeps at once wait for each other, never deadlock.
    contacts = {
        contact.person_id: contact
        for contact in ContactSettings.objects.select_for_update(of=("self",))
        .select_related("person")
        .filter(person_id__in=people)
        .order_by("person_id")
    }
    starts = {}
    for person_id, frequency in pairs:
        contact = contacts[person_id]
        start = period_start(now, contact.person.time_zone, frequency)
        last = getattr(contact, _last_field(frequency))
        if last is None or last < start:
            starts[(person_id, frequency)] = start
    return starts


def _waiting(
    candidates: list[int], starts: dict[tuple[int, str], datetime], now: datetime
) -> dict[tuple[int, str], list[Row]]:
    """The candidates still waiting for a summary that is due, by (person, frequency)."""
    waiting: dict[tuple[int, str], list[Row]] = defaultdict(list)
    for first in range(0, len(candidates), ITEMS_AT_ONCE):
        rows = Delivery.objects.filter(
            pk__in=candidates[first : first + ITEMS_AT_ONCE],
            channel=Channel.EMAIL,
            state=Delivery.State.DIGEST,
            notification__created_at__lte=now,
        ).values_list(
            "pk",
            "notification_id",
            "notification__kind",
            "notification__read_at",
            "notification__person_id",
            "frequency",
        )
        for pk, notification_id, kind, read_at, person_id, frequency in rows:
            if (person_id, frequency) in starts:
                waiting[(person_id, frequency)].append((pk, notification_id, kind, read_at))
    return waiting


def _summaries_write(
    unread: dict[tuple[int, str], list[Row]],
    starts: dict[tuple[int, str], datetime],
    now: datetime,
) -> int:
    """One summary notification per (person, frequency), queued for email, gathering `unread`."""
    events = {pair: f"digest:{pair[1]}:{starts[pair].date().isoformat()}" for pair in unread}
    # A summary already written for this period (the person's settings were moved back since)
    # is not written twice.
    done = set(
        Notification.objects.filter(
            kind=DIGEST_KIND,
            person_id__in={person_id for person_id, _frequency in unread},
            event__in=set(events.values()),
        ).values_list("person_id", "event")
    )
    to_write = [pair for pair in unread if (pair[0], events[pair]) not in done]
    digests = Notification.objects.bulk_create(
        [
            Notification(
                kind=DIGEST_KIND,
                event=events[pair],
                person_id=pair[0],
                params={
                    "items": [row[1] for row in unread[pair]],
                    "kinds": sorted({row[2] for row in unread[pair]}),
                    "frequency": pair[1],
                },
                url="/notifications/",
                read_at=now,  # a summary is not a new item in the bell
            )
            for pair in to_write
        ]
    )
    Delivery.objects.bulk_create(
        [
            Delivery(
                notification=digest, channel=Channel.EMAIL, state=Delivery.State.QUEUED, due_at=now
            )
            for digest in digests
        ]
    )
    # One plain UPDATE per summary: bulk_update's CASE over thousands of rows costs more.
    for pair, digest in zip(to_write, digests, strict=True):
        Delivery.objects.filter(pk__in=[row[0] for row in unread[pair]]).update(
            state=Delivery.State.IN_DIGEST, digest=digest
        )
    return len(digests)


def digests_send_due(*, now: datetime | None = None) -> int:
    """Build every summary that is due at `now` and queue it; returns how many were built."""
    now = now or timezone.now()
    candidates: dict[tuple[int, str], list[int]] = defaultdict(list)
    for pk, person_id, frequency in Delivery.objects.filter(
        state=Delivery.State.DIGEST, channel=Channel.EMAIL
    ).values_list("pk", "notification__person_id", "frequency"):
        candidates[(person_id, frequency)].append(pk)
    pairs = sorted(candidates)
    built = 0
    for start in range(0, len(pairs), PEOPLE_AT_ONCE):
        some = pairs[start : start + PEOPLE_AT_ONCE]
        people = {person_id for person_id, _frequency in some}
        existing = set(
            ContactSettings.objects.filter(person_id__in=people).values_list("person_id", flat=True)
        )
        ContactSettings.objects.bulk_create(
            [ContactSettings(person_id=pid) for pid in people - existing], ignore_conflicts=True
        )
        built += _send_some(some, now, [pk for pair in some for pk in candidates[pair]])
    return built
