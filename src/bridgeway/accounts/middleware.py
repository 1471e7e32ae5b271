"""Pages in the person's own language and time zone once they are signed in."""

from __future__ import annotations

import zoneinfo
from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils import timezone, translation


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
