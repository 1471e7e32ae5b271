"""Ten months of history for the reports, so that `make run` shows dashboards with something
in them: past mentees of Maple's professional cohort and of Prairie's entrepreneurs program who
applied, were matched (or are still waiting, or left), met, raised concerns and closed their
mentorships with a survey. Written as rows with their past dates (the services stamp "now").
Running it again changes nothing."""

from __future__ import annotations

import random
from datetime import datetime, timedelta

from django.db import transaction
from django.utils import timezone

from bridgeway.accounts.models import Person
from bridgeway.concerns.models import Concern
from bridgeway.demo.network import DEMO_DOMAIN
from bridgeway.programs.models import Enrollment, Program, StatusChange
from bridgeway.relationships.models import (
    ClosureSurvey,
    Goal,
    Meeting,
    MeetingLog,
    Relationship,
)

COUNTRIES = ["SY", "AF", "UA", "IN", "PH", "CO", "NG", "IR", "CN", "ET"]
LANGUAGES = [["ar", "en"], ["fa", "ps"], ["uk", "en"], ["hi", "en"], ["tl", "en"], ["es"]]
CLOSE = ["completed", "completed", "goals_met", "completed", "moved_on", "no_time", "not_working"]
CONCERNS = ["inactivity", "language", "conduct", "inactivity", "accessibility", "other"]


def _person(local: str, rng: random.Random) -> Person:
    person, _created = Person.objects.get_or_create(
        email=f"{local}@{DEMO_DOMAIN}",
        defaults={
            "display_name": local.replace(".", " ").title(),
            "country": rng.choice(COUNTRIES),
            "spoken_languages": rng.choice(LANGUAGES),
            "is_active": False,  # history only: nobody signs in as them
        },
    )
    return person


def _history(program: Program, size: int, rng: random.Random) -> None:
    now = timezone.now()
    mentors = [
        Enrollment.objects.create(
            program=program,
            person=_person(f"past.mentor.{program.slug}.{i}", rng),
            role="mentor",
            status="matched",
            created_at=now - timedelta(days=320 + i),
        )
        for i in range(max(3, size // 4))
    ]
    staff = Person.objects.filter(memberships__organization=program.organization).first()
    for i in range(size):
        applied = now - timedelta(days=rng.randint(20, 300))
        mentee = Enrollment.objects.create(
            program=program,
            person=_person(f"past.mentee.{program.slug}.{i}", rng),
            role="mentee",
            status="training",
            created_at=applied,
        )
        fate = rng.random()
        if fate < 0.12:
            mentee.status = "withdrawn"
        elif fate < 0.2:
            mentee.status = "screening"
        else:
            ready = applied + timedelta(days=rng.randint(3, 15))
            StatusChange.objects.create(
                enrollment=mentee, from_status="training", to_status="ready", changed_at=ready
            )
            mentee.status = "ready"
            if fate > 0.3:
                mentee.status = "matched"
                _mentorship(mentee, rng.choice(mentors), ready, rng, staff)
        mentee.save(update_fields=["status"])


def _mentorship(
    mentee: Enrollment, mentor: Enrollment, ready: datetime, rng: random.Random, staff: object
) -> None:
    now = timezone.now()
    started = ready + timedelta(days=rng.randint(2, 60))
    if started > now - timedelta(days=2):
        started = now - timedelta(days=2)
    ends = started + timedelta(days=120)
    closed: datetime | None = ends if ends < now else None
    if closed is None and rng.random() < 0.15:
        closed = started + timedelta(days=rng.randint(20, 60))
        closed = min(closed, now - timedelta(days=1))
    reason = rng.choice(CLOSE) if closed else ""
    relationship = Relationship.objects.create(
        program=mentee.program,
        mentee=mentee,
        mentor=mentor,
        status="closed" if closed else "active",
        started_at=started,
        activated_at=started + timedelta(days=1),
        planned_end=ends.date(),
        closed_at=closed,
        close_reason=reason,
    )
    last = closed or now
    moment = started + timedelta(days=10)
    while moment < last - timedelta(days=rng.randint(5, 40)):
        meeting = Meeting.objects.create(
            relationship=relationship, kind="video", starts_at=moment, status="scheduled"
        )
        for person in (mentee.person, mentor.person):
            MeetingLog.objects.create(
                meeting=meeting, person=person, outcome="met", minutes=45, created_at=moment
            )
        moment += timedelta(days=rng.choice([14, 14, 21, 30]))
    if closed:
        mentee.status = "closed"
        for person, score in ((mentee.person, rng.choice([3, 4, 5, 5])), (mentor.person, 4)):
            ClosureSurvey.objects.create(
                relationship=relationship,
                person=person,
                satisfaction=score if reason != "not_working" else 2,
                goals_achieved="yes" if reason in ("completed", "goals_met") else "partly",
                would_recommend=reason != "not_working",
                continue_informally=rng.random() < 0.5,
                created_at=closed,
            )
        if reason in ("completed", "goals_met"):
            Goal.objects.create(
                relationship=relationship,
                title="Apply to five employers in my field",
                status="met",
                met_at=closed - timedelta(days=3),
            )
    if staff is not None and rng.random() < 0.3:
        Concern.objects.create(
            organization=mentee.program.organization,
            program=mentee.program,
            relationship=relationship,
            reporter=mentee.person,
            category=rng.choice(CONCERNS),
            description="Raised during the mentorship (demo history).",
            status="resolved",
            created_at=started + timedelta(days=15),
        )


@transaction.atomic
def demo_reports() -> None:
    rng = random.Random(15)
    for slug, size in (("professional-bridge", 36), ("enterprise-ability", 14)):
        program = Program.objects.filter(slug=slug).first()
        if (
            program is None
            or Enrollment.objects.filter(
                program=program, person__email__startswith="past.mentee."
            ).exists()
        ):
            continue
        _history(program, size, rng)
