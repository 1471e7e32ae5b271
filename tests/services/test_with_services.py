"""tests/with_services.py: the runner CI uses for the suite on PostgreSQL and Redis."""

from __future__ import annotations

import json
import os
import re
import socket
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlsplit

from tests.services.needs import require_server_programs

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = ROOT / "tests" / "with_services.py"

PROBE = """
import json, os, sys
import psycopg, redis
url = os.environ["DATABASE_URL"]
with psycopg.connect(url, autocommit=True) as connection:
    connection.execute('CREATE DATABASE "test_probe"')  # as the test runner does
    connection.execute('DROP DATABASE "test_probe"')
    version = connection.execute("show server_version").fetchone()[0]
pong = redis.Redis.from_url(os.environ["REDIS_URL"]).ping()
names = ["DATABASE_URL", "REDIS_URL", "BRIDGEWAY_TEST_BACKEND"]
print(json.dumps({**{name: os.environ[name] for name in names}, "pong": pong, "pg": version}))
sys.exit(7)
"""


def run(args: list[str], **env: str) -> subprocess.CompletedProcess[str]:
    base = {k: v for k, v in os.environ.items() if k not in {"CI", "DATABASE_URL", "REDIS_URL"}}
    return subprocess.run(
        [sys.executable, str(SCRIPT), "--", *args],
        cwd=ROOT,
        env=base | env,
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
    )


def answers(port: int) -> bool:
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=0.5):
            return True
    except OSError:
        return False


def test_without_the_servers_a_developer_run_is_skipped_and_says_so(tmp_path: Path) -> None:
    marker = tmp_path / "ran"
    result = run(
        [sys.executable, "-c", f"open({str(marker)!r}, 'w')"],
        BRIDGEWAY_PG_BINDIR=str(tmp_path / "no-postgres"),
    )
    assert result.returncode == 0
    assert "skipped: PostgreSQL/Redis not installed" in result.stdout
    assert not marker.exists()


def test_without_the_servers_ci_fails(tmp_path: Path) -> None:
    marker = tmp_path / "ran"
    result = run(
        [sys.executable, "-c", f"open({str(marker)!r}, 'w')"],
        CI="true",
        BRIDGEWAY_REDIS_SERVER=str(tmp_path / "no-redis-server"),
    )
    assert result.returncode != 0
    assert "Redis not installed" in result.stderr
    assert "CI=true" in result.stderr
    assert not marker.exists()


def test_the_command_runs_beside_both_servers_and_its_status_is_kept() -> None:
    require_server_programs()
    result = run([sys.executable, "-c", PROBE], CI="true")
    assert result.returncode == 7, result.stdout + result.stderr
    seen = json.loads(result.stdout.strip().splitlines()[-1])
    database, cache = urlsplit(seen["DATABASE_URL"]), urlsplit(seen["REDIS_URL"])
    assert (database.scheme, database.hostname, database.path) == (
        "postgres",
        "127.0.0.1",
        "/bridgeway",
    )
    assert (cache.scheme, cache.hostname, cache.path) == ("redis", "127.0.0.1", "/0")
    assert seen["BRIDGEWAY_TEST_BACKEND"] == "postgres"
    assert seen["pong"] is True
    # Both servers are stopped afterwards, and their files removed.
    places = re.search(r"\(in (\S+), from .*\(in (\S+)\)", result.stderr)
    assert places, result.stderr
    assert not Path(places.group(1)).exists()
    assert not Path(places.group(2)).exists()
    assert database.port is not None
    assert cache.port is not None
    assert not answers(database.port)
    assert not answers(cache.port)
