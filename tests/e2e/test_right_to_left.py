"""Right-to-left readiness: with a right-to-left language switched on (by configuration, no
code), the main pages lay out right to left on a 320 px phone with 0 axe violations and nothing
wider than the screen."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import override_settings

from tests.e2e.browser import PHONE, axe_violations, describe_violations, sign_in

pytestmark = pytest.mark.e2e

LANGUAGES_WITH_ARABIC = [("en", "English"), ("fr", "French"), ("ar", "العربية")]
PUBLIC_PAGES = ["/", "/programs/1/", "/start/", "/accounts/login/", "/accounts/signup/"]
MENTEE_PAGES = ["/dashboard/", "/account/preferences/", "/learn/"]


def _check(page: Any, path: str) -> list[str]:
    page.goto(path)
    problems = []
    if page.get_attribute("html", "dir") != "rtl":
        problems.append(f"{path}: the page is not laid out right to left")
    width = page.evaluate("document.documentElement.scrollWidth")
    if width > PHONE["width"]:
        problems.append(f"{path}: {width}px wide on a {PHONE['width']}px screen")
    violations = axe_violations(page)
    if violations:
        problems.append(f"{path}: {describe_violations(violations)}")
    return problems


@override_settings(LANGUAGES=LANGUAGES_WITH_ARABIC)
def test_pages_lay_out_right_to_left_on_a_phone(demo: dict[str, Any], new_page: Any) -> None:
    page = new_page(viewport=PHONE, language="ar")
    problems = [problem for path in PUBLIC_PAGES for problem in _check(page, path)]
    sign_in(page, "mentee.yara@demo.bridgeway.test")
    # Yara's account says English; switching in the header remembers Arabic on her account.
    page.goto("/")
    page.locator(".language-switcher button[value='ar']").click()
    problems += [problem for path in MENTEE_PAGES for problem in _check(page, path)]
    assert not problems, "\n".join(problems)
