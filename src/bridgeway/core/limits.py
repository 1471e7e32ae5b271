"""How often one person or one connection may do a thing: applications, messages, posts,
questions, mentor requests, certificate lookups.

Each action has one or more rates in `settings.BRIDGEWAY_RATE_LIMITS` ("10/h", "20/m,200/d":
so many per second, minute, hour or day). A rate counts in fixed windows in the shared cache —
the database cache of an embedded install, Redis at scale — so a limit holds across web
processes and nodes. Redis counts exactly (INCR); on the database cache two requests of the same
person at the same instant can be counted once, which lets a burst go a request or two over.

`hit()` counts one and raises `RateLimited`, a DomainError whose message says when to try
again: the views show it above the form they show again (nothing typed is lost) and the API
answers 429 (`core/errors.api_domain_error`). With the request, `RateLimitMiddleware` turns the
page into a 429 with a Retry-After header (an HTMX fragment keeps its 200, so that it is shown).
"""

from __future__ import annotations

import hashlib
import math
import re
import time
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache

from django.conf import settings
from django.core.cache import cache as shared_cache
from django.core.exceptions import ImproperlyConfigured
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from bridgeway.core.services import DomainError

UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86400}
RATE = re.compile(r"^\s*(\d+)\s*/\s*(\d*)\s*([smhd])\s*$")


@dataclass(frozen=True)
class Rate:
    count: int
    seconds: int


def parse_rates(text: str) -> tuple[Rate, ...]:
    """ "20/m,200/d" → two rates; "10/15m" is ten in fifteen minutes. A mistake stops the
    start-up (checked by `rates_for` on first use and by the tests of the settings)."""
    rates = []
    for part in filter(None, (piece.strip() for piece in text.split(","))):
        match = RATE.match(part)
        if match is None or int(match[1]) < 1:
            raise ImproperlyConfigured(f"BRIDGEWAY_RATE_LIMITS: {part!r} is not like '10/m'")
        rates.append(Rate(int(match[1]), int(match[2] or 1) * UNITS[match[3]]))
    return tuple(rates)


@cache
def rates_for(action: str) -> tuple[Rate, ...]:
    try:
        return parse_rates(settings.BRIDGEWAY_RATE_LIMITS[action])
    except KeyError:
        raise ImproperlyConfigured(f"BRIDGEWAY_RATE_LIMITS has no rate for {action!r}") from None


@receiver(setting_changed)
def _rates_changed(*, setting: str, **_kwargs: object) -> None:
    if setting == "BRIDGEWAY_RATE_LIMITS":
        rates_for.cache_clear()


def _what_was_refused() -> dict[str, Callable[[], str]]:
    return {
        "intake": lambda: _("Too many applications came from your connection."),
        "intake_email": lambda: _("Too many applications were made with this email address."),
        "verify": lambda: _("Too many certificates were looked up from your connection."),
        "message": lambda: _("You have sent many messages in a short time."),
        "post": lambda: _("You have posted many times in a short time."),
        "question": lambda: _("You have asked many questions in a short time."),
        "request": lambda: _("You have sent many mentor requests in a short time."),
    }


def wait_in_words(seconds: int) -> str:
    if seconds < 60:
        return ngettext("%(count)d second", "%(count)d seconds", seconds) % {"count": seconds}
    minutes = math.ceil(seconds / 60)
    if minutes < 120:
        return ngettext("%(count)d minute", "%(count)d minutes", minutes) % {"count": minutes}
    hours = math.ceil(seconds / 3600)
    return ngettext("%(count)d hour", "%(count)d hours", hours) % {"count": hours}


class RateLimited(DomainError):
    """Over a limit: the message says what and when to try again (in the active language)."""

    def __init__(self, action: str, retry_after: int) -> None:
        said = _what_was_refused().get(action, lambda: _("You have done this many times."))()
        message = _("%(what)s Please try again in %(wait)s.") % {
            "what": said,
            "wait": wait_in_words(retry_after),
        }
        super().__init__(message)
        self.action = action
        self.retry_after = retry_after


def _increment(key: str, timeout: int) -> int:
    if shared_cache.add(key, 1, timeout=timeout):
        return 1
    try:
        return int(shared_cache.incr(key))
    except ValueError:  # expired between add and incr
        shared_cache.set(key, 1, timeout=timeout)
        return 1


def _clock() -> float:
    return time.time()


def hit(action: str, *, who: str, request: HttpRequest | None = None) -> None:
    """Count one `action` by `who` (e.g. "person:12", "ip:203.0.113.9"); raise RateLimited
    when that is over one of the action's rates. `who` is hashed: no address or email is
    kept in a cache key."""
    now = _clock()
    digest = hashlib.sha256(f"{action}:{who}".encode()).hexdigest()[:40]
    refused_for = 0
    for index, rate in enumerate(rates_for(action)):
        window = int(now // rate.seconds)
        count = _increment(f"limit:{action}:{index}:{digest}:{window}", rate.seconds + 60)
        if count > rate.count:
            refused_for = max(refused_for, math.ceil((window + 1) * rate.seconds - now))
    if refused_for:
        refused_for = max(refused_for, 1)
        if request is not None:
            request.limited_for = refused_for  # type: ignore[attr-defined]
        raise RateLimited(action, refused_for)


def person_key(person: object) -> str:
    return f"person:{getattr(person, 'pk', '')}"


class RateLimitMiddleware:
    """A page shown again because of a limit answers 429 with Retry-After."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        wait = getattr(request, "limited_for", None)
        if wait:
            response.headers.setdefault("Retry-After", str(wait))
            htmx = request.headers.get("HX-Request") == "true"
            # 400: a page that shows its form's errors with that status.
            if response.status_code in (200, 400) and not htmx:
                response.status_code = 429
        return response
