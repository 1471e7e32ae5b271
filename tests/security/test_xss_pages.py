"""QUALITY.md "xss" on every kind of page, without a browser.

The isolation matrix's agency A (tests/test_isolation.py and tests/isolation/: one of every
object a person can make, from names and intake answers to forum posts, certificates and
funder mappings) gets a payload of the XSS corpus in every free-text field
(tests/security/plant.py). Then every named URL of the project is requested with agency A's
ids, as each of agency A's people (admin, coordinator, mentee, mentor, network admin, an
expert, a partner employer's contact, and nobody signed in), and — for views that answer htmx
with a fragment — once more as htmx. Every HTML answer is parsed (html.parser): it must hold
no script that is not ours, no event handler attribute, no javascript:/data: address, no
frame, object, embed, base or refresh, no style a payload made. JSON answers carry the payloads
as data; where an answer carries rendered HTML (a key ending in "html"), that HTML is held to
the same rules.

Coverage: a page counts as reached when a planted payload is in its answer. A URL name that no
reader reached fails the test unless it is in `NO_USER_TEXT` with the reason it shows none, or
it answers GET with 405 to everyone (an action, not a page). A new page without a payload path
therefore fails here until it shows planted text or is listed with a reason.
"""

from __future__ import annotations

import inspect
import json
from collections.abc import Callable, Iterator
from types import SimpleNamespace
from typing import Any

import pytest
from django.contrib.auth import SESSION_KEY
from django.core.cache import cache
from django.test import Client
from django.urls import URLPattern, get_resolver, reverse
from django.utils import timezone

from bridgeway.accounts.models import Person
from bridgeway.core.health import worker_beat
from tests.factories import enable_mfa
from tests.security.no_user_text import NO_USER_TEXT
from tests.security.plant import plant_payloads
from tests.test_isolation import MATRIX, _walk, agency_a_data  # noqa: F401
from tests.xss_corpus import EVERYTHING, MARKER, active_parts, short

pytestmark = pytest.mark.django_db


def _htmx_names() -> set[str]:
    """URL names whose view answers htmx with a fragment of its page."""
    found = set()
    for name, pattern in _walk(get_resolver().url_patterns):
        callback = getattr(pattern.callback, "view_class", None) or pattern.callback
        try:
            source = inspect.getsource(callback)
        except (OSError, TypeError):
            continue
        if isinstance(pattern, URLPattern) and "request.htmx" in source:
            found.add(name)
    return found


# Pages whose isolation address is one agency A hides (an unpublished program, a near-miss
# code), or that show anyone's text only for a query: here they are read as A's people use them.
ADDRESSES: dict[str, Callable[[SimpleNamespace], str]] = {
    "programs:detail": lambda a: reverse("programs:detail", args=[a.program.pk]),
    "api:directory-detail": lambda a: reverse("api:directory-detail", args=[a.program.pk]),
    "reports:verify_code": lambda a: reverse(
        "reports:verify_code", args=[a.recognition_certificate.code]
    ),
    "api:recognition-verify": lambda a: reverse(
        "api:recognition-verify", args=[a.recognition_certificate.code]
    ),
    "api:community-search": lambda a: reverse("api:community-search") + "?q=canary",
}


def _urls(a: SimpleNamespace) -> Iterator[tuple[str, str]]:
    for name, entry in sorted(MATRIX.items()):
        if name in ADDRESSES:
            yield name, ADDRESSES[name](a)
        if isinstance(entry, str):
            yield name, reverse(name)
            continue
        seen = set()
        for a_kwargs, _missing in entry(a):
            url = reverse(name, kwargs=a_kwargs)
            if url not in seen:
                seen.add(url)
                yield name, url


def _readers(world: SimpleNamespace, a: SimpleNamespace) -> dict[str, Person | None]:
    by_email = {
        person.email: person
        for person in Person.objects.filter(
            email__in=["expert-a@example.org", "reader@employer-a.example"]
        )
    }
    return {
        "admin": world.alice,
        "coordinator": world.bob,
        "mentee": world.erin,
        "mentor": world.frank,
        "network admin": world.grace,
        "expert": by_email["expert-a@example.org"],
        "partner contact": by_email["reader@employer-a.example"],
        "group mentor": a.group.members.get(role="mentor").enrollment.person,
        "group mentee": a.group_member.enrollment.person,
        "nobody signed in": None,
    }


def _body(response: Any) -> bytes:
    return b"".join(response) if response.streaming else bytes(response.content)


def _json_html(data: Any, key: str = "") -> Iterator[str]:
    """Strings of a JSON answer that are HTML the page puts in as it is."""
    if isinstance(data, dict):
        for inner, value in data.items():
            yield from _json_html(value, str(inner))
    elif isinstance(data, list):
        for value in data:
            yield from _json_html(value, key)
    elif isinstance(data, str) and key.endswith("html"):
        yield data


def problems_in(response: Any, where: str) -> tuple[list[str], bool]:
    """What escaped in one answer, and whether the answer showed a planted payload."""
    body = _body(response)
    content_type = response.get("Content-Type", "")
    text = body.decode("utf-8", errors="replace")
    reached = MARKER in text
    if "html" in content_type:
        return [f"{where}: {found}" for found in active_parts(text)], reached
    if "json" in content_type and body:
        found = []
        for html in _json_html(json.loads(body)):
            found += [f"{where} (JSON html): {part}" for part in active_parts(html)]
        return found, reached
    return [], reached


