"""Channels that fail: a broken email backend never fails the request that caused the
notification (the delivery waits and is retried), and the Twilio backend, talking to a local
stand-in for Twilio's API, records a sent text, an invalid number and a STOP from the carrier."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from datetime import time, timedelta
from http.server import BaseHTTPRequestHandler, HTTPServer
from typing import Any
from urllib.parse import parse_qs

import pytest
from django.core.mail.backends.base import BaseEmailBackend
from django.utils import timezone

from bridgeway.accounts.models import Person
from bridgeway.notifications import texting
from bridgeway.notifications.models import ContactSettings, Delivery
from bridgeway.notifications.outbox import deliveries_send_due, notify
from bridgeway.notifications.services import contact_update

pytestmark = pytest.mark.django_db


class BrokenBackend(BaseEmailBackend):
    def send_messages(self, email_messages: Any) -> int:
        raise ConnectionRefusedError("the mail server is down")


def test_a_broken_email_backend_never_fails_the_request_and_the_email_waits(
    erin: Person, settings: Any, django_capture_on_commit_callbacks: Any
) -> None:
    settings.EMAIL_BACKEND = "tests.notifications.test_backends.BrokenBackend"
    # No quiet hours: the email is due now whatever the hour in Toronto.
    ContactSettings.objects.create(person=erin, quiet_start=time(0, 0), quiet_end=time(0, 0))
    enrollment = erin.enrollments.get()
    with django_capture_on_commit_callbacks(execute=True):
        notify(
            kind="programs.application_received",
            event="broken",
            person=erin,
            params={"enrollment": enrollment.pk},
        )
    delivery = Delivery.objects.get()
    assert delivery.state == "queued"  # waiting for the next try, not lost
    assert delivery.attempts == 1
    assert "the mail server is down" in delivery.last_error
    assert delivery.due_at > timezone.now()


class FakeTwilio(BaseHTTPRequestHandler):
    received: list[dict[str, list[str]]] = []

    def do_POST(self) -> None:
        length = int(self.headers["Content-Length"])
        form = parse_qs(self.rfile.read(length).decode())
        FakeTwilio.received.append(form)
        to = form["To"][0]
        if to.endswith("+639170000000"):
            status, body = 400, {"code": 21211, "message": "Invalid 'To' Phone Number"}
        elif to.endswith("+639171111111"):
            status, body = 400, {"code": 21610, "message": "Attempt to send to unsubscribed"}
        else:
            status, body = 201, {"sid": "SM123"}
        payload = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)

    def log_message(self, *args: Any) -> None:
        pass


@pytest.fixture
def twilio(settings: Any, monkeypatch: pytest.MonkeyPatch) -> Iterator[list[Any]]:
    server = HTTPServer(("127.0.0.1", 0), FakeTwilio)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    FakeTwilio.received = []
    monkeypatch.setattr(
        texting.TwilioBackend,
        "api",
        f"http://127.0.0.1:{server.server_address[1]}/Accounts/{{sid}}/Messages.json",
    )
    settings.BRIDGEWAY_TEXT_BACKEND = "bridgeway.notifications.texting.TwilioBackend"
    settings.TWILIO_ACCOUNT_SID, settings.TWILIO_AUTH_TOKEN = "AC1", "token"
    settings.TWILIO_SMS_FROM, settings.TWILIO_WHATSAPP_FROM = "+15005550006", "+15005550007"
    yield FakeTwilio.received
    server.shutdown()


@pytest.mark.parametrize(
    ("phone", "state", "stopped"),
    [
        ("+63 917 123 4567", "sent", False),
        ("+63 917 000 0000", "undeliverable", False),
        ("+63 917 111 1111", "undeliverable", True),
    ],
)
def test_twilio_sends_and_says_when_a_number_cannot_receive(
    erin: Person, twilio: list[Any], phone: str, state: str, stopped: bool
) -> None:
    contact_update(
        person=erin, phone=phone, sms=True, whatsapp=True, quiet_start=None, quiet_end=None
    )
    enrollment = erin.enrollments.get()
    notify(
        kind="programs.application_received",
        event="texted",
        person=erin,
        params={"enrollment": enrollment.pk},
    )
    deliveries_send_due(now=timezone.now() + timedelta(days=1))
    texts = {d.channel: d for d in Delivery.objects.exclude(channel="email")}
    assert texts["sms"].state == state
    if state == "sent":
        assert texts["sms"].provider_id == "SM123"
        whatsapp = [r for r in twilio if r["To"][0].startswith("whatsapp:")]
        assert whatsapp[0]["From"] == ["whatsapp:+15005550007"]
    erin.contact_settings.refresh_from_db()
    assert (erin.contact_settings.sms_stopped_at is not None) == stopped
