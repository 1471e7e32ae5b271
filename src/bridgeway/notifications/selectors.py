"""Reading notifications: a person's own, and what staff may see of deliveries."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet

from bridgeway.accounts.models import Person
from bridgeway.core.models import Organization
from bridgeway.notifications.digests import DIGEST_KIND
from bridgeway.notifications.kinds import Kind, kinds
from bridgeway.notifications.models import Channel, Delivery, Notification, Preference, Timer
from bridgeway.notifications.preferences import frequency_for
from bridgeway.notifications.roles import person_roles


def notifications_for(*, person: Person) -> QuerySet[Notification]:
    """The person's notifications for the bell and its page, newest first."""
    return Notification.objects.filter(person=person).exclude(kind=DIGEST_KIND)


def unread_notifications(*, person: Person) -> QuerySet[Notification]:
    """The person's notifications not read yet: the bell's count."""
    return notifications_for(person=person).filter(read_at__isnull=True)


def unread_count(*, person: Person) -> int:
    return unread_notifications(person=person).count()


def deliveries_for_staff(*, organization: Organization, person: Person) -> QuerySet[Delivery]:
    """Deliveries of notifications the agency sent to this person (about its programs)."""
    return (
        Delivery.objects.filter(
            notification__organization=organization, notification__person=person
        )
        .select_related("notification")
        .order_by("-notification__created_at", "-pk")
    )


def delivery_get_for_staff(
    *, organization: Organization, delivery_id: int | None
) -> Delivery | None:
    if delivery_id is None:
        return None
    return (
        Delivery.objects.filter(pk=delivery_id, notification__organization=organization)
        .select_related("notification__person")
        .first()
    )


def failed_timers(*, organization: Organization) -> QuerySet[Timer]:
    return Timer.objects.filter(organization=organization, state=Timer.State.FAILED).order_by(
        "-finished_at", "-pk"
    )


def failed_deliveries_count(*, organization: Organization) -> int:
    return Delivery.objects.filter(
        notification__organization=organization,
        state__in=[Delivery.State.FAILED, Delivery.State.UNDELIVERABLE],
    ).count()


def preferences_chosen(*, person: Person) -> dict[tuple[str, str], str]:
    """(kind, channel) -> frequency, for what the person chose themselves."""
    return {(p.kind, p.channel): p.frequency for p in Preference.objects.filter(person=person)}


def delivery_counts_for_staff(*, organization: Organization, person: Person) -> dict[str, int]:
    """How many of the agency's deliveries to this person went out, and how many did not."""
    rows = deliveries_for_staff(organization=organization, person=person)
    problems = [Delivery.State.FAILED, Delivery.State.UNDELIVERABLE]
    return rows.aggregate(
        total=Count("pk"),
        sent=Count("pk", filter=Q(state__in=[Delivery.State.SENT, Delivery.State.IN_DIGEST])),
        failed=Count("pk", filter=Q(state__in=problems)),
    )


@dataclass(frozen=True)
class PreferenceRow:
    """One kind the person can choose how to receive: by email, and by text message (SMS and
    WhatsApp together), their own choice or else the default for their role."""

    kind: Kind
    email: str
    texts: str
    needs_answer: bool


def preference_rows(person: Person) -> list[PreferenceRow]:
    """The kinds of notification the person receives in their roles, with how often each
    comes, for the preferences page and the API."""
    roles = person_roles(person)
    role = next((r for r in ("mentee", "mentor", "staff") if r in roles), "person")
    chosen = preferences_chosen(person=person)
    rows = []
    for kind in kinds().values():
        if kind.code == DIGEST_KIND or not (set(kind.roles) & roles):
            continue
        email = chosen.get((kind.code, Channel.EMAIL)) or frequency_for(
            person, kind, Channel.EMAIL, role
        )
        texts = chosen.get((kind.code, Channel.SMS)) or frequency_for(
            person, kind, Channel.SMS, role
        )
        rows.append(
            PreferenceRow(kind=kind, email=email, texts=texts, needs_answer=kind.needs_answer)
        )
    return rows
