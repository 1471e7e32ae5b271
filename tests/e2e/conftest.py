"""Browser tests: Debian's Chromium driven by Playwright against pytest-django's live server.

One browser serves all browser tests; each test opens its own context (cookies, viewport,
language), so tests stay independent while the run stays short.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.core.cache import cache
from playwright.sync_api import sync_playwright

from bridgeway.core.models import Organization, StaffRole
from bridgeway.demo.network import demo_load
from tests.e2e.browser import DESKTOP
from tests.factories import MembershipFactory, PersonFactory

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


@pytest.fixture(scope="package")
def browser() -> Iterator[Any]:
    """One Chromium for the browser tests, closed after the last of them: while it is open,
    Playwright's event loop runs in this thread, which the rest of the suite must not inherit
    (async_to_sync refuses to run beside a running loop)."""
    if not CHROMIUM.exists():
        message = f"{CHROMIUM} is missing: install Debian's chromium package"
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)
    with pytest.MonkeyPatch.context() as patch, sync_playwright() as playwright:
        # Django refuses database calls from a thread with a running event loop; the tests make
        # such calls between browser steps, and the live server runs in its own thread.
        patch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def demo(transactional_db: None) -> dict[str, Any]:
    """The demo network of `make run`, keyed by email; the shared cache starts empty so that
    sign-in limits and used two-step codes of earlier tests do not leak into this one."""
    cache.clear()
    return {sign_in.email: sign_in for sign_in in demo_load()}


@pytest.fixture
def coordinator_without_two_step(demo: dict[str, Any]) -> str:
    """A coordinator of Maple who has not set up two-step verification yet; signs in with
    tests.factories.PASSWORD."""
    person = PersonFactory(email="new.coordinator@maple.example", display_name="Noor Aziz")
    MembershipFactory(
        organization=Organization.objects.get(slug="maple"),
        person=person,
        role=StaffRole.COORDINATOR,
    )
    return person.email


@pytest.fixture
def new_page(browser: Any, live_server: Any) -> Iterator[Any]:
    """Open a page in a fresh browser context: `new_page(viewport=PHONE, language="fr")`."""
    contexts: list[Any] = []

    def open_page(viewport: dict[str, int] = DESKTOP, language: str = "") -> Any:
        context = browser.new_context(base_url=live_server.url, viewport=viewport)
        context.set_default_timeout(10_000)
        if language:
            context.add_cookies(
                [{"name": "django_language", "value": language, "url": live_server.url}]
            )
        contexts.append(context)
        return context.new_page()

    yield open_page
    for context in contexts:
        context.close()
