"""A coordinator screens a mentor and approves them with the keyboard alone; every screening
page has no axe-core violation at 1280 px and 320 px."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import expect

from bridgeway.accounts.models import Person
from bridgeway.programs.models import Enrollment, Program
from bridgeway.programs.screening import assessments, checklists
from bridgeway.programs.screening.models import ScreeningItem
from tests.e2e.browser import DESKTOP, axe_violations, describe_violations, email, sign_in

pytestmark = pytest.mark.e2e

FOCUSED_IS = "(element) => element === document.activeElement"


@pytest.fixture
def screening_setup(demo: dict[str, Any]) -> dict[str, Any]:
    """Professional Bridge with the suggested checklist and self-assessment; Kwame (a mentor
    in screening) has answered it well."""
    program = Program.objects.get(slug="professional-bridge")
    admin = Person.objects.get(email=email("maple.admin"))
    items = checklists.items_add_defaults(program=program, by=admin)
    assessment = assessments.assessment_add_defaults(program=program, by=admin)
    kwame = Enrollment.objects.get(program=program, person__email=email("mentor.kwame"))
    return {"program": program, "items": items, "assessment": assessment, "kwame": kwame}


def _tab_to(page: Any, locator: Any, limit: int = 80) -> None:
    for _ in range(limit):
        page.keyboard.press("Tab")
        if locator.evaluate(FOCUSED_IS):
            return
    raise AssertionError(f"not reached with the Tab key at {page.url}")


def _check(page: Any, name: str) -> list[str]:
    found = []
    for width, viewport in (("1280 px", DESKTOP), ("320 px", {"width": 320, "height": 640})):
        page.set_viewport_size(viewport)
        violations = axe_violations(page)
        if violations:
            found.append(f"{name} at {width} ({page.url}):\n{describe_violations(violations)}")
        if viewport["width"] == 320:
            scroll_width = page.evaluate("document.documentElement.scrollWidth")
            if scroll_width > 320:
                found.append(f"{name} at 320 px: the page is {scroll_width} px wide")
    page.set_viewport_size(DESKTOP)
    return found


def _answer_well(screening_setup: dict[str, Any]) -> None:
    assessment = screening_setup["assessment"]
    answers = {
        question.pk: max(question.choices.all(), key=lambda choice: choice.points).pk
        for question in assessment.questions.all()
    }
    assessments.assessment_submit(enrollment=screening_setup["kwame"], answers=answers)


def test_a_coordinator_screens_and_approves_with_the_keyboard(screening_setup, new_page):
    _answer_well(screening_setup)
    kwame = screening_setup["kwame"]
    page = new_page()
    sign_in(page, email("maple.coordinator"))
    page.goto("/manage/maple/screening/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Screening queue")
    expect(page.locator("#queue")).to_contain_text("Checks passed: 0 of 4")

    _tab_to(page, page.get_by_role("link", name="Kwame Mensah"))
    with page.expect_navigation():
        page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Screening of Kwame Mensah")

    for item in screening_setup["items"]:
        card = page.locator(f"#item-{item.pk}")
        _tab_to(page, card.locator("summary"))
        page.keyboard.press("Enter")
        # Result (passed) and date (today) are filled in already: go to the button.
        _tab_to(page, card.get_by_role("button", name="Record"), limit=12)
        with page.expect_navigation():
            page.keyboard.press("Enter")
        expect(page.locator(".messages")).to_contain_text("is recorded")
    expect(page.locator("main")).to_contain_text("Checks passed or waived: 4 of 4.")

    _tab_to(page, page.get_by_role("button", name="Approve"))
    with page.expect_navigation():
        page.keyboard.press("Enter")
    expect(page.locator(".messages")).to_contain_text("Kwame Mensah is approved")
    kwame.refresh_from_db()
    # His profile is complete and the program asks no training of him: approval leads straight
    # on to "ready to match" instead of leaving him in training.
    assert kwame.status == "ready"


def test_a_refused_approval_says_what_is_missing(screening_setup, new_page):
    page = new_page()
    sign_in(page, email("maple.coordinator"))
    page.goto(f"/manage/enrollments/{screening_setup['kwame'].pk}/screening/")
    page.get_by_role("button", name="Approve").click()
    page.wait_for_load_state()
    expect(page.locator(".messages")).to_contain_text("“Police check” is not done yet.")
    expect(page.locator(".messages")).to_contain_text("has not taken the self-assessment")


def test_every_screening_page_has_no_axe_violation(screening_setup, new_page):
    program, kwame = screening_setup["program"], screening_setup["kwame"]
    item = ScreeningItem.objects.filter(program=program).first()
    question = screening_setup["assessment"].questions.first()
    found: list[str] = []

    mentor = new_page()
    sign_in(mentor, email("mentor.kwame"))
    mentor.goto("/dashboard/")
    expect(mentor.locator("main")).to_contain_text("Take the self-assessment")
    found += _check(mentor, "dashboard with the screening panel")
    mentor.goto(f"/my/enrollments/{kwame.pk}/self-assessment/")
    found += _check(mentor, "self-assessment form")
    mentor.get_by_role("button", name="See my result").click()
    mentor.wait_for_load_state()
    expect(mentor.locator(".error").first).to_contain_text("Choose an answer")
    found += _check(mentor, "self-assessment form with errors")
    for group in mentor.locator("fieldset").all():
        group.locator("input[type=radio]").last.check()
    mentor.get_by_role("button", name="See my result").click()
    mentor.wait_for_load_state()
    expect(mentor.locator("main")).to_contain_text("Your score: 100 out of 100.")
    found += _check(mentor, "self-assessment result")

    coordinator = new_page()
    sign_in(coordinator, email("maple.coordinator"))
    coordinator.goto("/manage/maple/screening/")
    found += _check(coordinator, "screening queue")
    coordinator.goto("/manage/maple/screening/?role=mentor&expired=on")
    found += _check(coordinator, "screening queue filtered to nobody")
    coordinator.goto(f"/manage/enrollments/{kwame.pk}/screening/")
    found += _check(coordinator, "enrollment screening")
    card = coordinator.locator(f"#item-{item.pk}")
    card.locator("summary").click()
    card.locator("input[type=date]").fill("2999-01-01")
    card.get_by_role("button", name="Record").click()
    coordinator.wait_for_load_state()
    expect(card.locator(".error")).to_contain_text("The date cannot be in the future.")
    found += _check(coordinator, "enrollment screening with a field error")
    coordinator.get_by_role("button", name="Decline").click()
    coordinator.wait_for_load_state()
    expect(coordinator.locator("main")).to_contain_text("Give a reason; the person will see it.")
    found += _check(coordinator, "decline without a reason")

    admin = new_page(language="en")
    sign_in(admin, email("maple.admin"))
    for name, path in [
        ("checklist", f"/manage/programs/{program.pk}/screening/"),
        ("checklist item", f"/manage/programs/{program.pk}/screening/items/{item.pk}/"),
        ("self-assessment settings", f"/manage/programs/{program.pk}/screening/self-assessment/"),
        ("new question", f"/manage/programs/{program.pk}/screening/self-assessment/questions/new/"),
        (
            "question",
            f"/manage/programs/{program.pk}/screening/self-assessment/questions/{question.pk}/",
        ),
    ]:
        admin.goto(path)
        found += _check(admin, name)
    admin.goto(f"/manage/programs/{program.pk}/screening/")
    admin.locator("main form[novalidate] button[type=submit]").click()
    admin.wait_for_load_state()
    found += _check(admin, "checklist with errors")
    assert not found, "\n".join(found)