def _sign_in(client: Client, person: Person | None) -> None:
    if person is None:
        if client.session.get(SESSION_KEY):
            client.logout()
    elif client.session.get(SESSION_KEY) != str(person.pk):
        client.force_login(person)


def plant(world_a: SimpleNamespace) -> SimpleNamespace:
    """Agency A's world with the payloads planted and every reader able to read."""
    assert plant_payloads() > 200
    # The partner employer's contact reads the figures once two-step verification is on.
    enable_mfa(Person.objects.get(email="reader@employer-a.example"))
    return world_a


@pytest.fixture
def planted(agency_a_data: SimpleNamespace) -> SimpleNamespace:  # noqa: F811
    return plant(agency_a_data)


def test_every_payload_carries_the_marker() -> None:
    assert all(MARKER in payload for payload in EVERYTHING)


def test_no_page_runs_a_payload_for_any_reader(
    planted: SimpleNamespace, world: SimpleNamespace
) -> None:
    htmx = _htmx_names()
    problems: list[str] = []
    reached: set[str] = set()
    statuses: dict[str, set[int]] = {}
    urls = list(_urls(planted))
    for role, person in _readers(world, planted).items():
        client = Client()
        for name, url in urls:
            if role.startswith("group") and "group" not in name:
                continue  # the group's members: only the group's pages (a short run)
            if name in NO_USER_TEXT and role != "admin":
                continue  # pages without anyone's text: read once (the API schema takes 2 s)
            cache.clear()  # the rate limits count nothing of the last page
            worker_beat()  # /health/ answers 503 without a worker: none runs in the tests
            _sign_in(client, person)
            headers = [{}, {"HX-Request": "true"}] if name in htmx else [{}]
            for extra in headers:
                response = client.get(url, headers=extra)
                where = f"GET {url} ({name}) as {role}{' via htmx' if extra else ''}"
                if response.status_code >= 500:
                    problems.append(f"{where}: server error {response.status_code}")
                statuses.setdefault(name, set()).add(response.status_code)
                found, shown = problems_in(response, where)
                problems += found
                if shown and response.status_code == 200:
                    reached.add(name)
    assert not problems, "\n".join(problems)
    # Actions, not pages: GET is refused (405) to whoever may reach the view at all.
    actions = {name for name, codes in statuses.items() if 405 in codes and 200 not in codes}
    unreached = set(MATRIX) - reached - actions - set(NO_USER_TEXT)
    assert not unreached, (
        "No reader saw a planted payload on these pages: give them one (tests/isolation/ and "
        "tests/security/plant.py) or list them in tests/security/no_user_text.py with the "
        "reason they show no one's text (each with the answers it gave): "
        + ", ".join(f"{name} {sorted(statuses.get(name, ()))}" for name in sorted(unreached))
    )
    stale = set(NO_USER_TEXT) & reached
    assert not stale, f"These pages do show planted text: remove them from NO_USER_TEXT: {stale}"


def test_pdf_html_runs_no_payload(planted: SimpleNamespace, world: SimpleNamespace) -> None:
    """The HTML a certificate, an employer's letter and a signed agreement are printed from
    (WeasyPrint fetches what it links to: a payload's <img> or <link> would make the server
    fetch it) holds no active part and shows the planted names as text."""
    from bridgeway.relationships.agreement_pdf import agreement_html
    from bridgeway.reports.recognition.pdf import certificate_html

    planted.recognition_certificate.refresh_from_db()
    planted.recognition_letter.refresh_from_db()
    # A's pair sign the agreement (in the world it was waived on paper), with names of theirs.
    agreement = planted.relationship.agreement
    now = timezone.now()
    agreement.mentee_signed_name, agreement.mentee_signed_at = short(150, 1), now
    agreement.mentor_signed_name, agreement.mentor_signed_at = short(150, 2), now
    agreement.waived_at = None
    agreement.save()
    documents = {
        "certificate": certificate_html(certificate=planted.recognition_certificate),
        "letter": certificate_html(certificate=planted.recognition_letter),
        "agreement": agreement_html(agreement=agreement, reader=world.erin),
    }
    for what, html in documents.items():
        assert not active_parts(html), (what, active_parts(html))
        assert MARKER in html, f"the {what} shows no planted text"


def test_notifications_in_the_bell_and_email_run_no_payload(planted: SimpleNamespace) -> None:
    """Every notification of the world, rendered as its email (subject, plain text, HTML) in
    its recipient's language: the HTML holds no active part; the plain text is not HTML-escaped
    (a person reads "<" where they wrote it)."""
    from bridgeway.notifications.models import Notification
    from bridgeway.notifications.render import render

    notifications = list(Notification.objects.select_related("person"))
    assert notifications
    shown = 0
    for notification in notifications:
        rendered = render(notification)
        where = f"notification {notification.kind}"
        assert not active_parts(rendered.html), (where, active_parts(rendered.html))
        assert "\n" not in rendered.subject, where
        shown += MARKER in rendered.html
        assert "&lt;" not in rendered.text, where
        assert "&#x27;" not in rendered.text, where
    assert shown, "no notification shows planted text"
