"""A conversation in the browser: Yara writes to Fatima from her phone; Fatima's open page
shows the message without a reload, and the header of another page she has open counts it;
Yara's own page shows it once, her box is empty again, and a second send is a new message.
Served by the project's ASGI application (websockets), as in test_notifications."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from bridgeway.messaging.models import Conversation, Member, Message
from bridgeway.programs.models import Enrollment
from bridgeway.relationships.models import Relationship
from tests.e2e.asgi import asgi_served
from tests.e2e.browser import DESKTOP, PHONE, email, sign_in
from tests.e2e.test_notifications import LISTENING, WATCH_SOCKETS

pytestmark = pytest.mark.e2e


@pytest.fixture
def contexts(browser: Any, demo: dict[str, Any]) -> Iterator[Any]:
    """Browser contexts on the ASGI server, closed before the server stops."""
    opened: list[Any] = []
    with asgi_served() as url:

        def open_context(viewport: dict[str, int]) -> Any:
            context = browser.new_context(base_url=url, viewport=viewport)
            context.set_default_timeout(10_000)
            opened.append(context)
            return context

        yield open_context
        for context in opened:
            context.close()


def _pair() -> Conversation:
    yara = Enrollment.objects.select_related("program").get(
        program__slug="welcome-hosts", person__email=email("mentee.yara")
    )
    fatima = Enrollment.objects.get(program=yara.program, person__email=email("mentor.fatima"))
    now = timezone.now()
    relationship = Relationship.objects.create(
        program=yara.program,
        mentee=yara,
        mentor=fatima,
        status=Relationship.Status.ACTIVE,
        activated_at=now,
        planned_end=now.date(),
    )
    chat = Conversation.objects.create(
        organization=yara.program.organization,
        program=yara.program,
        kind="pair",
        relationship=relationship,
    )
    for enrollment in (yara, fatima):
        Member.objects.create(conversation=chat, person=enrollment.person)
    return chat


def _listening(context: Any, address: str, path: str) -> Any:
    page = context.new_page()
    page.add_init_script(WATCH_SOCKETS)
    if address:
        sign_in(page, address)
    page.goto(path)
    page.wait_for_function(LISTENING)
    return page


def test_a_message_arrives_live_on_the_other_side(contexts: Any) -> None:
    chat = _pair()
    url = f"/my/messages/{chat.pk}/"
    fatima = contexts(DESKTOP)
    reading = _listening(fatima, email("mentor.fatima"), url)
    elsewhere = _listening(fatima, "", "/dashboard/")  # signed in already: same browser
    reading.evaluate("window.__marker = 1")

    yara = _listening(contexts(PHONE), email("mentee.yara"), url)
    yara.locator("#id_body").fill("Hello Fatima, are you free **Tuesday**?")
    yara.locator("form[data-compose] button[type=submit]").click()

    mine = yara.locator("#message-list li.mine")
    expect(mine).to_have_count(1)
    expect(mine.locator("strong", has_text="Tuesday")).to_be_visible()
    expect(yara.locator("#id_body")).to_have_value("")

    theirs = reading.locator("#message-list li[data-message]")
    expect(theirs).to_have_count(1)
    expect(theirs.locator(".message-body")).to_have_text("Hello Fatima, are you free Tuesday?")
    assert reading.evaluate("window.__marker") == 1  # no reload
    expect(elsewhere.locator("[data-messages-count] .badge")).to_have_text("1")

    # The next message gets a new key: it is stored, not taken for a retry of the first.
    yara.locator("#id_body").fill("Or Wednesday.")
    yara.locator("form[data-compose] button[type=submit]").click()
    expect(theirs).to_have_count(2)
    assert Message.objects.filter(conversation=chat).count() == 2
