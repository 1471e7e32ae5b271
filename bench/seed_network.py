"""A network of people ready to be matched, written fast, for the HTTP load benchmarks.

    python bench/seed_network.py --people 10000            # into the configured database
    python tests/with_services.py -- python bench/seed_network.py --people 10000
    python bench/seed_network.py --people 10000 --mentorships 0.3   # and what pages show

Builds `--agencies` agencies (an admin each), `--programs` professional-mentoring programs per
agency with the ready-made "professional" questionnaire, and `--people` people spread over the
programs, two mentees to each mentor. Everyone is "ready to be matched" and has answered their
program's questions (free-text answers with their matching vectors, as a profile save writes
them), so every mentee's suggestions can be computed; mentors take 2 or 3 mentees at once.

Every account signs in with the password BENCH_PASSWORD (one Argon2 hash for all: hashing
10,000 passwords would take minutes), has a verified email and no MFA, an API token and a
signed-in session. Rows go in with bulk_create, a few thousand per statement. On an empty
database (migrated first); prints what it wrote and how long it took.

With `--mentorships`, bench/seed_activity.py then writes coordinators, mentorships with
their messages and forum spaces with topics (the mixed traffic's pages).

`accounts()` gives the load benchmark what it needs to act as each person: the mentees still
free to ask (no request, no mentorship), with their token and session, and each mentor's token.
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
BENCH_PASSWORD = "bench-password-not-secret"  # noqa: S105 - throwaway bench accounts
DOMAIN = "bench.example"
SLOTS = [f"{d}-{p}" for d in ("mon", "tue", "wed", "thu", "sat") for p in ("morning", "evening")]
TIME_ZONES = ["America/Toronto", "America/Vancouver", "Asia/Manila", "Africa/Lagos", "Europe/Kyiv"]
LANGUAGE_SETS = [
    {"en": "native"},
    {"en": "fluent", "fr": "native"},
    {"ar": "native", "en": "conversational"},
    {"es": "native", "en": "fluent"},
    {"zh": "native", "en": "fluent"},
    {"tl": "native", "en": "fluent"},
]


def environment() -> None:
    """Production settings (no DEBUG) on plain HTTP; a throwaway data folder for SQLite."""
    if "BRIDGEWAY_DATA_DIR" not in os.environ:
        os.environ["BRIDGEWAY_DATA_DIR"] = tempfile.mkdtemp(prefix="bridgeway-bench-")
    os.environ.setdefault("BRIDGEWAY_HTTPS", "0")
    os.environ.setdefault("BRIDGEWAY_SECRET_KEY", "bench-only-secret-key-0123456789abcdefghijkl")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bridgeway.config.settings")
    for path in (str(ROOT / "src"), str(ROOT)):
        if path not in sys.path:
            sys.path.insert(0, path)


def _answers(questions: list[Any], role: str, person: Any, rng: random.Random) -> dict[str, Any]:
    """Plausible answers to the program's questions (demo/rich.py's generator, with the
    questions read once per program instead of once per person)."""
    from bridgeway.demo.rich import ABOUT

    occupation = rng.choice(list(ABOUT))
    answers: dict[str, Any] = {}
    for question in questions:
        if question.audience not in (role, "both"):
            continue
        kind, key = question.kind, question.key
        if kind == "languages":
            answers[key] = rng.choice(LANGUAGE_SETS)
        elif kind == "time_zone":
            answers[key] = person.time_zone
        elif kind == "country":
            answers[key] = "CA"
        elif kind == "city":
            answers[key] = rng.choice(["Toronto", "Montréal", "Winnipeg", "Calgary"])
        elif kind == "occupation":
            answers[key] = occupation
        elif kind == "availability":
            answers[key] = rng.sample(SLOTS, 4)
        elif kind in ("multiple_choice", "single_choice"):
            values = [choice["value"] for choice in question.choices]
            answers[key] = (
                rng.sample(values, min(2, len(values)))
                if kind == "multiple_choice"
                else rng.choice(values)
            )
        elif kind == "scale":
            answers[key] = rng.randint(question.scale_min or 1, question.scale_max or 5)
        elif kind == "text":
            answers[key] = ABOUT[occupation]
    return answers


def sign_in(persons: list[Any]) -> None:
    """A verified-email account's signed-in session for each person (rows written at once,
    as the project's session engines store them)."""
    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.utils import timezone

    from bridgeway.accounts.models import SignedInSession
    from bridgeway.accounts.session_engines.db import SessionStore

    expire = timezone.now() + timezone.timedelta(days=14)
    sessions = []
    for person in persons:
        store = SessionStore()
        data = {
            SESSION_KEY: str(person.pk),
            BACKEND_SESSION_KEY: settings.AUTHENTICATION_BACKENDS[0],
            HASH_SESSION_KEY: person.get_session_auth_hash(),
        }
        sessions.append(
            SignedInSession(
                session_key=store._get_new_session_key(),
                session_data=store.encode(data),
                expire_date=expire,
                person_id=person.pk,
            )
        )
    SignedInSession.objects.bulk_create(sessions, batch_size=2000)


