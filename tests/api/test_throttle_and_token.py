"""The API's token sign-in and its limit per token, as a caller notices them.

The token and its person are read by one query compiled once per process
(api/authentication.py); an unknown token or an inactive person is still refused as before. The
limit (api/throttling.py) counts each token on its own in the shared cache; with Redis the check
is one round trip (a script Redis runs atomically) instead of DRF's read and write, and the
counts hold across processes: a second process sees the calls of the first."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

import pytest
from django.core.cache import caches
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient
from rest_framework.throttling import SimpleRateThrottle

from bridgeway.api import authentication, throttling
from tests.services.needs import redis_param, require_redis

pytestmark = pytest.mark.django_db


def _client(token: Token) -> APIClient:
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    return api


def test_a_token_is_read_with_its_person_in_one_kept_query(world: SimpleNamespace) -> None:
    token = Token.objects.create(user=world.erin)
    api = _client(token)
    assert api.get(reverse("api:me")).status_code == 200
    assert authentication._token.compiled() is not None
    with CaptureQueriesContext(connection) as queries:
        answer = api.get(reverse("api:me"))
    assert answer.status_code == 200
    assert answer.json()["email"] == world.erin.email
    read = [q["sql"] for q in queries if "authtoken_token" in q["sql"]]
    assert len(read) == 1
    assert "accounts_person" in read[0]  # the person in the same query


def test_an_unknown_token_or_an_inactive_person_is_still_refused(
    world: SimpleNamespace,
) -> None:
    # 403, not 401: the first way of signing in the API names is the browser's session.
    unknown = APIClient().get(reverse("api:me"), HTTP_AUTHORIZATION="Token nope")
    assert (unknown.status_code, unknown.json()["detail"]) == (403, "Invalid token.")
    token = Token.objects.create(user=world.erin)
    world.erin.is_active = False
    world.erin.save(update_fields=["is_active"])
    refused = _client(token).get(reverse("api:me"))
    assert (refused.status_code, refused.json()["detail"]) == (403, "User inactive or deleted.")


def test_over_the_limit_the_api_answers_429_with_retry_after_per_token(
    world: SimpleNamespace, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(SimpleRateThrottle, "THROTTLE_RATES", {"anon": "60/min", "user": "3/min"})
    first, second = (_client(Token.objects.create(user=p)) for p in (world.erin, world.mallory))
    for _i in range(3):
        assert first.get(reverse("api:me")).status_code == 200
    refused = first.get(reverse("api:me"))
    assert refused.status_code == 429
    assert 0 < int(refused["Retry-After"]) <= 60
    assert second.get(reverse("api:me")).status_code == 200  # another token counts apart


class _Request:
    """What the throttle reads of a request: the token."""

    def __init__(self, key: str) -> None:
        self.auth = SimpleNamespace(key=key)
        self.user = SimpleNamespace(is_authenticated=True, pk=1)


@pytest.mark.parametrize("backend", [redis_param()])
def test_with_redis_each_check_is_one_round_trip_and_holds_across_processes(
    backend: str, settings: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    url = require_redis()
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": url,
            "KEY_PREFIX": f"throttle-test-{backend}",
        }
    }
    monkeypatch.setattr(SimpleRateThrottle, "THROTTLE_RATES", {"anon": "60/min", "user": "2/min"})
    caches["default"].clear()
    clock = [1_000_000.0]
    monkeypatch.setattr(throttling.TokenRateThrottle, "timer", lambda _self: clock[0])
    trips: list[str] = []
    client = caches["default"]._cache.get_client(write=True)
    # A Redis that does not know the script yet (just started, or its scripts flushed).
    client.script_flush()
    for command in ("eval", "evalsha"):
        real = getattr(type(client), command)

        def counted(self: Any, *args: Any, _real: Any = real, _command: str = command) -> Any:
            trips.append(_command)
            return _real(self, *args)

        monkeypatch.setattr(type(client), command, counted)
    request = _Request("a-token")
    # Each throttle object stands for another process: only Redis holds the counts.
    assert throttling.TokenRateThrottle().allow_request(request, None)  # type: ignore[arg-type]
    clock[0] += 10
    assert throttling.TokenRateThrottle().allow_request(request, None)  # type: ignore[arg-type]
    clock[0] += 5
    third = throttling.TokenRateThrottle()
    assert not third.allow_request(request, None)  # type: ignore[arg-type]
    # The script's digest each time; the whole script once, when Redis did not know it.
    assert trips == ["evalsha", "eval", "evalsha", "evalsha"]
    # DRF's rule: the oldest call counted leaves the minute 45 s from now.
    assert third.wait() == pytest.approx(45.0)
    assert throttling.TokenRateThrottle().allow_request(_Request("another"), None)  # type: ignore[arg-type]
    clock[0] += 45.5  # the first call has left the window: one more is allowed, not two
    assert throttling.TokenRateThrottle().allow_request(request, None)  # type: ignore[arg-type]
    assert not throttling.TokenRateThrottle().allow_request(request, None)  # type: ignore[arg-type]
