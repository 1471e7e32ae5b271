"""Isolation entries for erasure and retention: agency A's participant is the subject of an
erasure request staff recorded (its reason carries the canary) and agency A has a retention
policy of its own; agency B tries those ids on every address, and agency A's slug on the
agency pages."""

from __future__ import annotations

from types import SimpleNamespace

from bridgeway.privacy.erasure.models import ErasureRequest
from bridgeway.privacy.retention.models import RetentionPolicy
from tests.isolation._shared import CANARY, NO_IDS, Entry, Pair, pk_of

FINGERPRINT_MODELS = [ErasureRequest, RetentionPolicy]


def _org(a: SimpleNamespace) -> list[Pair]:
    return [({"org": "agency-a"}, {"org": "no-such-agency"})]


MATRIX: dict[str, Entry] = {
    "privacy_erasure:mine": NO_IDS,
    "privacy_erasure:staff_list": _org,
    "privacy_erasure:staff_new": _org,
    "privacy_erasure:staff_detail": pk_of("erasure"),
    "privacy_retention:policy": _org,
    "api:erasure-mine": NO_IDS,
    "api:staff-erasure-list": NO_IDS,
    "api:staff-erasure-approve": pk_of("erasure"),
}


def extend(world: SimpleNamespace, a: SimpleNamespace) -> None:
    a.erasure = ErasureRequest.objects.create(
        person=a.mentee, requested_by=world.bob, by_staff=True, reason=f"Asked {CANARY}"
    )
    a.erasure.organizations.set([a.agency])
    RetentionPolicy.objects.create(organization=a.agency, message_years=3)
