"""QUALITY.md "xss" for messages: a corpus of payloads — in message text, Markdown links and
images, raw HTML, code, and in a participant's name — is shown to every person who reads it
(the author, the other member, staff reading with a reason, staff on the flagged messages,
the conversation lists) without running anything: no dialog opens, the browser reports no
Content-Security-Policy violation (nothing even tried to run), and the page holds no element
or attribute that could run script."""

from __future__ import annotations

from typing import Any

import pytest
from django.utils import timezone

from bridgeway.messaging.models import Conversation, Flag, Member, Message, MessageEdit
from bridgeway.programs.models import Enrollment
from bridgeway.relationships.models import Relationship
from tests.e2e.browser import email, sign_in

pytestmark = pytest.mark.e2e

PAYLOADS = [
    "<script>alert('script')</script>",
    "<img src=x onerror=alert('img')>",
    "<svg onload=alert('svg')>",
    "<iframe src=\"javascript:alert('iframe')\"></iframe>",
    "<details open ontoggle=alert('details')>",
    "\"><script>alert('quote')</script>",
    "<math><mtext><table><mglyph><style><img src=x onerror=alert('mutation')>",
    "[link](javascript:alert('md'))",
    "[link](JaVaScRiPt:alert('case'))",
    "[link](javascript&#58;alert('entity'))",
    "[data](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    "![image](javascript:alert('image'))",
    "[attr](https://example.org/\" onmouseover=\"alert('attr'))",
    "<a href=\"javascript:alert('raw')\">raw link</a>",
    "`<script>alert('code')</script>`",
    "```\n<img src=x onerror=alert('fence')>\n```",
    "<style>body{display:none}</style>",
    "<form action=https://evil.example><button>go</button></form>",
]
NAME = "Fatima <img src=x onerror=alert('name')>"

# Records what the page would have run: CSP violations (a blocked inline script or handler).
WATCH = """(() => {
  window.__violations = [];
  document.addEventListener('securitypolicyviolation', (e) => {
    window.__violations.push(e.violatedDirective + ' ' + e.blockedURI);
  });
})();"""
# Elements and attributes in the page's main content that could run script.
ACTIVE = """() => {
  const main = document.querySelector('main');
  const found = [];
  for (const el of main.querySelectorAll('*')) {
    const tag = el.tagName.toLowerCase();
    // The page's own script files are fine; anything else that runs or restyles is not.
    const ownScript = tag === 'script' && (el.getAttribute('src') || '').startsWith('/static/') && !el.textContent.trim();
    const ownForm = tag === 'form' && (el.getAttribute('action') || '/').startsWith('/');
    if (['script', 'iframe', 'object', 'embed', 'style', 'form'].includes(tag) && !ownScript && !ownForm) {
      found.push(tag);
    }
    for (const attr of el.attributes) {
      const value = attr.value.trim().toLowerCase();
      if (attr.name.startsWith('on')) { found.push(tag + '@' + attr.name); }
      if (['href', 'src', 'action', 'formaction'].includes(attr.name) &&
          (value.startsWith('javascript:') || value.startsWith('data:'))) {
        found.push(tag + '@' + attr.name + '=' + value.slice(0, 30));
      }
    }
  }
  return found;
}"""


def _conversation() -> Conversation:
    yara = Enrollment.objects.select_related("program", "person").get(
        program__slug="welcome-hosts", person__email=email("mentee.yara")
    )
    fatima = Enrollment.objects.select_related("person").get(
        program=yara.program, person__email=email("mentor.fatima")
    )
    fatima.person.display_name = NAME
    fatima.person.save(update_fields=["display_name"])
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
    for person in (yara.person, fatima.person):
        Member.objects.create(conversation=chat, person=person)
    for number, payload in enumerate(PAYLOADS):
        author = fatima.person if number % 2 else yara.person
        message = Message.objects.create(
            conversation=chat, author=author, body=payload, edited_at=now
        )
        MessageEdit.objects.create(message=message, body=payload)
        Flag.objects.create(message=message, organization=chat.organization, words=[payload])
    return chat


def _check(page: Any, path: str, dialogs: list[str]) -> list[str]:
    page.goto(path)
    page.wait_for_load_state("networkidle")
    problems = [f"{path}: {tag}" for tag in page.evaluate(ACTIVE)]
    problems += [f"{path}: CSP {v}" for v in page.evaluate("window.__violations")]
    problems += [f"{path}: dialog {d}" for d in dialogs]
    dialogs.clear()
    return problems


def _reader(new_page: Any, who: str) -> tuple[Any, list[str]]:
    page = new_page()
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.add_init_script(WATCH)
    sign_in(page, email(who))
    return page, dialogs


def test_payloads_in_messages_and_names_run_for_no_reader(demo: Any, new_page: Any) -> None:
    chat = _conversation()
    first = chat.messages.order_by("pk").first()
    assert first is not None
    problems: list[str] = []
    for who in ("mentee.yara", "mentor.fatima"):
        page, dialogs = _reader(new_page, who)
        for path in (
            "/my/messages/",
            f"/my/messages/{chat.pk}/",
            f"/my/messages/{chat.pk}/{first.pk}/history/",
            "/dashboard/",
        ):
            problems += _check(page, path, dialogs)
        # The payloads are shown as text, not dropped.
        page.goto(f"/my/messages/{chat.pk}/")
        assert "<script>alert('script')</script>" in page.locator("main").inner_text()
    page, dialogs = _reader(new_page, "maple.coordinator")
    page.goto(f"/manage/conversations/{chat.pk}/")
    page.locator("#id_reason").fill("Checking what the pair see")
    page.locator("main form[novalidate] button[type=submit]").first.click()
    page.wait_for_load_state()
    for path in (
        f"/manage/conversations/{chat.pk}/",
        "/manage/maple/flagged-messages/",
        f"/manage/relationships/{chat.relationship_id}/",
    ):
        problems += _check(page, path, dialogs)
    assert not problems, "\n".join(problems)
