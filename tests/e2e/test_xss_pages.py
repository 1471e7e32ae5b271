"""QUALITY.md "xss" in the browser, on a page of every kind: the world of the server-side walk
(tests/security/test_xss_pages.py — agency A of the isolation matrix with a payload of the
corpus in every text anyone can write) read in Chromium by the people who see it. On each page
no dialog opens, the browser reports no Content-Security-Policy violation (nothing even tried
to run), the live DOM of the page's main content holds no element or attribute that could run
script (after htmx and our scripts ran: mutation XSS is the browser's parsing, not ours), and
the planted text is there as text."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

import pytest
from django.conf import settings
from django.test import Client

from bridgeway.programs.intake.selectors import consent_text_current
from tests.e2e.test_xss import _check
from tests.security.test_xss_pages import _readers, _urls, plant
from tests.test_isolation import agency_a_data  # noqa: F401
from tests.xss_corpus import MARKER, WATCH_JS

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

# A page of each kind, by who reads it (URL names; their addresses come from agency A's ids).
KINDS: dict[str, list[str]] = {
    "mentee": [
        "core:dashboard",  # names, programs, what comes next
        "programs:detail",  # a program's name and description
        "questionnaires:profile",  # her own answers
        "messaging:conversation",  # messages, attachments' names, a member's name
        "relationships:detail",  # the pair, the agreement, meetings
        "relationships:goals",  # goals and their notes
        "relationships:meeting",  # a meeting's place, link and notes
        "concerns:my_detail",  # a concern she raised
        "community:topic",  # a forum topic and its replies
        "community:question",  # an expert question and its answers
        "community:session",  # a group session
        "community:circle",  # a peer circle
        "community:news_post",  # a newsletter
        "learning:resource",  # a library resource (title, link, summary)
        "notifications:list",  # notification texts
    ],
    "mentor": ["reports:recognition_mine", "relationships:request"],  # certificates, a request
    "coordinator": [
        "programs:staff_enrollment",  # intake and questionnaire answers, status reasons
        "programs:staff_program",  # a program's participants
        "screening:enrollment",  # screening checks and notes
        "intake:referral_detail",  # a referral between agencies
        "matching:board",  # the match board
        "relationships:staff_relationship",  # check-ins, closure notes, contacts
        "relationships:staff_group",  # a mentoring group
        "concerns:staff_detail",  # a concern and its notes
        "messaging:flags",  # flagged messages
        "community:moderation",  # reported posts
        "community:staff_question",  # an expert question in the queue
        "reports:agency",  # report labels, programs
        "reports:partner",  # a partner employer's report
        "reports:funders",  # funder mappings
    ],
    "admin": ["core:agency_audit", "core:agency_staff"],  # the audit log, staff names
    "network admin": ["core:network_agencies", "reports:network"],
    "expert": ["community:expert_inbox"],
    "partner contact": ["reports:partner"],
}


@pytest.fixture(autouse=True)
def _consent_text(transactional_db: None) -> None:
    """A browser test empties every table after it runs, the consent text that a migration
    wrote included: the intake of agency A's world needs one."""
    consent_text_current()


def _open(new_page: Any, live_server: Any, person: Any) -> tuple[Any, list[str]]:
    """A browser page signed in as `person` (the session of a test client, whose sign-in
    the walk's test already trusts), watching for dialogs and CSP violations."""
    client = Client()
    client.force_login(person)
    page = new_page()
    cookie = settings.SESSION_COOKIE_NAME
    page.context.add_cookies(
        [{"name": cookie, "value": client.cookies[cookie].value, "url": live_server.url}]
    )
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.add_init_script(WATCH_JS)
    return page, dialogs


def test_a_page_of_every_kind_runs_no_payload_in_the_browser(
    agency_a_data: SimpleNamespace,  # noqa: F811
    world: SimpleNamespace,
    new_page: Any,
    live_server: Any,
) -> None:
    plant(agency_a_data)
    urls: dict[str, list[str]] = {}
    for name, url in _urls(agency_a_data):
        urls.setdefault(name, []).append(url)
    readers = _readers(world, agency_a_data)
    problems: list[str] = []
    for role, names in KINDS.items():
        page, dialogs = _open(new_page, live_server, readers[role])
        for name in names:
            path = urls[name][0]
            problems += _check(page, path, dialogs)
            # The page is the one asked for, and shows the planted text as text.
            text = page.locator("main").inner_text()
            if MARKER not in text:
                problems.append(f"{role} on {path} ({name}): no planted text in {text[:300]!r}")
    assert not problems, "\n".join(problems)
