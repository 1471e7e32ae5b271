"""The Content-Security-Policy header, built once per process.

django-csp's middleware builds the header from `CONTENT_SECURITY_POLICY` on every answer, and
the report-only header from `CONTENT_SECURITY_POLICY_REPORT_ONLY` too (each a copy of every
directive, joined again). Both depend only on the settings when the answer asks for nothing of
its own (no `@csp_update`, `@csp_replace` or `@csp` on the view) and the page took no nonce:
that is nearly every answer, so this keeps the two texts per process and sets the same headers
as django-csp would. An answer that asks for its own policy, or a page that used the nonce, is
built by django-csp as before."""

from __future__ import annotations

from typing import Any

from csp.middleware import CSPMiddleware
from csp.utils import build_policy
from django.core.signals import setting_changed
from django.http import HttpRequest
from django.http.response import HttpResponseBase

# report_only → the header's text for the settings alone (no nonce, nothing from the view).
_built: dict[bool, str] = {}

_OWN_POLICY = (
    "_csp_config",
    "_csp_update",
    "_csp_replace",
    "_csp_config_ro",
    "_csp_update_ro",
    "_csp_replace_ro",
)


def settings_policy(*, report_only: bool) -> str:
    """django-csp's `build_policy` for the settings alone, kept."""
    text = _built.get(report_only)
    if text is None:
        text = _built[report_only] = build_policy(report_only=report_only)
    return text


class KeptPolicyCSPMiddleware(CSPMiddleware):
    """django-csp's `CSPMiddleware`, the policy from the settings built once per process."""

    def process_response(
        self, request: HttpRequest, response: HttpResponseBase
    ) -> HttpResponseBase:
        if getattr(request, "_csp_nonce", None) is not None or any(
            getattr(response, name, None) is not None for name in _OWN_POLICY
        ):
            return super().process_response(request, response)
        return _kept_process_response(self, request, response)


def _kept_process_response(
    middleware: CSPMiddleware, request: HttpRequest, response: HttpResponseBase
) -> HttpResponseBase:
    """django-csp's `process_response` step for step, the two texts kept."""
    from http import client as http_client

    from csp.constants import HEADER, HEADER_REPORT_ONLY
    from django.conf import settings

    if (
        response.status_code
        in (
            http_client.INTERNAL_SERVER_ERROR,
            http_client.NOT_FOUND,
        )
        and settings.DEBUG
    ):
        return response
    for report_only, header, exempt, setting in (
        (False, HEADER, "_csp_exempt", "CONTENT_SECURITY_POLICY"),
        (True, HEADER_REPORT_ONLY, "_csp_exempt_ro", "CONTENT_SECURITY_POLICY_REPORT_ONLY"),
    ):
        text = settings_policy(report_only=report_only)
        if not text or getattr(response, exempt, False) is not False or header in response:
            continue
        policy = getattr(settings, setting, None) or {}
        prefixes = policy.get("EXCLUDE_URL_PREFIXES", None) or ()
        if prefixes and request.path_info.startswith(tuple(prefixes)):
            continue
        response[header] = text
    # As django-csp: the nonce can no longer be taken once the header is written.
    if getattr(request, "_csp_nonce", None) is None:
        from csp.middleware import CheckableLazyObject

        request.csp_nonce = CheckableLazyObject(  # type: ignore[attr-defined]
            middleware._csp_nonce_post_response
        )
    return response


def _forget(*, setting: str, **_kwargs: Any) -> None:
    if setting.startswith("CONTENT_SECURITY_POLICY"):
        _built.clear()


setting_changed.connect(_forget, dispatch_uid="bridgeway-kept-csp")
