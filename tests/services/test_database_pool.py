"""PostgreSQL connections are kept per process and lent to each request (config/database.py),
instead of a new connection, and a new database backend, for every request."""

from __future__ import annotations

import asyncio
import logging
import time
from typing import Any

import pytest
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.handlers.asgi import ASGIHandler
from django.db import connection
from django.db.backends.signals import connection_created

from bridgeway.config.database import (
    DEFAULT_MAX_SIZE,
    DEFAULT_MIN_SIZE,
    PREPARE_AFTER,
    PREPARED_MAX,
    WAIT_SECONDS,
    pool_options,
    prepare_options,
)
from bridgeway.core import health
from tests.services.needs import postgres_param, require_postgres


def test_the_pool_is_on_by_default_and_sized_by_the_operator() -> None:
    assert pool_options(None) == pool_options("") == pool_options("on")
    assert pool_options(None) == {
        "min_size": DEFAULT_MIN_SIZE,
        "max_size": DEFAULT_MAX_SIZE,
        "timeout": 10.0,
    }
    assert pool_options(" 4, 20 ") == {"min_size": 4, "max_size": 20, "timeout": 10.0}
    assert pool_options("0,1") == {"min_size": 0, "max_size": 1, "timeout": 10.0}
    assert pool_options("off") is None
    assert pool_options("0") is None


@pytest.mark.parametrize("value", ["ten", "2", "2,10,30", "5,2", "0,0", "-1,4"])
def test_unclear_sizes_stop_the_start_with_what_to_write(value: str) -> None:
    with pytest.raises(ImproperlyConfigured, match="BRIDGEWAY_DB_POOL"):
        pool_options(value)


def test_statements_are_prepared_with_the_pool_unless_the_operator_says_otherwise() -> None:
    prepared = {"server_side_binding": True, "prepare_threshold": PREPARE_AFTER}
    assert prepare_options(None, pooled=True) == prepare_options("", pooled=True) == prepared
    # Without the pool (a connection per request, or PgBouncer lending another backend to each
    # transaction) nothing is prepared, unless the operator asks for it.
    assert prepare_options(None, pooled=False) == {}
    assert prepare_options("on", pooled=False) == prepared
    assert prepare_options(" Off ", pooled=True) == {}
    with pytest.raises(ImproperlyConfigured, match="BRIDGEWAY_DB_PREPARE='sometimes'"):
        prepare_options("sometimes", pooled=True)


async def _get(path: str) -> int:
    """The status of a GET through Django's ASGI handler as uvicorn calls it (not the test
    client, which keeps the test's own connection for every request)."""
    scope = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": "GET",
        "scheme": "http",
        "path": path,
        "raw_path": path.encode(),
        "query_string": b"",
        "root_path": "",
        "headers": [(b"host", b"127.0.0.1")],
        "client": ("127.0.0.1", 50000),
        "server": ("127.0.0.1", 8000),
    }
    sent: list[dict[str, Any]] = []
    incoming = [{"type": "http.request", "body": b"", "more_body": False}]

    async def receive() -> dict[str, Any]:
        if incoming:
            return incoming.pop()
        await asyncio.Event().wait()  # the client stays connected until the answer is sent
        raise AssertionError

    async def send(message: dict[str, Any]) -> None:
        sent.append(message)

    await ASGIHandler()(scope, receive, send)
    return int(next(m["status"] for m in sent if m["type"] == "http.response.start"))


