"""A person who uses only the keyboard can skip to the content and sign in, and always sees
where the focus is."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import expect

from bridgeway.demo.network import DEMO_PASSWORD
from tests.e2e.browser import DESKTOP, FOCUSED, PHONE, email, sign_in, tab_to, totp_code

pytestmark = pytest.mark.e2e


def _press_enter_and_wait(page: Any) -> None:
    with page.expect_navigation():
        page.keyboard.press("Enter")


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["1280 px", "320 px"])
def test_skip_link_is_the_first_tab_stop_and_moves_focus_to_main(live_server, new_page, viewport):
    page = new_page(viewport=viewport)
    page.goto("/")

    page.keyboard.press("Tab")
    focused = page.evaluate(FOCUSED)
    assert focused["text"] == "Skip to main content"
    assert focused["ring"]
    assert focused["onScreen"], "the skip link must be visible once focused"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"
    page.keyboard.press("Tab")
    assert page.evaluate(FOCUSED)["inMain"], "the next Tab stop must be inside the content"


def test_mentee_signs_in_with_the_keyboard_only(demo, new_page):
    page = new_page()
    page.goto("/")

    tab_to(page, "header a[href='/accounts/login/']")
    page.keyboard.press("Enter")
    page.wait_for_url("**/accounts/login/")
    tab_to(page, "#id_login")
    page.keyboard.type(email("mentee.yara"))
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.id") == "id_password"
    page.keyboard.type(DEMO_PASSWORD)
    page.keyboard.press("Enter")

    page.wait_for_url("**/dashboard/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Welcome, Yara Al-Masri")


def test_coordinator_signs_in_and_answers_the_two_step_form_with_the_keyboard(demo, new_page):
    page = new_page()
    page.goto("/accounts/login/")

    tab_to(page, "#id_login")
    page.keyboard.type(email("maple.coordinator"))
    tab_to(page, "#id_password")
    page.keyboard.type(DEMO_PASSWORD)
    tab_to(page, "main form button[type=submit]")
    page.keyboard.press("Enter")
    page.wait_for_url("**/accounts/2fa/authenticate/")
    tab_to(page, "#id_code")
    page.keyboard.type(totp_code(email("maple.coordinator")))
    page.keyboard.press("Enter")

    page.wait_for_url("**/dashboard/")
    tab_to(page, "main a[href='/manage/maple/']")
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Maple Settlement Services")


def test_coordinator_changes_an_enrollment_status_with_the_keyboard(demo, new_page):
    page = new_page()
    sign_in(page, email("maple.coordinator"))
    page.goto("/manage/maple/")

    counts = page.get_by_role("table", name="Enrollment counts by status for each program")
    # Past the header and the agency's menu (reports, news, sessions, experts, library…).
    tab_to(
        page,
        counts.get_by_role("link", name="Welcome Hosts — before and after you arrive"),
        limit=80,
    )
    _press_enter_and_wait(page)
    tab_to(page, page.locator("#enrollments").get_by_role("link", name="Ahmad Karimi"))
    _press_enter_and_wait(page)
    tab_to(page, "#id_status")
    page.keyboard.press("ArrowDown")
    chosen = page.locator("#id_status option:checked").inner_text()
    tab_to(page, "#id_reason")
    page.keyboard.type("References checked by phone")
    _press_enter_and_wait(page)

    expect(page.get_by_role("status").filter(has_text="The status is changed.")).to_be_visible()
    facts = page.locator("main dl.facts")
    expect(facts).to_contain_text(f"{chosen} — References checked by phone")