def sessions_by_person() -> dict[int, str]:
    """Each signed-in person's session key (the last one written)."""
    from bridgeway.accounts.models import SignedInSession

    rows = SignedInSession.objects.filter(person__isnull=False).order_by("expire_date")
    return dict(rows.values_list("person_id", "session_key").iterator(chunk_size=2000))


def seed(*, people: int, agencies: int, programs: int, seed_value: int = 2026) -> dict[str, Any]:
    """Write the network; returns counts."""
    from allauth.account.models import EmailAddress
    from django.contrib.auth.hashers import make_password
    from django.db import transaction
    from rest_framework.authtoken.models import Token

    from bridgeway.accounts.models import Person
    from bridgeway.core.models import Membership, Network, Organization, StaffRole
    from bridgeway.programs.models import Enrollment, EnrollmentStatus, Program
    from bridgeway.programs.questionnaires.models import Answer
    from bridgeway.programs.questionnaires.profiles import answers_write
    from bridgeway.programs.questionnaires.selectors import questions_for_program
    from bridgeway.programs.questionnaires.services import questionnaire_start

    rng = random.Random(seed_value)
    password = make_password(BENCH_PASSWORD)
    network = Network.objects.create(name="Bench network", slug="bench-network")
    all_programs: list[Program] = []
    for a in range(agencies):
        agency = Organization.objects.create(
            network=network, name=f"Bench agency {a + 1}", slug=f"bench-{a + 1}", city="Toronto"
        )
        admin = Person.objects.create(
            email=f"admin{a + 1}@{DOMAIN}", display_name=f"Admin {a + 1}", password=password
        )
        Membership.objects.create(organization=agency, person=admin, role=StaffRole.ADMIN)
        for p in range(programs):
            program = Program.objects.create(
                organization=agency,
                name=f"Career bridge {a + 1}.{p + 1}",
                slug=f"career-{a + 1}-{p + 1}",
                summary="Newcomers meet a mentor in their field.",
                is_published=True,
            )
            questionnaire_start(program=program, by=admin, starter="professional")
            all_programs.append(program)

    first_names = ["Amal", "Bo", "Chen", "Dana", "Eli", "Fay", "Gita", "Hugo", "Ines", "Jon"]
    rows = [
        Person(
            email=f"p{i}@{DOMAIN}",
            display_name=f"{first_names[i % len(first_names)]} Bench{i}",
            password=password,
            time_zone=TIME_ZONES[i % len(TIME_ZONES)],
            preferred_language="fr" if i % 7 == 0 else "en",
        )
        for i in range(people)
    ]
    with transaction.atomic():
        Person.objects.bulk_create(rows, batch_size=2000)
    persons = list(Person.objects.filter(email__startswith="p", email__endswith=f"@{DOMAIN}"))
    persons.sort(key=lambda person: int(person.email[1:].split("@")[0]))
    with transaction.atomic():
        EmailAddress.objects.bulk_create(
            (EmailAddress(user=p, email=p.email, verified=True, primary=True) for p in persons),
            batch_size=2000,
        )
        Token.objects.bulk_create(
            (Token(user=p, key=Token.generate_key()) for p in persons), batch_size=2000
        )
        sign_in(persons)

    enrollments = []
    for i, person in enumerate(persons):
        role = "mentor" if i % 3 == 2 else "mentee"
        enrollments.append(
            Enrollment(
                program=all_programs[i % len(all_programs)],
                person=person,
                role=role,
                status=EnrollmentStatus.READY,
                capacity=rng.choice([2, 3]) if role == "mentor" else None,
            )
        )
    with transaction.atomic():
        Enrollment.objects.bulk_create(enrollments, batch_size=2000)
    by_person = {p.pk: p for p in persons}
    written = 0
    for program in all_programs:
        questions = list(questions_for_program(program=program))
        answers = []
        for enrollment in Enrollment.objects.filter(program=program).order_by("pk"):
            person = by_person[enrollment.person_id]
            values = _answers(questions, enrollment.role, person, rng)
            keyed = {q.key: q for q in questions}
            answers.extend(
                Answer(enrollment=enrollment, question=keyed[key], value=value)
                for key, value in values.items()
            )
        with transaction.atomic():
            answers_write(new=answers)
        written += len(answers)
    return {
        "agencies": agencies,
        "programs": len(all_programs),
        "people": len(persons),
        "mentees": sum(1 for e in enrollments if e.role == "mentee"),
        "mentors": sum(1 for e in enrollments if e.role == "mentor"),
        "answers": written,
    }


