"""Cluster mode: two web nodes and two job workers sharing PostgreSQL, Redis and one folder of
files, as docs/deployment.md sets them up behind a load balancer.

Real processes: `bridgeway serve` on two loopback ports (node A with one process, node B with
two; production settings, tests/services/cluster_settings.py) and two `bridgeway worker` (Huey
on Redis), each with a data folder of its own, so that nothing kept in one process or on one
node's disk can pass for shared. Over real HTTP and a real websocket:

- a mentee signed in on node A sends a message with a file; their mentor's page, connected to
  node B, hears of it, and the mentor downloads the file from node B;
- the message limit counts on both nodes together: the seventh message answers 429 with
  Retry-After on either node;
- a session made on node A works on node B, and "sign out everywhere" on node B ends it on A;
- the due jobs, queued twenty times and taken by both workers, run once: one email about the
  unread messages, one timer run, each email sent once.
"""

from __future__ import annotations

import asyncio
import json
import os
import re
import secrets
import signal
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
import requests

from tests.services.needs import require_postgres, require_redis
from tests.services.test_signin_limits import bridgeway_command, free_port, fresh_postgres_database

pytestmark = [pytest.mark.slow, pytest.mark.services]

ROOT = Path(__file__).resolve().parents[2]
PASSWORD = "correct-horse-battery-staple"
START_TIMEOUT = 90.0
TIMEOUT = 30.0
MESSAGE_LIMIT = 6
FILE = b"Curriculum vitae\nRegistered nurse, 12 years in Tehran.\n"

SETUP = f"""
import json
import django
django.setup()
from datetime import timedelta
from django.core.management import call_command
from django.utils import timezone
call_command("migrate", interactive=False, verbosity=0)
from bridgeway.messaging.services import conversation_open_for_relationship
from bridgeway.relationships.models import Relationship
from tests.factories import EnrollmentFactory, PersonFactory, ProgramFactory
program = ProgramFactory(name="Health care mentoring")
mentee = PersonFactory(email="amal@example.org", display_name="Amal", password={PASSWORD!r})
mentor = PersonFactory(email="dana@example.org", display_name="Dana", password={PASSWORD!r})
relationship = Relationship.objects.create(
    program=program,
    mentee=EnrollmentFactory(program=program, person=mentee, role="mentee", status="matched"),
    mentor=EnrollmentFactory(program=program, person=mentor, role="mentor", status="matched"),
    status=Relationship.Status.ACTIVE,
    planned_end=(timezone.now() + timedelta(weeks=26)).date(),
)
chat = conversation_open_for_relationship(relationship=relationship)
print(json.dumps({{"conversation": chat.pk}}))
"""

# Everything that is waiting falls due now; the jobs that run it are queued many times over.
ENQUEUE = """
import django
django.setup()
from django.utils import timezone
from bridgeway.core.tasks import worker_heartbeat
from bridgeway.notifications.models import Timer
from bridgeway.notifications.tasks import run_timers, send_now
due = Timer.objects.filter(state="pending").update(due_at=timezone.now())
for _ in range(20):
    run_timers()
    send_now()
worker_heartbeat()
print(due)
"""


@dataclass
class Process:
    name: str
    process: subprocess.Popen[bytes]
    log: Path
    port: int = 0

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    def tail(self) -> str:
        return f"--- {self.name} ---\n" + self.log.read_text(errors="replace")[-3000:]

    def stop(self) -> None:
        with suppress(ProcessLookupError):
            os.killpg(self.process.pid, signal.SIGTERM)
        try:
            self.process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            with suppress(ProcessLookupError):
                os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(timeout=15)


@dataclass
class Cluster:
    a: Process
    b: Process
    workers: list[Process]
    env: dict[str, str]
    database_url: str
    mail: Path
    conversation: int

    def logs(self) -> str:
        return "\n".join(p.tail() for p in (self.a, self.b, *self.workers))

    def django(self, script: str) -> str:
        """Run a Django script against the cluster's database and queue; its output."""
        result = subprocess.run(
            [sys.executable, "-c", script],
            cwd=ROOT,
            env=self.env,
            capture_output=True,
            text=True,
            timeout=180,
            check=False,
        )
        assert result.returncode == 0, result.stdout + result.stderr
        return result.stdout

    def query(self, sql: str, *params: object) -> list[tuple[Any, ...]]:
        import psycopg

        with psycopg.connect(self.database_url) as connection:
            return connection.execute(sql, params).fetchall()  # type: ignore[arg-type]


