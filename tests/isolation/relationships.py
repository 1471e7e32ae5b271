"""Isolation entries for relationships: agency A's mentee asked A's mentor (the message carries
the canary) and their relationship; agency B tries those ids on every address, also under B's
own mentor enrollment."""

from __future__ import annotations

from datetime import timedelta
from types import SimpleNamespace

from django.utils import timezone

from bridgeway.relationships import calendar_feed
from bridgeway.relationships.meeting_answers import answer_token
from bridgeway.relationships.models import (
    Agreement,
    CalendarFeed,
    CheckIn,
    ClosureSurvey,
    FlashSurvey,
    Goal,
    GoalNote,
    Meeting,
    MeetingLog,
    MeetingSeries,
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
    FlashSurvey,
    Goal,
    GoalNote,
    CheckIn,
    StaffContact,
    MeetingSeries,
    CalendarFeed,
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
    "relationships:agreement_pdf": pk_of("relationship"),
    "relationships:staff_agreement_pdf": pk_of("relationship"),
    "relationships:staff_list": pk_of("program"),
    "relationships:staff_relationship": pk_of("relationship"),
    "relationships:agreement_template": pk_of("program"),
    "relationships:meeting_new": pk_of("relationship"),
    "relationships:meeting": pk_of("meeting"),
    "relationships:meeting_calendar": pk_of("meeting"),
    "relationships:calendar_feed_page": NO_IDS,
    # The feed's secret is the key: whoever holds it reads the feed, signed in or not. What the
    # matrix can check is that A's replaced address answers like one that never existed.
    "relationships:calendar_feed": lambda a: [
        ({"token": a.replaced_feed_token}, {"token": "x" * 43})
    ],
    # A's signed "did you meet?" link, opened by B signed in: refused like a tampered one.
    "relationships:meeting_answer": lambda a: [
        ({"token": a.answer_token}, {"token": a.answer_token[:-3] + "xyz"})
    ],
    "relationships:close": pk_of("relationship"),
    "relationships:survey": pk_of("relationship"),
    "relationships:become_mentor": pk_of("relationship"),
    "api:relationship-close": pk_of("relationship"),
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
    "api:staff-relationship-detail": pk_of("relationship"),
    "api:staff-relationship-list": pk_of("program"),
    "api:meeting-cancel-series": pk_of("meeting"),
    "api:calendar-feed": NO_IDS,
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
    FlashSurvey.objects.create(
        relationship=a.relationship, person=a.enrollment.person, useful=4, comment=CANARY
    )
    a.replaced_feed_token = calendar_feed.feed_create(person=a.enrollment.person)
    calendar_feed.feed_create(person=a.enrollment.person)
    a.answer_token = answer_token(meeting_id=a.meeting.pk, person_id=a.enrollment.person.pk)
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