def accounts() -> dict[str, Any]:
    """What the load benchmark acts with: the mentees free to ask (ready, no request, no
    mentorship), each with their token and session key, and every mentor's token."""
    from django.conf import settings
    from rest_framework.authtoken.models import Token

    from bridgeway.programs.models import Enrollment, EnrollmentStatus

    tokens = dict(
        Token.objects.filter(user__email__endswith=f"@{DOMAIN}").values_list("user_id", "key")
    )
    sessions = sessions_by_person()
    bench = Enrollment.objects.filter(person__email__endswith=f"@{DOMAIN}")
    free = (
        bench.filter(role="mentee", status=EnrollmentStatus.READY)
        .exclude(requests_sent__isnull=False)
        .exclude(relationships_as_mentee__isnull=False)
        .values_list("pk", "person_id")
        .order_by("?")
    )
    return {
        "session_cookie": settings.SESSION_COOKIE_NAME,
        "mentees": [
            {"enrollment": pk, "token": tokens[person], "session": sessions[person]}
            for pk, person in free
        ],
        "mentors": {
            str(pk): tokens[person]
            for pk, person in bench.filter(role="mentor").values_list("pk", "person_id")
        },
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--people", type=int, default=10_000)
    parser.add_argument("--agencies", type=int, default=5)
    parser.add_argument("--programs", type=int, default=4, help="programs per agency")
    parser.add_argument("--no-migrate", action="store_true", help="the database is migrated")
    parser.add_argument(
        "--mentorships",
        type=float,
        help="then what the pages show (bench/seed_activity.py): coordinators, this share of "
        "the mentors in a mentorship with messages, forum spaces with topics",
    )
    args = parser.parse_args()
    environment()
    import django

    django.setup()
    from django.core.management import call_command

    started = time.perf_counter()
    if not args.no_migrate:
        call_command("migrate", verbosity=0)
        call_command("createcachetable", verbosity=0)
    migrated = time.perf_counter()
    counts = seed(people=args.people, agencies=args.agencies, programs=args.programs)
    if args.mentorships is not None:
        from seed_activity import seed_activity

        counts.update(seed_activity(mentorships=args.mentorships))
    done = time.perf_counter()
    print(
        f"seeded {counts} in {done - migrated:.1f} s (migrate {migrated - started:.1f} s)",
        flush=True,
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
