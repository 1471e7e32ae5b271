"""How fast the worker works through due reminders of mentorships, and sends their emails.

    python bench/bench_deadline_sweep.py                       # 100,000 due timers, SQLite
    python bench/bench_deadline_sweep.py --timers 2000         # a quick try
    python bench/bench_deadline_sweep.py --postgres            # PostgreSQL and Redis

The durable timers the relationships app schedules (notifications/timers.py), all due at once
— a backlog, as after the worker was down — in the mix of a program under way; for every ten:

- 2 reminders to a mentor about a request not answered yet (`relationships.request_remind`);
- 4 reminders before a meeting, the day before and the hour before (`relationships.meeting_remind`);
- 2 "did you meet?" after a meeting (`relationships.meeting_check`);
- 2 monthly check-in questions (`relationships.check_in`), each scheduling next month's.

Each unit of ten stands on real rows: a mentor, two mentees in active mentorships (each with a
scheduled meeting that has just ended) and two mentees waiting for the mentor's answer.

(1) `--sweepers` worker processes each run `timers_run_due` until nothing is due, as the
worker's periodic job does (claims in batches, one transaction per timer with its
notifications). Prints timers (reminders) per second and the notifications written; checks
that every timer ran exactly once.
(2) Then, unless `--no-emails`, the emails those notifications queued go out through the
outbox: bench_notifications.py's sender processes (`deliveries_send_due`) to an aiosmtpd server
on 127.0.0.1 in this process that counts what it accepts. Prints emails per second.

The database is a throwaway SQLite file in a temporary folder; with `--postgres`, a throwaway
PostgreSQL and Redis started by tests/with_services.py (the same as `python
tests/with_services.py -- python bench/bench_deadline_sweep.py`); or the one in DATABASE_URL
(migrated first: give it an empty database). Production settings (no DEBUG).
"""

from __future__ import annotations

import argparse
import logging
import os
import subprocess
import sys
import time
from datetime import time as clock
from datetime import timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))

import bench_notifications as outbox_bench  # noqa: E402 - beside this file

BATCH = 5000
UNIT = 10  # timers per unit of people (see above)
NOTIFICATIONS_PER_UNIT = 2 * 1 + 4 * 2 + 2 * 2 + 2 * 2
MIDNIGHT = clock(0, 0)


def sweeper(limit: int) -> int:
    """One worker process: what the worker's periodic job does, until nothing is due."""
    import django

    django.setup()
    from bridgeway.notifications.timers import timers_run_due

    done = 0
    while True:
        ran = timers_run_due(limit=limit)
        done += ran
        if not ran:
            break
    print(done, flush=True)
    return 0


def _chunks(rows: list[Any]) -> list[list[Any]]:
    return [rows[i : i + BATCH] for i in range(0, len(rows), BATCH)]


