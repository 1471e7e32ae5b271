"""Match quality for `make run`: Maple's professional cohort gets thirty more past pairs, and
every past pair of its history (these and the reports' own) is given profile answers, a match
proposal scored by the real matching engine from them, and the accepted request the mentorship
stands on — so the match-quality page has enough closed pairs to show bands and rules.

Mentees who share their mentor's occupation code (the *close occupation* rule) were a little
more satisfied and reached their goals more often, so that rule shows a clear difference; the
others (time zone, availability, languages, what they wrote) show none, as real data often
do. Written as rows with their past dates, like the reports' history. Running it again changes
nothing."""

from __future__ import annotations

import random
from datetime import datetime, timedelta
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone

from bridgeway.accounts.models import Person
from bridgeway.demo.network import DEMO_DOMAIN
from bridgeway.matching.engine import Engine, Participant
from bridgeway.matching.models import MatchProposal
from bridgeway.matching.reasons import reason_data
from bridgeway.matching.selectors import mentee_key, mentor_key, program_spec
from bridgeway.programs.models import Enrollment, Program
from bridgeway.programs.questionnaires.models import Answer, Question
from bridgeway.programs.questionnaires.profiles import answers_write
from bridgeway.programs.questionnaires.selectors import (
    answers_and_vectors_for_program,
    questions_for_program,
)
from bridgeway.programs.questionnaires.services import questionnaire_start
from bridgeway.relationships.models import ClosureSurvey, MentorRequest, Relationship

PAIRS = 30
MENTORS = 8
# (occupation group, the mentor's NOC code, what they write) of the cohort's mentors.
FIELDS = [
    ("1", "11100", "Auditor in a public accounting firm; I coach people preparing for the CPA."),
    ("2", "21231", "Software engineer leading a team that builds web applications."),
    ("3", "31301", "Nurse manager in a hospital; I help nurses through the licensing steps."),
    ("4", "41200", "College instructor; I review résumés for teaching jobs."),
]
# Occupations a newcomer may aim at that are neither in their mentor's NOC category nor at its
# level of training (TEER): the rule earns them no points.
ELSEWHERE = ["64100", "73300", "14100", "65200", "75101"]
ZONES = ["America/Toronto", "America/Vancouver", "Asia/Manila", "Africa/Lagos", "Asia/Kolkata"]
SLOTS = [f"{day}-{part}" for day in ("mon", "tue", "wed", "sat") for part in ("morning", "evening")]
GOALS = ["licensing", "job_search", "interviews", "networking", "workplace"]


def _past_person(local: str, rng: random.Random) -> Person:
    person, _created = Person.objects.get_or_create(
        email=f"{local}@{DEMO_DOMAIN}",
        defaults={
            "display_name": local.split(".")[-2].title() + " " + local.split(".")[-1],
            "time_zone": rng.choice(ZONES),
            "is_active": False,  # history only: nobody signs in as them
        },
    )
    return person


def _survey(
    relationship: Relationship, person: Person, score: int, goals: str, when: datetime
) -> None:
    ClosureSurvey.objects.create(
        relationship=relationship,
        person=person,
        satisfaction=score,
        goals_achieved=goals,
        would_recommend=score >= 4,
        continue_informally=score == 5,
        created_at=when,
    )


def _more_pairs(program: Program, rng: random.Random) -> dict[int, bool]:
    """Past pairs of this demo, and whether each mentee aims at their mentor's occupation
    (every other one): their satisfaction and goals follow it."""
    now = timezone.now()
    mentors = [
        Enrollment.objects.create(
            program=program,
            person=_past_person(f"past.quality.mentor.{i}", rng),
            role="mentor",
            status="matched",
            created_at=now - timedelta(days=400),
        )
        for i in range(MENTORS)
    ]
    shares: dict[int, bool] = {}
    for i in range(PAIRS):
        closed = now - timedelta(days=rng.randint(10, 330))
        mentee = Enrollment.objects.create(
            program=program,
            person=_past_person(f"past.quality.mentee.{i}", rng),
            role="mentee",
            status="closed",
            created_at=closed - timedelta(days=150),
        )
        relationship = Relationship.objects.create(
            program=program,
            mentee=mentee,
            mentor=mentors[i % MENTORS],
            status="closed",
            started_at=closed - timedelta(days=120),
            activated_at=closed - timedelta(days=119),
            planned_end=closed.date(),
            closed_at=closed,
            close_reason="completed",
        )
        shared = shares[relationship.pk] = i % 2 == 0
        score = rng.choice([4, 5, 5, 5] if shared else [3, 3, 4, 4])
        reached = rng.random() < (0.75 if shared else 0.3)
        _survey(relationship, mentee.person, score, "yes" if reached else "partly", closed)
        # Mentors answer as in the reports' history: a 4, and their mentees' goals partly met.
        _survey(relationship, relationship.mentor.person, 4, "partly", closed)
    return shares


def _shares_occupation(
    relationship: Relationship, shares: dict[int, bool], rng: random.Random
) -> bool:
    """This demo's own pairs as decided; the reports' history by the mentee's satisfaction."""
    if relationship.pk in shares:
        return shares[relationship.pk]
    answered = relationship.closure_surveys.filter(person=relationship.mentee.person).first()
    happy = answered is not None and answered.satisfaction >= 5
    return rng.random() < (0.85 if happy else 0.3)


