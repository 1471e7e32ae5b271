"""Failed sign-ins are limited per account and per IP, across several web worker processes.

The real server (``bridgeway serve --workers 2``: Uvicorn with two worker processes) runs on
its own database, first on a SQLite file with the database cache, then — in the run on the
servers — on PostgreSQL with the Redis cache. Each sign-in attempt goes over a new connection
pinned to a chosen worker (found from ``/proc``), alternating between the two, so a counter kept
inside one process could never reach the limit.

Limits (``ACCOUNT_RATE_LIMITS["login_failed"] = "10/m/ip,5/5m/key"``): after 5 failures on one
account, even the right password is refused; after 10 failures from one IP, any account is
refused from that IP. Allauth refuses by showing the sign-in form again (200) with "Too many
failed login attempts"; it never signs the person in. Client addresses come from
``X-Forwarded-For``, which Uvicorn trusts from 127.0.0.1 as it would from a reverse proxy.
"""

from __future__ import annotations

import http.client
import os
import re
import secrets
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlencode, urlsplit, urlunsplit

import pytest

from tests.services.needs import postgres_param, require_postgres, require_redis

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[2]
PASSWORD = "correct-horse-battery-staple"
START_TIMEOUT = 60.0
REQUEST_TIMEOUT = 15.0
REFUSED = "Too many failed login attempts"
WRONG = "The email address and/or password you specified are not correct."

SETUP = f"""
import django
django.setup()
from django.core.management import call_command
call_command("migrate", interactive=False, verbosity=0)
call_command("createcachetable")
from tests.factories import PersonFactory
PersonFactory(email="ada@example.org", password={PASSWORD!r})
PersonFactory(email="ben@example.org", password={PASSWORD!r})
from django.conf import settings
from django.db import connection
print("backends:", connection.vendor, settings.CACHES["default"]["BACKEND"])
"""
BACKENDS = {
    "sqlite": "backends: sqlite django.core.cache.backends.db.DatabaseCache",
    "postgres": "backends: postgresql bridgeway.core.cache.KeptPoolsRedisCache",
}


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def random_ip() -> str:
    """A client address of the documentation range, unique to this run (allauth keys IPv6
    limits on the /64)."""
    return f"2001:db8:{secrets.randbits(16):x}:{secrets.randbits(16):x}::1"


def bridgeway_command() -> list[str]:
    script = Path(sys.executable).parent / "bridgeway"
    return [str(script)] if script.exists() else [sys.executable, "-m", "bridgeway.cli"]


@dataclass
class Server:
    process: subprocess.Popen[bytes]
    port: int
    log: Path
    workers: list[int] = field(default_factory=list)

    def connect(self) -> http.client.HTTPConnection:
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=REQUEST_TIMEOUT)
        connection.connect()
        return connection

    def worker_of(self, connection: http.client.HTTPConnection, wait: float = 2.0) -> int | None:
        """The worker process that accepted this connection, from /proc (Linux)."""
        assert connection.sock is not None
        client_port = connection.sock.getsockname()[1]
        deadline = time.monotonic() + wait
        while time.monotonic() < deadline:
            inode = _accepted_socket_inode(self.port, client_port)
            if inode:
                for pid in self.workers:
                    if _holds_socket(pid, inode):
                        return pid
            time.sleep(0.01)
        return None

    def connect_to(self, worker: int) -> http.client.HTTPConnection:
        for _ in range(400):  # bounded; under load one worker may take most connections
            connection = self.connect()
            if self.worker_of(connection) == worker:
                return connection
            connection.close()
        raise AssertionError(f"no connection reached worker {worker}\n{self.tail()}")

    def tail(self) -> str:
        return self.log.read_text(errors="replace")[-3000:]


def _accepted_socket_inode(server_port: int, client_port: int) -> str | None:
    for line in Path("/proc/net/tcp").read_text().splitlines()[1:]:
        fields = line.split()
        local, remote, inode = fields[1], fields[2], fields[9]
        if (
            int(local.rsplit(":", 1)[1], 16) == server_port
            and int(remote.rsplit(":", 1)[1], 16) == client_port
            and inode != "0"
        ):
            return inode
    return None


