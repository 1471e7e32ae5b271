"""Emails go through a real SMTP server (aiosmtpd on 127.0.0.1): a server that says "try later"
gets each email again after the backoff, exactly once in the end; a refused recipient is given up
at once; and a sender killed after the server took an email, before it recorded that, sends it
again — at most one extra copy per kill, with the same Message-ID."""

from __future__ import annotations

import asyncio
import email
import email.policy
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from collections import Counter, defaultdict
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from datetime import time as clock
from datetime import timedelta
from email.message import EmailMessage
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest
from aiosmtpd.controller import Controller
from django.db import connection
from django.utils import timezone

from bridgeway.notifications import email as email_channel
from bridgeway.notifications.models import ContactSettings, Delivery, Notification
from bridgeway.notifications.outbox import deliveries_send_due, notify
from bridgeway.notifications.render import render
from tests.factories import EnrollmentFactory

ROOT = Path(__file__).resolve().parents[2]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class Sink:
    """An SMTP server's handler: says 451 to the first `refuse_first` emails, 550 to the
    addresses in `unknown`, and keeps every email it accepts (the raw bytes)."""

    def __init__(
        self,
        *,
        refuse_first: int = 0,
        unknown: frozenset[str] = frozenset(),
        delay: float = 0.0,
        on_accept: Callable[[int], None] | None = None,
    ) -> None:
        self.refuse_first = refuse_first
        self.unknown = unknown
        self.delay = delay
        self.on_accept = on_accept
        self.refused = 0
        self.recipients_tried: Counter[str] = Counter()
        self.raw: list[bytes] = []
        self.lock = threading.Lock()

    async def handle_RCPT(
        self, server: Any, session: Any, envelope: Any, address: str, rcpt_options: Any
    ) -> str:
        self.recipients_tried[address] += 1
        if address in self.unknown:
            return "550 5.1.1 No such user here"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        if self.delay:
            await asyncio.sleep(self.delay)
        with self.lock:
            if self.refused < self.refuse_first:
                self.refused += 1
                return "451 4.3.0 Try again later"
            self.raw.append(bytes(envelope.original_content))
            count = len(self.raw)
        if self.on_accept is not None:
            self.on_accept(count)
        return "250 2.0.0 Accepted"

    def messages(self) -> list[EmailMessage]:
        with self.lock:
            raw = list(self.raw)
        return [email.message_from_bytes(r, policy=email.policy.default) for r in raw]  # type: ignore[misc]