@pytest.mark.parametrize("backend", [postgres_param()])
@pytest.mark.django_db(transaction=True)
def test_requests_borrow_kept_connections(backend: str) -> None:
    require_postgres()
    assert settings.DATABASES["default"]["CONN_MAX_AGE"] == 0  # the pool requires it
    # Django's backend, its pool built with the check that survives a restart of the database.
    assert settings.DATABASES["default"]["ENGINE"] == "bridgeway.config.postgresql"
    assert settings.DATABASES["default"]["OPTIONS"]["pool"]["max_size"] == DEFAULT_MAX_SIZE
    health.worker_beat()
    backends: list[int] = []

    def lent(sender: Any, connection: Any, **_kwargs: Any) -> None:
        backends.append(connection.connection.info.backend_pid)

    pool: Any = connection.pool
    # The pool may have grown earlier in this process (other tests, several threads at once):
    # what must not happen is a new connection per request.
    opened_before = pool.get_stats().get("connections_num", 0)
    connection_created.connect(lent)
    try:
        for _i in range(12):
            # Each request runs in a thread of its own, as under uvicorn, borrows a connection
            # for its queries and gives it back when it ends.
            assert asyncio.run(_get("/health/")) == 200
    finally:
        connection_created.disconnect(lent)
    assert len(backends) == 12
    # Twelve requests, not twelve database backends: the pool's kept connections lent again and
    # again (in turn), at most the pool's smallest size opened for them.
    stats = pool.get_stats()
    assert stats.get("connections_num", 0) - opened_before <= DEFAULT_MIN_SIZE
    assert len(set(backends)) <= stats["pool_size"] <= DEFAULT_MAX_SIZE


@pytest.mark.parametrize("backend", [postgres_param()])
@pytest.mark.django_db(transaction=True)
def test_repeated_statements_are_prepared_and_answer_the_same(backend: str) -> None:
    require_postgres()
    from django.contrib.auth.models import Group

    assert settings.DATABASES["default"]["OPTIONS"]["server_side_binding"] is True
    Group.objects.bulk_create(Group(name=f"Mentors {number}") for number in range(5))
    answers = [
        list(Group.objects.filter(name__startswith=prefix).values_list("name", flat=True))
        for prefix in ["Mentors", "Mentors 1", "Nobody", "Mentors"]
    ]
    assert answers == [
        [f"Mentors {number}" for number in range(5)],
        ["Mentors 1"],
        [],
        [f"Mentors {number}" for number in range(5)],
    ]
    with connection.cursor() as cursor:
        cursor.execute("SELECT statement FROM pg_prepared_statements")
        prepared = [row[0] for row in cursor.fetchall()]
    # The one query, its parameters bound by the server, kept on this connection.
    assert any("auth_group" in statement and "$1" in statement for statement in prepared)
    # Room for every page's statements: the mixed traffic alone runs more than psycopg's 100.
    assert connection.connection.prepared_max == PREPARED_MAX > 100


def _end_every_kept_connection() -> int:
    """End the backend of every other connection to the test database, as a restart of the
    database server does; the test database is this test process's own."""
    import psycopg

    with psycopg.connect(**connection.get_connection_params(), autocommit=True) as other:
        ended = other.execute(
            "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
            "WHERE datname = current_database() AND pid <> pg_backend_pid()"
        ).fetchone()
    assert ended is not None
    return int(ended[0])


def _fresh_pool_keeping(idle: int) -> Any:
    """This process's pool built anew (earlier tests may have grown or reconfigured it),
    holding ``idle`` open connections that no request is using."""
    connection.close()  # the test's own connection back to the pool
    connection.close_pool()
    pool: Any = connection.pool
    pool.open(wait=True)
    # Several requests at once: each borrows a connection; all are kept when they end.
    held = [pool.getconn() for _i in range(idle)]
    for lent in held:
        pool.putconn(lent)
    stats = pool.get_stats()
    assert stats["pool_available"] == stats["pool_size"] >= idle  # none lent, none being made
    return pool


@pytest.mark.parametrize("backend", [postgres_param()])
@pytest.mark.django_db(transaction=True)
def test_a_restarted_database_costs_no_request(backend: str) -> None:
    require_postgres()
    health.worker_beat()  # the job worker is alive: /health/ answers on the database alone
    _fresh_pool_keeping(DEFAULT_MIN_SIZE)
    assert _end_every_kept_connection() >= DEFAULT_MIN_SIZE
    answers = [asyncio.run(_get("/health/")) for _i in range(DEFAULT_MAX_SIZE + 2)]
    assert answers == [200] * (DEFAULT_MAX_SIZE + 2)