def _holds_socket(pid: int, inode: str) -> bool:
    target = f"socket:[{inode}]"
    with suppress(OSError):
        for fd in Path(f"/proc/{pid}/fd").iterdir():
            with suppress(OSError):
                if os.readlink(fd) == target:
                    return True
    return False


def _worker_processes(parent: int) -> list[int]:
    workers = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        with suppress(OSError):
            stat = (entry / "stat").read_text()
            ppid = int(stat.rsplit(")", 1)[1].split()[1])
            if ppid == parent and b"spawn_main" in (entry / "cmdline").read_bytes():
                workers.append(int(entry.name))
    return sorted(workers)


@contextmanager
def running_server(env: dict[str, str], data_dir: Path, backend: str) -> Iterator[Server]:
    setup = subprocess.run(
        [sys.executable, "-c", SETUP],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
    )
    assert setup.returncode == 0, setup.stdout + setup.stderr
    assert BACKENDS[backend] in setup.stdout, setup.stdout
    port = free_port()
    log = data_dir / "server.log"
    with log.open("wb") as output:
        process = subprocess.Popen(
            [
                *bridgeway_command(),
                "serve",
                "--host",
                "127.0.0.1",
                "--port",
                str(port),
                "--workers=2",
            ],
            cwd=data_dir,
            env=env,
            stdout=output,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            start_new_session=True,
        )
    server = Server(process, port, log)
    try:
        _wait_until_both_workers_answer(server)
        yield server
    finally:
        with suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            with suppress(ProcessLookupError):
                os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=15)


def _wait_until_both_workers_answer(server: Server) -> None:
    deadline = time.monotonic() + START_TIMEOUT
    answered: set[int] = set()
    while time.monotonic() < deadline:
        assert server.process.poll() is None, f"the server stopped:\n{server.tail()}"
        server.workers = _worker_processes(server.process.pid)
        if len(server.workers) == 2:
            try:
                connection = server.connect()
            except OSError:
                time.sleep(0.1)
                continue
            worker = server.worker_of(connection, wait=0.5)
            with suppress(OSError):
                connection.request("GET", "/accounts/login/")
                if connection.getresponse().status == 200 and worker:
                    answered.add(worker)
            connection.close()
            if answered == set(server.workers):
                return
        else:
            time.sleep(0.1)
    raise AssertionError(f"the two workers did not both answer in time\n{server.tail()}")


@dataclass
class SignIn:
    """Sign-in attempts, each on a new connection to a chosen worker."""

    server: Server
    csrf_cookie: str = ""
    csrf_token: str = ""

    def fetch_form(self) -> None:
        connection = self.server.connect()
        try:
            connection.request("GET", "/accounts/login/", headers={"Accept-Language": "en"})
            response = connection.getresponse()
            body = response.read().decode()
            assert response.status == 200, body[:500]
            cookies = response.headers.get_all("Set-Cookie") or []
        finally:
            connection.close()
        cookie = next(c for c in cookies if c.startswith("csrftoken="))
        self.csrf_cookie = cookie.split(";", 1)[0].split("=", 1)[1]
        match = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', body)
        assert match, "the sign-in form carries a CSRF token"
        self.csrf_token = match.group(1)

    def attempt(self, *, email: str, password: str, ip: str, worker: int) -> str:
        """'signed in', 'wrong' or 'refused'."""
        connection = self.server.connect_to(worker)
        try:
            connection.request(
                "POST",
                "/accounts/login/",
                body=urlencode(
                    {"csrfmiddlewaretoken": self.csrf_token, "login": email, "password": password}
                ),
                headers={
                    "Content-Type": "application/x-www-form-urlencoded",
                    "Cookie": f"csrftoken={self.csrf_cookie}",
                    "X-Forwarded-For": ip,
                    "Accept-Language": "en",
                },
            )
            response = connection.getresponse()
            body = response.read().decode(errors="replace")
        finally:
            connection.close()
        if response.status == 302:
            return "signed in"
        assert response.status == 200, f"{response.status}: {body[:500]}\n{self.server.tail()}"
        if REFUSED in body:
            assert "sessionid=" not in str(response.headers.get_all("Set-Cookie"))
            return "refused"
        assert WRONG in body, body[:2000]
        return "wrong"


