"""Assessments for `make run`: Maple's professional cohort asks the ready-made mentee
instrument; a dozen past mentees (from the reports' history) answered it before their
mentorship and when it closed, so the results page and the network's figures show a change;
Priya, ready to be matched, has her "before" assessment waiting. Running it again changes
nothing."""

from __future__ import annotations

import random
from datetime import timedelta
from typing import Any

from django.db import transaction

from bridgeway.accounts.models import Person
from bridgeway.demo.network import DEMO_DOMAIN
from bridgeway.programs.models import Enrollment, Program
from bridgeway.relationships.models import Relationship
from bridgeway.reports.assessments.models import Assessment, AssessmentAnswer, Instrument
from bridgeway.reports.assessments.moments import assessment_send
from bridgeway.reports.assessments.services import instrument_add_ready_made

PAST = 12


def _answers(rng: random.Random, before: dict[str, Any] | None) -> dict[str, Any]:
    """Plausible answers: before the program, or later (a little better, not always)."""
    if before is None:
        return {
            "confidence_skills": rng.randint(1, 3),
            "network_size": rng.randint(0, 3),
            "workplace_norms": rng.randint(1, 3),
            "labour_market": rng.randint(1, 3),
            "resources_awareness": rng.randint(1, 3),
            "applications_sent": rng.randint(0, 8),
            "interviews": rng.randint(0, 1),
            "employment": rng.choice(["not_working", "not_working", "outside_field"]),
        }
    later: dict[str, Any] = {
        key: min(5, value + rng.choice([0, 1, 1, 2]))
        for key, value in before.items()
        if key in ("confidence_skills", "workplace_norms", "labour_market", "resources_awareness")
    }
    later["network_size"] = before["network_size"] + rng.randint(1, 8)
    later["applications_sent"] = rng.randint(3, 15)
    later["interviews"] = rng.randint(0, 4)
    later["employment"] = rng.choice(["in_field", "outside_field", "not_working"])
    return later


def _answered(instrument: Instrument, relationship: Relationship, rng: random.Random) -> None:
    questions = {q.key: q for q in instrument.questions.all()}
    assert relationship.closed_at is not None
    before_answers = _answers(rng, None)
    moments = (
        ("before", relationship.started_at, before_answers),
        ("closure", relationship.closed_at, _answers(rng, before_answers)),
    )
    for moment, when, answers in moments:
        assessment = Assessment.objects.create(
            instrument=instrument,
            enrollment=relationship.mentee,
            moment=moment,
            sent_at=when,
            completed_at=when + timedelta(days=rng.randint(0, 6)),
        )
        AssessmentAnswer.objects.bulk_create(
            AssessmentAnswer(assessment=assessment, question=questions[key], value=value)
            for key, value in answers.items()
        )


@transaction.atomic
def demo_assessments() -> None:
    program = Program.objects.filter(slug="professional-bridge").first()
    admin = Person.objects.filter(email=f"maple.admin@{DEMO_DOMAIN}").first()
    if program is None or admin is None:
        return
    if Instrument.objects.filter(program=program, ready_made="mentee").exists():
        return
    instrument = instrument_add_ready_made(program=program, name="mentee", by=admin)
    rng = random.Random(1501)
    closed = Relationship.objects.filter(
        program=program, status="closed", mentee__person__email__startswith="past.mentee."
    ).order_by("pk")[:PAST]
    for relationship in closed:
        _answered(instrument, relationship, rng)
    priya = Enrollment.objects.filter(
        program=program, person__email=f"mentee.priya@{DEMO_DOMAIN}", role="mentee"
    ).first()
    if priya is not None:
        assessment_send(instrument=instrument, enrollment=priya, moment="before")
