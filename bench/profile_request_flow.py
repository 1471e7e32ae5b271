"""Where the server's time goes in the request flow, step by step, in one process.

    python bench/profile_request_flow.py                      # SQLite, 2,000 people, 20 flows
    python bench/profile_request_flow.py --postgres           # PostgreSQL + Redis, as the load run
    python bench/profile_request_flow.py --flows 40 --top 30 --step "3 send request"

The load benchmark (bench/run_requests_load.py) says how long each step takes over HTTP; on a
machine shared with other work its wall-clock figures move with the neighbours. This script
measures what the server itself spends on each step, which the neighbours do not change much:
CPU time of this process (`time.process_time()`) and the number of queries.

It seeds a network as bench/seed_network.py does (`--people` people in `--agencies` agencies ×
`--programs` programs: 2,000 people in 4 programs gives each program the 500 people of the
10,000-person load run), then plays the flow of bench/locustfile_requests.py through Django's
test client with the same production settings (no DEBUG; the database cache on SQLite, Redis
with `--postgres`): each mentee with their API token or their session cookie, the mentor they
ask with theirs, the close form posted with its CSRF token (checked, as a browser's is).

1. `--warmup` flows first (one per program at least: a process compiles each program's mentors
   once, as a server process does on its first request about the program);
2. `--flows` flows measured: CPU ms per step (median and mean) and queries per step;
3. `--profile-flows` flows again under cProfile (slower, so not timed above): per step, the
   functions with the most cumulative time, per flow.

Without `--postgres` the database is a throwaway SQLite file; with it, the script runs itself
through tests/with_services.py (a throwaway PostgreSQL and Redis).
"""

from __future__ import annotations

import argparse
import asyncio
import cProfile
import json
import os
import pstats
import re
import statistics
import subprocess
import sys
import time
from collections import defaultdict
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))

import seed_network  # noqa: E402 - beside this file

STEPS = [
    "1 suggestions (mentee)",
    "2 ask page (mentee)",
    "3 send request (mentee)",
    "4 pending requests (mentor)",
    "5 accept (mentor)",
    "6 relationships (mentee)",
    "7 close page (mentee)",
    "8 close (mentee)",
]
CSRF_FIELD = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
HOST = "127.0.0.1"


class FlowBroken(Exception):
    """A step answered something other than what the flow needs."""


@dataclass
class Answer:
    status: int
    headers: list[tuple[bytes, bytes]]
    body: bytes

    def json(self) -> Any:
        return json.loads(self.body)

    def cookie(self, name: str) -> str | None:
        for key, value in self.headers:
            if key.lower() == b"set-cookie" and value.startswith(f"{name}=".encode()):
                return value.split(b";", 1)[0].split(b"=", 1)[1].decode()
        return None


# Queries of every database connection, whichever thread runs it (under ASGI each request
# runs in a thread of its own, with a connection of its own).
QUERIES: list[str] = []


def _count(execute: Any, sql: str, params: Any, many: bool, context: Any) -> Any:
    QUERIES.append(sql)
    return execute(sql, params, many, context)


def _watch(sender: Any, connection: Any, **_kwargs: Any) -> None:
    if _count not in connection.execute_wrappers:
        connection.execute_wrappers.append(_count)


PROFILE: list[cProfile.Profile] = []  # the profile of the step under way, when profiling


class ProfileMiddleware:
    """Outermost middleware of the profiling pass: profiles the request in the thread that
    runs it (cProfile follows one thread)."""

    sync_capable = True
    async_capable = False

    def __init__(self, get_response: Callable[[Any], Any]) -> None:
        self.get_response = get_response

    def __call__(self, request: Any) -> Any:
        if not PROFILE:
            return self.get_response(request)
        PROFILE[0].enable()
        try:
            return self.get_response(request)
        finally:
            PROFILE[0].disable()


