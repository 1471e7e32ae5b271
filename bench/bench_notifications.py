"""How fast the notification outbox empties into a real SMTP server, and how long the weekly
summaries take.

    python bench/bench_notifications.py                          # 100,000 emails, 10,000 digests
    python bench/bench_notifications.py --emails 2000 --people 500   # a quick try
    python tests/with_services.py -- python bench/bench_notifications.py   # on PostgreSQL

(1) `--emails` due email deliveries (four in five "your application is received" to people,
with one-click unsubscribe; one in five "finish your application" to an address) are sent by
`--senders` worker processes, each running `deliveries_send_due` until nothing is left, to an
aiosmtpd server on 127.0.0.1 in this process that counts what it accepts. Prints emails per
second from the first claim to the last row marked sent.
(2) `--people` people each have three notifications waiting for their weekly summary:
`digests_send_due` builds the summaries, then the senders send them. Prints both times.

The database is a throwaway SQLite file in a temporary folder, or the one in DATABASE_URL
(migrated first: give it an empty database). Production settings (no DEBUG, cached templates).
"""

from __future__ import annotations

import argparse
import datetime as dt
import logging
import os
import resource
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
BATCH = 5000
MIDNIGHT = dt.time(0, 0)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def environment(port: int) -> None:
    """Settings for this process and the senders it starts (they inherit os.environ)."""
    if "BRIDGEWAY_DATA_DIR" not in os.environ:
        os.environ["BRIDGEWAY_DATA_DIR"] = tempfile.mkdtemp(prefix="bridgeway-bench-")
    os.environ.setdefault("BRIDGEWAY_HTTPS", "0")
    os.environ.setdefault("BRIDGEWAY_SECRET_KEY", "bench-only-secret-key-0123456789abcdefghijkl")
    os.environ["DJANGO_SETTINGS_MODULE"] = "bridgeway.config.settings"
    os.environ["EMAIL_HOST"] = "127.0.0.1"
    os.environ["EMAIL_PORT"] = str(port)
    os.environ["EMAIL_USE_TLS"] = "0"
    os.environ.pop("BRIDGEWAY_EMAIL_BACKEND", None)
    os.environ["PYTHONPATH"] = os.pathsep.join(
        filter(None, [str(ROOT / "src"), str(ROOT), os.environ.get("PYTHONPATH")])
    )


def worker(limit: int) -> int:
    """A sender: what the worker's periodic task does, until nothing is left to send."""
    import django

    django.setup()
    from django.db.models import Q
    from django.utils import timezone

    from bridgeway.notifications.models import Delivery
    from bridgeway.notifications.outbox import deliveries_send_due

    sent = 0
    while True:
        sent += deliveries_send_due(limit=limit)
        # Rows another sender holds, or due now; a failed send waits for its backoff, and
        # the run stops (main() then says how many were not sent).
        waiting = Delivery.objects.filter(
            Q(state=Delivery.State.SENDING)
            | Q(state=Delivery.State.QUEUED, due_at__lte=timezone.now(), attempts=0)
        ).exists()
        if not waiting:
            break
        time.sleep(0.05)  # another sender holds the last rows
    print(sent, flush=True)
    return 0


class Counting:
    """An SMTP server that accepts everything and counts it."""

    def __init__(self) -> None:
        self.accepted = 0
        self.bytes = 0

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        self.accepted += 1
        self.bytes += len(envelope.original_content)
        return "250 2.0.0 Accepted"


