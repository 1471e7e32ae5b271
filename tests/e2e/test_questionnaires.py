"""In the browser: an agency admin builds a question; a mentee fills their profile on a 320 px
phone with the keyboard alone. axe-core finds no WCAG A/AA violation on the builder, the
question form and the profile page, at 1280 px and at 320 px."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import expect

from bridgeway.accounts.models import Person
from bridgeway.programs.models import Enrollment, Program
from bridgeway.programs.questionnaires.models import Answer, Question
from bridgeway.programs.questionnaires.services import questionnaire_start
from tests.e2e.browser import (
    DESKTOP,
    FOCUSED,  # (a date field's own calendar button: Chromium draws its focus itself)
    PHONE,
    axe_violations,
    describe_violations,
    email,
    sign_in,
)

pytestmark = pytest.mark.e2e


def _assert_accessible(page: Any, name: str) -> None:
    """No axe violation at either width, and nothing wider than a 320 px phone."""
    problems = []
    for width, viewport in (("1280 px", DESKTOP), ("320 px", PHONE)):
        page.set_viewport_size(viewport)
        violations = axe_violations(page)
        if violations:
            problems.append(f"{name} at {width}:\n{describe_violations(violations)}")
    scroll_width = page.evaluate("document.documentElement.scrollWidth")
    if scroll_width > PHONE["width"]:
        problems.append(f"{name} at 320 px is {scroll_width} px wide")
    assert not problems, "\n".join(problems)


def _tab_to(page: Any, selector: str, limit: int = 80) -> None:
    """Press Tab until the element has the focus; every stop on the way shows a focus ring."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        focused = page.evaluate(FOCUSED)
        assert focused["ring"], f"no visible focus on {focused} at {page.url}"
        if page.locator(selector).evaluate("(element) => element === document.activeElement"):
            return
    raise AssertionError(f"{selector} is not reached with {limit} presses of Tab")


def _hosts() -> Program:
    return Program.objects.get(slug="welcome-hosts")


def test_an_admin_builds_a_question_in_the_browser(demo, new_page) -> None:
    page = new_page(language="en")
    sign_in(page, email("maple.admin"))
    builder = f"/manage/programs/{_hosts().pk}/questionnaire/"
    page.goto(builder)
    expect(page.locator(".empty")).to_be_visible()
    _assert_accessible(page, "empty builder")

    page.locator("#id_kind").select_option("single_choice")
    page.locator("main form[method=get] button[type=submit]").click()
    page.wait_for_url("**/questions/new/?kind=single_choice")
    _assert_accessible(page, "new question form")

    page.locator("main form[method=post] button[type=submit]").click()
    page.wait_for_load_state()
    expect(page.locator(".error").first).to_be_visible()
    _assert_accessible(page, "question form with errors")

    page.locator("#id_key").fill("household")
    page.locator("#id_text_0").fill("Who is moving with you?")
    page.locator("#id_text_1").fill("Qui déménage avec vous?")
    page.locator("#id_choices_0").fill("Just me\nMy partner\nMy family with children")
    page.locator("#id_choices_1").fill("Moi seul\nMon conjoint\nMa famille avec enfants")
    page.locator("input[name=audience][value=both]").check()
    page.locator("#id_is_required").check()
    page.locator("#id_rule").select_option("same_value")
    page.locator("main form[method=post] button[type=submit]").click()
    page.wait_for_url(f"**{builder}#question-*")

    question = Question.objects.get(program=_hosts(), key="household")
    assert question.text["fr"] == "Qui déménage avec vous?"
    assert [c["label"]["en"] for c in question.choices][2] == "My family with children"
    # Marc reads the pages in French, so the question shows in French.
    expect(page.locator(f"#question-{question.pk} h2")).to_have_text("Qui déménage avec vous?")
    _assert_accessible(page, "builder with a question")

    page.goto(f"/manage/programs/{_hosts().pk}/questionnaire/questions/{question.pk}/delete/")
    _assert_accessible(page, "delete confirmation")
    yara = Enrollment.objects.get(program__slug="welcome-hosts", person__email=email("mentee.yara"))
    page.goto(f"/manage/enrollments/{yara.pk}/profile/")
    expect(page.locator(".profile-answers")).to_contain_text("Qui déménage avec vous?")
    _assert_accessible(page, "staff profile page")


def test_a_mentee_fills_their_profile_on_a_phone_with_the_keyboard(demo, new_page) -> None:
    questionnaire_start(
        program=_hosts(), by=Person.objects.get(email=email("maple.admin")), starter="hosting"
    )
    yara = Enrollment.objects.get(program__slug="welcome-hosts", person__email=email("mentee.yara"))
    page = new_page(viewport=PHONE, language="en")
    sign_in(page, email("mentee.yara"))
    page.goto(f"/my/enrollments/{yara.pk}/profile/")
    expect(page.locator(".completeness p")).to_have_text("Required questions answered: 0 of 5")
    _assert_accessible(page, "profile page")
    page.set_viewport_size(PHONE)

    _tab_to(page, "#id_q_languages_0")
    page.keyboard.type("Arabic")
    page.keyboard.press("Tab")
    page.keyboard.type("Native")
    page.keyboard.press("Tab")
    page.keyboard.type("English")
    page.keyboard.press("Tab")
    page.keyboard.type("Fluent")
    _tab_to(page, "#id_q_city")
    page.keyboard.type("Toronto")
    _tab_to(page, "#id_q_settlement_help_0")
    page.keyboard.press("Space")
    _tab_to(page, "#id_q_availability_mon_evening")
    page.keyboard.press("Space")
    page.keyboard.press("Tab")  # the grid reads row by row: Tuesday morning comes next
    page.keyboard.press("Space")
    _tab_to(page, "main form button[type=submit]")
    with page.expect_navigation():
        page.keyboard.press("Enter")

    expect(page.locator(".message-success")).to_contain_text("Your profile is saved and complete")
    answers = dict(Answer.objects.filter(enrollment=yara).values_list("question__key", "value"))
    assert answers["languages"] == {"ar": "native", "en": "fluent"}
    assert answers["city"] == "Toronto"
    assert answers["settlement_help"] == ["housing"]
    assert answers["availability"] == ["mon-evening", "tue-morning"]
    assert answers["time_zone"] == "Asia/Damascus"  # her own time zone, already chosen
    expect(page.locator(".completeness p")).to_have_text("Required questions answered: 5 of 5")
    _assert_accessible(page, "saved profile page")
