"""The web server's handler (core/handlers.py): a request served through the ASGI application as
uvicorn serves it keeps every header, check and log line of the middleware, and the view kept
for an address answers each request with its own arguments."""

from __future__ import annotations

import asyncio
import logging
from typing import Any

import pytest
from django.conf import settings
from django.test import Client
from django.urls import Resolver404, get_resolver

from bridgeway.accounts.models import Person
from bridgeway.accounts.sessions import sign_out_everywhere
from bridgeway.core.handlers import RESOLVED, ApplicationHandler, _Resolved
from tests.factories import PersonFactory

pytestmark = pytest.mark.django_db(transaction=True)


def served(
    method: str, path: str, headers: dict[str, str] | None = None, body: bytes = b""
) -> tuple[int, dict[str, str], bytes]:
    """One request through bridgeway.config.asgi.application, as uvicorn passes it."""
    from bridgeway.config.asgi import application

    scope = {
        "type": "http",
        "asgi": {"version": "3.0", "spec_version": "2.3"},
        "http_version": "1.1",
        "method": method,
        "scheme": "http",
        "path": path,
        "raw_path": path.encode(),
        "query_string": b"",
        "root_path": "",
        "headers": [(b"host", b"testserver"), (b"content-length", str(len(body)).encode())]
        + [(k.lower().encode(), v.encode()) for k, v in (headers or {}).items()],
        "client": ("127.0.0.1", 50000),
        "server": ("testserver", 80),
    }
    incoming = [{"type": "http.request", "body": body, "more_body": False}]
    sent: list[dict[str, Any]] = []

    async def receive() -> dict[str, Any]:
        if incoming:
            return incoming.pop()
        await asyncio.Event().wait()
        raise AssertionError

    async def send(message: dict[str, Any]) -> None:
        sent.append(message)

    asyncio.run(application(scope, receive, send))
    start = next(m for m in sent if m["type"] == "http.response.start")
    fields = {k.decode().lower(): v.decode() for k, v in start["headers"]}
    return start["status"], fields, b"".join(m.get("body", b"") for m in sent if "body" in m)


def signed_in(person: Person) -> dict[str, str]:
    client = Client()
    client.force_login(person, backend="django.contrib.auth.backends.ModelBackend")
    return {
        "Cookie": f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}"
    }


def test_the_application_serves_http_with_the_one_hop_handler() -> None:
    from bridgeway.config.asgi import django_asgi_app

    assert isinstance(django_asgi_app, ApplicationHandler)


def test_a_signed_in_page_keeps_every_header_and_its_log_line(
    caplog: pytest.LogCaptureFixture,
) -> None:
    person = PersonFactory(preferred_language="fr")
    with caplog.at_level(logging.INFO, logger="bridgeway.request"):
        status, fields, _body = served(
            "GET",
            "/account/two-step-required/",
            {**signed_in(person), "X-Request-ID": "trace-12345678"},
        )
    assert status == 200
    assert fields["x-request-id"] == "trace-12345678"
    assert fields["content-language"] == "fr"  # the person's language, chosen by the middleware
    assert fields["x-frame-options"] == "DENY"
    assert fields["x-content-type-options"] == "nosniff"
    policy = fields["content-security-policy"]
    assert "frame-ancestors 'none'" in policy
    assert "script-src 'self'" in policy
    lines = [r for r in caplog.records if r.name == "bridgeway.request"]
    assert [(r.view, r.status, r.request_id) for r in lines] == [  # type: ignore[attr-defined]
        ("accounts:mfa_required", 200, "trace-12345678")
    ]


def test_a_post_without_its_csrf_token_is_refused() -> None:
    person = PersonFactory()
    status, _fields, _body = served(
        "POST",
        "/account/sign-out-everywhere/",
        {**signed_in(person), "Content-Type": "application/x-www-form-urlencoded"},
        b"revoke_token=on",
    )
    assert status == 403


def test_a_session_signed_out_everywhere_ends_on_its_next_request() -> None:
    person = PersonFactory()
    cookie = signed_in(person)
    assert served("GET", "/account/two-step-required/", cookie)[0] == 200
    sign_out_everywhere(person=person, revoke_token=False)
    status, fields, _body = served("GET", "/account/two-step-required/", cookie)
    assert status == 302
    assert fields["location"].startswith("/accounts/login/")


def test_each_request_gets_its_own_arguments_from_the_kept_view() -> None:
    resolver = get_resolver()
    kept = _Resolved(size=2)
    first = kept.resolve(resolver, "/my/messages/11/")
    first.kwargs["pk"] = 99  # a middleware changing its request's arguments
    again = kept.resolve(resolver, "/my/messages/11/")
    other = kept.resolve(resolver, "/my/messages/12/")
    assert again is not first
    assert again.kwargs == resolver.resolve("/my/messages/11/").kwargs
    assert other.kwargs == resolver.resolve("/my/messages/12/").kwargs
    assert again.view_name == other.view_name == resolver.resolve("/my/messages/11/").view_name


def test_only_the_most_recent_addresses_are_kept_and_unknown_ones_never() -> None:
    resolver = get_resolver()
    kept = _Resolved(size=2)
    for path in ("/my/messages/1/", "/my/messages/2/", "/my/messages/3/"):
        kept.resolve(resolver, path)
    assert [path for _id, path in kept.matches] == ["/my/messages/2/", "/my/messages/3/"]
    for _attempt in range(2):
        with pytest.raises(Resolver404):
            kept.resolve(resolver, "/no-such-page/")
    assert len(kept.matches) == 2


def test_views_are_kept_per_set_of_patterns() -> None:
    """A test or a deployment that changes the patterns gets a new resolver, so no view found
    with the old patterns is answered."""
    kept = _Resolved(size=10)
    kept.resolve(get_resolver(), "/account/two-step-required/")
    other = get_resolver("bridgeway.core.urls")
    with pytest.raises(Resolver404):
        kept.resolve(other, "/account/two-step-required/")
    RESOLVED.clear()
