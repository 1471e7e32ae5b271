"""Run a command beside a throwaway PostgreSQL and Redis.

    python tests/with_services.py -- CMD [ARGS...]

Starts PostgreSQL (a fresh cluster in a temporary directory: trust authentication on
127.0.0.1 only, fsync off) and Redis (no persistence, 127.0.0.1 only) on free ports, waits until
both answer, creates the ``bridgeway`` database, then runs CMD with

    DATABASE_URL=postgres://bridgeway@127.0.0.1:PORT/bridgeway
    REDIS_URL=redis://127.0.0.1:PORT/0
    BRIDGEWAY_TEST_BACKEND=postgres

and exits with CMD's status. Both servers are stopped and their files removed afterwards, also
when CMD fails or on Ctrl-C. The database role is a superuser of the throwaway cluster, so the
test runner can create and drop its ``test_…`` databases.

When the PostgreSQL or Redis server programs are not installed, this prints a line saying the
run was skipped and exits 0 — except when ``CI=true``, where it fails: CI must never skip.
PostgreSQL refuses to run as root; as root, the cluster is run by the ``postgres`` user.
"""

from __future__ import annotations

import contextlib
import os
import pwd
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from types import FrameType

DB_USER = "bridgeway"
DB_NAME = "bridgeway"
START_TIMEOUT = 60.0


class ServiceError(RuntimeError):
    """A server could not be started."""


def log(message: str) -> None:
    print(f"with_services: {message}", file=sys.stderr, flush=True)


def on_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() in {"1", "true", "yes"}


def _version_key(path: Path) -> tuple[int, ...]:
    try:
        return tuple(int(part) for part in path.parent.parent.name.split("."))
    except ValueError:
        return (0,)


def find_postgres_bindir() -> Path | None:
    """The directory holding initdb, pg_ctl and postgres: ``BRIDGEWAY_PG_BINDIR`` when set,
    else the one on PATH, else Debian's newest under /usr/lib/postgresql."""
    chosen = os.environ.get("BRIDGEWAY_PG_BINDIR")
    if chosen:
        bindir = Path(chosen)
        return bindir if (bindir / "initdb").exists() and (bindir / "pg_ctl").exists() else None
    initdb = shutil.which("initdb")
    if initdb:
        bindir = Path(initdb).resolve().parent
        if (bindir / "pg_ctl").exists() and (bindir / "postgres").exists():
            return bindir
    candidates = sorted(Path("/usr/lib/postgresql").glob("*/bin/initdb"), key=_version_key)
    for candidate in reversed(candidates):
        bindir = candidate.parent
        if (bindir / "pg_ctl").exists() and (bindir / "postgres").exists():
            return bindir
    return None


def find_redis_server() -> str | None:
    """``BRIDGEWAY_REDIS_SERVER`` when set, else redis-server on PATH or in Debian's place."""
    chosen = os.environ.get("BRIDGEWAY_REDIS_SERVER")
    if chosen:
        return chosen if Path(chosen).exists() else None
    return shutil.which("redis-server") or next(
        (p for p in ("/usr/bin/redis-server", "/usr/sbin/redis-server") if Path(p).exists()), None
    )


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def wait_until(check: Callable[[], bool], what: str, timeout: float = START_TIMEOUT) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if check():
            return
        time.sleep(0.1)
    raise ServiceError(f"{what} did not answer within {timeout:.0f} s")