def make_units(units: int) -> None:
    """`units` units of ten due timers, on their people, requests, mentorships and meetings."""
    from django.utils import timezone

    from bridgeway.accounts.models import Person
    from bridgeway.core.models import Network, Organization
    from bridgeway.notifications.models import ContactSettings, Timer
    from bridgeway.programs.models import Enrollment, Program
    from bridgeway.relationships.models import (
        Agreement,
        Meeting,
        MentorRequest,
        Relationship,
    )

    now = timezone.now()
    network = Network.objects.create(name="Bench network", slug="bench-network")
    agency = Organization.objects.create(network=network, name="Bench agency", slug="bench")
    program = Program.objects.create(
        organization=agency, name="Nurses", slug="nurses", summary="Nurses meet nurses."
    )
    people = [
        Person(
            email=f"person{n}@example.org",
            display_name=f"Person {n}",
            password="!",  # noqa: S106 (an unusable password, as Django writes it)
            preferred_language="fr" if n % 3 == 0 else "en",
            time_zone="Asia/Manila" if n % 2 else "America/Toronto",
        )
        for n in range(units * 5)
    ]
    for chunk in _chunks(people):
        Person.objects.bulk_create(chunk)
    people = list(Person.objects.order_by("pk"))
    for chunk in _chunks(people):
        # No quiet hours (the same time twice): every email is due now, whatever the hour in
        # each person's time zone when the benchmark runs.
        ContactSettings.objects.bulk_create(
            [ContactSettings(person=p, quiet_start=MIDNIGHT, quiet_end=MIDNIGHT) for p in chunk]
        )
    # Person 5u is the unit's mentor; 5u+1 and 5u+2 are in mentorships, 5u+3 and 5u+4 ask.
    enrollments = [
        Enrollment(
            program=program,
            person=p,
            role="mentor" if i % 5 == 0 else "mentee",
            status="matched" if i % 5 < 3 else "ready",
            capacity=4 if i % 5 == 0 else None,
        )
        for i, p in enumerate(people)
    ]
    for chunk in _chunks(enrollments):
        Enrollment.objects.bulk_create(chunk)
    enrollments = list(Enrollment.objects.filter(program=program).order_by("person_id"))
    requests = []
    relationships = []
    for u in range(units):
        mentor = enrollments[5 * u]
        relationships += [
            Relationship(
                program=program,
                mentee=enrollments[5 * u + k],
                mentor=mentor,
                status=Relationship.Status.ACTIVE,
                started_at=now - timedelta(days=40),
                activated_at=now - timedelta(days=31),
                planned_end=(now + timedelta(days=150)).date(),
            )
            for k in (1, 2)
        ]
        requests += [
            MentorRequest(
                program=program,
                mentee=enrollments[5 * u + k],
                mentor=mentor,
                source=MentorRequest.Source.MENTEE,
                status=MentorRequest.Status.WAITING,
                message="Could you help me with licensing?",
                sent_at=now - timedelta(days=11),
                due_at=now + timedelta(days=3),
            )
            for k in (3, 4)
        ]
    for chunk in _chunks(requests):
        MentorRequest.objects.bulk_create(chunk)
    for chunk in _chunks(relationships):
        Relationship.objects.bulk_create(chunk)
    relationships = list(Relationship.objects.filter(program=program).select_related("mentee"))
    for chunk in _chunks(relationships):
        Agreement.objects.bulk_create(
            [Agreement(relationship=r, channels=["video"], waived_at=now) for r in chunk]
        )
    meetings = [
        Meeting(
            relationship=r,
            proposed_by_id=r.mentee.person_id,
            kind="video",
            link="https://meet.example.org/pair",
            duration_minutes=60,
            status=Meeting.Status.SCHEDULED,
            starts_at=now - timedelta(minutes=61),
        )
        for r in relationships
    ]
    for chunk in _chunks(meetings):
        Meeting.objects.bulk_create(chunk)
    timers: list[Timer] = []
    due = now - timedelta(minutes=1)
    for request_id in MentorRequest.objects.filter(program=program).values_list("pk", flat=True):
        timers.append(
            Timer(
                kind="relationships.request_remind",
                key=f"request:{request_id}:remind",
                due_at=due,
                payload={"request": request_id},
                organization=agency,
            )
        )
    for meeting_id in Meeting.objects.values_list("pk", flat=True):
        for suffix in ("day", "hour", "check"):
            kind = "check" if suffix == "check" else "remind"
            timers.append(
                Timer(
                    kind=f"relationships.meeting_{kind}",
                    key=f"meeting:{meeting_id}:{suffix}",
                    due_at=due,
                    payload={"meeting": meeting_id, "when": suffix},
                    organization=agency,
                )
            )
    for relationship in relationships:
        timers.append(
            Timer(
                kind="relationships.check_in",
                key=f"relationship:{relationship.pk}:pulse:1",
                due_at=due,
                payload={"relationship": relationship.pk, "kind": "pulse", "n": 1},
                organization=agency,
            )
        )
    for chunk in _chunks(timers):
        Timer.objects.bulk_create(chunk)


