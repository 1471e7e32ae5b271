"""How fast the matching pages answer over HTTP in a large program.

    python bench/bench_matching_pages.py                          # 10,000 mentees x 3,000 mentors
    python bench/bench_matching_pages.py --mentees 2000 --mentors 600 --requests 30   # quick try
    python bench/bench_matching_pages.py --postgres               # PostgreSQL + Redis

Builds one program from the "professional" questionnaire starter (occupation and languages
must be shared; career goals, time zone, availability and a free text weigh in) with
`--mentees` waiting mentees and `--mentors` mentors with one to three places, every answer
written in bulk with the vector of its text as the app stores it. Then it starts one server
process (`uvicorn bridgeway.config.asgi:application`, production settings: no DEBUG) on
127.0.0.1 and asks each page `--requests` times, one request at a time over a kept-alive
connection, with real session cookies:

- suggestions: `/my/enrollments/<pk>/suggestions/`, each time as another waiting mentee
  (their own page, `--people` of them in turn);
- board: the match board, as a coordinator (two-step verification set up);
- preview: the live preview of a hand-set pair (an HTMX request), a random mentee and mentor
  each time, as the coordinator;
- search: the hand-set form's live search for a mentee by name (an HTMX request for the
  pair page with what was typed; a pool this large is searched, not listed).

Prints p50, p95 and the slowest in ms, and the size of the page, for each. `--warmup` first
requests of each page are not counted. The database is a throwaway SQLite file (WAL) in a
temporary folder; `--postgres` runs the same through tests/with_services.py (a throwaway
PostgreSQL and Redis; the cache is then Redis).

To compare two versions of the code on the same data in one sitting (the shared machine's
speed drifts within the hour), build the data once in a folder and time either tree's server
against it, turn about:

    python bench/bench_matching_pages.py --data /tmp/pages-10k            # builds, then times
    python bench/bench_matching_pages.py --data /tmp/pages-10k --server-src /work/main/src
    python bench/bench_matching_pages.py --data /tmp/pages-10k            # reuses the data

`--data` keeps the SQLite file and the sessions in that folder and reuses them when they are
there (with the same `--mentees` and `--mentors`); `--server-src` runs the server from another
checkout's `src` (the database schema must be the same).
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import random
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]

ABOUT = [
    "Nurse from Beirut, ten years in intensive care, preparing the licensing exam.",
    "Software developer who moved from Lagos; likes open source and mentoring juniors.",
    "Accountant, CPA candidate, interested in public sector finance and volunteering.",
    "Civil engineer, bridges and roads, looking for a first job in Canada.",
    "Teacher of mathematics for high school; wants to work with newcomer youth.",
    "Pharmacist trained in Manila, preparing for the qualifying exam, loves cooking.",
    "Project manager in construction, PMP certified, enjoys hiking and photography.",
    "Graphic designer and illustrator, freelance, learning French in Montreal.",
    "Electrician with industrial experience, apprenticeship questions, family of four.",
    "Data analyst in banking; curious about machine learning and networking events.",
]
ZONES = ["America/Toronto", "America/Vancouver", "America/Halifax", "Asia/Manila", "Africa/Lagos"]
LANGS = ["en", "fr", "ar", "es", "zh", "tl", "fa"]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def environment(data: str | None) -> None:
    if data:
        Path(data).mkdir(parents=True, exist_ok=True)
        os.environ["BRIDGEWAY_DATA_DIR"] = str(Path(data).resolve())
    if "BRIDGEWAY_DATA_DIR" not in os.environ:
        os.environ["BRIDGEWAY_DATA_DIR"] = tempfile.mkdtemp(prefix="bridgeway-bench-")
    os.environ.setdefault("BRIDGEWAY_HTTPS", "0")
    os.environ.setdefault("BRIDGEWAY_SECRET_KEY", "bench-only-secret-key-0123456789abcdefghijkl")
    os.environ["DJANGO_SETTINGS_MODULE"] = "bridgeway.config.settings"
    os.environ["PYTHONPATH"] = os.pathsep.join(
        filter(None, [str(ROOT / "src"), str(ROOT), os.environ.get("PYTHONPATH")])
    )


def answers_of(rng: random.Random, role: str, occupations: list[str]) -> dict[str, Any]:
    from bridgeway.programs.questionnaires.codelists import SLOTS

    spoken = rng.sample(LANGS[1:], rng.randint(0, 2))
    languages = {
        "en": rng.choice(["fluent", "native"] if role == "mentor" else ["conversational", "fluent"])
    }
    languages.update(dict.fromkeys(spoken, "native"))
    return {
        "occupation": rng.choice(occupations[:6]),
        "career_goals": rng.sample(
            ["licensing", "job_search", "interviews", "networking", "workplace"], rng.randint(1, 3)
        ),
        "languages": languages,
        "time_zone": rng.choice(ZONES),
        "availability": sorted(rng.sample(SLOTS, rng.randint(2, 6))),
        "about": rng.choice(ABOUT),
    }


def prepare(args: argparse.Namespace) -> dict[str, Any]:
    """The program, its people and answers; sessions of a coordinator and of some mentees."""
    import django

    django.setup()
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.core.management import call_command

    from bridgeway.accounts.models import Person
    from bridgeway.accounts.session_engines.db import SessionStore
    from bridgeway.core.models import Membership, Network, Organization, StaffRole
    from bridgeway.programs.models import Enrollment, Program
    from bridgeway.programs.questionnaires.codelists import OCCUPATIONS
    from bridgeway.programs.questionnaires.models import Answer
    from bridgeway.programs.questionnaires.services import questionnaire_start
    from bridgeway.programs.questionnaires.values import matching_vector

    started = time.perf_counter()
    call_command("migrate", verbosity=0)
    call_command("createcachetable", verbosity=0)
    call_command("collectstatic", interactive=False, verbosity=0)  # the pages name hashed files
    network = Network.objects.create(name="Bench network", slug="bench-network")
    agency = Organization.objects.create(network=network, name="Bench agency", slug="bench")
    program = Program.objects.create(
        organization=agency, name="Career bridge", slug="career", summary="Newcomers meet peers."
    )
    coordinator = Person.objects.create(email="coordinator@bench.example", display_name="Cora")
    Membership.objects.create(organization=agency, person=coordinator, role=StaffRole.COORDINATOR)
    TOTP.activate(coordinator, generate_totp_secret())
    questions = {
        q.key: q
        for q in questionnaire_start(program=program, by=coordinator, starter="professional")
    }
    total = args.mentees + args.mentors
    Person.objects.bulk_create(
        (Person(email=f"p{i}@bench.example", display_name=f"Person {i:06d}") for i in range(total)),
        batch_size=2000,
    )
    people = list(
        Person.objects.filter(email__endswith="@bench.example")
        .exclude(pk=coordinator.pk)
        .order_by("pk")
    )
    rng = random.Random(1)
    Enrollment.objects.bulk_create(
        (
            Enrollment(
                program=program,
                person=person,
                role="mentee" if i < args.mentees else "mentor",
                status=("waitlisted" if i % 3 else "ready") if i < args.mentees else "ready",
                capacity=None if i < args.mentees else rng.randint(1, 3),
            )
            for i, person in enumerate(people)
        ),
        batch_size=2000,
    )
    enrollments = list(Enrollment.objects.filter(program=program).order_by("pk"))
    vectors: dict[str, str] = {}
    rows = []
    occupations = list(OCCUPATIONS)
    for enrollment in enrollments:
        for key, value in answers_of(rng, enrollment.role, occupations).items():
            answer = Answer(enrollment=enrollment, question=questions[key], value=value)
            if key == "about":
                if value not in vectors:
                    vectors[value] = matching_vector(questions[key], value)
                answer.text_vector = vectors[value]
            rows.append(answer)
    Answer.objects.bulk_create(rows, batch_size=5000)

    def session(person: Any) -> str:
        store = SessionStore()
        store[SESSION_KEY] = str(person.pk)
        store[BACKEND_SESSION_KEY] = settings.AUTHENTICATION_BACKENDS[0]
        store[HASH_SESSION_KEY] = person.get_session_auth_hash()
        store.create()
        return store.session_key or ""

    mentees = [e for e in enrollments if e.role == "mentee"]
    mentors = [e for e in enrollments if e.role == "mentor"]
    chosen = rng.sample(mentees, min(args.people, len(mentees)))
    print(
        f"program: {len(mentees)} mentees x {len(mentors)} mentors, {len(rows)} answers, "
        f"built in {time.perf_counter() - started:.1f} s "
        f"({settings.DATABASES['default']['ENGINE']})",
        flush=True,
    )
    return {
        "program": program.pk,
        "staff": session(coordinator),
        "mentees": [(e.pk, session(e.person)) for e in chosen],
        "mentee_ids": [e.pk for e in mentees],
        "mentor_ids": [e.pk for e in mentors],
        "cookie": settings.SESSION_COOKIE_NAME,
    }


def measure(
    connection: http.client.HTTPConnection, requests: list[tuple[str, dict[str, str]]], warmup: int
) -> tuple[list[float], int]:
    times = []
    size = 0
    for number, (path, headers) in enumerate(requests):
        t0 = time.perf_counter()
        connection.request("GET", path, headers=headers)
        response = connection.getresponse()
        body = response.read()
        elapsed = (time.perf_counter() - t0) * 1000
        if response.status != 200:
            raise RuntimeError(f"GET {path}: {response.status} {body[:300]!r}")
        if number >= warmup:
            times.append(elapsed)
            size = len(body)
    return times, size


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def prepared(args: argparse.Namespace) -> dict[str, Any]:
    """`prepare`, or what an earlier run with `--data` and the same sizes left there."""
    kept = Path(os.environ["BRIDGEWAY_DATA_DIR"]) / "bench-pages.json"
    size = [args.mentees, args.mentors]
    if args.data and kept.exists():
        data: dict[str, Any] = json.loads(kept.read_text())
        if data.get("size") == size:
            print(f"program: reusing the data in {args.data}", flush=True)
            return data
        raise SystemExit(f"{args.data} holds a program of another size; choose another folder")
    data = prepare(args)
    if args.data:
        kept.write_text(json.dumps({**data, "size": size}))
    return data


def run(args: argparse.Namespace) -> None:
    data = prepared(args)
    port = free_port()
    env = dict(os.environ)
    if args.server_src:
        source = str(Path(args.server_src).resolve())
        env["PYTHONPATH"] = os.pathsep.join([source, *env["PYTHONPATH"].split(os.pathsep)[1:]])
        print(f"server: code from {source}", flush=True)
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "uvicorn",
            "bridgeway.config.asgi:application",
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
            "--log-level",
            "warning",
            "--no-access-log",
        ],
        cwd=ROOT,
        env=env,
    )
    try:
        for _ in range(300):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                break
            except OSError:
                time.sleep(0.1)
        rng = random.Random(2)
        cookie = data["cookie"]
        staff = {"Cookie": f"{cookie}={data['staff']}"}
        n = args.requests + args.warmup
        pages: dict[str, list[tuple[str, dict[str, str]]]] = {
            "suggestions": [
                (f"/my/enrollments/{pk}/suggestions/", {"Cookie": f"{cookie}={key}"})
                for pk, key in (data["mentees"][i % len(data["mentees"])] for i in range(n))
            ],
            "board": [(f"/manage/programs/{data['program']}/match/", staff)] * n,
            "preview": [
                (
                    f"/manage/programs/{data['program']}/match/preview/"
                    f"?mentee={rng.choice(data['mentee_ids'])}&mentor={rng.choice(data['mentor_ids'])}",
                    {**staff, "HX-Request": "true"},
                )
                for _ in range(n)
            ],
            # The hand-set form's live search: a few letters of a name, as typed.
            "search": [
                (
                    f"/manage/programs/{data['program']}/match/set/?find=mentee"
                    f"&mentee_q=Person+{rng.randrange(1000):03d}&mentor_q=",
                    {**staff, "HX-Request": "true"},
                )
                for _ in range(n)
            ],
        }
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
        load = os.getloadavg()
        for name, requests in pages.items():
            times, size = measure(connection, requests, args.warmup)
            print(
                f"{name:12} n={len(times)} p50={percentile(times, 0.5):.1f} ms "
                f"p95={percentile(times, 0.95):.1f} ms max={max(times):.1f} ms "
                f"mean={statistics.fmean(times):.1f} ms page={size / 1024:.0f} KiB",
                flush=True,
            )
        after = os.getloadavg()
        print(f"load average before {load[0]:.1f}, after {after[0]:.1f} (1 min)")
    finally:
        server.terminate()
        server.wait(timeout=30)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--mentees", type=int, default=10_000)
    parser.add_argument("--mentors", type=int, default=3_000)
    parser.add_argument("--requests", type=int, default=100, help="counted requests per page")
    parser.add_argument("--warmup", type=int, default=5, help="first requests not counted")
    parser.add_argument("--people", type=int, default=20, help="mentees asking in turn")
    parser.add_argument(
        "--postgres", action="store_true", help="run beside a throwaway PostgreSQL and Redis"
    )
    parser.add_argument("--data", help="folder to keep the data in and reuse (SQLite only)")
    parser.add_argument("--server-src", help="run the server from this `src` folder instead")
    args = parser.parse_args()
    if args.postgres and args.data:
        parser.error("--data keeps a SQLite file; it cannot be used with --postgres")
    if args.postgres and "DATABASE_URL" not in os.environ:
        argv = [a for a in sys.argv[1:] if a != "--postgres"]
        command = [sys.executable, str(ROOT / "tests" / "with_services.py"), "--"]
        os.execv(  # noqa: S606 (the same interpreter, this file again)
            sys.executable, [*command, sys.executable, str(Path(__file__).resolve()), *argv]
        )
    environment(args.data)
    sys.path[:0] = [str(ROOT / "src"), str(ROOT)]
    run(args)


if __name__ == "__main__":
    main()