def _mentor_answers(index: int, rng: random.Random) -> dict[str, Any]:
    group, code, about = FIELDS[index % len(FIELDS)]
    return {
        "occupation": group,
        "noc": code,
        "experience": rng.randint(3, 5),
        "career_goals": rng.sample(GOALS, 3),
        "languages": {"en": "native", "fr": "conversational"},
        "time_zone": "America/Toronto",
        "availability": rng.sample(SLOTS, 4),
        "about": about,
    }


def _mentee_answers(
    mentor: dict[str, Any], shared: bool, person: Person, rng: random.Random
) -> dict[str, Any]:
    code = mentor["noc"]
    elsewhere = [other for other in ELSEWHERE if other[0] != code[0] and other[1] != code[1]]
    return {
        "occupation": mentor["occupation"],  # a rule that must be met: every pair met it
        "noc": code if shared else rng.choice(elsewhere),
        "experience": rng.randint(0, 5),
        "career_goals": rng.sample(GOALS, 2),
        "languages": {"en": rng.choice(["conversational", "fluent"]), "ar": "native"},
        "time_zone": person.time_zone,
        "availability": rng.sample(SLOTS, 4),
        "about": "Newcomer looking for work in my field; I want to understand how hiring works.",
    }


def _write(enrollment: Enrollment, values: dict[str, Any], questions: dict[str, Question]) -> None:
    answers_write(
        new=[
            Answer(enrollment=enrollment, question=questions[key], value=value)
            for key, value in values.items()
            if key in questions
        ]
    )


def _proposal(relationship: Relationship, engine: Engine) -> None:
    """The proposal the pair would have stood on, scored by the engine, and its request."""
    pair = engine.score(mentee_key(relationship.mentee_id), mentor_key(relationship.mentor_id))
    proposed: datetime = relationship.started_at - timedelta(days=7)
    proposal = MatchProposal.objects.create(
        program=relationship.program,
        mentee=relationship.mentee,
        mentor=relationship.mentor,
        score=Decimal(str(round(pair.score, 2))),
        reasons=reason_data(pair.reasons),
        breaks_hard_rule=not pair.feasible,
        source=MatchProposal.Source.BULK,
        status=MatchProposal.Status.ACCEPTED,
        created_at=proposed,
        closed_at=relationship.started_at,
    )
    relationship.request = MentorRequest.objects.create(
        program=relationship.program,
        mentee=relationship.mentee,
        mentor=relationship.mentor,
        source=MentorRequest.Source.COORDINATOR,
        proposal=proposal,
        status=MentorRequest.Status.ACCEPTED,
        created_at=proposed,
        sent_at=proposed,
        answered_at=relationship.started_at,
    )
    relationship.save(update_fields=["request"])


def _engine(program: Program, enrollments: list[Enrollment]) -> Engine | None:
    questions = list(questions_for_program(program=program))
    spec = program_spec(program=program, questions=questions)
    if spec is None:
        return None
    answers, vectors = answers_and_vectors_for_program(
        program=program, enrollments=Enrollment.objects.filter(pk__in=[e.pk for e in enrollments])
    )

    def side(role: str, key: Any) -> list[Participant]:
        return [
            Participant(
                id=key(e.pk),
                role=role,
                answers=answers.get(e.pk, {}),
                text_vectors=vectors.get(e.pk, {}),
            )
            for e in enrollments
            if e.role == role
        ]

    return Engine(spec, side("mentee", mentee_key), side("mentor", mentor_key), validate=False)


@transaction.atomic
def demo_match_quality() -> None:
    cohort = Program.objects.filter(slug="professional-bridge").first()
    admin = Person.objects.filter(email=f"maple.admin@{DEMO_DOMAIN}").first()
    if cohort is None or admin is None:
        return
    if Person.objects.filter(email=f"past.quality.mentee.0@{DEMO_DOMAIN}").exists():
        return
    if not Question.objects.filter(program=cohort).exists():
        questionnaire_start(program=cohort, by=admin, starter="professional")
    rng = random.Random(7)
    shares = _more_pairs(cohort, rng)
    pairs = list(
        Relationship.objects.filter(
            program=cohort, request__isnull=True, mentee__person__email__startswith="past."
        )
        .select_related("mentee__person", "mentor__person", "program")
        .order_by("pk")
    )
    questions = {q.key: q for q in questions_for_program(program=cohort)}
    mentors: dict[int, dict[str, Any]] = {}
    for relationship in pairs:
        mentor = relationship.mentor
        if mentor.pk not in mentors:
            mentors[mentor.pk] = _mentor_answers(len(mentors), rng)
            _write(mentor, mentors[mentor.pk], questions)
        shared = _shares_occupation(relationship, shares, rng)
        values = _mentee_answers(mentors[mentor.pk], shared, relationship.mentee.person, rng)
        _write(relationship.mentee, values, questions)
    people = {e.pk: e for r in pairs for e in (r.mentee, r.mentor)}
    engine = _engine(cohort, list(people.values()))
    if engine is None:
        return
    for relationship in pairs:
        _proposal(relationship, engine)
