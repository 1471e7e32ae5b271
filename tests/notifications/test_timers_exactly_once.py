"""Durable timers go off exactly once.

The cross-process case runs on the database the suite runs on: SQLite in ``make pytest-sqlite``
and PostgreSQL in ``make pytest-scale`` (tests/with_services.py sets DATABASE_URL). Two worker
processes sweep 500 due timers at the same time; one is killed with SIGKILL while a batch it
claimed is half done, and a replacement is started. Once the lease has run out the dead worker's
rows are claimed again, and in the end every handler's effect is there exactly once.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest
from django.db import connection
from django.utils import timezone

from bridgeway.core.models import AuditEvent
from bridgeway.core.services import DomainError
from bridgeway.notifications.claims import backoff
from bridgeway.notifications.models import Timer
from bridgeway.notifications.timers import timer_cancel, timer_retry, timer_schedule, timers_run_due
from tests.notifications.timer_handlers import EFFECT_ACTION
from tests.services.needs import services_run

ROOT = Path(__file__).resolve().parents[2]
HANDLERS = {
    "test.effect": "tests.notifications.timer_handlers.record_effect",
    "test.fail": "tests.notifications.timer_handlers.always_fail",
}
TIMERS = 500
LEASE_SECONDS = 2
WORKER_SECONDS = 25.0  # each worker gives up (exit status 3) after this long


@pytest.fixture
def test_handlers(settings: Any) -> None:
    """The test-only handlers, as timer_settings.py registers them for the worker processes."""
    settings.BRIDGEWAY_TIMER_HANDLERS = {**settings.BRIDGEWAY_TIMER_HANDLERS, **HANDLERS}


def effects() -> Counter[str]:
    """How many times each timer's handler took effect, by key."""
    return Counter(
        AuditEvent.objects.filter(action=EFFECT_ACTION).values_list("summary", flat=True)
    )


def worker_database_url() -> str:
    """DATABASE_URL naming the test database this test uses (not the development one)."""
    db = connection.settings_dict
    if connection.vendor == "sqlite":
        name = str(db["NAME"])
        assert name, "no test database file"
        assert ":memory:" not in name, name
        assert "mode=memory" not in name, name
        return f"sqlite:///{name}"
    if connection.vendor == "postgresql":
        auth = quote(db["USER"] or "", safe="")
        if db["PASSWORD"]:
            auth += ":" + quote(db["PASSWORD"], safe="")
        host = db["HOST"] or "localhost"
        return f"postgres://{auth}@{host}:{db['PORT'] or 5432}/{db['NAME']}"
    pytest.fail(f"no worker DATABASE_URL for {connection.vendor}")


class Workers:
    """Worker processes (tests/notifications/timer_worker.py) sharing the test database."""

    def __init__(self, directory: Path) -> None:
        self.directory = directory
        self.processes: dict[str, subprocess.Popen[bytes]] = {}
        self.go = directory / "go"  # workers wait for this file before they sweep
        pythonpath = [str(ROOT / "src"), str(ROOT), os.environ.get("PYTHONPATH", "")]
        self.env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "tests.notifications.timer_settings",
            "DATABASE_URL": worker_database_url(),
            "BRIDGEWAY_JOB_LEASE_SECONDS": str(LEASE_SECONDS),
            "PYTHONPATH": os.pathsep.join(part for part in pythonpath if part),
        }

    def log(self, name: str) -> Path:
        return self.directory / f"{name}.claims"

    def start(self, name: str) -> subprocess.Popen[bytes]:
        code = "from tests.notifications.timer_worker import main; main()"
        with (self.directory / f"{name}.out").open("wb") as out:
            process = subprocess.Popen(
                [
                    sys.executable,
                    "-c",
                    code,
                    str(self.log(name)),
                    str(WORKER_SECONDS),
                    str(self.go),
                ],
                env=self.env,
                cwd=ROOT,
                stdout=out,
                stderr=subprocess.STDOUT,
            )
        self.processes[name] = process
        return process

    def set_off(self, *names: str) -> None:
        """Wait until the workers are set up, then let them sweep at the same moment."""
        deadline = time.monotonic() + 20
        for name in names:
            while not (self.log(name).exists() and "ready" in self.log(name).read_text()):
                assert self.processes[name].poll() is None, self.output(name)
                assert time.monotonic() < deadline, f"worker {name} never got ready"
                time.sleep(0.01)
        self.go.touch()

    def claims(self, name: str) -> list[tuple[str, list[int]]]:
        """The batches the worker claimed so far: (token, ids)."""
        if not self.log(name).exists():
            return []
        batches = []
        for line in self.log(name).read_text(encoding="utf-8").splitlines():
            token, _, ids = line.partition(" ")
            if ids:
                batches.append((token, [int(pk) for pk in ids.split(",")]))
        return batches

    def output(self, name: str) -> str:
        return (self.directory / f"{name}.out").read_text(encoding="utf-8", errors="replace")

    def wait(self, name: str, timeout: float) -> None:
        process = self.processes[name]
        try:
            process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            pytest.fail(f"worker {name} still running after {timeout:.0f} s:\n{self.output(name)}")
        assert process.returncode == 0, f"worker {name} failed:\n{self.output(name)}"

    def stop_all(self) -> None:
        for process in self.processes.values():
            if process.poll() is None:
                process.kill()
                process.wait()


