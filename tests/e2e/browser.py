"""What a person does in the browser, as helpers the browser tests share."""

from __future__ import annotations

import time
from typing import Any

from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
from axe_playwright_python.base import AXE_SCRIPT

from bridgeway.demo.network import DEMO_DOMAIN, DEMO_PASSWORD, demo_totp_secret

DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 320, "height": 640}
TWO_STEP_FORM = "/accounts/2fa/authenticate/"
# The WCAG 2.0, 2.1 and 2.2 A and AA rules of axe-core, nothing else.
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
# Best-practice rules beyond WCAG that screen-reader users notice: headings that skip a level
# (people navigate by heading) and landmarks of one kind without distinct names.
BEST_PRACTICES = ["heading-order", "landmark-unique"]


def email(local: str) -> str:
    return f"{local}@{DEMO_DOMAIN}"


def totp_code(address: str) -> str:
    """The code an authenticator app shows now for a demo account. Near the end of a 30-second
    window the test waits for the next one, so the server checks the code in the same window."""
    if 30 - time.time() % 30 < 5:
        time.sleep(30 - time.time() % 30 + 0.1)
    counter = int(time.time()) // 30
    return format_hotp_value(hotp_value(demo_totp_secret(address), counter))


def sign_in(page: Any, address: str, password: str = "") -> None:
    """Sign in through the real sign-in page; answer the two-step form when it is asked."""
    submit_credentials(page, address, password)
    if TWO_STEP_FORM in page.url:
        answer_two_step(page, address)


def submit_credentials(page: Any, address: str, password: str = "") -> None:
    page.goto("/accounts/login/")
    page.locator("#id_login").fill(address)
    page.locator("#id_password").fill(password or DEMO_PASSWORD)
    page.locator("main form button[type=submit]").first.click()
    page.wait_for_load_state()


def answer_two_step(page: Any, address: str) -> None:
    """Type the current code; on a machine so busy that the 30-second window closed before the
    server read it, type the next one."""
    for _attempt in range(2):
        page.locator("input[name=code]").fill(totp_code(address))
        page.locator("main form button[type=submit]:not([form])").first.click()
        page.wait_for_load_state()
        if TWO_STEP_FORM not in page.url:
            return


def switch_language(page: Any, language: str) -> None:
    """Use the header's language switcher unless the page is already in that language."""
    if page.locator("html").get_attribute("lang") != language:
        page.locator(f".language-switcher button[value={language}]").click()
        page.wait_for_load_state()
    assert page.locator("html").get_attribute("lang") == language


def axe_violations(page: Any) -> list[dict[str, Any]]:
    """Run the axe-core that axe-playwright-python ships on the page as it is now. The script
    is injected once per document and only the violations come back, which keeps a check of
    the same page at a second width fast."""
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.evaluate(AXE_SCRIPT)
    wcag = {"runOnly": {"type": "tag", "values": WCAG_TAGS}, "resultTypes": ["violations"]}
    practices = {
        "runOnly": {"type": "rule", "values": BEST_PRACTICES},
        "resultTypes": ["violations"],
    }
    return page.evaluate(
        """async ([wcag, practices]) => [
            ...(await axe.run(document, wcag)).violations,
            ...(await axe.run(document, practices)).violations,
        ]""",
        [wcag, practices],
    )


def describe_violations(violations: list[dict[str, Any]]) -> str:
    lines = []
    for violation in violations:
        lines.append(f"  {violation['id']} ({violation['impact']}): {violation['help']}")
        for node in violation["nodes"][:5]:
            lines.append(f"    at {' '.join(map(str, node['target']))}")
            lines.append(f"       {node['html'][:160]}")
            summary = node.get("failureSummary", "").replace("\n", " ")
            if summary:
                lines.append(f"       {summary[:240]}")
        if len(violation["nodes"]) > 5:
            lines.append(f"    … and {len(violation['nodes']) - 5} more")
    return "\n".join(lines)


# What the focused element is and whether it shows a focus ring a sighted person can follow.
FOCUSED = """() => {
  const element = document.activeElement;
  const style = getComputedStyle(element);
  // The calendar or clock button inside a date or time field: Chromium outlines it itself.
  const picker = ["date", "time"].includes(element.type) && !element.matches(":focus-visible");
  return {
    id: element.id,
    text: (element.innerText || element.value || "").trim(),
    inMain: element.closest("main") !== null,
    ring: picker || (style.outlineStyle !== "none" && parseFloat(style.outlineWidth) >= 2),
    onScreen: element.getBoundingClientRect().left >= 0,
  };
}"""


def tab_to(page: Any, target: str | Any, limit: int = 40, *, backwards: bool = False) -> None:
    """Press Tab (Shift+Tab when `backwards`) until the target (a CSS selector or a locator;
    any of the elements it matches) has the focus; every stop on the way shows a focus ring."""
    locator = page.locator(target) if isinstance(target, str) else target
    key = "Shift+Tab" if backwards else "Tab"
    for _ in range(limit):
        page.keyboard.press(key)
        focused = page.evaluate(FOCUSED)
        assert focused["ring"], f"no visible focus on {focused} at {page.url}"
        if locator.evaluate_all("(elements) => elements.includes(document.activeElement)"):
            return
    raise AssertionError(f"{target} is not reached with {limit} presses of {key} at {page.url}")
