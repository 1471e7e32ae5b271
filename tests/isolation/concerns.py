"""Isolation entries for concerns: agency A's mentee raised a concern about her mentor (its
text, a staff note and a message carry the canary) and blocked him; agency B tries those ids
on every address, and agency A's slug on the agency pages."""

from __future__ import annotations

from types import SimpleNamespace

from django.utils import timezone

from bridgeway.concerns.models import Block, Concern, ConcernEvent
from bridgeway.relationships.models import Relationship
from tests.isolation._shared import CANARY, NO_IDS, Entry, Pair, pk_of

FINGERPRINT_MODELS = [Concern, ConcernEvent, Block]


def _org(a: SimpleNamespace) -> list[Pair]:
    return [({"org": "agency-a"}, {"org": "no-such-agency"})]


MATRIX: dict[str, Entry] = {
    "concerns:my_list": NO_IDS,
    "concerns:my_new": NO_IDS,
    "concerns:my_detail": pk_of("concern"),
    "concerns:staff_list": _org,
    "concerns:staff_new": _org,
    "concerns:staff_counts": _org,
    "concerns:staff_detail": pk_of("concern"),
    "api:concern-list": NO_IDS,
    "api:concern-detail": pk_of("concern"),
    "api:staff-concern-list": NO_IDS,
    "api:staff-concern-detail": pk_of("concern"),
    "api:concern-answers": pk_of("concern"),
    "api:staff-concern-notes": pk_of("concern"),
}


def extend(world: SimpleNamespace, a: SimpleNamespace) -> None:
    # A mentorship of their own (closed, so that relationships' open one can still start).
    relationship = Relationship.objects.create(
        program=a.program,
        mentee=a.enrollment,
        mentor=a.mentor_enrollment,
        status=Relationship.Status.CLOSED,
        planned_end=timezone.now().date(),
    )
    a.concern = Concern.objects.create(
        organization=a.agency,
        program=a.program,
        relationship=relationship,
        reporter=a.mentee,
        about=world.frank,
        category="conduct",
        description=f"What happened {CANARY}",
    )
    ConcernEvent.objects.create(
        concern=a.concern, kind="note", author=world.bob, text=f"Note {CANARY}"
    )
    ConcernEvent.objects.create(
        concern=a.concern,
        kind="message",
        author=world.bob,
        text=f"Message {CANARY}",
        for_reporter=True,
    )
    a.block = Block.objects.create(
        relationship=relationship, blocker=a.mentee, blocked=world.frank, concern=a.concern
    )
