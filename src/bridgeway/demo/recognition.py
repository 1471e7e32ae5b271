"""Recognition for `make run`: Daniel Cohen, a mentor of Maple's professional cohort, completed
a mentorship last year (fourteen meetings he logged, 14 hours), holds a certificate of
participation signed by the coordinator, and has asked for a letter to his manager, waiting on
the program's recognition page. Running it again changes nothing."""

from __future__ import annotations

from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from bridgeway.accounts.models import Person
from bridgeway.demo.network import DEMO_DOMAIN
from bridgeway.programs.models import Enrollment
from bridgeway.relationships.models import Meeting, MeetingLog, Relationship
from bridgeway.reports.recognition import letters, services
from bridgeway.reports.recognition.models import Certificate


@transaction.atomic
def demo_recognition() -> None:
    mentor = Enrollment.objects.filter(
        person__email=f"mentor.daniel@{DEMO_DOMAIN}", program__slug="professional-bridge"
    ).first()
    coordinator = Person.objects.filter(email=f"maple.coordinator@{DEMO_DOMAIN}").first()
    if (
        mentor is None
        or coordinator is None
        or Certificate.objects.filter(enrollment=mentor).exists()
    ):
        return
    past, _created = Person.objects.get_or_create(
        email=f"past.mentee.recognition@{DEMO_DOMAIN}",
        defaults={"display_name": "Samir Haddad", "is_active": False},
    )
    mentee = Enrollment.objects.create(
        program=mentor.program, person=past, role="mentee", status="alumni"
    )
    started = timezone.now() - timedelta(days=300)
    relationship = Relationship.objects.create(
        program=mentor.program,
        mentee=mentee,
        mentor=mentor,
        status=Relationship.Status.CLOSED,
        started_at=started,
        activated_at=started + timedelta(days=2),
        planned_end=(started + timedelta(weeks=17)).date(),
        closed_at=started + timedelta(weeks=17),
        close_reason="completed",
    )
    for week in range(14):
        day = started + timedelta(weeks=week + 1)
        meeting = Meeting.objects.create(
            relationship=relationship, kind="video", starts_at=day, status="scheduled"
        )
        for person in (mentor.person, past):
            MeetingLog.objects.create(
                meeting=meeting, person=person, outcome="met", minutes=60, created_at=day
            )
    services.certificate_issue(
        enrollment=mentor, by=coordinator, signer_title="Program coordinator"
    )
    letters.letter_request(
        enrollment=mentor,
        recipient_name="Laura Chen",
        recipient_email=f"laura.chen@{DEMO_DOMAIN}",
        employer="Northern Engineering Ltd.",
        language="en",
        send_by_email=True,
        consent=True,
    )
