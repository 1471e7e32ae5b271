"""The transactional outbox: `notify` writes a notification and its deliveries in the caller's
transaction; after commit the worker sends them (`deliveries_send_due`), one channel at a time,
with retries. A crash between commit and delivery delays a notification, never loses it: the
rows wait until a worker claims them (the periodic sweep runs every minute).

An email can go out twice in one window only: when the worker is killed after the mail server
accepted it and before the row was marked sent. Each email carries a Message-ID derived from
its delivery row, so a second copy is the same message to the receiving side."""

from __future__ import annotations

import logging
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.db import IntegrityError, connection, transaction
from django.db.models import F, Q
from django.utils import timezone

from bridgeway.accounts.models import Person
from bridgeway.core.models import Organization
from bridgeway.core.realtime import notify_person
from bridgeway.notifications import email as email_channel
from bridgeway.notifications import texting
from bridgeway.notifications.claims import backoff, claim
from bridgeway.notifications.kept import contacts_of, unread_counts
from bridgeway.notifications.kinds import kind_get
from bridgeway.notifications.models import (
    Channel,
    ContactSettings,
    Delivery,
    Frequency,
    Notification,
)
from bridgeway.notifications.preferences import (
    TEXT_CHANNELS,
    after_quiet_hours,
    contact_settings,
    frequency_for,
    preferences_chosen,
    quiet_hours,
    texts_refused,
)

logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 8


def notify(
    *,
    kind: str,
    event: str,
    person: Person | None = None,
    address: str = "",
    language: str = "",
    role: str = "person",
    params: dict[str, Any] | None = None,
    url: str = "",
    organization: Organization | None = None,
) -> Notification | None:
    """Tell `person` (or an `address` without an account, in `language`) about `event`.
    Call it inside the transaction of the change; it returns None when this notification was
    already written (a retried job)."""
    kind_get(kind)  # an unknown kind fails here
    if (person is None) == (not address):
        raise ValueError("notify needs a person or an address, not both")
    if address:
        address = address.strip().lower()
    try:
        with transaction.atomic():
            notification = Notification.objects.create(
                kind=kind,
                event=event,
                person=person,
                address=address,
                language=language,
                organization=organization,
                params=params or {},
                url=url,
            )
    except IntegrityError:
        return None  # this event already told this person: a retried job
    now = timezone.now()
    deliveries = []
    if person is None:
        deliveries.append(
            Delivery(
                notification=notification,
                channel=Channel.EMAIL,
                due_at=now,
                state=Delivery.State.QUEUED,
            )
        )
    else:
        deliveries = _deliveries(notification, person, role, contact_settings(person), now)
    Delivery.objects.bulk_create(deliveries)
    if person is not None:
        recipient = person
        transaction.on_commit(lambda: _live(recipient, notification))
    if any(d.state == Delivery.State.QUEUED and d.due_at <= now for d in deliveries):
        transaction.on_commit(_kick)
    return notification


@dataclass(frozen=True)
class Notice:
    """One notification of `notify_many`: the arguments of `notify` for a person."""

    kind: str
    event: str
    person: Person
    role: str = "person"
    params: dict[str, Any] | None = None
    url: str = ""
    organization: Organization | None = None
    # The kind's values for this person (what its `contexts` would load, with no word of a
    # language: names, rows) when the caller holds the rows already: the live update after
    # commit then shows the text without reading them again.
    values: dict[str, Any] | None = None


def notify_many(notices: Sequence[Notice], *, new: bool = False) -> list[Notification | None]:
    """`notify` for the notifications of one change (each person told of a closed mentorship):
    the same rows and deliveries, written with one statement per table, and one live update
    for them all after commit. When one of them was written already (a retried job), each is
    written as `notify` writes it, and that one is None. `new`: each event names a row this
    very transaction has just written (a request opened now, a mentorship started now), so no
    other transaction can hold its notifications: they are inserted without a savepoint, and
    one that is there all the same is the caller's mistake and fails the change."""
    if not notices:
        return []
    for notice in notices:
        kind_get(notice.kind)  # an unknown kind fails here
    rows = [
        Notification(
            kind=notice.kind,
            event=notice.event,
            person=notice.person,
            organization=notice.organization,
            params=notice.params or {},
            url=notice.url,
        )
        for notice in notices
    ]
    if new:
        Notification.objects.bulk_create(rows)
    elif not _written_once(rows):
        return [
            notify(
                kind=n.kind,
                event=n.event,
                person=n.person,
                role=n.role,
                params=n.params,
                url=n.url,
                organization=n.organization,
            )
            for n in notices
        ]
    people = {notice.person.pk: notice.person for notice in notices}
    contacts = {found.person_id: found for found in contacts_of(list(people))}
    # Settings never needed before: created with the defaults, in one statement for all.
    missing = [ContactSettings(person=p) for pk, p in people.items() if pk not in contacts]
    if missing:
        ContactSettings.objects.bulk_create(missing, ignore_conflicts=True)
        contacts.update((contact.person_id, contact) for contact in missing)
    chosen = preferences_chosen(person_ids=list(people), kinds={notice.kind for notice in notices})
    now = timezone.now()
    deliveries = []
    for notice, notification in zip(notices, rows, strict=True):
        deliveries += _deliveries(
            notification, notice.person, notice.role, contacts[notice.person.pk], now, chosen
        )
    Delivery.objects.bulk_create(deliveries)
    told = [(n.person, row, n.values) for n, row in zip(notices, rows, strict=True)]
    transaction.on_commit(lambda: _live_many(told))
    if any(d.state == Delivery.State.QUEUED and d.due_at <= now for d in deliveries):
        transaction.on_commit(_kick)
    return list(rows)


