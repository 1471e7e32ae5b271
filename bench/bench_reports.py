"""The reports at the scale of a large network, on PostgreSQL: the agency dashboard's time and
query count, the streamed downloads' memory, and a certificate PDF.

    python bench/bench_reports.py                 # 100,000 enrollments, 50,000 mentorships,
                                                  # 1,000,000 messages
    python bench/bench_reports.py --scale 0.1     # a quick try (a tenth of each)

Always on a throwaway PostgreSQL (and Redis) started by tests/with_services.py, unless
DATABASE_URL names one (migrated first: give it an empty database). Production settings (no
DEBUG), plain HTTP.

The network: 4 agencies; the measured one, "Bench agency A", holds 80% of everything (8
programs), the others 4 programs each. Per 100,000 enrollments: 65,000 mentees (50,000 matched
— 40% still active, 60% closed with a reason and both people's closure survey — and the rest
applied, in screening or training, ready, waiting, withdrawn or declined) and 35,000 mentors;
50,000 mentorships, each with its conversation of 20 messages (1,000,000), 4 meetings (half
logged by both people), 2 goals, monthly check-ins of the active ones; 5,000 concerns;
200,000 views of 20 network resources; the ready-made mentee assessment answered before and at
the end by 30,000 mentees (480,000 answers). Everything spread over the last three years.
Rows go in with COPY (psycopg), a model's defaults filled in for the columns left out.

It seeds a tenth first, measures, seeds the other nine tenths, and measures again:

(1) the agency dashboard (`/manage/bench-a/reports/`) over HTTP, served by one uvicorn process
(`bridgeway.config.asgi:application`) and asked one request at a time with a signed-in
admin's session: the default period (the last twelve months) and five years; the median and
the slowest of `--requests` after one unmeasured request. Then the network dashboard, the
dashboard's PDF and its XLSX. The query count of the page (Django's test client, in this
process) at a tenth and at the whole: it must not grow with the data.
(2) the download of every mentorship (CSV and XLSX) over five years: for each, a fresh server
process downloads one day's file first, then the whole file; the peak resident memory of the
server (VmHWM) before and after the whole file, with its rows, size and time. Flat memory as
the rows grow tenfold is what streaming means.
(3) a certificate of participation for a mentor who completed a mentorship: the PDF drawn
`--requests` times in this process (recognition/pdf.py, WeasyPrint), median and slowest.

Prints the load average at the start and at the end: the machine is shared, so a figure
taken while others run is an upper bound.

To measure one version against another on the same rows, seed once into a database that
outlives the run, then measure it again as often as needed without seeding:

    DATABASE_URL=postgres://…/bridgeway REDIS_URL=redis://…/0 python bench/bench_reports.py
    DATABASE_URL=… REDIS_URL=… python bench/bench_reports.py --reuse --only pages

`--reuse` finds the network an earlier run left in DATABASE_URL's database and measures it as
it is (labelled "kept:"; the dates are relative to the seeding, so measure within the day).
`--only pages` measures the dashboards alone (no downloads, no certificate).
"""

from __future__ import annotations

import argparse
import http.client
import os
import random
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
TOTAL = {"enrollments": 100_000, "messages": 1_000_000}
SHARE = 0.8  # the measured agency's part of everything
YEARS = 3
NOW = datetime.now(UTC)
QUESTIONS = {
    "confidence_skills": (1, 5),
    "network_size": (0, 30),
    "workplace_norms": (1, 5),
    "labour_market": (1, 5),
    "resources_awareness": (1, 5),
    "applications_sent": (0, 20),
    "interviews": (0, 5),
}
EMPLOYMENT = ["in_field", "outside_field", "not_working"]
REASONS = ["completed", "completed", "goals_met", "moved_on", "no_time", "not_working", "other"]
WAITING = ["applied", "screening", "training", "ready", "waitlisted", "withdrawn", "declined"]
WAITING_SHARE = [3, 2, 2, 2, 3, 2, 1]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def environment() -> None:
    if "BRIDGEWAY_DATA_DIR" not in os.environ:
        os.environ["BRIDGEWAY_DATA_DIR"] = tempfile.mkdtemp(prefix="bridgeway-bench-")
    os.environ.setdefault("BRIDGEWAY_HTTPS", "0")
    os.environ.setdefault("BRIDGEWAY_LOG_LEVEL", "WARNING")  # WeasyPrint logs each step
    os.environ.setdefault("BRIDGEWAY_SECRET_KEY", "bench-only-secret-key-0123456789abcdefghijkl")
    os.environ["DJANGO_SETTINGS_MODULE"] = "bridgeway.config.settings"
    os.environ["PYTHONPATH"] = os.pathsep.join(
        filter(None, [str(ROOT / "src"), str(ROOT), os.environ.get("PYTHONPATH")])
    )
    for path in (str(ROOT / "src"), str(ROOT)):
        if path not in sys.path:
            sys.path.insert(0, path)


