"""A call in the browser: a mentee and her mentor, each in their own Chromium page with fake
camera and microphone, connect over loopback and both receive sound and picture
(RTCPeerConnection statistics: inbound bytes on both sides); the mentor's open conversation
page rings, and when both have left the conversation says how long the call lasted.

pytest-django's live server has no websockets; as in test_notifications.py the project's ASGI
application is served by uvicorn in a thread of the test process, so Channels' in-memory
layer reaches both pages' sockets. This test launches its own Chromium from the suite's
Playwright with Chromium's fake media devices (and permission prompts answered yes)."""

from __future__ import annotations

import time
from collections.abc import Iterator
from datetime import timedelta
from types import SimpleNamespace
from typing import Any

import pytest
from django.conf import settings
from django.test import Client
from django.utils import timezone
from playwright.sync_api import expect

from bridgeway.messaging.models import Member, Message
from bridgeway.messaging.services import conversation_open_for_relationship
from bridgeway.relationships.models import Relationship
from tests.e2e.asgi import asgi_served
from tests.e2e.browser import DESKTOP, PHONE, axe_violations, describe_violations
from tests.e2e.conftest import CHROMIUM, CHROMIUM_ARGS
from tests.factories import EnrollmentFactory, PersonFactory, ProgramFactory

pytestmark = pytest.mark.e2e

FAKE_MEDIA = [
    "--use-fake-device-for-media-stream",
    "--use-fake-ui-for-media-stream",
    "--autoplay-policy=no-user-gesture-required",
]
# Keeps the page's peer connections within reach of the test, to read their statistics.
WATCH_PEERS = """(() => {
  const Native = window.RTCPeerConnection;
  window.__peers = [];
  window.RTCPeerConnection = function (...args) {
    const pc = new Native(...args);
    window.__peers.push(pc);
    return pc;
  };
  window.RTCPeerConnection.prototype = Native.prototype;
})();"""
RECEIVED = """async () => {
  const total = { audio: 0, video: 0 };
  for (const pc of window.__peers) {
    if (pc.connectionState === "closed") continue;
    (await pc.getStats()).forEach((report) => {
      if (report.type === "inbound-rtp") total[report.kind] += report.bytesReceived || 0;
    });
  }
  return total;
}"""
EVENTS_OPEN = """() => window.__sockets.some((s) => s.readyState === s.OPEN && s.url.includes("/ws/events/"))"""
WATCH_SOCKETS = """(() => {
  const Native = window.WebSocket;
  window.__sockets = [];
  window.WebSocket = function (...args) {
    const socket = new Native(...args);
    window.__sockets.push(socket);
    return socket;
  };
  window.WebSocket.prototype = Native.prototype;
  Object.assign(window.WebSocket, { CONNECTING: 0, OPEN: 1, CLOSING: 2, CLOSED: 3 });
})();"""


@pytest.fixture
def pair(transactional_db: None) -> SimpleNamespace:
    """Amira (mentee) and Jonas (mentor), their mentorship under way and its conversation open."""
    program = ProgramFactory()
    amira = PersonFactory(display_name="Amira")
    jonas = PersonFactory(display_name="Jonas")
    relationship = Relationship.objects.create(
        program=program,
        mentee=EnrollmentFactory(program=program, person=amira, role="mentee"),
        mentor=EnrollmentFactory(program=program, person=jonas, role="mentor"),
        status=Relationship.Status.ACTIVE,
        activated_at=timezone.now(),
        planned_end=(timezone.now() + timedelta(weeks=16)).date(),
    )
    chat = conversation_open_for_relationship(relationship=relationship)
    return SimpleNamespace(amira=amira, jonas=jonas, chat=chat)


@pytest.fixture
def server(pair: SimpleNamespace) -> Iterator[str]:
    """The ASGI application on a free loopback port; stops before the database is emptied."""
    with asgi_served() as url:
        yield url


@pytest.fixture
def media_browser(browser: Any, server: str) -> Iterator[Any]:
    """A second Chromium of the suite's Playwright, with fake camera and microphone."""
    launched = browser.browser_type.launch(
        executable_path=str(CHROMIUM), args=CHROMIUM_ARGS + FAKE_MEDIA
    )
    yield launched
    launched.close()