def _written_once(rows: list[Notification]) -> bool:
    """Insert the rows in a savepoint; False when one of them was there already."""
    try:
        with transaction.atomic():
            Notification.objects.bulk_create(rows)
    except IntegrityError:
        return False
    return True


def _deliveries(
    notification: Notification,
    person: Person,
    role: str,
    contact: ContactSettings,
    now: datetime,
    chosen: Mapping[tuple[int, str, str], str] | None = None,
) -> list[Delivery]:
    """The deliveries of a notification to a person, by their choices. `chosen`: their
    preferences read already (`preferences_chosen`), else each is read here."""
    spec = kind_get(notification.kind)
    quiet = quiet_hours(contact)
    texts_stopped: bool | None = None  # asked once, and only when a text could go
    deliveries = []
    for channel in (Channel.EMAIL, *TEXT_CHANNELS):
        if channel in TEXT_CHANNELS and not (spec.texts and contact.can_text(channel)):
            continue
        if channel in TEXT_CHANNELS:
            if texts_stopped is None:
                texts_stopped = bool(texts_refused(person.pk))
            if texts_stopped:
                continue
        frequency = frequency_for(
            person,
            spec,
            channel,
            role,
            chosen=None if chosen is None else chosen.get((person.pk, spec.code, channel), ""),
        )
        if frequency == Frequency.OFF:
            continue
        if frequency == Frequency.IMMEDIATE:
            due = now if spec.mandatory else after_quiet_hours(now, person.time_zone, quiet)
            deliveries.append(
                Delivery(
                    notification=notification,
                    channel=channel,
                    state=Delivery.State.QUEUED,
                    due_at=due,
                )
            )
        else:
            deliveries.append(
                Delivery(
                    notification=notification,
                    channel=channel,
                    state=Delivery.State.DIGEST,
                    frequency=frequency,
                    due_at=now,
                )
            )
    return deliveries


def _live(person: Person, notification: Notification) -> None:
    """Refresh the bell on the person's open pages (in their language), from the rows the
    change wrote (committed by now)."""
    from bridgeway.notifications.render import summary_in

    try:
        unread = unread_counts([person.pk]).get(person.pk, 0)
        notify_person(
            person_id=person.pk,
            event={
                "type": "notification",
                "unread": unread,
                "text": summary_in(notification, person.preferred_language),
            },
        )
    except Exception:  # a live update never fails the change it reports
        logger.exception("live notification %s failed", notification.pk)


def _live_many(told: list[tuple[Person, Notification, dict[str, Any] | None]]) -> None:
    """`_live` for the notifications of one change: the unread counts of everyone told in one
    query, the texts from the values the change gave (`Notice.values`) or loaded per kind and
    language (`values_for`)."""
    from bridgeway.notifications.render import recipient_language, summary_in, values_for

    try:
        counts = unread_counts(sorted({person.pk for person, _n, _v in told}))
        values = values_for(n for _person, n, given in told if given is None)
    except Exception:  # a live update never fails the change it reports
        logger.exception("live notifications %s failed", [n.pk for _p, n, _v in told])
        return
    for person, notification, given in told:
        if given is not None:
            values[notification.pk] = {**notification.params, **given}
        try:
            notify_person(
                person_id=person.pk,
                event={
                    "type": "notification",
                    "unread": counts.get(person.pk, 0),
                    "text": summary_in(
                        notification,
                        person.preferred_language,
                        # loaded in the language the text is in
                        values.get(notification.pk)
                        if given is not None
                        or recipient_language(notification) == person.preferred_language
                        else None,
                    ),
                },
            )
        except Exception:
            logger.exception("live notification %s failed", notification.pk)


