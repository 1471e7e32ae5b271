"""Sending a post to its segment: one notification per person (the bell) and its email through
the outbox, in batches whose number of queries does not grow with the batch.

Each person's choice for the post's kind is honoured: "off" (the preferences page, or the
one-click link of an earlier email) means no email and no bell item — except for an urgent
announcement, which still reaches the bell; a summary (daily, weekly) puts it there; right away
waits for the end of the person's quiet hours. The notification is unique per post and person,
so sending again tells nobody twice."""

from __future__ import annotations

import logging
from datetime import datetime

from django.db import transaction

from bridgeway.community.news.models import Post
from bridgeway.community.news.notifications import kind_of
from bridgeway.community.news.segments import Segment, segment_people
from bridgeway.notifications.kinds import Kind, kind_get
from bridgeway.notifications.models import (
    Channel,
    ContactSettings,
    Delivery,
    Frequency,
    Notification,
    Preference,
)
from bridgeway.notifications.preferences import after_quiet_hours, quiet_hours

logger = logging.getLogger(__name__)

BATCH = 500  # people written at once (SQLite allows 32,766 parameters a query)


def post_event(post: Post) -> str:
    return f"community-post:{post.pk}"


def post_deliver(*, post: Post, now: datetime) -> int:
    """Tell every person of the post's segment, in the caller's transaction; returns how many
    people the segment holds. The segment is read in one query, then written `BATCH` people at
    a time."""
    spec = kind_get(kind_of(post))
    people = list(segment_people(Segment.of_post(post)).values_list("pk", "time_zone"))
    due_now = False
    for start in range(0, len(people), BATCH):
        due_now |= _batch(post, spec, people[start : start + BATCH], now)
    if due_now:
        transaction.on_commit(_kick)
    return len(people)


def _batch(post: Post, spec: Kind, people: list[tuple[int, str]], now: datetime) -> bool:
    """Write one batch; True when an email is due right away."""
    ids = [pk for pk, _zone in people]
    event, url = post_event(post), post.get_absolute_url()
    told = set(
        Notification.objects.filter(kind=spec.code, event=event, person_id__in=ids).values_list(
            "person_id", flat=True
        )
    )
    chosen = dict(
        Preference.objects.filter(
            person_id__in=ids, kind=spec.code, channel=Channel.EMAIL
        ).values_list("person_id", "frequency")
    )
    quiet = {
        person_id: ContactSettings(quiet_start=start, quiet_end=end)
        for person_id, start, end in ContactSettings.objects.filter(person_id__in=ids).values_list(
            "person_id", "quiet_start", "quiet_end"
        )
    }
    notifications, plans = [], []
    for person_id, zone in people:
        if person_id in told:
            continue
        frequency = chosen.get(person_id) or spec.default_email("person")
        if frequency == Frequency.OFF and not post.urgent:
            continue
        notifications.append(
            Notification(
                kind=spec.code,
                event=event,
                person_id=person_id,
                organization_id=post.organization_id,
                params={"post": post.pk},
                url=url,
                created_at=now,
            )
        )
        plans.append((frequency, zone, quiet.get(person_id)))
    created = Notification.objects.bulk_create(notifications)
    deliveries = []
    for notification, (frequency, zone, contact) in zip(created, plans, strict=True):
        if frequency == Frequency.OFF:
            continue  # an urgent announcement: in the bell only
        if frequency == Frequency.IMMEDIATE:
            due = after_quiet_hours(now, zone, quiet_hours(contact))
            state, summary = Delivery.State.QUEUED, ""
        else:
            due, state, summary = now, Delivery.State.DIGEST, frequency
        deliveries.append(
            Delivery(
                notification=notification,
                channel=Channel.EMAIL,
                state=state,
                frequency=summary,
                due_at=due,
            )
        )
    Delivery.objects.bulk_create(deliveries)
    return any(d.state == Delivery.State.QUEUED and d.due_at <= now for d in deliveries)


def _kick() -> None:
    """Ask the worker to send the emails now; the minute sweep catches anything missed."""
    try:
        from bridgeway.notifications.tasks import send_now

        send_now()
    except Exception:  # a broken queue delays, never fails, the sending
        logger.exception("could not queue the emails of a post")
