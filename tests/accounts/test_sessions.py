"""Staff sessions end after 30 idle minutes and 12 hours in all; participants keep theirs;
"sign out everywhere" ends every session of the person; "Where you are signed in" lists and
ends them one by one (accounts/sessions.py, accounts/devices.py). Each test runs with the
sessions in the database (an embedded install) and in the cache before the database (with
Redis, settings.py), both in `accounts.SignedInSession`."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from rest_framework.authtoken.models import Token

from bridgeway.accounts import sessions
from bridgeway.accounts.models import SignedInSession
from bridgeway.core.models import AuditEvent
from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True, params=["db", "cached_db"])
def session_engine(request: pytest.FixtureRequest, settings: object) -> None:
    settings.SESSION_ENGINE = f"bridgeway.accounts.session_engines.{request.param}"  # type: ignore[attr-defined]


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
    # The phone's session is gone: it is asked to sign in again.
    other = phone.get(reverse("core:dashboard"), follow=True)
    assert other.redirect_chain[-1][0].startswith(reverse("account_login"))
    assert not Token.objects.filter(user=world.erin).exists()
    assert not SignedInSession.objects.filter(person=world.erin).exists()
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


FIREFOX = "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:133.0) Gecko/20100101 Firefox/133.0"
PHONE = (
    "Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 "
    "(KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1"
)


def sign_in(email: str, agent: str) -> Client:
    browser = Client(HTTP_USER_AGENT=agent)
    answer = browser.post(reverse("account_login"), {"login": email, "password": PASSWORD})
    assert answer.status_code == 302
    return browser


def test_a_session_names_the_person_the_browser_and_its_times(
    world: SimpleNamespace, clock: Clock
) -> None:
    browser = sign_in("erin@example.org", FIREFOX)
    row = SignedInSession.objects.get(session_key=browser.session.session_key)
    assert row.person == world.erin
    assert row.user_agent == FIREFOX
    assert row.signed_in_at is not None
    assert int(row.signed_in_at.timestamp()) == clock.now
    assert row.last_seen_at == row.signed_in_at
    clock.forward(5)
    assert dashboard(browser) == 200  # the minute's refresh writes the last-seen time
    row.refresh_from_db()
    assert int(row.last_seen_at.timestamp()) == clock.now  # type: ignore[union-attr]
    assert int(row.signed_in_at.timestamp()) == clock.now - 300


def test_where_you_are_signed_in_lists_each_device_and_signs_one_out(
    world: SimpleNamespace, clock: Clock, django_capture_on_commit_callbacks: Any
) -> None:
    laptop = sign_in("erin@example.org", FIREFOX)
    clock.forward(10)
    phone = sign_in("erin@example.org", PHONE)
    page = laptop.get(reverse("accounts:signed_in")).content.decode()
    assert page.count("Firefox on Windows") >= 1
    assert "Safari on iOS" in page
    assert (
        page.index("Firefox on Windows") < page.index("(this device)") < page.index("Safari on iOS")
    )
    assert phone.session.session_key not in page
    assert laptop.session.session_key not in page
    handle = sessions.session_handle(phone.session.session_key or "")
    with django_capture_on_commit_callbacks(execute=True):  # the cache forgets it on commit
        done = laptop.post(reverse("accounts:signed_in"), {"device": handle}, follow=True)
    text = done.content.decode()
    assert "That device is signed out." in text
    assert "Safari on iOS" not in text
    assert "You are not signed in anywhere else." in text
    assert phone.get(reverse("core:dashboard")).status_code == 302  # asked to sign in again
    assert dashboard(laptop) == 200
    assert AuditEvent.objects.filter(action="account.sign_out_device", actor=world.erin).exists()
    again = laptop.post(reverse("accounts:signed_in"), {"device": handle}, follow=True)
    assert "That device was already signed out." in again.content.decode()


def test_nobody_signs_out_another_persons_device(world: SimpleNamespace) -> None:
    erin = sign_in("erin@example.org", FIREFOX)
    mallory = Client()
    mallory.force_login(world.mallory)
    handle = sessions.session_handle(erin.session.session_key or "")
    answer = mallory.post(reverse("accounts:signed_in"), {"device": handle}, follow=True)
    assert "That device was already signed out." in answer.content.decode()
    assert dashboard(erin) == 200
    assert "Firefox" not in mallory.get(reverse("accounts:signed_in")).content.decode()


def test_this_device_is_signed_out_from_the_menu_not_the_list(world: SimpleNamespace) -> None:
    laptop = sign_in("erin@example.org", FIREFOX)
    handle = sessions.session_handle(laptop.session.session_key or "")
    answer = laptop.post(reverse("accounts:signed_in"), {"device": handle}, follow=True)
    assert "To sign out on this device" in answer.content.decode()
    assert dashboard(laptop) == 200


def test_the_daily_job_deletes_sessions_past_their_end(world: SimpleNamespace) -> None:
    from datetime import timedelta

    from django.utils import timezone

    from bridgeway.accounts.tasks import clear_expired_sessions

    old, live = Client(), Client()
    old.force_login(world.erin)
    live.force_login(world.mallory)
    SignedInSession.objects.filter(session_key=old.session.session_key).update(
        expire_date=timezone.now() - timedelta(minutes=1)
    )
    assert clear_expired_sessions.call_local() == 1
    assert list(SignedInSession.objects.values_list("person", flat=True)) == [world.mallory.pk]
    assert clear_expired_sessions.call_local() == 0