def _kick() -> None:
    """Ask the worker to send what just became due; the minute sweep catches anything missed."""
    try:
        from bridgeway.notifications.tasks import send_now

        send_now()
    except Exception:  # a broken queue delays, never fails, the request
        logger.exception("could not queue the delivery of notifications")


def deliveries_send_due(*, now: datetime | None = None, limit: int = 200) -> int:
    """Send every delivery due at `now`; returns how many went out."""
    sent = 0
    while True:
        moment = now or timezone.now()
        token, ids = claim(
            Delivery,
            ready=Delivery.State.QUEUED,
            running=Delivery.State.SENDING,
            now=moment,
            limit=limit,
        )
        if not ids:
            return sent
        rows = list(
            Delivery.objects.filter(pk__in=ids, claim_token=token)
            .select_related("notification__person", "notification__person__contact_settings")
            .order_by("pk")
        )
        sent += _send_batch(rows, token, moment)


def _send_batch(rows: Iterable[Delivery], token: str, now: datetime) -> int:
    sent = 0
    by_channel: dict[str, list[Delivery]] = {}
    for row in rows:
        by_channel.setdefault(row.channel, []).append(row)
    for channel, batch in by_channel.items():
        sender = (
            email_channel.Sender(batch) if channel == Channel.EMAIL else texting.Sender(channel)
        )
        try:
            for delivery in batch:
                try:
                    sent_to, provider_id = sender.send(delivery)
                except email_channel.Undeliverable as exc:
                    _finish(delivery, token, Delivery.State.UNDELIVERABLE, reason=str(exc))
                except Exception as exc:
                    logger.warning("delivery %s failed: %s", delivery.pk, exc)
                    _retry(delivery, token, exc, now)
                    sender.reset()
                else:
                    _mark_sent(delivery, token, sent_to=sent_to, provider_id=provider_id)
                    sent += 1
        finally:
            sender.close()
    return sent


def _mark_sent(delivery: Delivery, token: str, *, sent_to: str, provider_id: str) -> None:
    """Record a delivery as sent in a commit of its own, right after the provider accepted it:
    a worker killed later re-sends nothing (the one window for a duplicate stays one message
    per kill). Plain SQL because building this UPDATE with the ORM, once per message, cost
    about a tenth of the sender's time."""
    table = connection.ops.quote_name(Delivery._meta.db_table)
    sql = (
        # The table name is the model's; every value is a parameter.
        f"UPDATE {table} SET state = %s, sent_to = %s, provider_id = %s, message_id = %s, "  # noqa: S608  # nosec B608
        "sent_at = %s, last_error = '', attempts = attempts + 1 "
        "WHERE id = %s AND claim_token = %s"
    )
    message_id = email_channel.message_id(delivery) if delivery.channel == Channel.EMAIL else ""
    sent_at = connection.ops.adapt_datetimefield_value(timezone.now())
    with connection.cursor() as cursor:
        cursor.execute(
            sql,
            [Delivery.State.SENT, sent_to, provider_id, message_id, sent_at, delivery.pk, token],
        )


def _finish(delivery: Delivery, token: str, state: str, *, reason: str = "") -> None:
    Delivery.objects.filter(pk=delivery.pk, claim_token=token).update(
        state=state,
        provider_id="",
        last_error=reason[:2000],
        sent_to="",
        sent_at=None,
        message_id=email_channel.message_id(delivery) if delivery.channel == Channel.EMAIL else "",
        attempts=F("attempts") + 1,
    )


def _retry(delivery: Delivery, token: str, exc: Exception, now: datetime) -> None:
    attempts = delivery.attempts + 1
    failed = attempts >= MAX_ATTEMPTS
    Delivery.objects.filter(pk=delivery.pk, claim_token=token).update(
        attempts=attempts,
        last_error=f"{type(exc).__name__}: {exc}"[:2000],
        state=Delivery.State.FAILED if failed else Delivery.State.QUEUED,
        due_at=now + backoff(attempts),
    )


def delivery_resend(*, delivery: Delivery) -> None:
    """Staff: send a failed or undeliverable delivery again, now."""
    from django.utils.translation import gettext as _

    from bridgeway.core.services import DomainError

    changed = Delivery.objects.filter(
        Q(state=Delivery.State.FAILED) | Q(state=Delivery.State.UNDELIVERABLE), pk=delivery.pk
    ).update(state=Delivery.State.QUEUED, due_at=timezone.now(), attempts=0, last_error="")
    if not changed:
        raise DomainError(_("Only a failed or undeliverable message can be sent again."))
    transaction.on_commit(_kick)