@pytest.fixture
def workers(tmp_path: Path) -> Iterator[Workers]:
    started = Workers(tmp_path)
    try:
        yield started
    finally:
        started.stop_all()


@pytest.mark.django_db(transaction=True)
def test_due_timers_run_exactly_once_across_workers_one_killed_mid_run(
    test_handlers: None, workers: Workers
) -> None:
    if services_run():  # the run through tests/with_services.py is the PostgreSQL case
        assert connection.vendor == "postgresql"
    due = timezone.now() - timedelta(minutes=1)
    Timer.objects.bulk_create(
        Timer(kind="test.effect", key=f"once:{number:03d}", due_at=due) for number in range(TIMERS)
    )
    keys = set(Timer.objects.values_list("key", flat=True))
    assert len(keys) == TIMERS

    workers.start("a")
    workers.start("b")
    workers.set_off("a", "b")

    # Kill a worker while both sweep: one that has claimed a batch and finished part of it. On
    # PostgreSQL both claim batches side by side (SKIP LOCKED), so wait until both have; on
    # SQLite the one holding the write lock keeps it from handler to handler and the other
    # waits its turn (the busy wait is not fair), so the victim is whichever is working.
    both_claim = connection.vendor == "postgresql"
    deadline = time.monotonic() + 15
    victim_name = ""
    while not victim_name:
        assert time.monotonic() < deadline, "no worker got half-way through a batch"
        claims = {name: workers.claims(name) for name in ("a", "b")}
        for name, process in (("a", workers.processes["a"]), ("b", workers.processes["b"])):
            assert process.poll() is None, f"{name} ended before the kill:\n{workers.output(name)}"
            if not claims[name] or (both_claim and not all(claims.values())):
                continue
            token, ids = claims[name][-1]
            finished = Timer.objects.filter(pk__in=ids, state=Timer.State.DONE).count()
            if 0 < finished < len(ids):
                victim_name = name
                break
        else:
            time.sleep(0.002)
    victim = workers.processes[victim_name]
    survivor_name = "b" if victim_name == "a" else "a"
    os.kill(victim.pid, signal.SIGKILL)
    victim.wait()
    assert victim.returncode == -signal.SIGKILL

    # What the victim left behind: rows it claimed and will never finish.
    orphans = set(
        Timer.objects.filter(claim_token=token, state=Timer.State.RUNNING).values_list(
            "pk", flat=True
        )
    )
    assert orphans, "the kill left no claimed rows behind"
    assert orphans <= set(ids)
    done_at_kill = Timer.objects.filter(state=Timer.State.DONE).count()
    assert done_at_kill < TIMERS

    workers.start("replacement")
    workers.wait(survivor_name, timeout=WORKER_SECONDS + 5)
    workers.wait("replacement", timeout=WORKER_SECONDS + 5)

    assert not Timer.objects.exclude(state=Timer.State.DONE).exists()
    counted = effects()
    assert set(counted) == keys
    assert {key: n for key, n in counted.items() if n != 1} == {}
    assert sum(counted.values()) == TIMERS
    # Every handler ran to its commit once (a run killed mid-handler was rolled back whole).
    assert set(Timer.objects.values_list("attempts", flat=True)) == {1}
    # The dead worker's rows were claimed again (a new token) after the lease, then done.
    reclaimed = Timer.objects.filter(pk__in=orphans)
    assert all(t.claim_token != token and t.state == Timer.State.DONE for t in reclaimed)
    # The victim did real work before it died, and the others finished the rest.
    by_victim = AuditEvent.objects.filter(action=EFFECT_ACTION, data__pid=victim.pid).count()
    assert 0 < by_victim <= done_at_kill