class Postgres:
    def __init__(self, bindir: Path) -> None:
        self.bindir = bindir
        self.port = free_port()
        self.started = False
        # PostgreSQL refuses to run as root: the cluster then belongs to the postgres user.
        self.run_as: pwd.struct_passwd | None = None
        if os.geteuid() == 0:
            try:
                self.run_as = pwd.getpwnam("postgres")
            except KeyError as error:
                raise ServiceError(
                    "running as root, but there is no 'postgres' user to run PostgreSQL"
                ) from error
        self.root = Path(tempfile.mkdtemp(prefix="bridgeway-pg-", dir=self._temp_parent()))
        self.data = self.root / "data"
        self.logfile = self.root / "server.log"
        if self.run_as is not None:
            os.chown(self.root, self.run_as.pw_uid, self.run_as.pw_gid)

    def _temp_parent(self) -> str | None:
        """The usual temporary directory, unless the postgres user cannot reach into it (a
        private TMPDIR of root's): then /tmp, which everyone can."""
        if self.run_as is None:
            return None
        parent = tempfile.gettempdir()
        reachable = subprocess.run(
            ["runuser", "-u", self.run_as.pw_name, "--", "test", "-x", parent],
            capture_output=True,
            check=False,
        )
        return None if reachable.returncode == 0 else "/tmp"

    @property
    def url(self) -> str:
        return f"postgres://{DB_USER}@127.0.0.1:{self.port}/{DB_NAME}"

    def _run(self, *args: str) -> subprocess.CompletedProcess[str]:
        command = [str(self.bindir / args[0]), *args[1:]]
        if self.run_as is not None:
            command = ["runuser", "-u", self.run_as.pw_name, "--", *command]
        return subprocess.run(
            command,
            cwd=self.root,
            capture_output=True,
            text=True,
            check=False,
            timeout=START_TIMEOUT * 2,
        )

    def _check(self, result: subprocess.CompletedProcess[str], what: str) -> None:
        if result.returncode != 0:
            raise ServiceError(f"{what} failed:\n{result.stdout}{result.stderr}{self._log()}")

    def _log(self) -> str:
        try:
            return self.logfile.read_text(errors="replace")[-4000:]
        except OSError:
            return ""

    def start(self) -> None:
        self._check(
            self._run(
                "initdb",
                "-D",
                str(self.data),
                "-U",
                DB_USER,
                "--auth=trust",
                "--encoding=UTF8",
                "--locale=C",
                "--no-sync",
            ),
            "initdb",
        )
        options = " ".join(
            [
                "-c listen_addresses=127.0.0.1",
                f"-c port={self.port}",
                f"-c unix_socket_directories={self.root}",
                "-c fsync=off",
                "-c synchronous_commit=off",
                "-c full_page_writes=off",
                "-c max_connections=200",
            ]
        )
        self.started = True  # pg_ctl may have started a server even when it reports failure.
        self._check(
            self._run(
                "pg_ctl",
                "-D",
                str(self.data),
                "-l",
                str(self.logfile),
                "-o",
                options,
                "-w",
                "-t",
                str(int(START_TIMEOUT)),
                "start",
            ),
            "pg_ctl start",
        )
        wait_until(lambda: port_open(self.port), "PostgreSQL")
        self._create_database()

    def _create_database(self) -> None:
        try:
            import psycopg
        except ImportError:
            self._check(
                self._run(
                    "createdb", "-h", "127.0.0.1", "-p", str(self.port), "-U", DB_USER, DB_NAME
                ),
                "createdb",
            )
            return
        with psycopg.connect(
            host="127.0.0.1", port=self.port, user=DB_USER, dbname="postgres", autocommit=True
        ) as connection:
            connection.execute(f'CREATE DATABASE "{DB_NAME}"')

    def stop(self) -> None:
        if self.started:
            result = self._run("pg_ctl", "-D", str(self.data), "-m", "immediate", "-w", "stop")
            if result.returncode != 0 and "no server running" not in result.stderr:
                log(f"pg_ctl stop failed: {result.stderr.strip()}")
            self.started = False
        shutil.rmtree(self.root, ignore_errors=True)


class Redis:
    def __init__(self, program: str) -> None:
        self.program = program
        self.port = free_port()
        self.root = Path(tempfile.mkdtemp(prefix="bridgeway-redis-"))
        self.logfile = self.root / "server.log"
        self.process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> None:
        with self.logfile.open("wb") as output:
            # A session of its own: Ctrl-C reaches the command, and this server is stopped after.
            self.process = subprocess.Popen(
                [
                    self.program,
                    "--port",
                    str(self.port),
                    "--bind",
                    "127.0.0.1",
                    "--save",
                    "",
                    "--appendonly",
                    "no",
                    "--dir",
                    str(self.root),
                    "--daemonize",
                    "no",
                ],
                stdout=output,
                stderr=subprocess.STDOUT,
                stdin=subprocess.DEVNULL,
                start_new_session=True,
            )

        def answers() -> bool:
            if self.process is not None and self.process.poll() is not None:
                raise ServiceError(
                    f"redis-server exited with {self.process.returncode}:\n"
                    + self.logfile.read_text(errors="replace")[-4000:]
                )
            return redis_ping(self.port)

        wait_until(answers, "Redis")

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=10)
        self.process = None
        shutil.rmtree(self.root, ignore_errors=True)


