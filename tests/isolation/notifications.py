"""Isolation entries for notifications: agency A's notification to its mentee, its deliveries
(the failure reason carries the canary) and a failed job of A's; agency B tries their ids on
every address, also under B's own enrollment and agency."""

from __future__ import annotations

from types import SimpleNamespace

from django.core import signing
from django.utils import timezone

from bridgeway.notifications.models import (
    ContactSettings,
    Delivery,
    Notification,
    Preference,
    Timer,
)
from tests.factories import EnrollmentFactory, PersonFactory
from tests.isolation._shared import CANARY, MISSING, NO_IDS, Entry, Pair, pk_of

FINGERPRINT_MODELS = [Notification, Delivery, Timer, Preference, ContactSettings]


def _resend(a: SimpleNamespace) -> list[Pair]:
    return [
        (
            {"pk": a.enrollment.pk, "delivery_id": a.delivery.pk},
            {"pk": MISSING, "delivery_id": MISSING},
        ),
        # B's own enrollment in the address with A's delivery.
        (
            {"pk": a.notifications_enrollment_b.pk, "delivery_id": a.delivery.pk},
            {"pk": a.notifications_enrollment_b.pk, "delivery_id": MISSING},
        ),
    ]


def _forged_unsubscribe(a: SimpleNamespace) -> list[Pair]:
    # The signed token is the permission (RFC 8058 one-click, no sign-in): a token for A's
    # mentee signed with anything but the site's key is refused like a made-up one.
    forged = signing.dumps(
        {"p": a.mentee.pk, "k": ["programs.application_received"]}, salt="not-the-salt"
    )
    return [({"token": forged}, {"token": "x" * 40})]


MATRIX: dict[str, Entry] = {
    "notifications:list": NO_IDS,
    "notifications:read_all": NO_IDS,
    "notifications:preferences": NO_IDS,
    "notifications:text_inbound": NO_IDS,
    "notifications:open": pk_of("notification"),
    "notifications:read": pk_of("notification"),
    "notifications:unsubscribe": _forged_unsubscribe,
    "notifications:staff_jobs": lambda a: [({"slug": "agency-a"}, {"slug": "no-such-agency"})],
    "programs:staff_deliveries": pk_of("enrollment"),
    "programs:staff_resend": _resend,
    "api:notification-list": NO_IDS,
    "api:notification-read": pk_of("notification"),
    "api:notification-read-all": NO_IDS,
    "api:notification-preferences": NO_IDS,
}


def extend(world: SimpleNamespace, a: SimpleNamespace) -> None:
    notification = Notification.objects.create(
        kind="programs.application_received",
        event=f"isolation:{CANARY}",
        person=a.mentee,
        organization=a.agency,
        params={"enrollment": a.enrollment.pk},
        url=f"/dashboard/?{CANARY}",
    )
    delivery = Delivery.objects.create(
        notification=notification,
        channel="email",
        state=Delivery.State.FAILED,
        last_error=f"550 mailbox {CANARY} unknown",
        attempts=8,
    )
    Timer.objects.create(
        kind="example",
        key=f"isolation:{CANARY}",
        due_at=timezone.now(),
        state=Timer.State.FAILED,
        organization=a.agency,
        last_error=f"Failed {CANARY}",
    )
    a.notification = notification
    a.delivery = delivery
    a.notifications_enrollment_b = EnrollmentFactory(
        program=world.program_b, person=PersonFactory(email="b-notified@example.org")
    )
