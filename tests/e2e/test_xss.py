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
from tests.xss_corpus import ACTIVE_JS, ATTRIBUTE_BREAKERS, PAYLOADS, TEMPLATE_INJECTIONS, WATCH_JS

pytestmark = pytest.mark.e2e

NAME = "Fatima <img src=x onerror=alert('name')>"


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
    for number, payload in enumerate(PAYLOADS + ATTRIBUTE_BREAKERS + TEMPLATE_INJECTIONS):
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
    problems = [f"{path}: {tag}" for tag in page.evaluate(ACTIVE_JS)]
    problems += [f"{path}: CSP {v}" for v in page.evaluate("window.__violations")]
    problems += [f"{path}: dialog {d}" for d in dialogs]
    dialogs.clear()
    return problems


def _reader(new_page: Any, who: str) -> tuple[Any, list[str]]:
    page = new_page()
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.add_init_script(WATCH_JS)
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