def signed_in_page(media_browser: Any, server: str, person: Any) -> Any:
    client = Client()
    client.force_login(person)
    context = media_browser.new_context(base_url=server, viewport=DESKTOP)
    context.set_default_timeout(15_000)
    context.grant_permissions(["camera", "microphone"], origin=server)
    context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                "url": server,
            }
        ]
    )
    page = context.new_page()
    page.add_init_script(WATCH_PEERS)
    page.add_init_script(WATCH_SOCKETS)
    return page


def wait_for_media(page: Any, seconds: float = 30) -> dict[str, int]:
    deadline = time.monotonic() + seconds
    received = page.evaluate(RECEIVED)
    while not (received["audio"] > 0 and received["video"] > 0):
        assert time.monotonic() < deadline, f"no media received: {received}"
        time.sleep(0.25)
        received = page.evaluate(RECEIVED)
    return dict(received)


def test_a_pair_calls_and_both_receive_sound_and_picture(
    media_browser: Any, server: str, pair: SimpleNamespace
) -> None:
    call_path = f"/my/messages/{pair.chat.pk}/call/"
    jonas = signed_in_page(media_browser, server, pair.jonas)
    jonas.goto(f"/my/messages/{pair.chat.pk}/")
    jonas.wait_for_function(EVENTS_OPEN)

    amira = signed_in_page(media_browser, server, pair.amira)
    amira.goto(f"/my/messages/{pair.chat.pk}/")
    amira.get_by_role("link", name="Start a video call").click()
    amira.wait_for_url(f"**{call_path}")
    amira.get_by_role("button", name="Start the call").click()
    expect(amira.locator("#call-status")).to_contain_text("Waiting for the others")

    # Jonas's open conversation page rings; he joins from there.
    ringing = jonas.locator("#call-ringing")
    expect(ringing).to_contain_text("Amira is calling you (video call).")
    ringing.get_by_role("link", name="Join the call").click()
    jonas.wait_for_url(f"**{call_path}")
    expect(jonas.locator("#call-now")).to_contain_text("Amira")
    jonas.get_by_role("button", name="Join the call").click()

    expect(amira.locator("#call-status")).to_contain_text("Jonas joined the call.")
    for page in (amira, jonas):  # in the call, the page offers the call's controls instead
        expect(page.locator("#call-join")).to_be_hidden()
        expect(page.get_by_role("button", name="Leave the call")).to_be_visible()
    expect(amira.locator("#call-grid figcaption", has_text="Jonas")).to_have_count(1)
    expect(jonas.locator("#call-grid figcaption", has_text="Amira")).to_have_count(1)
    at_amira, at_jonas = wait_for_media(amira), wait_for_media(jonas)
    print(f"\nbytes received: Amira {at_amira}, Jonas {at_jonas}")

    # In the call, on a 320 px phone: nothing for axe-core to report, nothing wider than it.
    jonas.set_viewport_size(PHONE)
    violations = axe_violations(jonas)
    assert not violations, describe_violations(violations)
    assert jonas.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    jonas.set_viewport_size(DESKTOP)

    # Amira mutes: Jonas's page shows it beside her name.
    amira.get_by_role("button", name="Mute my microphone").click()
    expect(amira.get_by_role("button", name="Mute my microphone")).to_have_attribute(
        "aria-pressed", "true"
    )
    expect(jonas.locator("#call-grid li", has_text="Amira")).to_contain_text("microphone off")

    amira.get_by_role("button", name="Leave the call").click()
    expect(amira.locator("#call-status")).to_have_text("You left the call.")
    expect(jonas.locator("#call-status")).to_contain_text("Amira left the call.")
    jonas.get_by_role("button", name="Leave the call").click()

    deadline = time.monotonic() + 10
    while not Message.objects.filter(conversation=pair.chat, event="call").exists():
        assert time.monotonic() < deadline, "the call was not noted in the conversation"
        time.sleep(0.1)
    jonas.goto(f"/my/messages/{pair.chat.pk}/")
    expect(jonas.locator("#message-list")).to_contain_text("Video call, 1 minute.")


# A camera another program holds: asking for video fails, sound alone works.
CAMERA_BUSY = """(() => {
  const media = navigator.mediaDevices;
  const native = media.getUserMedia.bind(media);
  media.getUserMedia = (wanted) => wanted && wanted.video
    ? Promise.reject(new DOMException("Could not start video source", "NotReadableError"))
    : native(wanted);
})();"""


def press_until_focused(page: Any, selector: str) -> None:
    """Move through the page with Tab, as a keyboard user does, until `selector` has focus."""
    for _ in range(60):
        page.keyboard.press("Tab")
        if page.evaluate("(s) => document.activeElement.matches(s)", selector):
            return
    raise AssertionError(f"{selector} was never reached with Tab")


