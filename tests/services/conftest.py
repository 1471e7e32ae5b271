"""Cases marked ``services`` need PostgreSQL or Redis (see needs.py).

In CI the suite runs twice: on SQLite without servers (``make pytest-sqlite``), then on
PostgreSQL and Redis through tests/with_services.py (``make pytest-scale``), which fails the build
when the servers cannot be started. The first run leaves the ``services`` cases to the second one
rather than skipping them; everywhere else they run, or skip on a developer machine without the
servers, or fail when CI=true.
"""

from __future__ import annotations

import os

import pytest

from tests.services.needs import on_ci, services_run

_left_to_services_run: list[str] = []
_left_from_workers = 0


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers", "slow: starts real servers and takes a few seconds; part of every run"
    )


def _sqlite_leg_of_ci() -> bool:
    has_servers = os.environ.get("REDIS_URL") or os.environ.get("DATABASE_URL")
    return on_ci() and not services_run() and not has_servers


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    if not _sqlite_leg_of_ci():
        return
    keep, leave = [], []
    for item in items:
        (leave if item.get_closest_marker("services") else keep).append(item)
    if leave:
        config.hook.pytest_deselected(items=leave)
        items[:] = keep
        _left_to_services_run.extend(item.nodeid for item in leave)


def pytest_sessionfinish(session: pytest.Session) -> None:
    # Under pytest-xdist the workers collect, not the controller: each worker hands its count to
    # the controller, which prints it once (every worker collects the same cases).
    workeroutput = getattr(session.config, "workeroutput", None)
    if workeroutput is not None:
        workeroutput["left_to_services_run"] = len(_left_to_services_run)


@pytest.hookimpl(optionalhook=True)
def pytest_testnodedown(node: object, error: object) -> None:
    global _left_from_workers
    count = getattr(node, "workeroutput", {}).get("left_to_services_run", 0)
    _left_from_workers = max(_left_from_workers, count)


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    left = max(len(_left_to_services_run), _left_from_workers)
    if left:
        terminalreporter.write_line(
            f"{left} PostgreSQL/Redis cases left to the run through "
            "tests/with_services.py (make pytest-scale), which fails without the servers."
        )