class Server:
    """The project's ASGI application (as uvicorn runs it in `bridgeway serve`), called in
    this process: a request is an ASGI scope and its body, the answer what the application
    sent."""

    def __init__(self, profiling: bool = False) -> None:
        from django.conf import settings

        from bridgeway.config.asgi import application
        from bridgeway.core.handlers import ApplicationHandler

        self.app: Any = application
        if profiling:  # the application's handler, with one more layer
            sys.modules.setdefault("profile_request_flow", sys.modules[__name__])
            kept = settings.MIDDLEWARE
            settings.MIDDLEWARE = ["profile_request_flow.ProfileMiddleware", *kept]
            self.app = ApplicationHandler()
            settings.MIDDLEWARE = kept

    async def request(
        self, method: str, path: str, headers: dict[str, str], body: bytes = b""
    ) -> Answer:
        scope = {
            "type": "http",
            "asgi": {"version": "3.0", "spec_version": "2.3"},
            "http_version": "1.1",
            "method": method,
            "scheme": "http",
            "path": path,
            "raw_path": path.encode(),
            "query_string": b"",
            "root_path": "",
            "headers": [(b"host", HOST.encode()), (b"content-length", str(len(body)).encode())]
            + [(k.lower().encode(), v.encode()) for k, v in headers.items()],
            "client": (HOST, 50000),
            "server": (HOST, 8000),
        }
        incoming = [{"type": "http.request", "body": body, "more_body": False}]
        sent: list[dict[str, Any]] = []

        async def receive() -> dict[str, Any]:
            if incoming:
                return incoming.pop()
            await asyncio.Event().wait()  # the client stays connected
            raise AssertionError

        async def send(message: dict[str, Any]) -> None:
            sent.append(message)

        await self.app(scope, receive, send)
        start = next(m for m in sent if m["type"] == "http.response.start")
        content = b"".join(m.get("body", b"") for m in sent if m["type"] == "http.response.body")
        return Answer(start["status"], list(start.get("headers", [])), content)


class DatabaseServer:
    """CPU of the PostgreSQL server's processes, read from /proc: the postmaster, its live
    children, and the children it has reaped (a request's connection is a backend process of
    its own, which ends with the request). None where it cannot be read."""

    def __init__(self) -> None:
        self.postmaster: int | None = None
        self.tick = os.sysconf("SC_CLK_TCK")

    def find(self) -> None:
        from django.db import connection

        if connection.vendor != "postgresql":
            return
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_backend_pid()")
            backend = cursor.fetchone()[0]
        try:
            self.postmaster = int(self._stat(backend)[1])
        except OSError:  # another machine, or /proc not readable
            self.postmaster = None

    @staticmethod
    def _stat(pid: int) -> list[str]:
        # The fields after the command name (which may hold spaces), from "state" on.
        text = Path(f"/proc/{pid}/stat").read_text()
        return text.rsplit(")", 1)[1].split()

    def seconds(self) -> float | None:
        if self.postmaster is None:
            return None
        fields = self._stat(self.postmaster)
        ticks = sum(int(fields[i]) for i in (11, 12, 13, 14))  # utime stime cutime cstime
        for child in (
            Path(f"/proc/{self.postmaster}/task/{self.postmaster}/children").read_text().split()
        ):
            try:
                child_fields = self._stat(int(child))
            except OSError:
                continue  # ended meanwhile: counted in cutime from now on
            ticks += int(child_fields[11]) + int(child_fields[12])
        return ticks / self.tick


DATABASE = DatabaseServer()


class Recorder:
    """Per step: CPU seconds and queries of each call, and a profile when asked."""

    def __init__(self) -> None:
        self.database_cpu: dict[str, list[float]] = defaultdict(list)
        self.cpu: dict[str, list[float]] = defaultdict(list)
        self.queries: dict[str, list[int]] = defaultdict(list)
        self.profiles: dict[str, cProfile.Profile] = {}
        self.profiling = False
        self.show_queries = False  # print the SQL of each step, once

    async def run(self, step: str, call: Awaitable[Answer]) -> Answer:
        if self.profiling:
            # CPU time of the thread that runs the request, not the clock: waits for the
            # database or a lock on a busy machine are left out.
            profile = self.profiles.setdefault(step, cProfile.Profile(time.thread_time))
            PROFILE[:] = [profile]
        QUERIES.clear()
        database = DATABASE.seconds()
        started = time.process_time()
        try:
            answer = await call
        finally:
            spent = time.process_time() - started
            PROFILE.clear()
        if database is not None:
            await asyncio.sleep(0.05)  # the request's backend process ends and is counted
            after = DATABASE.seconds()
            if after is not None and not self.profiling:
                self.database_cpu[step].append(after - database)
        if not self.profiling:
            if self.show_queries and step not in self.cpu:
                print(f"\n{step}: {len(QUERIES)} queries")
                for sql in QUERIES:
                    print(f"    {sql[:220]}")
            self.cpu[step].append(spent)
            self.queries[step].append(len(QUERIES))
        return answer


def _check(answer: Answer, expected: int, step: str) -> Answer:
    if answer.status != expected:
        raise FlowBroken(f"{step}: {answer.status} {answer.body[:300].decode('utf-8', 'replace')}")
    return answer