def test_on_a_phone_without_a_camera_she_joins_by_voice_with_the_keyboard(
    media_browser: Any, server: str, pair: SimpleNamespace
) -> None:
    call_path = f"/my/messages/{pair.chat.pk}/call/"
    amira = signed_in_page(media_browser, server, pair.amira)
    amira.set_viewport_size(PHONE)
    amira.add_init_script(CAMERA_BUSY)
    amira.goto(call_path)
    press_until_focused(amira, "#call-join")
    amira.keyboard.press("Enter")
    status = amira.locator("#call-status")
    expect(status).to_contain_text("Your camera could not be started")
    expect(status).to_contain_text("Waiting for the others")
    expect(amira.locator("#call-voice-only")).to_be_checked()
    expect(amira.locator("[data-self] figcaption")).to_contain_text("camera off")
    # Focus moved into the call's controls; Space mutes and unmutes.
    assert amira.evaluate("document.activeElement.id") == "call-mute"
    amira.keyboard.press("Space")
    expect(amira.locator("#call-mute")).to_have_attribute("aria-pressed", "true")
    expect(status).to_have_text("Your microphone is off.")
    amira.keyboard.press("Space")
    expect(amira.locator("#call-mute")).to_have_attribute("aria-pressed", "false")

    jonas = signed_in_page(media_browser, server, pair.jonas)
    jonas.goto(call_path)
    jonas.get_by_role("button", name="Join the call").click()
    expect(jonas.locator("#call-grid li", has_text="Amira")).to_contain_text("camera off")
    at_amira, at_jonas = wait_for_media(amira), wait_for_audio(jonas)
    print(f"\nvoice fallback, bytes received: Amira {at_amira}, Jonas {at_jonas}")
    assert at_jonas["video"] == 0  # Amira sends no picture

    # Jonas shares his screen (a desktop browser can); Amira's page says so by his name.
    share = jonas.get_by_role("button", name="Share my screen")
    share.click()
    expect(share).to_have_attribute("aria-pressed", "true")
    expect(amira.locator("#call-grid li", has_text="Jonas")).to_contain_text("sharing their screen")
    assert amira.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    amira.get_by_role("button", name="Leave the call").click()
    expect(jonas.locator("#call-status")).to_contain_text("Amira left the call.")


def wait_for_audio(page: Any, seconds: float = 30) -> dict[str, int]:
    deadline = time.monotonic() + seconds
    received = page.evaluate(RECEIVED)
    while not received["audio"] > 0:
        assert time.monotonic() < deadline, f"no sound received: {received}"
        time.sleep(0.25)
        received = page.evaluate(RECEIVED)
    return dict(received)


PER_PEER = """async () => {
  const found = [];
  for (const pc of window.__peers) {
    if (pc.connectionState === "closed") continue;
    let bytes = 0;
    (await pc.getStats()).forEach((report) => {
      if (report.type === "inbound-rtp" && report.kind === "video") bytes += report.bytesReceived || 0;
    });
    found.push(bytes);
  }
  return found;
}"""


def test_three_people_in_a_group_call_each_see_both_others(
    media_browser: Any, server: str, pair: SimpleNamespace
) -> None:
    """A mesh: each page holds a connection to each other page, and picture comes over each."""
    lina = PersonFactory(display_name="Lina")
    Member.objects.create(conversation=pair.chat, person=lina, role=Member.Role.MEDIATOR)
    call_path = f"/my/messages/{pair.chat.pk}/call/"
    pages = {}
    for name, person in (("Amira", pair.amira), ("Jonas", pair.jonas), ("Lina", lina)):
        page = signed_in_page(media_browser, server, person)
        page.goto(call_path)
        page.locator("#call-join").click()
        expect(page.locator("#call-stage")).to_be_visible()
        pages[name] = page
    for name, page in pages.items():
        others = [other for other in pages if other != name]
        for other in others:
            expect(page.locator("#call-grid figcaption", has_text=other)).to_have_count(1)
        deadline = time.monotonic() + 30
        received = page.evaluate(PER_PEER)
        while not (len(received) == 2 and all(received)):
            assert time.monotonic() < deadline, f"{name} received {received}"
            time.sleep(0.25)
            received = page.evaluate(PER_PEER)
        print(f"\n{name} received video bytes from each of the others: {received}")
