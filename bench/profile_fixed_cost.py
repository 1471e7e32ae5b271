"""The fixed cost of every request: what a cheap signed-in page costs the server outside its view.

    python bench/profile_fixed_cost.py                          # in process, then over HTTP
    python bench/profile_fixed_cost.py --mode process --profile --match django/ --top 40
    python bench/profile_fixed_cost.py --mode http --src /work/main/src --src src   # in turn
    CI=true python tests/with_services.py -- python bench/profile_fixed_cost.py  # PostgreSQL+Redis

One person (a participant, no programs) signed in with a session cookie, and with an API token;
production settings (no DEBUG; the database cache on SQLite, Redis when REDIS_URL is set).
Each path of `--path` is asked `--requests` times:

- `process`: through the project's ASGI application in this process (as uvicorn calls it),
  CPU of this process per request (`time.process_time`), and with `--profile` the functions
  with the most cumulative time (`--match django/` or `bridgeway/`).
- `http`: `bridgeway serve --workers 1` started with each `--src` in turn (PYTHONPATH), asked
  by `--concurrency` keep-alive connections of a small asyncio client for `--seconds`: requests
  a second of the one worker, the server process's CPU ms per request (from /proc/PID/stat,
  its user and system time), p50/p95 and the load average before and after.

The paths by default: the two-step notice `/account/two-step-required/` (a signed-in page whose
view reads one row and renders the base template with its header), and `/api/v1/notifications/`
with a token (an API list, empty).
"""

from __future__ import annotations

import argparse
import asyncio
import cProfile
import os
import pstats
import socket
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))

import seed_network  # noqa: E402

PATHS = ["/account/two-step-required/", "/api/v1/notifications/"]
HOST = "127.0.0.1"


def prepare() -> dict[str, str]:
    """The database, one signed-in person: their session cookie and API token."""
    import django

    django.setup()
    from allauth.account.models import EmailAddress
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from rest_framework.authtoken.models import Token

    from bridgeway.accounts.models import Person

    call_command("migrate", verbosity=0)
    call_command("collectstatic", interactive=False, verbosity=0)
    if connection.vendor == "sqlite":
        call_command("createcachetable", verbosity=0)
    person, _created = Person.objects.get_or_create(
        email="fixed-cost@example.org",
        defaults={"display_name": "Fixed Cost", "time_zone": "America/Toronto"},
    )
    EmailAddress.objects.get_or_create(
        user=person, email=person.email, defaults={"verified": True, "primary": True}
    )
    client = Client()
    client.force_login(person, backend="django.contrib.auth.backends.ModelBackend")
    token, _created = Token.objects.get_or_create(user=person)
    connection.close()
    name = settings.SESSION_COOKIE_NAME
    return {
        "cookie": f"{name}={client.cookies[name].value}",
        "token": token.key,
    }


def headers_for(path: str, who: dict[str, str]) -> dict[str, str]:
    if path.startswith("/api/"):
        return {"Accept": "application/json", "Authorization": f"Token {who['token']}"}
    if path.startswith("/health"):
        return {}
    return {"Cookie": who["cookie"]}


# --- in process ----------------------------------------------------------------------------


async def call(app: Any, path: str, headers: dict[str, str]) -> tuple[int, bytes]:
    scope = {
        "type": "http",
        "asgi": {"version": "3.0", "spec_version": "2.3"},
        "http_version": "1.1",
        "method": "GET",
        "scheme": "http",
        "path": path,
        "raw_path": path.encode(),
        "query_string": b"",
        "root_path": "",
        "headers": [(b"host", HOST.encode())]
        + [(k.lower().encode(), v.encode()) for k, v in headers.items()],
        "client": (HOST, 50000),
        "server": (HOST, 8000),
    }
    incoming = [{"type": "http.request", "body": b"", "more_body": False}]
    sent: list[dict[str, Any]] = []

    async def receive() -> dict[str, Any]:
        if incoming:
            return incoming.pop()
        await asyncio.Event().wait()
        raise AssertionError

    async def send(message: dict[str, Any]) -> None:
        sent.append(message)

    await app(scope, receive, send)
    start = next(m for m in sent if m["type"] == "http.response.start")
    return start["status"], b"".join(m.get("body", b"") for m in sent if "body" in m)


THREAD_PROFILE: list[cProfile.Profile] = []


class ProfileMiddleware:
    """Outermost, with `--profile`: profiles the middleware chain and the view in the thread
    that runs them (cProfile follows one thread; the event loop's share is profiled apart)."""

    sync_capable = True
    async_capable = False

    def __init__(self, get_response: Any) -> None:
        self.get_response = get_response

    def __call__(self, request: Any) -> Any:
        if not THREAD_PROFILE:
            return self.get_response(request)
        THREAD_PROFILE[0].enable()
        try:
            return self.get_response(request)
        finally:
            THREAD_PROFILE[0].disable()


def show(profile: cProfile.Profile, title: str, args: argparse.Namespace) -> None:
    stats = pstats.Stats(profile)
    stats.sort_stats("cumulative")
    print(f"\n--- {title}: cumulative, {args.requests} requests")
    stats.print_stats(*([args.match] if args.match else []), args.top)