def _start(name: str, command: list[str], env: dict[str, str], folder: Path) -> Process:
    folder.mkdir(parents=True, exist_ok=True)
    log = folder / f"{name}.log"
    with log.open("wb") as output:
        process = subprocess.Popen(
            command,
            cwd=folder,
            env=env | {"BRIDGEWAY_DATA_DIR": str(folder)},
            stdout=output,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            start_new_session=True,
        )
    return Process(name, process, log)


def _wait_until_serving(node: Process) -> None:
    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline:
        assert node.process.poll() is None, f"{node.name} stopped:\n{node.tail()}"
        with suppress(requests.RequestException):
            answer = requests.get(node.url("/health/"), timeout=5).json()
            if answer["checks"]["database"] == answer["checks"]["cache"] == "ok":
                return
        time.sleep(0.2)
    raise AssertionError(f"{node.name} did not answer in time\n{node.tail()}")


def _wait_until_consuming(worker: Process) -> None:
    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline:
        assert worker.process.poll() is None, f"{worker.name} stopped:\n{worker.tail()}"
        if "consumer started" in worker.log.read_text(errors="replace").lower():
            return
        time.sleep(0.2)
    raise AssertionError(f"{worker.name} did not start in time\n{worker.tail()}")


@contextmanager
def running_cluster(tmp: Path) -> Iterator[Cluster]:
    redis_url = require_redis()
    queue = f"bridgeway-cluster-{uuid.uuid4().hex[:10]}"
    with fresh_postgres_database(require_postgres()) as database_url:
        env = {k: v for k, v in os.environ.items() if k not in {"DJANGO_SETTINGS_MODULE"}}
        env |= {
            "DJANGO_SETTINGS_MODULE": "tests.services.cluster_settings",
            "DATABASE_URL": database_url,
            "REDIS_URL": redis_url,
            "BRIDGEWAY_HUEY_NAME": queue,
            "BRIDGEWAY_SECRET_KEY": secrets.token_urlsafe(50),
            "BRIDGEWAY_HTTPS": "0",
            "BRIDGEWAY_ATTACHMENTS_DIR": str(tmp / "shared-files"),
            "BRIDGEWAY_EMAIL_FILE_DIR": str(tmp / "mail"),
            "BRIDGEWAY_RATE_MESSAGE": f"{MESSAGE_LIMIT}/d",
            "BRIDGEWAY_DEFAULT_QUIET_HOURS": "",
            "FORWARDED_ALLOW_IPS": "127.0.0.1",
            "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), env.get("PYTHONPATH")])),
        }
        (tmp / "mail").mkdir()
        setup = subprocess.run(
            [sys.executable, "-c", SETUP],
            cwd=ROOT,
            env=env | {"BRIDGEWAY_DATA_DIR": str(tmp / "setup")},
            capture_output=True,
            text=True,
            timeout=240,
            check=False,
        )
        assert setup.returncode == 0, setup.stdout + setup.stderr
        made = json.loads(setup.stdout.strip().splitlines()[-1])
        processes: list[Process] = []
        try:
            for name in ("node-a", "node-b"):
                port = free_port()
                # Node B runs two processes, which take its connections in turn (serving.py).
                workers = "2" if name == "node-b" else "1"
                serve = [*bridgeway_command(), "serve", "--port", str(port), "--workers", workers]
                processes.append(_start(name, serve, env, tmp / name))
                processes[-1].port = port
            for name in ("worker-1", "worker-2"):
                processes.append(_start(name, [*bridgeway_command(), "worker"], env, tmp / name))
            a, b, *workers = processes
            for node in (a, b):
                _wait_until_serving(node)
            for worker in workers:
                _wait_until_consuming(worker)
            yield Cluster(a, b, workers, env, database_url, tmp / "mail", made["conversation"])
        finally:
            for process in processes:
                process.stop()
            _forget_queue(redis_url, queue)


def _forget_queue(redis_url: str, queue: str) -> None:
    import redis

    client = redis.Redis.from_url(redis_url)
    try:
        for key in client.scan_iter(match=f"*{queue}*"):
            client.delete(key)
    finally:
        client.close()


# --- A person's browser: one cookie jar for both nodes, as behind one address -----------------