def run_sweepers(count: int, limit: int) -> tuple[float, int]:
    started = time.perf_counter()
    processes = [
        subprocess.Popen(
            [sys.executable, str(Path(__file__).resolve()), "--sweeper", "--limit", str(limit)],
            cwd=ROOT,
            stdout=subprocess.PIPE,
            text=True,
        )
        for _ in range(count)
    ]
    done = 0
    for process in processes:
        output, _ = process.communicate()
        assert process.returncode == 0, output
        done += int(output.split()[-1])
    return time.perf_counter() - started, done


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--timers", type=int, default=100_000, help="due timers (tens)")
    parser.add_argument("--sweepers", type=int, default=2, help="worker processes")
    parser.add_argument("--senders", type=int, default=2, help="outbox sender processes")
    parser.add_argument("--limit", type=int, default=100, help="timers claimed at a time")
    parser.add_argument("--no-emails", action="store_true", help="skip the outbox part")
    parser.add_argument(
        "--postgres",
        action="store_true",
        help="run on a throwaway PostgreSQL (and Redis): through tests/with_services.py",
    )
    parser.add_argument("--sweeper", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.sweeper:
        return sweeper(args.limit)
    if args.postgres and not os.environ.get("DATABASE_URL"):
        argv = [a for a in sys.argv if a != "--postgres"]
        runner = [sys.executable, str(ROOT / "tests" / "with_services.py"), "--"]
        return subprocess.call([*runner, sys.executable, *argv])

    from aiosmtpd.controller import Controller

    handler = outbox_bench.Counting()
    port = outbox_bench.free_port()
    controller = Controller(handler, hostname="127.0.0.1", port=port)
    controller.start()
    outbox_bench.environment(port)
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from bridgeway.notifications.models import Delivery, Notification, Timer

    logging.getLogger("mail.log").setLevel(logging.WARNING)
    units = max(1, args.timers // UNIT)
    total = units * UNIT
    print(f"database: {connection.vendor}; {args.sweepers} sweeper(s); {os.cpu_count()} CPUs")
    started = time.perf_counter()
    call_command("migrate", verbosity=0)
    call_command("createcachetable", verbosity=0)
    make_units(units)
    print(f"setup: {total:,} due timers in {time.perf_counter() - started:.1f} s", flush=True)
    connection.close()  # the sweepers write; this process only waits

    load = os.getloadavg()[0]
    cpu = outbox_bench.cpu_seconds()
    elapsed, done = run_sweepers(args.sweepers, args.limit)
    cpu_sweepers = outbox_bench.cpu_seconds()[1] - cpu[1]
    assert done == total, (done, total)
    assert Timer.objects.filter(state=Timer.State.DONE).count() == total
    written = Notification.objects.count()
    assert written == units * NOTIFICATIONS_PER_UNIT, (written, units * NOTIFICATIONS_PER_UNIT)
    email = Delivery.objects.filter(channel="email")
    emails = email.filter(state=Delivery.State.QUEUED).count()
    later = email.filter(state=Delivery.State.DIGEST).count()
    print(
        f"(1) {total:,} due reminders run in {elapsed:.1f} s: {total / elapsed:,.0f}/s "
        f"({written:,} notifications written, {emails:,} emails queued to send now and {later:,} "
        f"for the people's summaries; load average before "
        f"{load:.2f}; CPU {cpu_sweepers:.0f} s in the sweepers, "
        f"{cpu_sweepers / total * 1000:.1f} ms per reminder)",
        flush=True,
    )
    if args.no_emails or not emails:
        controller.stop()
        return 0
    connection.close()
    load = os.getloadavg()[0]
    elapsed, sent = outbox_bench.run_senders(args.senders, 200)
    assert sent == emails, (sent, emails)
    assert handler.accepted == emails, handler.accepted
    print(
        f"(2) {emails:,} reminder emails sent in {elapsed:.1f} s: {emails / elapsed:,.0f}/s "
        f"({handler.bytes / emails:,.0f} bytes each; load average before {load:.2f})",
        flush=True,
    )
    controller.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