class Copier:
    """Rows into a model's table with COPY, with ids this process hands out (so that rows can
    name each other before they are written) and the model's defaults for the columns a row
    leaves out; the id sequences are moved past them at the end (`finish`)."""

    def __init__(self) -> None:
        from django.db import connection

        self.connection = connection
        self.next: dict[Any, int] = {}
        self.written = 0

    def ids(self, model: Any, count: int) -> range:
        if model not in self.next:
            with self.connection.cursor() as cursor:
                table = model._meta.db_table  # a model's own table name, not input
                cursor.execute(f"SELECT COALESCE(MAX(id), 0) FROM {table}")  # noqa: S608
                self.next[model] = cursor.fetchone()[0] + 1
        start = self.next[model]
        self.next[model] = start + count
        return range(start, start + count)

    def copy(self, model: Any, rows: Iterable[dict[str, Any]]) -> None:
        from psycopg.types.json import Jsonb

        fields = list(model._meta.concrete_fields)
        base = model()
        defaults = {
            f.attname: f.get_db_prep_save(f.pre_save(base, True), self.connection) for f in fields
        }
        jsons = {f.attname for f in fields if f.get_internal_type() == "JSONField"}
        columns = ", ".join(f'"{f.column}"' for f in fields)
        table = model._meta.db_table
        with (
            self.connection.cursor() as cursor,
            cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as out,
        ):
            for row in rows:
                out.write_row(
                    [
                        (Jsonb(row[f.attname]) if f.attname in jsons else row[f.attname])
                        if f.attname in row
                        else defaults[f.attname]
                        for f in fields
                    ]
                )
                self.written += 1

    def finish(self) -> None:
        with self.connection.cursor() as cursor:
            for model in self.next:
                table = model._meta.db_table
                cursor.execute(
                    f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "  # noqa: S608
                    f"(SELECT COALESCE(MAX(id), 1) FROM {table}))"
                )
            cursor.execute("ANALYZE")


def network() -> dict[str, Any]:
    """The agencies, their programs with the ready-made mentee assessment, 20 network
    resources, and the admin who reads the reports (two-step verification set up)."""
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

    from bridgeway.accounts.models import Person
    from bridgeway.core.models import Membership, Network, NetworkAdmin, Organization
    from bridgeway.learning.library.models import Resource, ResourceVersion
    from bridgeway.programs.models import Program
    from bridgeway.reports.assessments.services import instrument_add_ready_made

    net = Network.objects.create(name="Bench network", slug="bench-network")
    admin = Person.objects.create(email="admin@bench.example", display_name="Bench admin")
    TOTP.activate(admin, generate_totp_secret())
    NetworkAdmin.objects.create(network=net, person=admin)
    agencies, programs = [], {}
    for letter, count in (("a", 8), ("b", 4), ("c", 4), ("d", 4)):
        agency = Organization.objects.create(
            network=net, name=f"Bench agency {letter.upper()}", slug=f"bench-{letter}"
        )
        Membership.objects.create(organization=agency, person=admin, role="admin")
        agencies.append(agency)
        programs[agency.pk] = [
            Program.objects.create(
                organization=agency,
                name=f"Program {letter}{n}",
                slug=f"program-{letter}{n}",
                summary="Newcomers meet professionals.",
                cohort_start=(NOW - timedelta(days=200 * n)).date(),
                inactivity_days=30,
            )
            for n in range(count)
        ]
        for program in programs[agency.pk]:
            instrument_add_ready_made(program=program, name="mentee", by=admin)
    resources = []
    for n in range(20):
        resource = Resource.objects.create(level="network", network=net, kind="link")
        ResourceVersion.objects.create(
            resource=resource, language="en", title=f"Guide {n}", url="https://example.org/"
        )
        resources.append(resource.pk)
    return {"admin": admin, "agencies": agencies, "programs": programs, "resources": resources}