def browser() -> requests.Session:
    session = requests.Session()
    session.headers["Accept-Language"] = "en"
    return session


def csrf_token(page: str) -> str:
    found = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
    assert found, "the page carries a form"
    return found.group(1)


def sign_in(session: requests.Session, node: Process, email: str) -> None:
    form = session.get(node.url("/accounts/login/"), timeout=TIMEOUT)
    answer = session.post(
        node.url("/accounts/login/"),
        data={"csrfmiddlewaretoken": csrf_token(form.text), "login": email, "password": PASSWORD},
        allow_redirects=False,
        timeout=TIMEOUT,
    )
    assert answer.status_code == 302, f"{answer.status_code}\n{node.tail()}"


def send(
    session: requests.Session, node: Process, conversation: int, text: str, file: bool = False
) -> requests.Response:
    path = f"/my/messages/{conversation}/"
    page = session.get(node.url(path), timeout=TIMEOUT)
    assert page.status_code == 200, f"{page.status_code}\n{node.tail()}"
    files = {"attachments": ("cv.txt", FILE, "text/plain")} if file else None
    return session.post(
        node.url(path),
        data={"csrfmiddlewaretoken": csrf_token(page.text), "body": text, "client_key": text},
        files=files,
        allow_redirects=False,
        timeout=TIMEOUT,
    )


def _wait_past_midnight_utc() -> None:
    """The message limit counts per UTC day: never let the day turn in the middle of it."""
    now = datetime.now(UTC)
    left = (now.replace(hour=0, minute=0, second=0, microsecond=0) + timedelta(days=1)) - now
    if left < timedelta(minutes=2):
        time.sleep(left.total_seconds() + 1)


# --- The steps ------------------------------------------------------------------------------


async def _message_reaches_the_other_node(
    cluster: Cluster, mentee: requests.Session, mentor: requests.Session
) -> int:
    from websockets.asyncio.client import connect

    cookie = f"sessionid={mentor.cookies['sessionid']}"
    origin = f"http://127.0.0.1:{cluster.b.port}"
    address = f"ws://127.0.0.1:{cluster.b.port}/ws/events/"
    async with connect(address, additional_headers={"Cookie": cookie, "Origin": origin}) as page:
        sent = await asyncio.to_thread(
            send, mentee, cluster.a, cluster.conversation, "Here is my CV.", True
        )
        assert sent.status_code == 302, f"{sent.status_code}\n{cluster.logs()}"
        try:
            async with asyncio.timeout(15):
                while True:
                    event = json.loads(await page.recv())
                    if event.get("type") == "message":
                        assert event["conversation"] == cluster.conversation
                        return int(event["message"])
        except TimeoutError:
            raise AssertionError(
                f"the message did not reach the mentor's page on node B\n{cluster.logs()}"
            ) from None


def _the_file_downloads_from_node_b(
    cluster: Cluster, mentee: requests.Session, mentor: requests.Session
) -> None:
    page = mentee.get(cluster.a.url(f"/my/messages/{cluster.conversation}/"), timeout=TIMEOUT)
    links = re.findall(rf"/my/messages/{cluster.conversation}/files/\d+/", page.text)
    assert links, "the message shows its file"
    download = mentor.get(cluster.b.url(links[0]), timeout=TIMEOUT)
    assert download.status_code == 200, f"{download.status_code}\n{cluster.logs()}"
    assert download.content == FILE


def _the_limit_counts_on_both_nodes(cluster: Cluster, mentee: requests.Session) -> None:
    # One message went already (through A). Two more through A, three through B: six.
    for number, node in enumerate([cluster.a, cluster.a, cluster.b, cluster.b, cluster.b], 2):
        answer = send(mentee, node, cluster.conversation, f"Message {number}")
        assert answer.status_code == 302, f"message {number}: {answer.status_code}"
    for node in (cluster.a, cluster.b):
        refused = send(mentee, node, cluster.conversation, "One too many")
        assert refused.status_code == 429, f"{node.name}: {refused.status_code}"
        assert int(refused.headers["Retry-After"]) > 0
        assert "You have sent many messages in a short time." in refused.text
    stored = cluster.query(
        "SELECT COUNT(*) FROM messaging_message WHERE conversation_id = %s AND kind = 'text'",
        cluster.conversation,
    )
    assert stored == [(MESSAGE_LIMIT,)]