async def flow(
    mentee: dict[str, Any], mentors: dict[str, str], recorder: Recorder, server: Server
) -> bool:
    """One mentee's flow, as bench/locustfile_requests.py plays it over HTTP; False when the
    mentee has no suggestion to ask."""
    from django.conf import settings

    me, token = mentee["enrollment"], mentee["token"]
    session = f"{settings.SESSION_COOKIE_NAME}={mentee['session']}"

    async def api(method: str, path: str, who: str, step: str, data: Any = None) -> Any:
        headers = {"Authorization": f"Token {who}", "Accept": "application/json"}
        body = b""
        if data is not None:
            headers["Content-Type"] = "application/json"
            body = json.dumps(data).encode()
        answer = await recorder.run(step, server.request(method, path, headers, body))
        return _check(answer, 201 if method == "POST" else 200, step).json()

    found = await api("GET", f"/api/v1/enrollments/{me}/suggestions/", token, STEPS[0])
    choices = [s["mentor"]["enrollment"] for s in found["suggestions"]]
    choices = [m for m in choices if str(m) in mentors]
    if not choices:
        return False
    ask = f"/my/enrollments/{me}/ask/"
    page = server.request("GET", ask, {"Cookie": session})
    _check(await recorder.run(STEPS[1], page), 200, STEPS[1])
    mentor = choices[0]
    await api(
        "POST",
        f"/api/v1/enrollments/{me}/mentor-requests/",
        token,
        STEPS[2],
        {"mentor_ids": [mentor], "message": "I would be glad to learn from you."},
    )
    mentor_token = mentors[str(mentor)]
    waiting = await api(
        "GET", f"/api/v1/enrollments/{mentor}/requests-received/", mentor_token, STEPS[3]
    )
    mine = [r["id"] for r in waiting if r["mentee"]["enrollment"] == me]
    if not mine:
        raise FlowBroken("the request is not among the mentor's")
    accept = f"/api/v1/enrollments/{mentor}/requests-received/{mine[0]}/accept/"
    relationship = await api("POST", accept, mentor_token, STEPS[4])
    await api("GET", "/api/v1/relationships/", token, STEPS[5])
    close = f"/my/relationships/{relationship['id']}/close/"
    page = server.request("GET", close, {"Cookie": session})
    answer = _check(await recorder.run(STEPS[6], page), 200, STEPS[6])
    field = CSRF_FIELD.search(answer.body.decode())
    csrf = answer.cookie("csrftoken")
    if field is None or csrf is None:
        raise FlowBroken("no CSRF token on the close page")
    posted = urlencode({"csrfmiddlewaretoken": field.group(1), "reason": "no_time"}).encode()
    headers = {
        "Cookie": f"{session}; csrftoken={csrf}",
        "Content-Type": "application/x-www-form-urlencoded",
    }
    post = server.request("POST", close, headers, posted)
    _check(await recorder.run(STEPS[7], post), 302, STEPS[7])
    return True


def _where(key: tuple[str, int, str]) -> str:
    path, line, name = key
    for marker in ("/site-packages/", "/src/", "/lib/python3"):
        if marker in path:
            path = path.split(marker, 1)[1]
            break
    return f"{path}:{line}({name})" if line else name


def print_profile(
    step: str, profile: cProfile.Profile, flows: int, top: int, match: str | None
) -> None:
    stats = pstats.Stats(profile)
    rows = sorted(
        stats.stats.items(),  # type: ignore[attr-defined]
        key=lambda item: item[1][3],
        reverse=True,
    )
    only = f" in {match}" if match else ""
    print(f"\n{step}: top {top}{only} by cumulative CPU, per flow (under cProfile, so inflated)")
    print(f"  {'cum ms':>8} {'own ms':>8} {'calls':>8}  function")
    shown = 0
    for key, (_primitive, calls, own, cumulative, _callers) in rows:
        where = _where(key)
        if where.startswith(("<built-in method builtins.exec>", "cProfile", "{method 'disable'")):
            continue
        if match and not re.search(match, where):
            continue
        print(
            f"  {cumulative * 1000 / flows:8.2f} {own * 1000 / flows:8.2f} "
            f"{calls / flows:8.1f}  {where[:140]}"
        )
        shown += 1
        if shown >= top:
            break