def in_process(args: argparse.Namespace, who: dict[str, str]) -> None:
    from django.conf import settings

    from bridgeway.config.asgi import application
    from bridgeway.core.handlers import ApplicationHandler

    profiled: Any = None
    if args.profile:
        sys.modules.setdefault("profile_fixed_cost", sys.modules[__name__])
        kept = settings.MIDDLEWARE
        settings.MIDDLEWARE = ["profile_fixed_cost.ProfileMiddleware", *kept]
        profiled = ApplicationHandler()
        settings.MIDDLEWARE = kept

    async def run() -> None:
        for path in args.path:
            headers = headers_for(path, who)
            for _i in range(20):
                status, body = await call(application, path, headers)
                if status != 200:
                    raise SystemExit(f"{path}: {status} {body[:200]!r}")
            times = []
            for _i in range(args.requests):
                started = time.process_time()
                await call(application, path, headers)
                times.append(time.process_time() - started)
            print(
                f"{path:<32} CPU ms per request: median {statistics.median(times) * 1000:.2f}, "
                f"mean {statistics.mean(times) * 1000:.2f} over {args.requests}",
                flush=True,
            )
            if args.profile:
                loop_profile = cProfile.Profile(time.thread_time)
                THREAD_PROFILE[:] = [cProfile.Profile(time.thread_time)]
                loop_profile.enable()
                for _i in range(args.requests):
                    await call(profiled, path, headers)
                loop_profile.disable()
                show(loop_profile, f"{path}, the event loop's thread", args)
                show(THREAD_PROFILE[0], f"{path}, the middleware and the view's thread", args)
                THREAD_PROFILE.clear()

    asyncio.run(run())


# --- over HTTP -----------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return int(sock.getsockname()[1])


def cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


async def read_answer(reader: asyncio.StreamReader) -> int:
    head = await reader.readuntil(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    status = int(lines[0].split()[1])
    fields = {}
    for line in lines[1:]:
        if ":" in line:
            name, value = line.split(":", 1)
            fields[name.strip().lower()] = value.strip()
    if "content-length" in fields:
        await reader.readexactly(int(fields["content-length"]))
    elif fields.get("transfer-encoding") == "chunked":
        while True:
            size = int((await reader.readline()).strip(), 16)
            await reader.readexactly(size + 2)
            if size == 0:
                break
    return status


async def load(port: int, path: str, headers: dict[str, str], users: int, seconds: float) -> Any:
    request = (
        f"GET {path} HTTP/1.1\r\nHost: {HOST}:{port}\r\n"
        + "".join(f"{k}: {v}\r\n" for k, v in headers.items())
        + "\r\n"
    ).encode()
    times: list[float] = []
    failed = 0
    deadline = time.monotonic() + seconds

    async def user() -> None:
        nonlocal failed
        reader, writer = await asyncio.open_connection(HOST, port)
        while time.monotonic() < deadline:
            started = time.perf_counter()
            writer.write(request)
            status = await read_answer(reader)
            times.append(time.perf_counter() - started)
            failed += status != 200
        writer.close()

    await asyncio.gather(*(user() for _i in range(users)))
    return times, failed


def over_http(args: argparse.Namespace, who: dict[str, str]) -> None:
    for round_ in range(args.turns):
        for src in args.src:
            port = free_port()
            env = {
                **os.environ,
                "PYTHONPATH": str(Path(src).resolve()),
                # One token asks far more often here than the API's limit lets a person.
                "BRIDGEWAY_RATE_API": "1000000/min",
            }
            extra = args.serve_args.split() if args.serve_args else []
            server = subprocess.Popen(
                [sys.executable, "-m", "bridgeway.cli", "serve", "--port", str(port), *extra],
                env=env,
                stdout=subprocess.DEVNULL if args.quiet else None,
                stderr=subprocess.DEVNULL if args.quiet else None,
            )
            try:
                for _i in range(200):
                    try:
                        socket.create_connection((HOST, port), timeout=0.2).close()
                        break
                    except OSError:
                        time.sleep(0.1)
                for path in args.path:
                    headers = headers_for(path, who)
                    asyncio.run(load(port, path, headers, args.concurrency, 2.0))  # warm-up
                    before_load = os.getloadavg()[0]
                    cpu = cpu_seconds(server.pid)
                    times, failed = asyncio.run(
                        load(port, path, headers, args.concurrency, args.seconds)
                    )
                    cpu = cpu_seconds(server.pid) - cpu
                    times.sort()
                    print(
                        f"turn {round_ + 1} {src:<20} {path:<30} {len(times) / args.seconds:6.1f} "
                        f"req/s, server CPU {cpu / len(times) * 1000:5.2f} ms/request, "
                        f"p50 {times[len(times) // 2] * 1000:5.1f} ms, "
                        f"p95 {times[int(len(times) * 0.95)] * 1000:5.1f} ms, failed {failed}, "
                        f"load {before_load:.2f} → {os.getloadavg()[0]:.2f}",
                        flush=True,
                    )
            finally:
                server.terminate()
                server.wait()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--mode", choices=["process", "http", "both"], default="both")
    parser.add_argument("--path", action="append", help=f"repeatable; default {PATHS}")
    parser.add_argument("--requests", type=int, default=500, help="in process, per path")
    parser.add_argument("--profile", action="store_true")
    parser.add_argument("--match", help="only functions whose place matches, e.g. django/")
    parser.add_argument("--top", type=int, default=30)
    parser.add_argument("--src", action="append", help="the code the server runs (repeatable)")
    parser.add_argument("--serve-args", default="", help="more options for bridgeway serve")
    parser.add_argument("--turns", type=int, default=1, help="times each --src is run, in turn")
    parser.add_argument("--concurrency", type=int, default=8)
    parser.add_argument("--seconds", type=float, default=10.0)
    parser.add_argument("--quiet", action="store_true", help="hide the server's output")
    args = parser.parse_args()
    args.path = args.path or PATHS
    args.src = args.src or [str(ROOT / "src")]
    seed_network.environment()
    who = prepare()
    if args.mode in ("process", "both"):
        in_process(args, who)
    if args.mode in ("http", "both"):
        over_http(args, who)
    return 0


if __name__ == "__main__":
    sys.exit(main())
