"""The web server's handler (core/handlers.py): a request served through the ASGI application as
uvicorn serves it keeps every header, check and log line of the middleware, and the view kept
for an address answers each request with its own arguments."""

from __future__ import annotations

import asyncio
import logging
import threading
from typing import Any

import pytest
from django.conf import settings
from django.test import Client
from django.urls import Resolver404, get_resolver

from bridgeway.accounts.models import Person
from bridgeway.accounts.sessions import sign_out_everywhere
from bridgeway.core.handlers import RESOLVED, THREADS, ApplicationHandler, _Resolved
from tests.factories import PersonFactory

pytestmark = pytest.mark.django_db(transaction=True)


def _scope(
    path: str, method: str = "GET", headers: dict[str, str] | None = None, body: bytes = b""
) -> dict[str, Any]:
    return {
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


async def _exchange(
    application: Any, scope: dict[str, Any], body: bytes = b""
) -> list[dict[str, Any]]:
    """The messages the application sends for one request, its body given at once."""
    incoming = [{"type": "http.request", "body": body, "more_body": False}]
    sent: list[dict[str, Any]] = []

    async def receive() -> dict[str, Any]:
        if incoming:
            return incoming.pop()
        await asyncio.Event().wait()
        raise AssertionError

    async def send(message: dict[str, Any]) -> None:
        sent.append(message)

    await application(scope, receive, send)
    return sent


def served(
    method: str, path: str, headers: dict[str, str] | None = None, body: bytes = b""
) -> tuple[int, dict[str, str], bytes]:
    """One request through bridgeway.config.asgi.application, as uvicorn passes it."""
    from bridgeway.config.asgi import application

    sent = asyncio.run(_exchange(application, _scope(path, method, headers, body), body))
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


class _Recording(ApplicationHandler):
    """The application's handler, noting the thread of each request's view and of its end
    (the answer closed, `request_finished` sent); `together` makes requests wait for each other
    inside their views, so they must run in threads of their own at the same time."""

    def __init__(self, together: int = 0) -> None:
        super().__init__()
        self.views: list[int] = []
        self.mixed: list[str] = []
        self.together = threading.Barrier(together) if together else None

    def get_response(self, request: Any) -> Any:
        thread = threading.get_ident()
        if self.together is not None:
            self.together.wait(timeout=60)
        response = super().get_response(request)
        self.views.append(thread)
        close = response.close

        def closed() -> None:
            if threading.get_ident() != thread:
                self.mixed.append(request.path)
            close()

        response.close = closed
        return response


def _serve(handler: ApplicationHandler, paths: list[str]) -> list[int]:
    async def one(path: str) -> int:
        sent = await _exchange(handler, _scope(path))
        return int(next(m for m in sent if m["type"] == "http.response.start")["status"])

    async def all_of_them() -> list[int]:
        return list(await asyncio.gather(*(one(path) for path in paths)))

    return asyncio.run(all_of_them())


def _idle_threads(at_least: int) -> int:
    """The kept threads once each has finished its request (each marks itself idle last)."""
    for _attempt in range(500):
        with THREADS.lock:
            idle = len(THREADS.idle)
        if idle >= at_least:
            return idle
        threading.Event().wait(0.01)
    return idle


def test_requests_at_the_same_time_each_run_in_a_thread_of_their_own() -> None:
    handler = _Recording(together=3)
    paths = ["/account/two-step-required/", "/my/messages/", "/api/v1/me/"]
    assert _serve(handler, paths) == [302, 302, 403]
    assert len(set(handler.views)) == 3  # the three views waited for each other: three threads
    assert handler.mixed == []  # each request ended in the thread that ran its view


def test_the_threads_are_kept_and_lent_again_one_request_at_a_time() -> None:
    THREADS.forget()
    first = _Recording(together=2)
    _serve(first, ["/account/two-step-required/", "/my/messages/"])
    assert _idle_threads(2) == 2
    again = _Recording(together=2)
    _serve(again, ["/account/two-step-required/", "/my/messages/"])
    # The same two threads, one request each at a time, and no new thread.
    assert sorted(again.views) == sorted(first.views)
    assert again.mixed == first.mixed == []
    assert _idle_threads(2) == 2


def test_a_process_keeps_at_most_its_share_of_idle_threads(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    THREADS.forget()
    monkeypatch.setattr(THREADS, "kept", 2)
    handler = _Recording(together=4)
    paths = ["/account/two-step-required/"] * 4
    assert _serve(handler, paths) == [302] * 4
    assert len(set(handler.views)) == 4
    assert _idle_threads(2) == 2

    def alive() -> int:
        return sum(thread.ident in handler.views for thread in threading.enumerate())

    for _attempt in range(500):  # the two not kept end after their request
        if alive() == 2:
            break
        threading.Event().wait(0.01)
    assert alive() == 2
