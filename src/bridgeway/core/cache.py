"""Django's Redis cache, with its connections kept by the process instead of by each request.

Django keeps one cache object per context, and under ASGI every request runs in a context of
its own: each request built a new `RedisCache`, with a new connection pool, and opened a new
connection to Redis for its first cache command (the session read of every signed-in
request, the API's limit, the rate limits), which was dropped with the request. And Django's
`RedisCacheClient.get_client` builds a new `redis.Redis` around the pool on every operation
(about 0.06 ms of CPU each, spent on setting up the client's options).

Here the pools, and a client for each, are kept per process and shared by every cache object
with the same servers and options: a request borrows an open connection from the pool and
gives it back after each command, as redis-py does for any client shared between threads.
redis-py makes the pool anew in a process forked from another (each web worker has its own).
Everything else is Django's: the same keys, values and timeouts.
"""

from __future__ import annotations

from threading import Lock
from typing import Any

from django.core.cache.backends.redis import RedisCache, RedisCacheClient

_KEPT: dict[Any, tuple[Any, Any]] = {}  # (pool class, server, options) -> (pool, client)
_KEPT_LOCK = Lock()


class KeptPoolsRedisCacheClient(RedisCacheClient):
    def _kept(self, write: bool) -> tuple[Any, Any]:
        index = self._get_connection_pool_index(write)  # type: ignore[attr-defined]
        server = self._servers[index]  # type: ignore[attr-defined]
        try:
            key = (self._pool_class, server, frozenset(self._pool_options.items()))  # type: ignore[attr-defined]
            hash(key)
        except TypeError:  # options that cannot be compared (none by default): Django's way
            pool = super()._get_connection_pool(write)  # type: ignore[misc]
            return pool, self._client(connection_pool=pool)  # type: ignore[attr-defined]
        found = _KEPT.get(key)
        if found is None:
            with _KEPT_LOCK:
                found = _KEPT.get(key)
                if found is None:
                    pool = self._pool_class.from_url(server, **self._pool_options)  # type: ignore[attr-defined]
                    found = _KEPT[key] = (pool, self._client(connection_pool=pool))  # type: ignore[attr-defined]
        return found

    def _get_connection_pool(self, write: bool) -> Any:
        return self._kept(write)[0]

    def get_client(self, key: Any = None, *, write: bool = False) -> Any:
        return self._kept(write)[1]


class KeptPoolsRedisCache(RedisCache):
    """`django.core.cache.backends.redis.RedisCache` with the connections kept (above)."""

    def __init__(self, server: str, params: dict[str, Any]) -> None:
        super().__init__(server, params)
        self._class = KeptPoolsRedisCacheClient
