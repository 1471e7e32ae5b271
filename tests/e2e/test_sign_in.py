"""Each demo role signs in through the real sign-in page and finds what they came for."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.e2e.browser import (
    TWO_STEP_FORM,
    answer_two_step,
    email,
    sign_in,
    submit_credentials,
    switch_language,
    totp_code,
)
from tests.factories import PASSWORD

pytestmark = pytest.mark.e2e


def _counts(page, program: str) -> dict[str, str]:
    """One row of the agency's programs table, as column heading → cell text."""
    table = page.get_by_role("table", name="Enrollment counts by status for each program")
    headings = table.locator("thead th").all_inner_texts()
    row = table.locator("tbody tr").filter(has_text=program)
    cells = row.locator("th, td").all_inner_texts()
    return dict(zip(headings, cells, strict=True))


def test_mentee_sees_their_program_and_status(demo, new_page):
    page = new_page()
    sign_in(page, email("mentee.yara"))

    assert page.url.endswith("/dashboard/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Welcome, Yara Al-Masri")
    mine = page.get_by_role("region", name="Programs where I am a mentee")
    expect(mine.get_by_role("heading", level=3)).to_have_text(
        "Welcome Hosts — before and after you arrive"
    )
    expect(mine).to_contain_text("Status: Ready to match")
    expect(page.get_by_role("region", name="Programs where I am a mentor")).to_have_count(0)


def test_mentor_sees_their_program_and_status(demo, new_page):
    page = new_page()
    sign_in(page, email("mentor.daniel"))

    mine = page.get_by_role("region", name="Programs where I am a mentor")
    expect(mine.get_by_role("heading", level=3)).to_have_text(
        "Professional Bridge — 4-month cohort"
    )
    expect(mine).to_contain_text("Status: Ready to match")
    expect(page.get_by_role("region", name="Programs where I am a mentee")).to_have_count(0)


def test_coordinator_passes_the_two_step_code_and_sees_the_agency_programs(demo, new_page):
    page = new_page()
    submit_credentials(page, email("maple.coordinator"))
    assert TWO_STEP_FORM in page.url
    wrong = f"{(int(totp_code(email('maple.coordinator'))) + 1) % 1_000_000:06d}"
    page.locator("#id_code").fill(wrong)
    page.locator("main form button[type=submit]:not([form])").first.click()
    assert TWO_STEP_FORM in page.url, "a wrong code must not sign the coordinator in"
    expect(page.locator("main")).to_contain_text("Incorrect code")
    answer_two_step(page, email("maple.coordinator"))

    assert page.url.endswith("/dashboard/")
    agencies = page.get_by_role("region", name="Agencies I work for")
    expect(agencies).to_contain_text("Coordinator")
    agencies.get_by_role("link", name="Maple Settlement Services").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Maple Settlement Services")
    for program, total in (
        ("Professional Bridge — 4-month cohort", 6),
        ("Welcome Hosts — before and after you arrive", 5),
    ):
        row = _counts(page, program)
        assert [row[column] for column in ("Applied", "Screening", "Total")] == [
            "1",
            "1",
            str(total),
        ]
        # Each person is counted once: the columns add up to the total.
        buckets = [
            int(text.split()[0])
            for column, text in row.items()
            if column not in ("Program", "Total")
        ]
        assert sum(buckets) == total
    agency_nav = page.get_by_role("navigation", name="staff pages")
    expect(agency_nav.get_by_role("link", name="Staff")).to_have_count(0)


def test_agency_admin_reads_in_french_and_opens_staff_settings_and_audit_log(demo, new_page):
    page = new_page()
    sign_in(page, email("maple.admin"))

    # Marc chose French: the pages follow his preference as soon as he is signed in.
    assert page.locator("html").get_attribute("lang") == "fr"
    expect(page.get_by_role("heading", level=1)).to_have_text("Bienvenue, Marc Tremblay")
    switch_language(page, "en")
    page.get_by_role("navigation", name="Main").get_by_role(
        "link", name="Maple Settlement Services"
    ).click()

    agency_nav = page.get_by_role("navigation", name="staff pages")
    for link, heading in [
        ("Staff", "Staff of Maple Settlement Services"),
        ("Settings", "Agency settings"),
        ("Audit log", "Audit log"),
    ]:
        agency_nav.get_by_role("link", name=link, exact=True).click()
        expect(page.get_by_role("heading", level=1)).to_have_text(heading)


def test_network_admin_sees_the_agencies_of_the_network(demo, new_page):
    page = new_page()
    submit_credentials(page, email("network"))
    assert TWO_STEP_FORM in page.url
    answer_two_step(page, email("network"))

    page.get_by_role("link", name="Manage the network's agencies").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Agencies of the network")
    rows = page.locator("main table tbody tr")
    expect(rows.locator("th")).to_have_text(
        ["Maple Settlement Services", "Prairie Newcomer and Enterprise Centre"]
    )


def test_staff_without_two_step_is_sent_to_set_it_up(demo, new_page, coordinator_without_two_step):
    page = new_page()
    sign_in(page, coordinator_without_two_step, PASSWORD)
    assert page.url.endswith("/dashboard/")

    page.get_by_role("region", name="Agencies I work for").get_by_role(
        "link", name="Maple Settlement Services"
    ).click()
    assert page.url.endswith("/account/two-step-required/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Set up two-step verification")
    page.goto("/manage/maple/")
    assert page.url.endswith("/account/two-step-required/")
