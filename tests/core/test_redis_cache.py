"""The Redis cache keeps its connections per process (core/cache.py): under ASGI each request
has a cache object of its own, and with Django's backend each opened a new connection to Redis;
here every request borrows one of the process's, and the values are Django's."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest
from asgiref.sync import ThreadSensitiveContext, sync_to_async
from django.core.cache import caches

from bridgeway.core.cache import KeptPoolsRedisCache
from tests.services.needs import redis_param, require_redis


def _redis_settings(settings: Any, url: str, prefix: str) -> None:
    settings.CACHES = {
        "default": {
            "BACKEND": "bridgeway.core.cache.KeptPoolsRedisCache",
            "LOCATION": url,
            "KEY_PREFIX": prefix,
        }
    }


def test_every_cache_object_shares_the_pool_and_client_of_its_server() -> None:
    one = KeptPoolsRedisCache("redis://127.0.0.1:1/0", {})
    other = KeptPoolsRedisCache("redis://127.0.0.1:1/0", {})
    elsewhere = KeptPoolsRedisCache("redis://127.0.0.1:1/1", {})
    assert one is not other
    assert one._cache.get_client(write=True) is other._cache.get_client()
    assert one._cache._get_connection_pool(True) is other._cache._get_connection_pool(False)
    assert elsewhere._cache.get_client() is not one._cache.get_client()


@pytest.mark.parametrize("backend", [redis_param()])
def test_requests_reuse_the_process_connections_and_see_each_others_values(
    backend: str, settings: Any
) -> None:
    url = require_redis()
    _redis_settings(settings, url, f"kept-pools-{backend}")

    async def request(number: int) -> tuple[Any, Any]:
        # As Django's ASGI handler runs a request: a context of its own, its code in a thread.
        async with ThreadSensitiveContext():

            def work() -> tuple[Any, Any]:
                cache = caches["default"]
                seen = cache.get("shared")
                cache.set("shared", number, 30)
                return cache, seen

            return await sync_to_async(work, thread_sensitive=True)()

    async def twenty() -> list[tuple[Any, Any]]:
        return [await asyncio.create_task(request(number)) for number in range(20)]

    answers = asyncio.run(twenty())
    # A cache object per request, as Django makes them (all held here, so none shares an id)...
    assert len({id(cache) for cache, _seen in answers}) == 20
    # ...each reading what the one before wrote.
    assert [seen for _cache, seen in answers][1:] == list(range(19))
    client = caches["default"]._cache.get_client()
    connected = client.info("stats")["total_connections_received"]
    asyncio.run(twenty())
    # The connections of the first twenty requests served the next twenty.
    assert client.info("stats")["total_connections_received"] == connected