def port_open(port: int) -> bool:
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=0.5):
            return True
    except OSError:
        return False


def redis_ping(port: int) -> bool:
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=0.5) as sock:
            sock.sendall(b"PING\r\n")
            return sock.recv(64).startswith(b"+PONG")
    except OSError:
        return False


@contextlib.contextmanager
def forwarded_signals(child: subprocess.Popen[bytes]) -> Iterator[None]:
    """While the command runs, pass termination signals on to it and wait for it to end.

    Ctrl-C reaches the command directly (it shares our terminal's process group), so SIGINT is
    only noted here; SIGTERM and SIGHUP are forwarded."""

    def forward(signum: int, frame: FrameType | None) -> None:
        if signum != signal.SIGINT and child.poll() is None:
            child.send_signal(signum)

    previous = {
        sig: signal.signal(sig, forward) for sig in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP)
    }
    try:
        yield
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)


def run_command(command: list[str], env: dict[str, str]) -> int:
    try:
        child = subprocess.Popen(command, env=env)
    except OSError as error:
        log(f"cannot run {command[0]!r}: {error}")
        return 127
    with forwarded_signals(child):
        returncode = child.wait()
    return 128 - returncode if returncode < 0 else returncode


def parse_command(argv: list[str]) -> list[str]:
    if argv and argv[0] == "--":
        argv = argv[1:]
    elif "--" in argv:
        argv = argv[argv.index("--") + 1 :]
    return argv


def main(argv: list[str]) -> int:
    command = parse_command(argv)
    if not command:
        print(__doc__, file=sys.stderr)
        return 2

    bindir = find_postgres_bindir()
    redis_program = find_redis_server()
    missing = [
        name for name, found in (("PostgreSQL", bindir), ("Redis", redis_program)) if found is None
    ]
    if missing:
        what = " and ".join(missing)
        if on_ci():
            log(
                f"FAILED: {what} not installed, and CI=true forbids skipping. "
                "Install Debian's postgresql and redis-server (see .ci/run)."
            )
            return 3
        print(
            f"skipped: PostgreSQL/Redis not installed ({what} missing); "
            "the suite did not run on PostgreSQL and Redis.",
            flush=True,
        )
        return 0
    assert bindir is not None
    assert redis_program is not None

    # Termination while the servers start must still stop them: turn it into an exception.
    def interrupt(signum: int, frame: FrameType | None) -> None:
        raise KeyboardInterrupt

    for sig in (signal.SIGTERM, signal.SIGHUP):
        signal.signal(sig, interrupt)

    postgres: Postgres | None = None
    redis: Redis | None = None
    try:
        postgres = Postgres(bindir)
        redis = Redis(redis_program)
        postgres.start()
        redis.start()
        log(
            f"PostgreSQL on 127.0.0.1:{postgres.port} (in {postgres.root}, from {bindir}), "
            f"Redis on 127.0.0.1:{redis.port} (in {redis.root})"
        )
        env = {
            **os.environ,
            "DATABASE_URL": postgres.url,
            "REDIS_URL": redis.url,
            "BRIDGEWAY_TEST_BACKEND": "postgres",
        }
        return run_command(command, env)
    except ServiceError as error:
        log(f"FAILED: {error}")
        return 3
    except KeyboardInterrupt:
        log("interrupted")
        return 130
    finally:
        for service in (redis, postgres):
            if service is not None:
                try:
                    service.stop()
                except Exception as error:  # Stop the other one all the same.
                    log(f"could not stop a server cleanly: {error}")


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
