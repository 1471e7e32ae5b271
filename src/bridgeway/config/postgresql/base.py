"""Django's PostgreSQL backend, its connection pool built with :func:`check_or_test_all` as the
check of each lent connection (config/database.py explains why).

Django builds the pool itself from ``OPTIONS["pool"]`` and gives it psycopg-pool's own check,
so the check cannot be chosen there (a ``check`` key would be given twice): this subclass, the
way Django documents for changing a built-in backend, builds the same pool with ours.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from django.core.exceptions import ImproperlyConfigured
from django.db.backends.base.base import NO_DB_ALIAS
from django.db.backends.postgresql import base
from psycopg import _queries
from psycopg_pool import ConnectionPool

from bridgeway.config.database import check_or_test_all

# With the parameters bound by the server (config/database.py, prepared statements), psycopg
# rewrites each query's ``%s`` into ``$1, $2…`` before sending it, and keeps the rewriting of
# at most 128 queries for the whole process, none longer than 4 KB or with more than 50
# parameters: the header's query of every page, the dashboard's panels and the coordinators'
# lists are longer and were rewritten on every request (a regular expression over their whole
# text). The application's queries are kept here instead: up to CONVERTED_MAX of them, each up
# to CONVERTED_LENGTH bytes (so at most about 2 × 512 × 16 KB in all, far less in practice:
# most are under 2 KB), the least recently used dropped first. Longer ones (an ``IN (…)`` of
# thousands of ids) are rewritten each time, as before.
CONVERTED_MAX = 512
CONVERTED_LENGTH = 16 * 1024


@lru_cache(maxsize=CONVERTED_MAX)
def _converted(query: bytes, encoding: str) -> Any:
    return _queries._query2pg_nocache(query, encoding)


class KeptQuery(_queries.PostgresQuery):
    """psycopg's query with parameters bound by the server, its rewriting kept per text."""

    __slots__ = ()

    def convert(self, query: Any, vars: Any) -> None:
        if vars is not None and isinstance(query, str | bytes):
            text = self._ensure_bytes(query)  # type: ignore[attr-defined]
            if len(text) <= CONVERTED_LENGTH:
                self.query, self._want_formats, self._order, self._parts = _converted(
                    text,
                    self._tx.encoding,  # type: ignore[attr-defined]
                )
                self.dump(vars)
                return
        super().convert(query, vars)


class ServerBindingCursor(base.ServerBindingCursor):  # type: ignore[misc,name-defined]
    _query_cls = KeptQuery


class DatabaseWrapper(base.DatabaseWrapper):
    def get_connection_params(self) -> dict[str, Any]:
        params: dict[str, Any] = super().get_connection_params()
        if params.get("cursor_factory") is base.ServerBindingCursor:  # type: ignore[attr-defined]
            params["cursor_factory"] = ServerBindingCursor
        return params

    @property
    def pool(self) -> ConnectionPool[Any] | None:
        options = self.settings_dict["OPTIONS"].get("pool")
        pools: dict[str, ConnectionPool[Any]] = self._connection_pools  # type: ignore[attr-defined]
        if self.alias == NO_DB_ALIAS or not options:
            return None
        if self.alias not in pools:
            # As Django's own (django/db/backends/postgresql/base.py), but for the check.
            if self.settings_dict.get("CONN_MAX_AGE", 0) != 0:
                raise ImproperlyConfigured("Pooling doesn't support persistent connections.")
            connect_kwargs = self.get_connection_params()
            connect_kwargs["autocommit"] = True  # Django sets the transaction mode later
            checked = self.settings_dict["CONN_HEALTH_CHECKS"]
            made: ConnectionPool[Any] = ConnectionPool(
                kwargs=connect_kwargs,
                open=False,  # opened by the first request, not at start
                configure=self._configure_connection,  # type: ignore[attr-defined]
                check=check_or_test_all(lambda: made) if checked else None,
                **({} if options is True else options),
            )
            # The first pool built wins when several threads start at once (as Django does).
            pools.setdefault(self.alias, made)
        return pools[self.alias]