@pytest.mark.django_db
def test_a_failing_handler_backs_off_then_fails_and_staff_can_retry_it(
    test_handlers: None, settings: Any, caplog: pytest.LogCaptureFixture
) -> None:
    settings.BRIDGEWAY_RETRY_BASE_SECONDS = 30
    settings.BRIDGEWAY_RETRY_CAP_SECONDS = 3600
    settings.BRIDGEWAY_TIMER_MAX_ATTEMPTS = 6
    start = timezone.now()
    timer = timer_schedule(kind="test.fail", key="fail:1", due_at=start)
    error = "RuntimeError: boom for fail:1"

    moment, waits = start, []
    for attempt in range(1, 7):
        assert timers_run_due(now=moment) == 0
        timer.refresh_from_db()
        assert (timer.attempts, timer.last_error) == (attempt, error)
        if attempt == 6:
            break
        assert timer.state == Timer.State.PENDING
        assert timer.due_at == moment + backoff(attempt)
        waits.append((timer.due_at - moment).total_seconds())
        # Not a moment before the backoff has passed.
        assert timers_run_due(now=timer.due_at - timedelta(seconds=1)) == 0
        timer.refresh_from_db()
        assert (timer.attempts, timer.state) == (attempt, Timer.State.PENDING)
        moment = timer.due_at
    assert waits == [30, 60, 120, 240, 480]

    assert timer.state == Timer.State.FAILED
    assert timer.finished_at is not None
    assert timer.last_error == error  # kept for staff to read
    assert "timer %s failed" in {record.msg for record in caplog.records}
    # A failed timer stays failed: later sweeps leave it alone.
    assert timers_run_due(now=moment + timedelta(days=1)) == 0
    timer.refresh_from_db()
    assert (timer.state, timer.attempts, timer.last_error) == (Timer.State.FAILED, 6, error)
    assert not effects()  # each failed run's writes were rolled back with it

    # Staff fix the cause and retry: it runs again, once.
    settings.BRIDGEWAY_TIMER_HANDLERS = {
        **settings.BRIDGEWAY_TIMER_HANDLERS,
        "test.fail": HANDLERS["test.effect"],
    }
    timer_retry(timer=timer)
    timer.refresh_from_db()
    assert (timer.state, timer.attempts, timer.last_error) == (Timer.State.PENDING, 0, "")
    assert timers_run_due() == 1
    timer.refresh_from_db()
    assert (timer.state, timer.attempts) == (Timer.State.DONE, 1)
    assert effects() == Counter({"fail:1": 1})
    with pytest.raises(DomainError):
        timer_retry(timer=timer)  # only a failed timer can be retried
    assert timers_run_due(now=timezone.now() + timedelta(days=1)) == 0
    assert effects() == Counter({"fail:1": 1})


@pytest.mark.django_db
def test_scheduling_a_key_again_moves_the_timer_and_a_done_one_is_not_rearmed(
    test_handlers: None,
) -> None:
    now = timezone.now()
    timer_schedule(kind="test.effect", key="move:1", due_at=now + timedelta(hours=1))
    timer_schedule(
        kind="test.effect", key="move:1", due_at=now + timedelta(hours=2), payload={"v": 2}
    )
    timer = Timer.objects.get(key="move:1")
    assert Timer.objects.filter(key="move:1").count() == 1
    assert (timer.due_at, timer.payload) == (now + timedelta(hours=2), {"v": 2})
    assert timer.state == Timer.State.PENDING

    assert timers_run_due(now=now + timedelta(minutes=90)) == 0  # the old time: nothing
    assert timers_run_due(now=now + timedelta(hours=2)) == 1
    timer.refresh_from_db()
    assert timer.state == Timer.State.DONE
    assert effects() == Counter({"move:1": 1})

    # Scheduling a done timer again changes nothing: it never goes off twice.
    timer_schedule(
        kind="test.effect", key="move:1", due_at=now + timedelta(hours=3), payload={"v": 3}
    )
    timer.refresh_from_db()
    assert (timer.state, timer.due_at, timer.payload) == (
        Timer.State.DONE,
        now + timedelta(hours=2),
        {"v": 2},
    )
    assert timers_run_due(now=now + timedelta(days=1)) == 0
    assert effects() == Counter({"move:1": 1})

    # Moving earlier works too, and a cancelled timer scheduled again waits again.
    timer_schedule(kind="test.effect", key="move:2", due_at=now + timedelta(hours=5))
    timer_schedule(kind="test.effect", key="move:2", due_at=now + timedelta(minutes=5))
    assert timer_cancel(key="move:2")
    assert timers_run_due(now=now + timedelta(hours=6)) == 0
    timer_schedule(kind="test.effect", key="move:2", due_at=now + timedelta(minutes=10))
    assert Timer.objects.get(key="move:2").state == Timer.State.PENDING
    assert timers_run_due(now=now + timedelta(minutes=10)) == 1
    assert effects() == Counter({"move:1": 1, "move:2": 1})
