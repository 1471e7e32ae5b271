"""Reading notifications: a person's own, and what staff may see of deliveries."""

from __future__ import annotations

from django.db.models import Count, Q, QuerySet

from bridgeway.accounts.models import Person
from bridgeway.core.models import Organization
from bridgeway.notifications.digests import DIGEST_KIND
from bridgeway.notifications.models import Delivery, Notification, Preference, Timer


def notifications_for(*, person: Person) -> QuerySet[Notification]:
    """The person's notifications for the bell and its page, newest first."""
    return Notification.objects.filter(person=person).exclude(kind=DIGEST_KIND)


def unread_count(*, person: Person) -> int:
    return notifications_for(person=person).filter(read_at__isnull=True).count()


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