def cpu_seconds() -> tuple[float, float]:
    """CPU (user + system) of this process (the SMTP server) and of the senders that ended."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime, children.ru_utime + children.ru_stime


def run_senders(count: int, limit: int) -> tuple[float, int]:
    started = time.perf_counter()
    processes = [
        subprocess.Popen(
            [sys.executable, str(Path(__file__).resolve()), "--worker", "--limit", str(limit)],
            cwd=ROOT,
            stdout=subprocess.PIPE,
            text=True,
        )
        for _ in range(count)
    ]
    sent = 0
    for process in processes:
        output, _ = process.communicate()
        assert process.returncode == 0, output
        sent += int(output.split()[-1])
    return time.perf_counter() - started, sent


def make_people(count: int) -> list[Any]:
    from bridgeway.accounts.models import Person
    from bridgeway.core.models import Network, Organization
    from bridgeway.notifications.models import ContactSettings
    from bridgeway.programs.models import Enrollment, Program

    network = Network.objects.create(name="Bench network", slug="bench-network")
    agency = Organization.objects.create(network=network, name="Bench agency", slug="bench")
    program = Program.objects.create(
        organization=agency, name="Nurses", slug="nurses", summary="Nurses meet nurses."
    )
    for start in range(0, count, BATCH):
        Person.objects.bulk_create(
            [
                Person(
                    email=f"person{n}@example.org",
                    display_name=f"Person {n}",
                    password="!",  # noqa: S106 (an unusable password, as Django writes it)
                    preferred_language="fr" if n % 3 == 0 else "en",
                )
                for n in range(start, min(start + BATCH, count))
            ]
        )
    people = list(Person.objects.order_by("pk"))
    for start in range(0, count, BATCH):
        chunk = people[start : start + BATCH]
        Enrollment.objects.bulk_create(
            [Enrollment(program=program, person=p, role="mentee") for p in chunk]
        )
        # No quiet hours (the same time twice; left empty, the default 21:00-08:00 holds):
        # everything is due now whatever the hour of the run.
        ContactSettings.objects.bulk_create(
            [ContactSettings(person=p, quiet_start=MIDNIGHT, quiet_end=MIDNIGHT) for p in chunk]
        )
    enrollments = dict(Enrollment.objects.values_list("person_id", "pk"))
    for person in people:
        person.bench_enrollment = enrollments[person.pk]
    return people


def make_emails(count: int, people: list[Any]) -> None:
    from django.utils import timezone

    from bridgeway.notifications.models import Channel, Delivery, Notification

    now = timezone.now()
    for start in range(0, count, BATCH):
        notifications = []
        for n in range(start, min(start + BATCH, count)):
            if n % 5 == 4:
                notifications.append(
                    Notification(
                        kind="intake.confirm",
                        event=f"bench:{n}:{time.time()}",
                        address=f"applicant{n}@example.org",
                        language="fr" if n % 2 else "en",
                        url=f"/apply/finish/{n}/",
                        created_at=now,
                    )
                )
            else:
                person = people[n % len(people)]
                notifications.append(
                    Notification(
                        kind="programs.application_received",
                        event=f"bench:{n}:{time.time()}",
                        person=person,
                        params={"enrollment": person.bench_enrollment},
                        url="/programs/mine/",
                        created_at=now,
                    )
                )
        created = Notification.objects.bulk_create(notifications)
        Delivery.objects.bulk_create(
            [
                Delivery(
                    notification=n, channel=Channel.EMAIL, state=Delivery.State.QUEUED, due_at=now
                )
                for n in created
            ]
        )


def make_waiting_for_digests(people: list[Any], per_person: int = 3) -> None:
    from datetime import timedelta

    from django.utils import timezone

    from bridgeway.notifications.models import Channel, Delivery, Frequency, Notification

    earlier = timezone.now() - timedelta(days=2)
    for start in range(0, len(people), BATCH // per_person):
        chunk = people[start : start + BATCH // per_person]
        created = Notification.objects.bulk_create(
            [
                Notification(
                    kind="programs.application_received",
                    event=f"bench-digest:{k}",
                    person=person,
                    params={"enrollment": person.bench_enrollment},
                    url="/programs/mine/",
                    created_at=earlier,
                )
                for person in chunk
                for k in range(per_person)
            ]
        )
        Delivery.objects.bulk_create(
            [
                Delivery(
                    notification=n,
                    channel=Channel.EMAIL,
                    state=Delivery.State.DIGEST,
                    frequency=Frequency.WEEKLY,
                    due_at=earlier,
                )
                for n in created
            ]
        )


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--emails", type=int, default=100_000)
    parser.add_argument("--people", type=int, default=10_000)
    parser.add_argument("--senders", type=int, default=2)
    parser.add_argument("--limit", type=int, default=200, help="rows claimed at a time")
    parser.add_argument("--worker", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        return worker(args.limit)

    from aiosmtpd.controller import Controller

    handler = Counting()
    port = free_port()
    controller = Controller(handler, hostname="127.0.0.1", port=port)
    controller.start()
    environment(port)
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from bridgeway.notifications.digests import digests_send_due
    from bridgeway.notifications.models import Delivery

    # aiosmtpd logs every command at INFO: keep the sink quiet.
    logging.getLogger("mail.log").setLevel(logging.WARNING)
    backend = connection.vendor
    print(f"database: {backend}; {args.senders} sender(s); {os.cpu_count()} CPUs", flush=True)
    started = time.perf_counter()
    call_command("migrate", verbosity=0)
    people = make_people(args.people)
    make_emails(args.emails, people)
    print(f"setup: {time.perf_counter() - started:.1f} s", flush=True)
    connection.close()  # the senders write; this process only waits

    if args.emails:
        load = os.getloadavg()[0]
        cpu = cpu_seconds()
        elapsed, sent = run_senders(args.senders, args.limit)
        after = cpu_seconds()
        cpu_sink, cpu_senders = after[0] - cpu[0], after[1] - cpu[1]
        assert sent == args.emails, (sent, args.emails)
        assert Delivery.objects.filter(state=Delivery.State.SENT).count() == args.emails
        assert handler.accepted == args.emails, handler.accepted
        print(
            f"(1) {args.emails:,} emails sent in {elapsed:.1f} s: {args.emails / elapsed:,.0f}/s "
            f"({handler.bytes / args.emails:,.0f} bytes each; load average before {load:.2f}; CPU "
            f"{cpu_senders:.0f} s in the senders, {cpu_sink:.0f} s in this process's SMTP server)",
            flush=True,
        )

    make_waiting_for_digests(people)
    connection.close()
    accepted_before = handler.accepted
    started = time.perf_counter()
    built = digests_send_due()
    built_in = time.perf_counter() - started
    connection.close()
    assert built == args.people, (built, args.people)
    send_in, sent = run_senders(args.senders, args.limit)
    assert sent == args.people, (sent, args.people)
    assert handler.accepted - accepted_before == args.people
    print(
        f"(2) {args.people:,} weekly summaries: built in {built_in:.1f} s, sent in "
        f"{send_in:.1f} s, {built_in + send_in:.1f} s in all",
        flush=True,
    )
    controller.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
