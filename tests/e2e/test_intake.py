"""The "no wrong door" intake in the browser: a newcomer completes it in French on a 320 px
screen with the keyboard alone and lands on their dashboard; every intake and referral page
has no axe-core violation at 1280 and 320 px."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.core import mail
from django.utils import timezone

from bridgeway.programs.intake.models import IntakeSubmission, Referral
from bridgeway.programs.intake.selectors import consent_text_current
from bridgeway.programs.models import Enrollment, Program
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

IS_FOCUSED = "(element) => element === document.activeElement"
# A date field shows its focus on the highlighted day, month or year inside it.
FOCUS_RING = """() => {
  const element = document.activeElement;
  if (element.type === "date") return true;
  const style = getComputedStyle(element);
  return style.outlineStyle !== "none" && parseFloat(style.outlineWidth) >= 2;
}"""


def tab_to(page: Any, selector: str, limit: int = 150) -> None:
    """Press Tab until `selector` has the focus, with a visible focus ring at each stop."""
    target = page.locator(selector).first
    for _ in range(limit):
        page.keyboard.press("Tab")
        assert page.evaluate(FOCUS_RING), (
            f"no visible focus on {page.evaluate('document.activeElement.outerHTML')[:200]}"
        )
        if target.evaluate(IS_FOCUSED):
            return
    raise AssertionError(f"{selector} is not reached with {limit} presses of Tab at {page.url}")


def problems(page: Any, name: str) -> list[str]:
    """axe-core at both widths, and nothing wider than a 320 px phone."""
    found = []
    current = page.viewport_size
    for width, viewport in (("1280 px", DESKTOP), ("320 px", PHONE)):
        page.set_viewport_size(viewport)
        violations = axe_violations(page)
        if violations:
            found.append(f"{name} at {width} ({page.url}):\n{describe_violations(violations)}")
    scroll_width = page.evaluate("document.documentElement.scrollWidth")
    if scroll_width > PHONE["width"]:
        found.append(f"{name} at 320 px ({page.url}): the page is {scroll_width} px wide")
    page.set_viewport_size(current)
    return found


def sign_in_code(body: str) -> str:
    match = re.search(r"^\s*([A-Z0-9]{3,5}-?[A-Z0-9]{3,5})\s*$", body, re.MULTILINE)
    assert match, body
    return match.group(1)


def test_a_newcomer_completes_the_intake_in_french_on_a_phone_with_the_keyboard_only(
    demo: dict[str, Any], new_page: Any
) -> None:
    page = new_page(viewport=PHONE, language="fr")
    page.goto("/start/")
    assert page.locator("html").get_attribute("lang") == "fr"
    found = problems(page, "intake questions")

    # Sending the questions empty shows what is missing, in French, still accessible.
    tab_to(page, "main form button[type=submit]")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.locator("[role=alert]").count() == 1
    found += problems(page, "intake questions with errors")

    tab_to(page, "input[name=help][value=settle]")
    page.keyboard.press("Space")
    tab_to(page, "#id_country")
    page.keyboard.type("Maroc")
    tab_to(page, "input[name=languages][value=ar]")
    page.keyboard.press("Space")
    tab_to(page, "input[name=languages][value=fr]")
    page.keyboard.press("Space")
    tab_to(page, "main form button[type=submit]")
    with page.expect_navigation():
        page.keyboard.press("Enter")

    assert page.locator("h1").count() == 1
    hosts = Program.objects.get(slug="welcome-hosts")
    assert page.locator(f"input[name=programs][value='{hosts.pk}']").count() == 1
    found += problems(page, "programs that fit")

    tab_to(page, f"input[name=programs][value='{hosts.pk}']")
    page.keyboard.press("Space")
    tab_to(page, "#id_name")
    page.keyboard.type("Samira Benali")
    page.keyboard.press("Tab")
    page.keyboard.type("samira@example.org")
    tab_to(page, "#id_consent")
    page.keyboard.press("Space")
    tab_to(page, "main form button[type=submit]")
    with page.expect_navigation():
        page.keyboard.press("Enter")

    assert "/accounts/login/code/confirm/" in page.url
    tab_to(page, "input[name=code]")
    page.keyboard.type(sign_in_code(mail.outbox[-1].body))
    with page.expect_navigation():
        page.keyboard.press("Enter")
    # One program chosen: the intake ends on that application's "what happens next" page.
    page.wait_for_url("**/applied/")
    assert page.locator("html").get_attribute("lang") == "fr"
    assert "La suite" in page.locator("main").inner_text()
    found += problems(page, "what happens next after the intake")

    page.goto("/dashboard/")
    enrollment = Enrollment.objects.get(program=hosts, person__email="samira@example.org")
    assert page.locator(f"#enrollment-{enrollment.pk}").count() == 1
    found += problems(page, "dashboard after the intake")
    assert not found, "\n\n".join(found)


def test_referral_pages_have_no_axe_violation(demo: dict[str, Any], new_page: Any) -> None:
    yara = Enrollment.objects.get(program__slug="welcome-hosts", person__email=email("mentee.yara"))
    target = Program.objects.filter(organization__slug="prairie", is_published=True).first()
    assert target is not None
    pending = Referral.objects.create(
        from_enrollment=yara,
        to_program=target,
        note="Yara asked for help with her career.",
        shared_fields=["name", "email", "languages", "intake_answers", "note"],
        expires_at=Referral.default_expiry(),
    )
    agreed = Referral.objects.create(
        from_enrollment=Enrollment.objects.filter(program__organization__slug="maple")
        .exclude(pk=yara.pk)
        .first(),
        to_program=target,
        shared_fields=["name", "email", "languages", "country", "accessibility_needs"],
        status=Referral.Status.CONSENTED,
        answered_at=timezone.now(),
        shared={
            "name": "Ahmad Karimi",
            "email": email("mentee.ahmad"),
            "languages": ["fa", "ps"],
            "country": "AF",
            "accessibility_needs": ["interpreter"],
        },
        expires_at=Referral.default_expiry(),
    )
    waiting = IntakeSubmission.objects.create(
        person=yara.person,
        answers={"help": ["career"], "country": "SY", "languages": ["ar", "en"]},
        program_ids=[target.pk],
        role="mentee",
        consent_text=consent_text_current(),
    )
    found: list[str] = []
    visits = {
        "maple.coordinator": [
            ("refer form", f"/manage/enrollments/{yara.pk}/refer/"),
            ("referral list, sending side", "/manage/maple/referrals/"),
            ("referral sent", f"/manage/referrals/{pending.pk}/"),
        ],
        "prairie.coordinator": [
            ("agency overview with referrals", "/manage/prairie/"),
            ("referral list, receiving side", "/manage/prairie/referrals/"),
            ("referral received", f"/manage/referrals/{agreed.pk}/"),
        ],
        "mentee.yara": [
            ("referral answer", f"/referrals/{pending.token}/"),
            ("dashboard with a suggestion", "/dashboard/"),
            ("intake to confirm", f"/start/confirm/{waiting.token}/"),
            ("intake where nothing fits", "/start/?help=workplace&country=SY&languages=ar"),
        ],
    }
    for local, pages in visits.items():
        page = new_page()
        sign_in(page, email(local))  # once: a two-step code cannot be used twice
        for language in ("en", "fr"):
            switch_language(page, language)
            for name, path in pages:
                response = page.goto(path)
                assert response.status == 200, f"{name}: {response.status}"
                found += problems(page, f"{name} ({language})")
        if local == "maple.coordinator":
            page.goto(f"/manage/enrollments/{yara.pk}/refer/")
            page.locator("main form[novalidate] button[type=submit]").click()
            page.wait_for_load_state()
            assert page.locator(".error").count() == 1
            found += problems(page, "refer form with errors")
    assert not found, "\n\n".join(found)
