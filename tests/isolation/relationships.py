"""Isolation entries for relationships: agency A's mentee asked A's mentor (the message carries
the canary) and their relationship; agency B tries those ids on every address, also under B's
own mentor enrollment."""

from __future__ import annotations

from datetime import timedelta
from types import SimpleNamespace

from django.utils import timezone

from bridgeway.relationships.models import (
    Agreement,
    CheckIn,
    ClosureSurvey,
    Goal,
    GoalNote,
    Meeting,
    MeetingLog,
    MentorRequest,
    Relationship,
    RequestMessage,
    StaffContact,
)
from tests.factories import EnrollmentFactory, PersonFactory
from tests.isolation._shared import CANARY, MISSING, NO_IDS, Entry, Pair, pk_of

FINGERPRINT_MODELS = [
    MentorRequest,
    RequestMessage,
    Relationship,
    Agreement,
    Meeting,
    MeetingLog,
    ClosureSurvey,
    Goal,
    GoalNote,
    CheckIn,
    StaffContact,
]


def _request(a: SimpleNamespace) -> list[Pair]:
    return [
        (
            {"pk": a.mentor_enrollment.pk, "request_pk": a.mentor_request.pk},
            {"pk": MISSING, "request_pk": MISSING},
        ),
        (
            {"pk": a.relationships_mentor_b.pk, "request_pk": a.mentor_request.pk},
            {"pk": a.relationships_mentor_b.pk, "request_pk": MISSING},
        ),
    ]


def _mentee_request(a: SimpleNamespace) -> list[Pair]:
    return [
        (
            {"pk": a.enrollment.pk, "request_pk": a.mentor_request.pk},
            {"pk": MISSING, "request_pk": MISSING},
        ),
        (
            {"pk": a.relationships_mentee_b.pk, "request_pk": a.mentor_request.pk},
            {"pk": a.relationships_mentee_b.pk, "request_pk": MISSING},
        ),
    ]


MATRIX: dict[str, Entry] = {
    "relationships:ask": pk_of("enrollment"),
    "relationships:request": _request,
    "relationships:mentee_request": _mentee_request,
    "relationships:detail": pk_of("relationship"),
    "relationships:staff_list": pk_of("program"),
    "relationships:staff_relationship": pk_of("relationship"),
    "relationships:agreement_template": pk_of("program"),
    "relationships:meeting_new": pk_of("relationship"),
    "relationships:meeting": pk_of("meeting"),
    "relationships:meeting_calendar": pk_of("meeting"),
    "relationships:close": pk_of("relationship"),
    "relationships:survey": pk_of("relationship"),
    "relationships:become_mentor": pk_of("relationship"),
    "relationships:goals": pk_of("relationship"),
    "relationships:check_in": lambda a: [
        (
            {"pk": a.relationship.pk, "kind": "pulse", "round_": "2026-12"},
            {"pk": MISSING, "kind": "pulse", "round_": "2026-12"},
        )
    ],
    "api:relationships-mentor-requests": pk_of("enrollment"),
    "api:relationships-requests-received": pk_of("mentor_enrollment"),
    "api:relationships-request-accept": _request,
    "api:relationships-request-decline": _request,
    "api:relationships-request-questions": _request,
    "api:relationships-mentee-request-questions": _mentee_request,
    "api:relationships-mentee-request-accept": _mentee_request,
    "api:relationships-mentee-request-decline": _mentee_request,
    "api:relationship-list": NO_IDS,
    "api:relationship-detail": pk_of("relationship"),
    "api:relationship-agreement-terms": pk_of("relationship"),
    "api:relationship-agreement-sign": pk_of("relationship"),
    "api:relationship-meetings": pk_of("relationship"),
    "api:meeting-pick": pk_of("meeting"),
    "api:meeting-cancel": pk_of("meeting"),
    "api:meeting-log": pk_of("meeting"),
}


def extend(world: SimpleNamespace, a: SimpleNamespace) -> None:
    now = timezone.now()
    a.mentor_request = MentorRequest.objects.create(
        program=a.program,
        mentee=a.enrollment,
        mentor=a.mentor_enrollment,
        source="mentee",
        status="waiting",
        message=f"Hello {CANARY}",
        sent_at=now,
        due_at=now + timedelta(days=14),
        mentee_confirms=True,
    )
    RequestMessage.objects.create(
        request=a.mentor_request,
        author=a.mentor_enrollment.person,
        side="mentor",
        text=f"Which city? {CANARY}",
    )
    a.relationship = Relationship.objects.create(
        program=a.program,
        mentee=a.enrollment,
        mentor=a.mentor_enrollment,
        planned_end=(now + timedelta(weeks=16)).date(),
    )
    Agreement.objects.create(relationship=a.relationship, waived_reason=f"Paper {CANARY}")
    a.meeting = Meeting.objects.create(
        relationship=a.relationship,
        kind="in_person",
        place=f"Cafe {CANARY}",
        options=[(now + timedelta(days=3)).isoformat()],
        starts_at=now + timedelta(days=3),
        status="scheduled",
    )
    Goal.objects.create(relationship=a.relationship, title=f"Goal {CANARY}")
    a.relationships_mentor_b = EnrollmentFactory(
        program=world.program_b,
        person=PersonFactory(email="b-relationships-mentor@example.org"),
        role="mentor",
    )
    a.relationships_mentee_b = EnrollmentFactory(
        program=world.program_b,
        person=PersonFactory(email="b-relationships-mentee@example.org"),
        role="mentee",
    )
