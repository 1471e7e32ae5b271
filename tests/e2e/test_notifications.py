"""The bell in the browser: a notification made while the person has a page open reaches that
page over its websocket, without a reload; and the notifications page that lists it has no
axe-core violation at 320 px, in English and in French.

pytest-django's live server speaks WSGI, which has no websockets, so these tests serve the
project's ASGI application (HTTP through Django, /ws/events/ through Channels) with uvicorn in a
thread of the test process, against the test database. The channel layer of the SQLite run is
Channels' in-memory one, which only reaches consumers in the same process: the notification is
made by a request to that server, as a person's click would make it, never from the test thread.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from playwright.sync_api import expect

from bridgeway.notifications.models import Notification
from bridgeway.notifications.render import summary_in
from bridgeway.programs.models import Program
from tests.e2e.asgi import asgi_served
from tests.e2e.browser import (
    DESKTOP,
    PHONE,
    axe_violations,
    describe_violations,
    email,
    sign_in,
    switch_language,
)

pytestmark = pytest.mark.e2e

APPLY = "main form[novalidate] button[type=submit]"
BADGE = "[data-bell-count] .badge"
# Keeps the page's websockets within reach of the test, to wait until the page listens.
WATCH_SOCKETS = """(() => {
  const Native = window.WebSocket;
  window.__sockets = [];
  window.WebSocket = function (...args) {
    const socket = new Native(...args);
    window.__sockets.push(socket);
    return socket;
  };
  window.WebSocket.prototype = Native.prototype;
})();"""
LISTENING = "() => window.__sockets.some((socket) => socket.readyState === socket.OPEN)"


@pytest.fixture
def asgi_server(demo: dict[str, Any]) -> Iterator[str]:
    """bridgeway.config.asgi.application served by uvicorn on a free loopback port; the URL.
    The server stops before the test database is emptied (this fixture needs `demo`)."""
    with asgi_served() as url:
        yield url


@pytest.fixture
def asgi_context(browser: Any, asgi_server: str) -> Iterator[Any]:
    """A browser context (cookies shared by its pages) on the ASGI server, closed before the
    server stops."""
    context = browser.new_context(base_url=asgi_server, viewport=DESKTOP)
    context.set_default_timeout(10_000)
    yield context
    context.close()


def test_the_bell_shows_a_new_notification_without_a_reload(asgi_context: Any) -> None:
    address = email("mentee.yara")
    watching = asgi_context.new_page()
    sign_in(watching, address)
    assert "/accounts/login/" not in watching.url, f"{address} could not sign in"

    # Yara keeps her dashboard open; it listens on /ws/events/ once its socket is open.
    watching.add_init_script(WATCH_SOCKETS)
    watching.goto("/dashboard/")
    watching.wait_for_function(LISTENING)
    before = int(watching.locator(BADGE).text_content() or "0")
    assert (watching.locator("[data-bell-count]").get_attribute("hidden") is not None) == (
        before == 0
    )
    watching.evaluate("window.__marker = 1")

    # In another tab of the same browser she applies to a second program; the server writes
    # the "application received" notification and, on commit, tells her open pages.
    cohort = Program.objects.get(slug="professional-bridge")
    applying = asgi_context.new_page()
    applying.goto(f"/programs/{cohort.pk}/")
    applying.locator("input[name=role][value=mentee]").check()
    with applying.expect_navigation():
        applying.locator(APPLY).click()
    assert applying.url.endswith("/applied/"), applying.url

    notification = Notification.objects.select_related("person").get(
        person__email=address, kind="programs.application_received"
    )
    assert notification.person is not None
    expected = summary_in(notification, notification.person.preferred_language)
    assert cohort.name in expected

    expect(watching.locator(BADGE)).to_have_text(str(before + 1))
    expect(watching.locator("[data-bell-count]")).to_be_visible()
    expect(watching.locator("#live-region")).to_have_text(expected)
    # The same document all along: the update came over the socket, not by reloading.
    assert watching.evaluate("window.__marker") == 1
    assert watching.url.endswith("/dashboard/"), watching.url

    # The notifications page lists it, and is accessible on a phone in both languages.
    watching.set_viewport_size(PHONE)
    found = []
    for language in ("en", "fr"):
        watching.goto("/notifications/")
        switch_language(watching, language)
        item = watching.locator(".notification.unread a", has_text=cohort.name)
        expect(item).to_have_count(1)
        expect(item).to_have_text(summary_in(notification, language))
        violations = axe_violations(watching)
        if violations:
            found.append(f"[{language}] at 320 px:\n{describe_violations(violations)}")
        width = watching.evaluate("document.documentElement.scrollWidth")
        if width > PHONE["width"]:
            found.append(f"[{language}] the page is {width} px wide at 320 px")
    assert not found, "notifications page:\n" + "\n".join(found)
