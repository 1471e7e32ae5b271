"""The PostgreSQL connection pool of each server process, read from ``BRIDGEWAY_DB_POOL``.

Under ASGI each request runs its database work in a thread of its own, so Django cannot keep
a connection between requests (``CONN_MAX_AGE`` must stay 0): without a pool every request
opens a new connection, and starting a PostgreSQL backend costs the database server a few
milliseconds of CPU each time (docs/benchmarks.md, "Where each step's CPU goes"). Django's
pool (``OPTIONS["pool"]``, psycopg-pool) keeps connections open in each process and lends one
to a request until the request ends. See docs/operations.md, "Configuration".
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ImproperlyConfigured

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
