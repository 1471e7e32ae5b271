"""The API's limits: per token (each token of a person counts on its own, a browser session
per person) and per connection for calls made without signing in. The counts are kept in the
shared cache (database or Redis), so a limit holds across processes and nodes; over a limit
DRF answers 429 and says in Retry-After when to try again.

DRF's own throttle reads the list of a caller's recent calls from the cache and writes it
back: two round trips to Redis on every call, and two calls of the same caller at the same
instant can both read the list before either writes it. With Redis the check is one script
run by Redis itself (`_SLIDING_WINDOW`): the calls of the last period are kept as a sorted set,
counted, and the call added only when it is allowed, in one round trip and atomically. The
rule is DRF's (a sliding window: at most N calls in any period, Retry-After when the oldest
call counted leaves it). The script is sent by its digest (`EVALSHA`); a Redis that does not
know it yet (just started, or its scripts flushed) answers NOSCRIPT, and the script is then
sent whole (`EVAL`, which also makes Redis keep it). On the database cache, DRF's own code
runs."""

from __future__ import annotations

import hashlib
import uuid
from typing import TYPE_CHECKING, Any, cast

from django.core.cache import cache as default_cache
from django.core.cache import caches
from django.core.cache.backends.redis import RedisCache
from redis.exceptions import NoScriptError
from rest_framework.throttling import AnonRateThrottle as DrfAnonRateThrottle
from rest_framework.throttling import SimpleRateThrottle, UserRateThrottle

if TYPE_CHECKING:  # DRF reads this module while rest_framework.views is being imported
    from rest_framework.request import Request
    from rest_framework.views import APIView

# KEYS[1]: the caller's set; ARGV: now, period (s), allowed calls, this call's name.
# Answers {allowed (1/0), calls counted in the period, the oldest one's time as a string}.
_SLIDING_WINDOW = """
local key = KEYS[1]
local now = tonumber(ARGV[1])
local period = tonumber(ARGV[2])
local allowed = tonumber(ARGV[3])
redis.call('ZREMRANGEBYSCORE', key, '-inf', now - period)
local counted = redis.call('ZCARD', key)
if counted >= allowed then
    local oldest = redis.call('ZRANGE', key, 0, 0, 'WITHSCORES')
    return {0, counted, oldest[2]}
end
redis.call('ZADD', key, now, ARGV[4])
redis.call('EXPIRE', key, math.ceil(period) + 1)
local oldest = redis.call('ZRANGE', key, 0, 0, 'WITHSCORES')
return {1, counted + 1, oldest[2]}
"""
_SLIDING_WINDOW_SHA = hashlib.sha1(_SLIDING_WINDOW.encode(), usedforsecurity=False).hexdigest()


def _run_window(client: Any, key: str, *args: Any) -> Any:
    """The script's answer, sent by its digest, or whole when Redis does not know it."""
    try:
        return client.evalsha(_SLIDING_WINDOW_SHA, 1, key, *args)
    except NoScriptError:
        return client.eval(_SLIDING_WINDOW, 1, key, *args)


class OneTripThrottle(SimpleRateThrottle):
    """DRF's sliding window, checked in one round trip when the shared cache is Redis."""

    # The history DRF's `wait()` reads, as (count, oldest) when the script answered.
    _counted: tuple[int, float] | None = None
    num_requests: int  # the rate, set by DRF's __init__
    duration: int

    def allow_request(self, request: Request, view: APIView) -> bool:
        # DRF's `cache` is the proxy of the default cache: the backend it stands for.
        cache: Any = caches["default"] if self.cache is default_cache else self.cache
        if not isinstance(cache, RedisCache) or self.rate is None:
            self._counted = None
            return bool(super().allow_request(request, view))
        self.key = self.get_cache_key(request, view)
        if self.key is None:
            return True
        self.now = self.timer()
        # A key of its own: DRF's list under `self.key` is another kind of value in Redis.
        key = cache.make_and_validate_key(f"{self.key}:window")
        client = cast(Any, cache)._cache.get_client(key, write=True)
        allowed, counted, oldest = _run_window(
            client,
            key,
            repr(self.now),
            self.duration,
            self.num_requests,
            f"{self.now!r}:{uuid.uuid4().hex}",
        )
        self._counted = (int(counted), float(oldest) if oldest is not None else self.now)
        return bool(allowed)

    def wait(self) -> float | None:
        if self._counted is None:
            return super().wait()  # type: ignore[no-any-return]
        counted, oldest = self._counted
        # DRF's rule, with the count and the oldest call the script answered.
        remaining = self.duration - (self.now - oldest) if counted else self.duration
        available = self.num_requests - counted + 1
        if available <= 0:
            return None
        return float(remaining / available)


class AnonRateThrottle(OneTripThrottle, DrfAnonRateThrottle):
    """Calls made without signing in, per connection."""


class TokenRateThrottle(OneTripThrottle, UserRateThrottle):
    scope = "user"

    def get_cache_key(self, request: Request, view: APIView) -> str | None:
        token = getattr(request.auth, "key", None)  # a rest_framework.authtoken Token
        if isinstance(token, str):
            ident = "token-" + hashlib.sha256(token.encode()).hexdigest()[:40]
        elif request.user and request.user.is_authenticated:
            ident = f"person-{request.user.pk}"
        else:
            ident = self.get_ident(request)
        return self.cache_format % {"scope": self.scope, "ident": ident}
