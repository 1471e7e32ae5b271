"""What a test needs from outside the process, and the one rule for when it is missing.

The rule: a test that needs Redis or PostgreSQL uses the server named by ``REDIS_URL`` /
``DATABASE_URL``. When the variable is not set, the test is skipped on a developer machine (run
it through ``tests/with_services.py`` to get both servers), but it FAILS when ``CI=true`` or when
the run was started by ``tests/with_services.py`` (``BRIDGEWAY_TEST_BACKEND=postgres``): in CI a
missing server is a broken build, never a skipped test. A variable that is set but names a
server that does not answer always fails.

Cases that need a server carry the ``services`` mark (use :func:`redis_param` and
:func:`postgres_param`). The CI run on SQLite (``make pytest-sqlite``) has no servers by design
and leaves those cases to the CI run on PostgreSQL and Redis (``make pytest-scale``); see
``conftest.py`` beside this file.
"""

from __future__ import annotations

import os
from typing import NoReturn
from urllib.parse import urlsplit

import pytest


def on_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() in {"1", "true", "yes"}


def services_run() -> bool:
    """True in a run started by tests/with_services.py, which promises both servers."""
    return os.environ.get("BRIDGEWAY_TEST_BACKEND") == "postgres"


def _missing(what: str, variable: str) -> NoReturn:
    if on_ci() or services_run():
        pytest.fail(
            f"{what} is required here: {variable} is not set "
            f"({'CI=true' if on_ci() else 'BRIDGEWAY_TEST_BACKEND=postgres'} forbids skipping). "
            "Run the suite through tests/with_services.py.",
            pytrace=False,
        )
    pytest.skip(f"needs {what}: set {variable} or run through tests/with_services.py")


def require_redis() -> str:
    """The Redis URL to use; skips or fails by the rule above when there is none."""
    url = os.environ.get("REDIS_URL", "")
    if not url:
        _missing("Redis", "REDIS_URL")
    import redis

    client = redis.Redis.from_url(url, socket_connect_timeout=3, socket_timeout=3)
    try:
        client.ping()
    except redis.RedisError as error:
        pytest.fail(f"REDIS_URL={url} does not answer: {error}", pytrace=False)
    finally:
        client.close()
    return url


def require_postgres() -> str:
    """The PostgreSQL ``DATABASE_URL`` to use; skips or fails by the rule above without one."""
    url = os.environ.get("DATABASE_URL", "")
    if urlsplit(url).scheme not in {"postgres", "postgresql", "pgsql"}:
        _missing("PostgreSQL", "DATABASE_URL=postgres://…")
    import psycopg

    try:
        psycopg.connect(url, connect_timeout=3).close()
    except psycopg.Error as error:
        pytest.fail(f"DATABASE_URL does not answer: {error}", pytrace=False)
    return url


def require_server_programs() -> None:
    """PostgreSQL's and Redis's server programs, as tests/with_services.py finds them."""
    from tests.with_services import find_postgres_bindir, find_redis_server

    if find_postgres_bindir() is None or find_redis_server() is None:
        _missing("PostgreSQL and Redis installed", "PATH (initdb, pg_ctl, redis-server)")


def redis_param(value: object = "redis") -> object:
    """A parametrize value for the Redis case: marked ``services``."""
    return pytest.param(value, id="redis", marks=pytest.mark.services)


def postgres_param(value: object = "postgres") -> object:
    """A parametrize value for the PostgreSQL + Redis case: marked ``services``."""
    return pytest.param(value, id="postgres-redis", marks=pytest.mark.services)