@contextmanager
def fresh_postgres_database(url: str) -> Iterator[str]:
    """A database of its own on the PostgreSQL server of ``url``, dropped afterwards."""
    import psycopg

    name = f"bridgeway_signin_{secrets.token_hex(6)}"
    parts = urlsplit(url)
    with psycopg.connect(url, autocommit=True) as connection:
        connection.execute(f'CREATE DATABASE "{name}"')
    try:
        yield urlunsplit(parts._replace(path=f"/{name}"))
    finally:
        with psycopg.connect(url, autocommit=True) as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@contextmanager
def backend_env(backend: str, data_dir: Path) -> Iterator[dict[str, str]]:
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"DATABASE_URL", "REDIS_URL", "DJANGO_SETTINGS_MODULE"}
    }
    # The test settings: production settings (caches, limits, middleware) with plain static
    # files and fast password hashing.
    env |= {
        "DJANGO_SETTINGS_MODULE": "bridgeway.config.settings_test",
        "BRIDGEWAY_DATA_DIR": str(data_dir),
        "BRIDGEWAY_HTTPS": "0",
        "BRIDGEWAY_SECRET_KEY": secrets.token_urlsafe(50),
        "FORWARDED_ALLOW_IPS": "127.0.0.1",
        "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), env.get("PYTHONPATH")])),
    }
    if backend == "sqlite":
        yield env
        return
    redis_url = require_redis()
    with fresh_postgres_database(require_postgres()) as database_url:
        yield env | {"DATABASE_URL": database_url, "REDIS_URL": redis_url}


@pytest.mark.skipif(not Path("/proc/net/tcp").exists(), reason="pins connections through /proc")
@pytest.mark.parametrize("backend", ["sqlite", postgres_param()])
def test_failed_sign_ins_are_limited_per_account_and_per_ip_across_workers(backend: str) -> None:
    with (
        tempfile.TemporaryDirectory(prefix="bridgeway-signin-") as tmp,
        backend_env(backend, Path(tmp)) as env,
        running_server(env, Path(tmp), backend) as server,
    ):
        one, two = server.workers
        sign_in = SignIn(server)
        sign_in.fetch_form()

        # Per account: five failures, from five addresses, on alternating workers...
        for attempt in range(5):
            outcome = sign_in.attempt(
                email="ada@example.org",
                password=f"guess-{attempt}",
                ip=random_ip(),
                worker=(one, two)[attempt % 2],
            )
            assert outcome == "wrong"
        # ...and the right password is refused on either worker, from any address.
        for worker in (two, one):
            outcome = sign_in.attempt(
                email="ada@example.org", password=PASSWORD, ip=random_ip(), worker=worker
            )
            assert outcome == "refused"

        # Per IP: ten failures on ten different accounts from one address, alternating...
        address = random_ip()
        for attempt in range(10):
            outcome = sign_in.attempt(
                email=f"nobody{attempt}@example.org",
                password="guess",
                ip=address,
                worker=(one, two)[attempt % 2],
            )
            assert outcome == "wrong"
        # ...then another account is refused from that address, even with its right password,
        for worker in (one, two):
            outcome = sign_in.attempt(
                email="ben@example.org", password=PASSWORD, ip=address, worker=worker
            )
            assert outcome == "refused"
        # while the same person from another address signs in.
        outcome = sign_in.attempt(
            email="ben@example.org", password=PASSWORD, ip=random_ip(), worker=two
        )
        assert outcome == "signed in"