def kept_network() -> dict[str, Any]:
    """The network and admin an earlier run of this benchmark seeded (`--reuse`)."""
    from bridgeway.core.models import NetworkAdmin

    kept = NetworkAdmin.objects.select_related("person").filter(network__slug="bench-network")
    admin = kept.first()
    if admin is None:
        raise SystemExit("--reuse: no network seeded by this benchmark in DATABASE_URL's database")
    return {"admin": admin.person}


def _when(rng: random.Random, days: int = 365 * YEARS) -> datetime:
    return NOW - timedelta(days=rng.random() * days)


def seed(copier: Copier, net: dict[str, Any], enrollments: int, rng: random.Random) -> None:
    """`enrollments` more enrollments and everything that hangs off them (see the module)."""
    agencies = net["agencies"]
    shares = [SHARE] + [(1 - SHARE) / (len(agencies) - 1)] * (len(agencies) - 1)
    for agency, share in zip(agencies, shares, strict=True):
        for program in net["programs"][agency.pk]:
            count = round(enrollments * share / len(net["programs"][agency.pk]))
            seed_program(copier, net, program, count, rng)


def seed_program(
    copier: Copier, net: dict[str, Any], program: Any, count: int, rng: random.Random
) -> None:
    from bridgeway.accounts.models import Person
    from bridgeway.concerns.models import Concern
    from bridgeway.learning.library.models import ResourceView
    from bridgeway.messaging.models import Conversation, Message
    from bridgeway.programs.models import Enrollment, StatusChange, WaitlistEntry
    from bridgeway.relationships.models import (
        CheckIn,
        ClosureSurvey,
        Goal,
        Meeting,
        MeetingLog,
        Relationship,
    )
    from bridgeway.reports.assessments.models import Assessment, AssessmentAnswer, Instrument

    mentees, mentors = round(count * 0.65), count - round(count * 0.65)
    pairs = count // 2
    person_ids = copier.ids(Person, count)
    enrollment_ids = copier.ids(Enrollment, count)
    copier.copy(
        Person,
        (
            {
                "id": pk,
                "email": f"p{pk}@bench.example",
                "display_name": f"Person {pk}",
                "password": "!",
                "country": rng.choice(["SY", "UA", "PH", "IN", "CA"]),
                "spoken_languages": rng.choice([["en"], ["ar", "en"], ["uk"], ["fr", "en"]]),
            }
            for pk in person_ids
        ),
    )
    created = [_when(rng) for _ in range(count)]
    statuses = []
    for i in range(mentees):
        if i < pairs:
            statuses.append("matched" if i % 5 < 2 else "closed")
        else:
            statuses.append(rng.choices(WAITING, WAITING_SHARE)[0])
    statuses += ["matched"] * mentors
    copier.copy(
        Enrollment,
        (
            {
                "id": enrollment_ids[i],
                "program_id": program.pk,
                "person_id": person_ids[i],
                "role": "mentee" if i < mentees else "mentor",
                "status": statuses[i],
                "created_at": created[i],
                "status_changed_at": created[i],
                "capacity": None if i < mentees else 2,
            }
            for i in range(count)
        ),
    )
    ready = [i for i in range(mentees) if statuses[i] not in ("applied", "screening", "training")]
    copier.copy(
        StatusChange,
        (
            {
                "id": pk,
                "enrollment_id": enrollment_ids[i],
                "from_status": "training",
                "to_status": "ready",
                "changed_at": created[i] + timedelta(days=5),
            }
            for pk, i in zip(copier.ids(StatusChange, len(ready)), ready, strict=True)
        ),
    )
    waiting = [i for i in range(mentees) if statuses[i] == "waitlisted"]
    copier.copy(
        WaitlistEntry,
        (
            {
                "id": pk,
                "program_id": program.pk,
                "enrollment_id": enrollment_ids[i],
                "position": n + 1,
                "joined_at": created[i] + timedelta(days=5),
            }
            for n, (pk, i) in enumerate(
                zip(copier.ids(WaitlistEntry, len(waiting)), waiting, strict=True)
            )
        ),
    )
    relationship_ids = copier.ids(Relationship, pairs)
    conversation_ids = copier.ids(Conversation, pairs)
    spans = []
    for n in range(pairs):
        started = created[n] + timedelta(days=rng.randint(5, 60))
        closed = None
        if statuses[n] == "closed":
            closed = min(started + timedelta(days=rng.randint(30, 200)), NOW)
        spans.append((started, min(started, NOW), closed))
    mentor_of = [mentees + n % max(mentors, 1) for n in range(pairs)]
    copier.copy(
        Relationship,
        (
            {
                "id": relationship_ids[n],
                "program_id": program.pk,
                "mentee_id": enrollment_ids[n],
                "mentor_id": enrollment_ids[mentor_of[n]],
                "status": "closed" if spans[n][2] else "active",
                "started_at": spans[n][1],
                "activated_at": spans[n][1] + timedelta(days=1),
                "planned_end": (spans[n][1] + timedelta(days=120)).date(),
                "closed_at": spans[n][2],
                "close_reason": rng.choice(REASONS) if spans[n][2] else "",
            }
            for n in range(pairs)
        ),
    )
    per = max(1, TOTAL["messages"] // (TOTAL["enrollments"] // 2))
    last: list[datetime] = []
    message_rows = []
    message_ids = iter(copier.ids(Message, pairs * per))
    for n in range(pairs):
        begin, end = spans[n][1], spans[n][2] or NOW
        length = max((end - begin).total_seconds(), 60)
        times = sorted(begin + timedelta(seconds=rng.random() * length) for _ in range(per))
        last.append(times[-1])
        authors = (person_ids[n], person_ids[mentor_of[n]])
        message_rows.append((n, times, authors))
    copier.copy(
        Conversation,
        (
            {
                "id": conversation_ids[n],
                "organization_id": program.organization_id,
                "program_id": program.pk,
                "kind": "pair",
                "relationship_id": relationship_ids[n],
                "created_at": spans[n][1],
                "last_message_at": last[n],
                "status": "closed" if spans[n][2] else "open",
                "closed_at": spans[n][2],
            }
            for n in range(pairs)
        ),
    )
    copier.copy(
        Message,
        (
            {
                "id": next(message_ids),
                "conversation_id": conversation_ids[n],
                "author_id": authors[k % 2],
                "body": "See you on Tuesday at the library.",
                "created_at": moment,
            }
            for n, times, authors in message_rows
            for k, moment in enumerate(times)
        ),
    )
    meeting_ids = copier.ids(Meeting, pairs * 4)
    meetings, logs = [], []
    for n in range(pairs):
        begin, end = spans[n][1], spans[n][2] or NOW
        for k in range(4):
            pk = meeting_ids[n * 4 + k]
            day = begin + (end - begin) * (k + 1) / 5
            meetings.append(
                {
                    "id": pk,
                    "relationship_id": relationship_ids[n],
                    "kind": "video",
                    "starts_at": day,
                    "status": "scheduled",
                    "created_at": begin,
                }
            )
            if day > NOW:
                continue
            if k % 2 == 0:
                logs += [
                    (pk, n, person_ids[n], "met", 60, day),
                    (pk, n, person_ids[mentor_of[n]], "met", 60, day),
                ]
            else:
                logs.append((pk, n, person_ids[n], rng.choice(["met", "met", "not_met"]), 45, day))
    copier.copy(Meeting, meetings)
    copier.copy(
        MeetingLog,
        (
            {
                "id": pk,
                "meeting_id": m,
                "relationship_id": relationship_ids[n],
                "person_id": p,
                "outcome": o,
                "minutes": mins if o == "met" else 0,
                "created_at": d,
            }
            for pk, (m, n, p, o, mins, d) in zip(
                copier.ids(MeetingLog, len(logs)), logs, strict=True
            )
        ),
    )
    active = [n for n in range(pairs) if not spans[n][2]]
    copier.copy(
        CheckIn,
        (
            {
                "id": pk,
                "relationship_id": relationship_ids[n],
                "person_id": person_ids[n],
                "kind": "pulse",
                "round": f"r{k}",
                "score": rng.randint(1, 5),
                "created_at": NOW - timedelta(days=rng.randint(1, 90)),
            }
            for pk, (n, k) in zip(
                copier.ids(CheckIn, 2 * len(active)),
                [(n, k) for n in active for k in range(2)],
                strict=True,
            )
        ),
    )
    copier.copy(
        Goal,
        (
            {
                "id": pk,
                "relationship_id": relationship_ids[n // 2],
                "title": "Five applications",
                "status": "met" if n % 3 == 0 else "open",
                "met_at": spans[n // 2][1] + timedelta(days=20) if n % 3 == 0 else None,
                "created_at": spans[n // 2][1],
            }
            for pk, n in zip(copier.ids(Goal, 2 * pairs), range(2 * pairs), strict=True)
        ),
    )
    closed = [n for n in range(pairs) if spans[n][2]]
    copier.copy(
        ClosureSurvey,
        (
            {
                "id": pk,
                "relationship_id": relationship_ids[n],
                "person_id": who,
                "satisfaction": rng.randint(2, 5),
                "goals_achieved": rng.choice(["yes", "partly", "no"]),
                "would_recommend": rng.random() < 0.8,
                "continue_informally": False,
                "created_at": spans[n][2],
            }
            for pk, (n, who) in zip(
                copier.ids(ClosureSurvey, 2 * len(closed)),
                [(n, who) for n in closed for who in (person_ids[n], person_ids[mentor_of[n]])],
                strict=True,
            )
        ),
    )
    concerned = rng.sample(range(pairs), min(pairs, count // 20))
    copier.copy(
        Concern,
        (
            {
                "id": pk,
                "organization_id": program.organization_id,
                "program_id": program.pk,
                "relationship_id": relationship_ids[n],
                "reporter_id": person_ids[n],
                "category": rng.choice(["inactivity", "conduct", "language", "other"]),
                "description": "Something happened.",
                "created_at": spans[n][1] + timedelta(days=10),
            }
            for pk, n in zip(copier.ids(Concern, len(concerned)), concerned, strict=True)
        ),
    )
    views = {
        (
            rng.choice(net["resources"]),
            person_ids[rng.randrange(count)],
            (NOW - timedelta(days=rng.randint(0, 365 * YEARS))).date(),
        )
        for _ in range(2 * count)
    }
    copier.copy(
        ResourceView,
        (
            {"id": pk, "resource_id": r, "person_id": p, "day": d}
            for pk, (r, p, d) in zip(copier.ids(ResourceView, len(views)), views, strict=True)
        ),
    )
    instrument = Instrument.objects.get(program=program, ready_made="mentee")
    questions = {q.key: q.pk for q in instrument.questions.all()}
    answered = closed  # the ready-made mentee assessment, before and at the end
    assessment_ids = copier.ids(Assessment, 2 * len(answered))
    assessments, answers = [], []
    for k, n in enumerate(answered):
        for j, (moment, when) in enumerate((("before", spans[n][1]), ("closure", spans[n][2]))):
            pk = assessment_ids[2 * k + j]
            assessments.append(
                {
                    "id": pk,
                    "instrument_id": instrument.pk,
                    "enrollment_id": enrollment_ids[n],
                    "moment": moment,
                    "sent_at": when,
                    "completed_at": when,
                }
            )
            for key, (low, high) in QUESTIONS.items():
                value = rng.randint(low, high) if j == 0 else min(high, rng.randint(low, high) + 1)
                answers.append((pk, questions[key], value))
            answers.append((pk, questions["employment"], rng.choice(EMPLOYMENT)))
    copier.copy(Assessment, assessments)
    copier.copy(
        AssessmentAnswer,
        (
            {"id": pk, "assessment_id": a, "question_id": q, "value": v}
            for pk, (a, q, v) in zip(
                copier.ids(AssessmentAnswer, len(answers)), answers, strict=True
            )
        ),
    )


def session(person: Any) -> str:
    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY

    from bridgeway.accounts.session_engines.db import SessionStore

    store = SessionStore()
    store[SESSION_KEY] = str(person.pk)
    store[BACKEND_SESSION_KEY] = settings.AUTHENTICATION_BACKENDS[0]
    store[HASH_SESSION_KEY] = person.get_session_auth_hash()
    store.create()
    return f"{settings.SESSION_COOKIE_NAME}={store.session_key}"


class Server:
    """One uvicorn process serving the application on 127.0.0.1."""

    def __init__(self) -> None:
        self.port = free_port()
        self.process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "uvicorn",
                "bridgeway.config.asgi:application",
                "--host",
                "127.0.0.1",
                "--port",
                str(self.port),
                "--log-level",
                "warning",
                "--no-access-log",
            ],
            cwd=ROOT,
            env=dict(os.environ),
        )
        for _ in range(600):
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=0.2).close()
                break
            except OSError:
                time.sleep(0.1)
        self.connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=600)

    def get(self, path: str, cookie: str) -> tuple[float, int, int]:
        """(seconds, bytes, status) of one GET, its body read as it comes and dropped."""
        started = time.perf_counter()
        self.connection.request("GET", path, headers={"Cookie": cookie})
        response = self.connection.getresponse()
        size = 0
        while chunk := response.read(256 * 1024):
            size += len(chunk)
        if response.status != 200:
            raise RuntimeError(f"GET {path}: {response.status}")
        return time.perf_counter() - started, size, response.status

    def peak_memory(self) -> int:
        """The server process's peak resident memory so far, in KiB (VmHWM)."""
        for line in Path(f"/proc/{self.process.pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
        return 0

    def stop(self) -> None:
        self.connection.close()
        self.process.terminate()
        self.process.wait(timeout=60)


def timed(server: Server, path: str, cookie: str, requests: int) -> str:
    server.get(path, cookie)  # not counted: the first request of its kind in the process
    times = [server.get(path, cookie)[0] * 1000 for _ in range(requests)]
    return f"median {statistics.median(times):,.0f} ms, slowest {max(times):,.0f} ms"


def page_queries(path: str, person: Any) -> int:
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(person)
    client.get(path)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path)
    assert response.status_code == 200, response.status_code
    return len(queries)


FIVE_YEARS = f"?start={(NOW - timedelta(days=5 * 365)).date()}&end={NOW.date()}"


def measure_pages(cookie: str, requests: int, label: str) -> None:
    server = Server()
    try:
        base = "/manage/bench-a/reports/"
        print(
            f"{label} agency dashboard, last twelve months: {timed(server, base, cookie, requests)}"
        )
        print(
            f"{label} agency dashboard, five years: "
            f"{timed(server, base + FIVE_YEARS, cookie, requests)}"
        )
        print(
            f"{label} network dashboard, last twelve months: "
            f"{timed(server, '/network/reports/', cookie, requests)}"
        )
        for fmt in ("xlsx", "pdf"):
            path = f"{base}export/{fmt}/{FIVE_YEARS}"
            print(
                f"{label} agency dashboard as {fmt.upper()}, five years: "
                f"{timed(server, path, cookie, max(1, requests // 2))}"
            )
    finally:
        server.stop()


def measure_download(cookie: str, fmt: str, label: str) -> None:
    """A fresh server: a one-day file first (the code loaded), then the five-year file."""
    server = Server()
    try:
        day = NOW.date().isoformat()
        server.get(f"/manage/bench-a/reports/mentorships/{fmt}/?start={day}&end={day}", cookie)
        before = server.peak_memory()
        seconds, size, _status = server.get(
            f"/manage/bench-a/reports/mentorships/{fmt}/{FIVE_YEARS}", cookie
        )
        after = server.peak_memory()
    finally:
        server.stop()
    print(
        f"{label} every mentorship as {fmt.upper()}, five years: {size / 1024 / 1024:,.1f} MiB "
        f"in {seconds:,.1f} s; server's peak memory {before / 1024:,.0f} MiB before, "
        f"{after / 1024:,.0f} MiB after (+{(after - before) / 1024:,.1f} MiB)"
    )


def measure_certificate(admin: Any, requests: int) -> None:
    from bridgeway.programs.models import Enrollment
    from bridgeway.relationships.models import Relationship
    from bridgeway.reports.recognition.pdf import certificate_pdf
    from bridgeway.reports.recognition.services import certificate_issue

    done = (
        Relationship.objects.filter(
            program__organization__slug="bench-a", status="closed", close_reason="completed"
        )
        .order_by("pk")
        .first()
    )
    assert done is not None
    mentor = Enrollment.objects.get(pk=done.mentor_id)
    certificate, _new = certificate_issue(enrollment=mentor, by=admin, signer_title="Director")
    certificate_pdf(certificate=certificate)  # fonts and templates loaded once
    times = []
    for _ in range(requests):
        started = time.perf_counter()
        pdf = certificate_pdf(certificate=certificate)
        times.append((time.perf_counter() - started) * 1000)
    print(
        f"certificate PDF ({len(pdf) / 1024:,.0f} KiB): median {statistics.median(times):,.0f} ms, "
        f"slowest {max(times):,.0f} ms"
    )


def rows_in_file(admin: Any) -> int:
    from bridgeway.core.models import Organization
    from bridgeway.reports.records import mentorships
    from bridgeway.reports.scope import ReportFilter, Scope, scope_programs

    agency = Organization.objects.get(slug="bench-a")
    scope = Scope(level="agency", organization_ids=(agency.pk,), organization=agency)
    chosen = ReportFilter(start=(NOW - timedelta(days=5 * 365)).date(), end=NOW.date())
    return mentorships(scope_programs(scope, chosen), chosen).count()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--scale", type=float, default=1.0, help="a share of the sizes")
    parser.add_argument("--requests", type=int, default=5, help="timed requests of each page")
    parser.add_argument(
        "--reuse",
        action="store_true",
        help="measure the network an earlier run seeded in DATABASE_URL's database, unseeded",
    )
    parser.add_argument(
        "--only",
        choices=("all", "pages"),
        default="all",
        help="'pages': the dashboards alone (no downloads, no certificate)",
    )
    args = parser.parse_args()
    if args.reuse and not os.environ.get("DATABASE_URL"):
        parser.error("--reuse needs DATABASE_URL: the database an earlier run seeded")
    if not os.environ.get("DATABASE_URL"):
        runner = [sys.executable, str(ROOT / "tests" / "with_services.py"), "--"]
        return subprocess.call([*runner, sys.executable, *sys.argv])
    environment()
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    assert connection.vendor == "postgresql", "this benchmark runs on PostgreSQL"
    print(f"load average at the start: {os.getloadavg()[0]:.1f} (1 min), {os.cpu_count()} CPUs")
    call_command("migrate", verbosity=0)
    call_command("createcachetable", verbosity=0)
    call_command("collectstatic", interactive=False, verbosity=0)  # the pages name hashed files
    if args.reuse:
        net = kept_network()
        parts = [("kept:", 0)]
    else:
        net = network()
        total = round(TOTAL["enrollments"] * args.scale)
        parts = [("1/10:", total // 10), ("whole:", total - total // 10)]
    cookie = session(net["admin"])
    copier = Copier()
    rng = random.Random(15)
    for label, part in parts:
        started = time.perf_counter()
        if part:
            seed(copier, net, part, rng)
            copier.finish()
        connection.close()
        print(
            f"{label} {copier.written:,} rows written in {time.perf_counter() - started:,.0f} s "
            f"(mentorships in the agency's five-year file: {rows_in_file(net['admin']):,})",
            flush=True,
        )
        queries = page_queries("/manage/bench-a/reports/", net["admin"])
        five = page_queries("/manage/bench-a/reports/" + FIVE_YEARS, net["admin"])
        print(f"{label} the agency dashboard's queries: {queries} (five years: {five})", flush=True)
        connection.close()
        measure_pages(cookie, args.requests, label)
        if args.only == "all":
            for fmt in ("csv", "xlsx"):
                measure_download(cookie, fmt, label)
    if args.only == "all":
        measure_certificate(net["admin"], args.requests)
    print(f"load average at the end: {os.getloadavg()[0]:.1f} (1 min)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