def _jobs_run_once(cluster: Cluster) -> None:
    cluster.django(ENQUEUE)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        waiting = cluster.query(
            "SELECT (SELECT COUNT(*) FROM notifications_timer WHERE state IN "
            "('pending', 'running')) + (SELECT COUNT(*) FROM notifications_delivery WHERE "
            "state IN ('queued', 'sending'))"
        )
        if waiting == [(0,)]:
            break
        time.sleep(0.3)
    else:
        raise AssertionError(f"jobs still waiting\n{cluster.logs()}")
    timers = cluster.query("SELECT state, attempts FROM notifications_timer")
    assert timers, "the messages set the mentor's unread-message timer"
    assert all(row == ("done", 1) for row in timers), timers
    unread = cluster.query(
        "SELECT d.state, d.attempts, d.sent_to FROM notifications_delivery d JOIN "
        "notifications_notification n ON n.id = d.notification_id WHERE n.kind = "
        "'messaging.unread' AND d.channel = 'email'"
    )
    assert unread == [("sent", 1, "dana@example.org")], unread
    # Every email left once: as many in the mail folder as deliveries sent, no id twice.
    sent = cluster.query(
        "SELECT message_id FROM notifications_delivery WHERE channel = 'email' AND state = 'sent'"
    )
    mail = "".join(p.read_text(errors="replace") for p in cluster.mail.iterdir())
    ids = re.findall(r"^Message-ID: (.+)$", mail, flags=re.MULTILINE)
    assert len(ids) == len(set(ids)) == len(sent), (ids, sent)
    # Both workers took jobs off the queue.
    for worker in cluster.workers:
        assert "Executing bridgeway." in worker.log.read_text(errors="replace"), worker.tail()
    for node in (cluster.a, cluster.b):
        health = requests.get(node.url("/health/"), timeout=TIMEOUT)
        assert health.status_code == 200, health.text


def _sessions_hold_across_nodes(cluster: Cluster, on_a: requests.Session) -> None:
    assert on_a.get(cluster.b.url("/my/messages/"), timeout=TIMEOUT).status_code == 200
    on_b = browser()
    sign_in(on_b, cluster.b, "amal@example.org")
    page = on_b.get(cluster.b.url("/account/sign-out-everywhere/"), timeout=TIMEOUT)
    ended = on_b.post(
        cluster.b.url("/account/sign-out-everywhere/"),
        data={"csrfmiddlewaretoken": csrf_token(page.text)},
        allow_redirects=False,
        timeout=TIMEOUT,
    )
    assert ended.status_code == 302
    # Node B deleted the session from the database and from Redis: node A asks to sign in.
    answer = on_a.get(cluster.a.url("/my/messages/"), allow_redirects=False, timeout=TIMEOUT)
    assert answer.status_code == 302
    assert answer.headers["Location"].startswith("/accounts/login/")


def _each_web_process_warmed_up(cluster: Cluster) -> None:
    """Each web process (one on node A, two on node B) built its first pages' needs on
    PostgreSQL before it listened, every part of it (core/warm_up.py)."""
    for node, processes in ((cluster.a, 1), (cluster.b, 2)):
        log = node.log.read_text(errors="replace")
        assert log.count("warmed up in") == processes, node.tail()
        assert "warming up" not in log, node.tail()


def test_two_web_nodes_and_two_workers_share_messages_limits_sessions_files_and_jobs(
    tmp_path: Path,
) -> None:
    _wait_past_midnight_utc()
    with running_cluster(tmp_path) as cluster:
        mentee, mentor = browser(), browser()
        sign_in(mentee, cluster.a, "amal@example.org")
        sign_in(mentor, cluster.b, "dana@example.org")
        message = asyncio.run(_message_reaches_the_other_node(cluster, mentee, mentor))
        assert cluster.query(
            "SELECT p.email, m.body FROM messaging_message m JOIN accounts_person p "
            "ON p.id = m.author_id WHERE m.id = %s",
            message,
        ) == [("amal@example.org", "Here is my CV.")]
        _the_file_downloads_from_node_b(cluster, mentee, mentor)
        _the_limit_counts_on_both_nodes(cluster, mentee)
        _jobs_run_once(cluster)
        _sessions_hold_across_nodes(cluster, mentee)
        _each_web_process_warmed_up(cluster)