@pytest.mark.parametrize("backend", [postgres_param()])
@pytest.mark.django_db(transaction=True)
def test_after_a_restart_the_first_request_gets_a_working_connection_at_once(
    backend: str, caplog: pytest.LogCaptureFixture
) -> None:
    """A busy process keeps many connections; after a restart every one of them is broken.
    The first request finds one broken, and the pool then tests all the others in one step
    instead of trying them in turn with a growing wait between tries."""
    require_postgres()
    health.worker_beat()
    pool = _fresh_pool_keeping(DEFAULT_MAX_SIZE)
    assert _end_every_kept_connection() >= DEFAULT_MAX_SIZE
    caplog.set_level(logging.INFO, logger="psycopg.pool")
    started = time.monotonic()
    first = asyncio.run(_get("/health/"))
    waited = time.monotonic() - started
    assert first == 200
    # One broken connection met by the request itself; the rest found by the pool's check.
    failed_checks = [r for r in caplog.records if r.getMessage().startswith("connection failed")]
    assert len(failed_checks) == 1
    # Well under the pool's limit (a try per broken connection waited 1, 2, 4, 8 s in turn).
    assert waited < WAIT_SECONDS / 2
    answers = [asyncio.run(_get("/health/")) for _i in range(DEFAULT_MAX_SIZE + 2)]
    assert answers.count(200) == len(answers)
    # What the pool keeps now works: a check of every idle connection finds none broken.
    lost = pool.get_stats().get("connections_lost", 0)
    pool.check()
    assert pool.get_stats().get("connections_lost", 0) == lost


def test_the_rewriting_of_long_queries_is_kept_and_the_same_as_psycopgs() -> None:
    from psycopg import _queries
    from psycopg.adapt import Transformer

    from bridgeway.config.postgresql.base import KeptQuery, _converted

    # Longer than psycopg keeps (4 KB, 50 parameters): the header's and the panels' size.
    query = (
        "SELECT " + ", ".join(f"%s::int AS column_{n}" for n in range(120)) + " -- " + "x" * 3000
    )
    values = list(range(120))
    ours, theirs = KeptQuery(Transformer()), _queries.PostgresQuery(Transformer())
    hits = _converted.cache_info().hits
    for _turn in range(2):
        ours.convert(query, values)
        theirs.convert(query, values)
        assert (ours.query, ours.params, ours.types) == (theirs.query, theirs.params, theirs.types)
    assert _converted.cache_info().hits == hits + 1
    # Named parameters and no parameters: psycopg's own way, unchanged.
    ours.convert("SELECT %(a)s, %(a)s", {"a": 1})
    theirs.convert("SELECT %(a)s, %(a)s", {"a": 1})
    assert (ours.query, ours.params) == (theirs.query, theirs.params)
    ours.convert("SELECT 1", None)
    assert ours.query == b"SELECT 1"
    assert ours.params is None


@pytest.mark.parametrize("backend", [postgres_param()])
@pytest.mark.django_db(transaction=True)
def test_long_queries_answer_for_their_own_values(backend: str) -> None:
    require_postgres()
    from bridgeway.config.postgresql.base import ServerBindingCursor

    query = "SELECT " + ", ".join(f"%s::int + {n}" for n in range(80)) + " -- " + "y" * 4500
    with connection.cursor() as cursor:
        assert isinstance(cursor.cursor, ServerBindingCursor)
        answers = []
        for start in (0, 1000, 0):
            cursor.execute(query, list(range(start, start + 80)))
            answers.append(cursor.fetchone())
    assert answers[0] == tuple(2 * n for n in range(80))
    assert answers[1] == tuple(1000 + 2 * n for n in range(80))
    assert answers[2] == answers[0]
