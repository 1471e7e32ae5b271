"""Staff sessions end after 30 idle minutes and 12 hours in all; participants keep theirs;
"sign out everywhere" ends every session of the person (accounts/sessions.py). Each test runs
with the sessions in the database (an embedded install) and in the cache before the database
(with Redis, settings.py)."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from django.test import Client
from django.urls import reverse
from rest_framework.authtoken.models import Token

from bridgeway.accounts import sessions
from bridgeway.core.models import AuditEvent

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True, params=["db", "cached_db"])
def session_engine(request: pytest.FixtureRequest, settings: object) -> None:
    settings.SESSION_ENGINE = f"django.contrib.sessions.backends.{request.param}"  # type: ignore[attr-defined]


class Clock:
    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.now = 2_000_000_000
        monkeypatch.setattr(sessions, "_now", lambda: self.now)

    def forward(self, minutes: int) -> None:
        self.now += minutes * 60


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> Clock:
    return Clock(monkeypatch)


def dashboard(client: Client) -> int:
    return client.get(reverse("core:dashboard")).status_code


def test_staff_are_signed_out_after_thirty_idle_minutes(
    client: Client, world: SimpleNamespace, clock: Clock
) -> None:
    client.force_login(world.alice)
    for _step in range(4):  # active every 20 minutes: still signed in after an hour
        clock.forward(20)
        assert dashboard(client) == 200
    clock.forward(31)
    response = client.get(reverse("core:dashboard"), follow=True)
    assert response.redirect_chain[-1][0].startswith(reverse("account_login"))
    assert "You were signed out after 30 minutes without activity." in response.content.decode()


def test_staff_sessions_last_twelve_hours_however_active(
    client: Client, world: SimpleNamespace, clock: Clock
) -> None:
    client.force_login(world.alice)
    for _step in range(12 * 4):
        clock.forward(15)
        assert dashboard(client) == 200
    clock.forward(15)
    response = client.get(reverse("core:dashboard"), follow=True)
    assert "Staff sessions last 12 hours." in response.content.decode()


def test_participants_keep_their_session(
    client: Client, world: SimpleNamespace, clock: Clock
) -> None:
    client.force_login(world.erin)
    clock.forward(24 * 60)
    assert dashboard(client) == 200


def test_someone_made_staff_is_covered_within_a_minute(
    client: Client, world: SimpleNamespace, clock: Clock
) -> None:
    client.force_login(world.mallory)
    from tests.factories import MembershipFactory

    MembershipFactory(organization=world.agency_a, person=world.mallory, role="coordinator")
    clock.forward(2)
    client.get(reverse("core:dashboard"))  # the minute's refresh reads the role again
    clock.forward(31)
    response = client.get(reverse("core:dashboard"), follow=True)
    assert "without activity" in response.content.decode()


def test_sign_out_everywhere_ends_every_session_and_the_token_when_asked(
    world: SimpleNamespace, clock: Clock
) -> None:
    phone, laptop = Client(), Client()
    phone.force_login(world.erin)
    laptop.force_login(world.erin)
    Token.objects.create(user=world.erin)
    page = laptop.get(reverse("accounts:sign_out_everywhere"))
    assert "Also revoke my API token" in page.content.decode()
    done = laptop.post(reverse("accounts:sign_out_everywhere"), {"token": "1"}, follow=True)
    assert "You are signed out on every device." in done.content.decode()
    assert dashboard(laptop) == 302
    other = phone.get(reverse("core:dashboard"), follow=True)
    assert other.redirect_chain[-1][0].startswith(reverse("account_login"))
    assert "You were signed out on every device." in other.content.decode()
    assert not Token.objects.filter(user=world.erin).exists()
    event = AuditEvent.objects.get(action="account.sign_out_everywhere")
    assert event.data == {"token_revoked": True}
    # Signing in again works as before.
    phone.force_login(world.erin)
    assert dashboard(phone) == 200


def test_the_token_is_kept_unless_asked(client: Client, world: SimpleNamespace) -> None:
    client.force_login(world.erin)
    Token.objects.create(user=world.erin)
    client.post(reverse("accounts:sign_out_everywhere"))
    assert Token.objects.filter(user=world.erin).exists()
