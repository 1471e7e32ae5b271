"""Django's PostgreSQL backend, its connection pool built with :func:`check_or_test_all` as the
check of each lent connection (config/database.py explains why).

Django builds the pool itself from ``OPTIONS["pool"]`` and gives it psycopg-pool's own check,
so the check cannot be chosen there (a ``check`` key would be given twice): this subclass, the
way Django documents for changing a built-in backend, builds the same pool with ours.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ImproperlyConfigured
from django.db.backends.base.base import NO_DB_ALIAS
from django.db.backends.postgresql import base
from psycopg_pool import ConnectionPool

from bridgeway.config.database import check_or_test_all


class DatabaseWrapper(base.DatabaseWrapper):
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