@contextmanager
def smtp_server(handler: Sink) -> Iterator[int]:
    port = free_port()
    controller = Controller(handler, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        yield port
    finally:
        controller.stop()


@pytest.fixture
def no_kick(monkeypatch: pytest.MonkeyPatch) -> None:
    """The tests send by calling the worker themselves: no job queued after commit."""
    monkeypatch.setattr("bridgeway.notifications.outbox._kick", lambda: None)


def use_smtp(settings: Any, port: int) -> None:
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = port
    settings.EMAIL_USE_TLS = False
    settings.EMAIL_USE_SSL = False
    settings.EMAIL_HOST_USER = ""
    settings.EMAIL_HOST_PASSWORD = ""
    settings.EMAIL_TIMEOUT = 10


def application_received(n: int) -> Notification:
    """A notification that can be switched off (so it carries one-click unsubscribe)."""
    enrollment = EnrollmentFactory(person__email=f"mentee{n}@example.org")
    # No quiet hours: the email is due now whatever the hour in Toronto.
    ContactSettings.objects.create(
        person=enrollment.person, quiet_start=clock(0, 0), quiet_end=clock(0, 0)
    )
    notification = notify(
        kind="programs.application_received",
        event=f"enrollment:{enrollment.pk}:received",
        person=enrollment.person,
        role="mentee",
        params={"enrollment": enrollment.pk},
        url=f"/programs/enrollments/{enrollment.pk}/",
    )
    assert notification is not None
    return notification


def intake_confirm(address: str, event: str) -> Notification:
    """A mandatory email to an address without an account (no unsubscribe)."""
    notification = notify(
        kind="intake.confirm",
        event=event,
        address=address,
        language="fr",
        url=f"/apply/finish/{event}/",
    )
    assert notification is not None
    return notification


def parts(message: EmailMessage) -> dict[str, str]:
    return {
        part.get_content_type(): part.get_content()
        for part in message.walk()
        if part.get_content_maintype() == "text"
    }


@pytest.mark.django_db
@pytest.mark.usefixtures("no_kick")
def test_a_server_that_says_try_later_gets_every_email_exactly_once_after_the_retries(
    settings: Any,
) -> None:
    sink = Sink(refuse_first=7)
    with smtp_server(sink) as port:
        use_smtp(settings, port)
        switchable = [application_received(n) for n in range(3)]
        mandatory = [intake_confirm(f"applicant{n}@example.org", f"s{n}") for n in range(2)]
        deliveries = {d.notification_id: d for d in Delivery.objects.filter(channel="email")}
        assert len(deliveries) == 5
        t = timezone.now() + timedelta(seconds=1)
        sent = deliveries_send_due(now=t)
        rounds = 0
        while Delivery.objects.filter(state=Delivery.State.QUEUED).exists():
            # Not before the backoff has run out …
            assert deliveries_send_due(now=t + timedelta(seconds=29)) == 0
            # … then again (the backoff doubles, capped at an hour).
            t += timedelta(hours=1, seconds=1)
            sent += deliveries_send_due(now=t)
            rounds += 1
            assert rounds < 5, list(Delivery.objects.values_list("state", "last_error"))
        assert rounds >= 2  # seven refusals among five emails: some were tried three times

    assert sent == 5
    assert sink.refused == 7
    states = Counter(Delivery.objects.values_list("state", flat=True))
    assert states == {Delivery.State.SENT: 5}
    assert sum(Delivery.objects.values_list("attempts", flat=True)) == 5 + 7
    messages = sink.messages()
    assert len(messages) == 5  # each exactly once
    by_to = {str(m["To"]): m for m in messages}
    assert len(by_to) == 5
    for notification in [*switchable, *mandatory]:
        delivery = Delivery.objects.get(pk=deliveries[notification.pk].pk)
        to = notification.person.email if notification.person else notification.address
        message = by_to[to]
        assert message["Message-ID"] == email_channel.message_id(delivery)
        assert delivery.message_id == message["Message-ID"]
        assert delivery.sent_to == to
        assert message.get_content_type() == "multipart/alternative"
        bodies = parts(message)
        assert set(bodies) == {"text/plain", "text/html"}
        assert message["Subject"] == render(notification).subject
        assert bodies["text/plain"].strip()
        assert "<html" in bodies["text/html"]
        if notification in switchable:
            # (a long header is folded: the value starts on the next line)
            header = str(message["List-Unsubscribe"]).strip()
            assert header.startswith("<")
            assert header.endswith(">")
            unsubscribe = header[1:-1]
            assert unsubscribe.startswith(settings.SITE_URL)
            token = unsubscribe.rstrip("/").rsplit("/", 1)[1]
            assert email_channel.unsubscribe_read(token) == (
                notification.person_id,
                ["programs.application_received"],
            )
            assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
            assert unsubscribe in bodies["text/plain"]
        else:
            assert message["List-Unsubscribe"] is None
            assert message["List-Unsubscribe-Post"] is None


@pytest.mark.django_db
@pytest.mark.usefixtures("no_kick")
def test_a_recipient_the_server_refuses_for_good_is_undeliverable_and_never_tried_again(
    settings: Any,
) -> None:
    sink = Sink(unknown=frozenset({"gone@example.org"}))
    with smtp_server(sink) as port:
        use_smtp(settings, port)
        gone = intake_confirm("gone@example.org", "gone")
        fine = intake_confirm("fine@example.org", "fine")
        t = timezone.now() + timedelta(seconds=1)
        assert deliveries_send_due(now=t) == 1
        for hours in (1, 2, 24):
            assert deliveries_send_due(now=t + timedelta(hours=hours)) == 0

    refused = Delivery.objects.get(notification=gone)
    assert refused.state == Delivery.State.UNDELIVERABLE
    assert "550" in refused.last_error
    assert "gone@example.org" in refused.last_error
    assert refused.attempts == 1
    assert sink.recipients_tried["gone@example.org"] == 1  # no retry
    # The refusal did not spoil the connection for the next email of the batch.
    assert Delivery.objects.get(notification=fine).state == Delivery.State.SENT
    assert [str(m["To"]) for m in sink.messages()] == ["fine@example.org"]


SENDER = """
import sys, time
import django
django.setup()
from django.conf import settings
# The test settings keep emails in memory; this worker talks to the test's SMTP server
# (EMAIL_HOST and EMAIL_PORT come from the environment, settings.py).
settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
from bridgeway.notifications.models import Delivery
from bridgeway.notifications.outbox import deliveries_send_due
deadline = time.monotonic() + 100
while time.monotonic() < deadline:
    deliveries_send_due(limit=40)
    if not Delivery.objects.exclude(state=Delivery.State.SENT).exists():
        sys.exit(0)
    time.sleep(0.2)
sys.exit(3)
"""


def database_url() -> str:
    db = connection.settings_dict
    if db["ENGINE"] == "django.db.backends.sqlite3":
        return f"sqlite:///{db['NAME']}"
    user = quote(db.get("USER") or "", safe="")
    password = quote(db.get("PASSWORD") or "", safe="")
    credentials = f"{user}:{password}@" if password else (f"{user}@" if user else "")
    port = f":{db['PORT']}" if db.get("PORT") else ""
    return f"postgres://{credentials}{db.get('HOST') or '127.0.0.1'}{port}/{db['NAME']}"


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("no_kick")
def test_a_sender_killed_after_the_server_took_an_email_sends_it_again_once_per_kill() -> None:
    count = 200
    kill_at = {30, 90, 150}  # the sink's count of accepted emails
    notifications = [intake_confirm(f"applicant{n}@example.org", f"s{n}") for n in range(count)]
    expected = {
        d.notification.address: email_channel.message_id(d)
        for d in Delivery.objects.select_related("notification")
    }
    assert len(expected) == count
    running: dict[str, subprocess.Popen[bytes]] = {}
    kills: list[int] = []

    def kill_mid_send(accepted: int) -> None:
        # The server has the email; the sender has not heard "250" yet, let alone recorded it.
        if accepted in kill_at and "sender" in running:
            os.kill(running["sender"].pid, signal.SIGKILL)
            kills.append(accepted)

    sink = Sink(delay=0.005, on_accept=kill_mid_send)
    with smtp_server(sink) as port:
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "bridgeway.config.settings_test",
            "DATABASE_URL": database_url(),
            "BRIDGEWAY_JOB_LEASE_SECONDS": "2",
            "EMAIL_HOST": "127.0.0.1",
            "EMAIL_PORT": str(port),
            "EMAIL_USE_TLS": "0",
            "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")])),
        }
        env.pop("PYTEST_XDIST_WORKER", None)
        started = time.monotonic()
        outputs = []
        while True:
            # (about 10 s on a quiet machine; the margin is for a busy one)
            assert time.monotonic() - started < 120, "the senders did not finish"
            process = subprocess.Popen(
                [sys.executable, "-c", SENDER],
                cwd=ROOT,
                env=env,
                stdout=subprocess.PIPE,
                stderr=subprocess.STDOUT,
                stdin=subprocess.DEVNULL,
            )
            running["sender"] = process
            try:
                output, _ = process.communicate(timeout=110)
            finally:
                with suppress(ProcessLookupError):
                    process.kill()
                process.wait()
            outputs.append(output.decode(errors="replace"))
            if process.returncode == -signal.SIGKILL:
                continue
            assert process.returncode == 0, "\n".join(outputs)[-4000:]
            break

    assert len(kills) == len(kill_at)
    assert Counter(Delivery.objects.values_list("state", flat=True)) == {Delivery.State.SENT: count}
    messages = sink.messages()
    ids_by_to: dict[str, set[str]] = defaultdict(set)
    for message in messages:
        ids_by_to[str(message["To"])].add(str(message["Message-ID"]))
    # Every notification arrived, at least once …
    assert set(ids_by_to) == {n.address for n in notifications}
    # … a copy twice only for a kill at the wrong moment …
    duplicates = len(messages) - count
    assert 1 <= duplicates <= len(kills), duplicates  # (each kill here came before the "250")
    # … and a second copy is the same message to the receiving side.
    assert all(ids == {expected[to]} for to, ids in ids_by_to.items())
