"""The Content-Security-Policy headers built once per process (core/csp.py) are django-csp's:
the same headers, answer for answer, with the policy of the settings, of a view of its own,
report-only, a nonce taken, an exempt answer and an excluded address."""

from __future__ import annotations

from typing import Any

import pytest
from csp.constants import HEADER, HEADER_REPORT_ONLY, NONCE, SELF
from csp.exceptions import CSPNonceError
from csp.middleware import CSPMiddleware
from csp.utils import build_policy
from django.http import HttpRequest, HttpResponse
from django.test import RequestFactory

from bridgeway.core.csp import KeptPolicyCSPMiddleware


def _answer(**attributes: Any) -> HttpResponse:
    response = HttpResponse("ok")
    for name, value in attributes.items():
        setattr(response, name, value)
    return response


def _both(
    path: str = "/", *, take_nonce: bool = False, status: int = 200, **attributes: Any
) -> tuple[HttpResponse, HttpResponse, HttpRequest]:
    """The same answer through django-csp's middleware and through the kept one."""
    answers = []
    for middleware_class in (CSPMiddleware, KeptPolicyCSPMiddleware):
        request = RequestFactory().get(path)
        middleware = middleware_class(lambda _request: _answer(**attributes))
        middleware.process_request(request)
        nonce = str(request.csp_nonce) if take_nonce else None  # type: ignore[attr-defined]
        response = _answer(**attributes)
        response.status_code = status
        answers.append((middleware.process_response(request, response), request, nonce))
    (theirs, _r1, nonce1), (ours, request, nonce2) = answers
    if take_nonce:
        # Each request has its own random nonce: compare with it put back.
        assert nonce1
        assert nonce2
        for response in (theirs, ours):
            for header in (HEADER, HEADER_REPORT_ONLY):
                if header in response:
                    response[header] = response[header].replace(nonce1, "N").replace(nonce2, "N")
    return theirs, ours, request


def _headers(response: HttpResponse) -> dict[str, str]:
    return {
        name: value
        for name, value in response.headers.items()
        if name in (HEADER, HEADER_REPORT_ONLY)
    }


def test_the_settings_policy_is_django_csps() -> None:
    theirs, ours, request = _both()
    assert _headers(ours) == _headers(theirs)
    assert "default-src 'self'" in ours[HEADER]
    assert "frame-ancestors 'none'" in ours[HEADER]
    assert HEADER_REPORT_ONLY not in ours
    # The nonce can no longer be taken once the header is written, as with django-csp.
    with pytest.raises(CSPNonceError):
        str(request.csp_nonce)  # type: ignore[attr-defined]


def test_a_second_answer_gets_the_same_header() -> None:
    first = _both()[1]
    second = _both()[1]
    assert first[HEADER] == second[HEADER]


@pytest.mark.parametrize(
    "attributes",
    [
        {"_csp_update": {"img-src": ["https://example.org"]}},
        {"_csp_replace": {"script-src": None}},
        {"_csp_config": {"default-src": [SELF], "script-src": [SELF, NONCE]}},
        {"_csp_update_ro": {"img-src": ["https://example.org"]}},
        {"_csp_exempt": True},
    ],
)
def test_an_answer_with_a_policy_of_its_own(attributes: dict[str, Any]) -> None:
    theirs, ours, _request = _both(**attributes)
    assert _headers(ours) == _headers(theirs)


def test_a_page_that_took_the_nonce(settings: Any) -> None:
    settings.CONTENT_SECURITY_POLICY = {
        "DIRECTIVES": {"default-src": [SELF], "script-src": [SELF, NONCE]}
    }
    theirs, ours, _request = _both(take_nonce=True)
    assert _headers(ours) == _headers(theirs)
    assert "'nonce-N'" in ours[HEADER]
    # Without the nonce taken, the sentinel is left out, as django-csp leaves it.
    theirs, ours, _request = _both()
    assert _headers(ours) == _headers(theirs)
    assert "nonce" not in ours[HEADER]


def test_changed_settings_report_only_and_excluded_addresses(settings: Any) -> None:
    settings.CONTENT_SECURITY_POLICY_REPORT_ONLY = {
        "DIRECTIVES": {"default-src": [SELF], "report-uri": "/csp-report/"},
        "EXCLUDE_URL_PREFIXES": ["/api/"],
    }
    theirs, ours, _request = _both()
    assert _headers(ours) == _headers(theirs)
    assert "report-uri /csp-report/" in ours[HEADER_REPORT_ONLY]
    theirs, ours, _request = _both("/api/v1/things/")
    assert _headers(ours) == _headers(theirs)
    assert HEADER_REPORT_ONLY not in ours
    assert HEADER in ours
    settings.CONTENT_SECURITY_POLICY = None
    theirs, ours, _request = _both()
    assert _headers(ours) == _headers(theirs)
    assert HEADER not in ours


def test_debug_error_pages_are_left_alone(settings: Any) -> None:
    settings.DEBUG = True
    for status in (404, 500):
        theirs, ours, _request = _both(status=status)
        assert _headers(ours) == _headers(theirs) == {}


@pytest.mark.django_db
def test_a_page_answers_with_the_settings_header(client: Any) -> None:
    response = client.get("/accounts/login/")
    assert response[HEADER] == build_policy()
