"""Who the request is from, read once per request with SQL compiled once per process; and pages
in the person's own language and time zone once they are signed in."""

from __future__ import annotations

import zoneinfo
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.contrib import auth
from django.contrib.auth.middleware import AuthenticationMiddleware
from django.contrib.auth.models import AnonymousUser
from django.http import HttpRequest, HttpResponse
from django.utils import timezone, translation
from django.utils.crypto import constant_time_compare
from django.utils.functional import SimpleLazyObject

from bridgeway.core.kept_queries import KeptObjects

# The sign-in backends whose `get_user` is ModelBackend's: the person by id, refused when not
# active. Another backend (none today) is asked as Django asks it.
_MODEL_BACKENDS = frozenset(
    {
        "django.contrib.auth.backends.ModelBackend",
        "allauth.account.auth_backends.AuthenticationBackend",
    }
)


def _person_by_id() -> KeptObjects:
    from bridgeway.accounts.models import Person

    return KeptObjects(lambda pk: Person._default_manager.filter(pk=pk), int)


_person: KeptObjects | None = None


def session_user(request: HttpRequest) -> Any:
    """`django.contrib.auth.get_user`, step for step, but for the person's row: ModelBackend's
    `get_user` builds `Person.objects.get(pk=…)` in the ORM on every request, the query here
    is compiled once per process (core/kept_queries.py) and answers the same row. The session
    is verified as Django verifies it (its hash, then the fallback secrets' hashes, the
    session flushed when none matches)."""
    global _person
    session: Any = request.session  # type: ignore[attr-defined]
    backend_path = session.get(auth.BACKEND_SESSION_KEY)
    if backend_path not in _MODEL_BACKENDS or backend_path not in settings.AUTHENTICATION_BACKENDS:
        return auth.get_user(request)
    try:
        user_id = auth.get_user_model()._meta.pk.to_python(session[auth.SESSION_KEY])
    except KeyError:
        return AnonymousUser()
    if _person is None:
        _person = _person_by_id()
    user = _person.first(user_id)
    if user is None or not getattr(user, "is_active", True):
        return AnonymousUser()
    session_hash = session.get(auth.HASH_SESSION_KEY)
    session_auth_hash = user.get_session_auth_hash()
    if session_hash and constant_time_compare(session_hash, session_auth_hash):
        return user
    if session_hash and any(
        constant_time_compare(session_hash, fallback_auth_hash)
        for fallback_auth_hash in user.get_session_auth_fallback_hash()
    ):
        session.cycle_key()
        session[auth.HASH_SESSION_KEY] = session_auth_hash
        return user
    session.flush()
    return AnonymousUser()


def _request_user(request: HttpRequest) -> Any:
    if not hasattr(request, "_cached_user"):
        request._cached_user = session_user(request)  # type: ignore[attr-defined]
    return request._cached_user  # type: ignore[attr-defined]


class KeptAuthenticationMiddleware(AuthenticationMiddleware):
    """Django's `AuthenticationMiddleware` (`request.user`, read when first asked, and
    `request.auser`), the person read by :func:`session_user`."""

    def process_request(self, request: HttpRequest) -> None:
        super().process_request(request)  # its check of the session, and request.auser
        request.user = SimpleLazyObject(lambda: _request_user(request))  # type: ignore[assignment]


class PersonPreferencesMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        self.languages = {code for code, _name in settings.LANGUAGES}

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        if user.is_authenticated:
            language = getattr(user, "preferred_language", "")
            if language in self.languages:
                translation.activate(language)
                request.LANGUAGE_CODE = language
            try:
                timezone.activate(zoneinfo.ZoneInfo(user.time_zone))  # type: ignore[union-attr]
            except (zoneinfo.ZoneInfoNotFoundError, ValueError):
                timezone.deactivate()
        else:
            timezone.deactivate()
        try:
            response = self.get_response(request)
            # Said here, while the person's language is still active (LocaleMiddleware, outside
            # this one, would otherwise read the default language).
            response.headers.setdefault("Content-Language", translation.get_language())
            return response
        finally:
            # A worker thread must not carry one person's language or time zone into other work.
            timezone.deactivate()
            if user.is_authenticated:
                translation.deactivate()
