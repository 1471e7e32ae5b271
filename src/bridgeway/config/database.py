"""The PostgreSQL connection pool of each server process, read from ``BRIDGEWAY_DB_POOL``.

Under ASGI each request runs its database work in a thread of its own, so Django cannot keep
a connection between requests (``CONN_MAX_AGE`` must stay 0): without a pool every request
opens a new connection, and starting a PostgreSQL backend costs the database server a few
milliseconds of CPU each time (docs/benchmarks.md, "Where each step's CPU goes"). Django's
pool (``OPTIONS["pool"]``, psycopg-pool) keeps connections open in each process and lends one
to a request until the request ends. See docs/operations.md, "Configuration".
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Self

import psycopg
from django.core.exceptions import ImproperlyConfigured
from psycopg_pool import ConnectionPool

# Per process: `bridgeway serve --workers 2` with the default keeps 2 to 4 connections open
# and at most 20 (plus the job worker's threads), well under PostgreSQL's 100 by default.
# Beyond the largest size, requests wait for a connection rather than crowd the database.
DEFAULT_MIN_SIZE = 2
DEFAULT_MAX_SIZE = 10
# A request that waits longer than this for a free connection fails (a server error, logged)
# instead of hanging; psycopg-pool's own default is 30 s.
WAIT_SECONDS = 10.0
OFF = {"0", "off", "no", "false"}


def pool_options(value: str | None) -> dict[str, Any] | None:
    """The ``OPTIONS["pool"]`` for ``BRIDGEWAY_DB_POOL``: unset or empty for the default sizes,
    ``off`` for no pool (a connection per request, e.g. behind PgBouncer), or ``MIN,MAX``
    connections per process."""
    text = (value or "").strip().lower()
    if text in OFF:
        return None
    if not text or text in {"1", "on", "yes", "true"}:
        smallest, largest = DEFAULT_MIN_SIZE, DEFAULT_MAX_SIZE
    else:
        parts = [part.strip() for part in text.split(",")]
        if len(parts) != 2 or not all(part.isdigit() for part in parts):
            raise ImproperlyConfigured(
                f"BRIDGEWAY_DB_POOL={value!r}: give MIN,MAX connections per process "
                "(e.g. 2,10), or off."
            )
        smallest, largest = int(parts[0]), int(parts[1])
        if largest < 1 or smallest > largest:
            raise ImproperlyConfigured(
                f"BRIDGEWAY_DB_POOL={value!r}: MAX must be at least 1 and at least MIN."
            )
    return {"min_size": smallest, "max_size": largest, "timeout": WAIT_SECONDS}


def check_or_test_all(
    pool_of: Callable[[], ConnectionPool[Any]],
) -> Callable[[psycopg.Connection[Any]], None]:
    """The pool's check of each connection before it is lent (an empty query, psycopg-pool's
    ``check_connection``), which on a broken connection tests every idle one at once.

    After a restart of PostgreSQL every kept connection is broken. psycopg-pool drops a lent
    connection that fails its check and tries the next, but waits between such tries (0, 1,
    2, 4, 8 s: its back-off against a busy loop), so a request that met five broken
    connections in turn outlasted the pool's 10 s timeout and failed (three or four: 3 to 7 s
    late). Its ``check()`` instead tests
    all the idle connections in one pass and replaces the broken ones (the way psycopg-pool
    documents for an application that notices a disconnection): the request's next try finds
    a working connection, or the first new one, without waiting.
    """

    def check(connection: psycopg.Connection[Any]) -> None:
        try:
            ConnectionPool.check_connection(connection)
        except Exception:
            pool_of().check()
            raise

    return check


# Prepared statements (``BRIDGEWAY_DB_PREPARE``). Django's psycopg backend binds parameters in
# the client by default: PostgreSQL parses and plans every query every time it is sent. With
# the parameters bound by the server, psycopg prepares a statement on a connection once it has
# run PREPARE_AFTER times there, and from then on the server only binds and executes it.
# Pooled connections live across requests, so the statements of every page are prepared once
# per connection (docs/benchmarks.md, "Prepared statements on PostgreSQL").
PREPARE_AFTER = 2
# The statements psycopg keeps prepared per connection, the least recently used dropped
# first. Every page's statements together stay well below this (docs/benchmarks.md counts
# them); psycopg's own default is 100.
PREPARED_MAX = 200
ON = {"1", "on", "yes", "true"}


def prepare_options(value: str | None, pooled: bool) -> dict[str, Any]:
    """The ``OPTIONS`` that bind parameters on the server and prepare repeated statements, for
    ``BRIDGEWAY_DB_PREPARE``: ``on`` or ``off``; unset or empty: on with the pool, off without
    it (each request's connection is new, or a pooler in transaction mode lends another
    backend to each transaction, where a statement prepared on one is unknown to the next).
    With the pool, its connections keep up to ``PREPARED_MAX`` statements each
    (:class:`KeepPrepared`, given to the pool by the settings)."""
    text = (value or "").strip().lower()
    if text in ON:
        wanted = True
    elif text in OFF:
        wanted = False
    elif not text:
        wanted = pooled
    else:
        raise ImproperlyConfigured(
            f"BRIDGEWAY_DB_PREPARE={value!r}: give on or off (or leave it unset: on with "
            "the pool, off without it)."
        )
    if not wanted:
        return {}
    return {"server_side_binding": True, "prepare_threshold": PREPARE_AFTER}


class KeepPrepared(psycopg.Connection[Any]):
    """A pooled PostgreSQL connection that keeps up to ``PREPARED_MAX`` prepared statements
    (psycopg takes the number as an attribute of the connection, not as a connection
    parameter; the pool opens its connections with this class)."""

    @classmethod
    def connect(cls, *args: Any, **kwargs: Any) -> Self:
        made = super().connect(*args, **kwargs)
        made.prepared_max = PREPARED_MAX
        return made