def report(recorder: Recorder, flows: int, steps: list[str] = STEPS, what: str = "flows") -> None:
    print(f"\nCPU of this process per step over {flows} {what} (time.process_time), and queries")
    database = any(recorder.database_cpu.values())
    extra = f" {'database ms':>11}" if database else ""
    print(f"  {'step':<30} {'median ms':>9} {'mean ms':>8} {'max ms':>7} {'queries':>8}{extra}")
    total = total_database = 0.0
    for step in steps:
        cpu = [seconds * 1000 for seconds in recorder.cpu[step]]
        if not cpu:
            continue
        counts = sorted(set(recorder.queries[step]))
        queries = f"{counts[0]}" if len(counts) == 1 else f"{counts[0]}-{counts[-1]}"
        total += statistics.mean(cpu)
        column = ""
        if database:
            server = statistics.mean(recorder.database_cpu[step]) * 1000
            total_database += server
            column = f" {server:11.1f}"
        print(
            f"  {step:<30} {statistics.median(cpu):9.1f} {statistics.mean(cpu):8.1f} "
            f"{max(cpu):7.1f} {queries:>8}{column}"
        )
    column = f" {total_database:11.1f}" if database else ""
    label = "one whole flow (sum of means)" if what == "flows" else "one of each (sum of means)"
    print(f"  {label:<30} {'':>9} {total:8.1f} {'':>7} {'':>8}{column}")
    if database:
        print(
            "  database ms: CPU of the PostgreSQL server's processes during the step (mean; "
            "its own connection included)"
        )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--people", type=int, default=2000)
    parser.add_argument("--agencies", type=int, default=1)
    parser.add_argument("--programs", type=int, default=4, help="programs per agency")
    parser.add_argument("--warmup", type=int, default=8, help="flows not counted, first")
    parser.add_argument("--flows", type=int, default=20, help="flows measured")
    parser.add_argument("--profile-flows", type=int, default=10, help="flows under cProfile")
    parser.add_argument("--top", type=int, default=20, help="functions shown per step")
    parser.add_argument("--step", action="append", help="profile only this step (repeatable)")
    parser.add_argument(
        "--match", help="show only functions whose place matches this pattern, e.g. bridgeway/"
    )
    parser.add_argument("--postgres", action="store_true", help="PostgreSQL + Redis")
    parser.add_argument("--queries", action="store_true", help="print each step's SQL, once")
    parser.add_argument(
        "--data",
        help="SQLite: keep the database in this folder and reuse it on the next run (each run "
        "takes mentees not used before)",
    )
    args = parser.parse_args()
    if args.postgres and not os.environ.get("DATABASE_URL"):
        runner = [sys.executable, str(ROOT / "tests" / "with_services.py"), "--"]
        return subprocess.call([*runner, sys.executable, *sys.argv])

    reuse = False
    if args.data and not args.postgres:
        Path(args.data).mkdir(parents=True, exist_ok=True)
        os.environ["BRIDGEWAY_DATA_DIR"] = args.data
        reuse = (Path(args.data) / "bridgeway.sqlite3").exists()
    seed_network.environment()
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.db.backends.signals import connection_created

    started = time.perf_counter()
    call_command("migrate", verbosity=0)
    call_command("collectstatic", interactive=False, verbosity=0)  # as `make run` does
    if connection.vendor == "sqlite":
        call_command("createcachetable", verbosity=0)
    if reuse:
        print(f"reusing the network in {args.data}", flush=True)
    else:
        counts = seed_network.seed(
            people=args.people, agencies=args.agencies, programs=args.programs
        )
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("VACUUM ANALYZE")
        print(
            f"seeded {counts} on {connection.vendor} in {time.perf_counter() - started:.1f} s",
            flush=True,
        )
    accounts = seed_network.accounts()
    DATABASE.find()
    connection.close()  # each request opens its own, as in the server
    connection_created.connect(_watch)
    mentees = iter(accounts["mentees"])

    async def play(wanted: int, recorder: Recorder, server: Server) -> int:
        done = 0
        while done < wanted:
            mentee = next(mentees, None)
            if mentee is None:
                raise SystemExit("every mentee has had a turn: seed more people")
            if await flow(mentee, accounts["mentors"], recorder, server):
                done += 1
        return done

    async def run_all() -> Recorder:
        server = Server()
        await play(args.warmup, Recorder(), server)
        recorder = Recorder()
        recorder.show_queries = args.queries
        await play(args.flows, recorder, server)
        report(recorder, args.flows)
        if args.profile_flows:
            recorder.profiling = True
            await play(args.profile_flows, recorder, Server(profiling=True))
        return recorder

    recorder = asyncio.run(run_all())
    if args.profile_flows:
        for step in STEPS:
            if args.step and step not in args.step and step.split()[0] not in args.step:
                continue
            if step in recorder.profiles:
                print_profile(
                    step, recorder.profiles[step], args.profile_flows, args.top, args.match
                )
    return 0


if __name__ == "__main__":
    sys.exit(main())
