"""What each request of the mixed traffic costs the server, in one process: CPU and queries.

    python bench/profile_mixed.py --data /tmp/mixed           # SQLite, 2,000 people, kept
    python bench/profile_mixed.py --postgres                  # PostgreSQL + Redis
    python bench/profile_mixed.py --data /tmp/mixed --step dashboard --match bridgeway/ --top 40
    python bench/profile_mixed.py --data /tmp/mixed --queries --rounds 1 --profile-rounds 0

The load run (bench/run_mixed_load.py) says how long each kind of request takes over HTTP; on
a machine shared with other work its clock figures move with the neighbours. This script plays
the same requests as bench/locustfile_mixed.py through the project's ASGI application, as
bench/profile_request_flow.py does for the request flow (its Server, Recorder and profiles):
each person with their own session cookie or API token, the message form posted with its CSRF
token, production settings (no DEBUG; the database cache on SQLite, Redis with `--postgres`).

It seeds `--people` people (bench/seed_network.py) and what the pages show
(bench/seed_activity.py), plays `--warmup` rounds (each kind of request once per round, each
time as another person), then `--rounds` measured rounds: CPU ms of this process per request
(median and mean), queries, and with `--postgres` the PostgreSQL server's CPU and the Redis
commands per request; then `--profile-rounds` rounds under cProfile, the functions with the most
cumulative time. It also counts the distinct SQL statements of the measured rounds (what each
pooled connection may keep prepared, config/database.py). `--no-pool-check` leaves out the
pool's check of a connection before each request (CONN_HEALTH_CHECKS), to measure what it
costs; BRIDGEWAY_DB_PREPARE=off measures without prepared statements. `--compare N` then
measures, N times in turn on the same data, client-side binding (as before prepared
statements), prepared statements, and prepared statements without the pool's check.
"""

from __future__ import annotations

import argparse
import asyncio
import itertools
import os
import re
import subprocess
import sys
import time
import uuid
from collections import Counter, defaultdict
from collections.abc import Awaitable, Callable, Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))

import profile_request_flow as flow  # noqa: E402 - beside this file
import seed_activity  # noqa: E402
import seed_network  # noqa: E402

NEWEST = re.compile(rb'data-newest="(\d+)"')
Play = Callable[[dict[str, Any]], Awaitable[flow.Answer]]


class Statements:
    """The SQL statements of the measured requests (their text, placeholders unfilled, as
    psycopg keys its prepared statements), and the Redis commands of each request."""

    def __init__(self) -> None:
        self.runs: Counter[str] = Counter()
        self.redis: dict[str, list[int]] = defaultdict(list)
        self.client: Any = None

    def connect(self, url: str) -> None:
        import redis

        self.client = redis.Redis.from_url(url)

    def commands(self) -> int | None:
        if self.client is None:
            return None
        return int(self.client.info("stats")["total_commands_processed"])

    def report(self) -> None:
        distinct = len(self.runs)
        repeated = sum(1 for count in self.runs.values() if count >= 2)
        print(
            f"\ndistinct SQL statements in the measured rounds: {distinct} "
            f"({repeated} run at least twice, {sum(self.runs.values())} runs)"
        )
        if self.redis:
            print("Redis commands per request (mean)")
            for name, counts in self.redis.items():
                print(f"  {name:<30} {sum(counts) / len(counts):5.1f}")


STATEMENTS = Statements()


class Mix:
    """Each kind of request of the mix, as a function of the person who makes it."""

    def __init__(self, server: flow.Server, accounts: dict[str, Any], cookie: str) -> None:
        self.server, self.accounts, self.cookie = server, accounts, cookie

    def _cookies(self, me: dict[str, Any], csrf: str | None = None) -> dict[str, str]:
        value = f"{self.cookie}={me['session']}" + (f"; csrftoken={csrf}" if csrf else "")
        return {"Cookie": value}

    def page(self, path: str) -> Play:
        return lambda me: self.server.request("GET", path.format(**me), self._cookies(me))

    def api(self, path: str) -> Play:
        headers = {"Accept": "application/json"}
        return lambda me: self.server.request(
            "GET", path.format(**me), {**headers, "Authorization": f"Token {me['token']}"}
        )

    async def prepare_send(self, me: dict[str, Any]) -> Callable[[], Awaitable[flow.Answer]]:
        """The conversation page first (not measured): its CSRF token and newest message."""
        path = f"/my/messages/{me['conversation']}/"
        page = await self.server.request("GET", path, self._cookies(me))
        field = flow.CSRF_FIELD.search(page.body.decode())
        csrf, newest = page.cookie("csrftoken"), NEWEST.search(page.body)
        if field is None or csrf is None:
            raise flow.FlowBroken("no CSRF token on the conversation page")
        body = urlencode(
            {
                "csrfmiddlewaretoken": field.group(1),
                "body": "Thank you, that helps. See you on Saturday.",
                "client_key": uuid.uuid4().hex,
                "after": newest.group(1).decode() if newest else "0",
            }
        ).encode()
        headers = {
            **self._cookies(me, csrf),
            "Content-Type": "application/x-www-form-urlencoded",
            "HX-Request": "true",
            "X-CSRFToken": field.group(1),
        }
        return lambda: self.server.request("POST", path, headers, body)


def kinds(accounts: dict[str, Any]) -> dict[str, tuple[Iterator[dict[str, Any]], str, str]]:
    """Name → (who makes it, in turn; page or api; path with {fields} of the person)."""

    def turns(rows: list[dict[str, Any]]) -> Iterator[dict[str, Any]]:
        return itertools.cycle(rows)

    paired = accounts["paired"]["mentee"] + accounts["paired"]["mentor"]
    free = accounts["free"]["mentee"] + accounts["free"]["mentor"]
    forum = accounts["forum"]
    spaces = [row[0] for rows in forum.values() for row in rows]
    topics = [t for rows in forum.values() for row in rows for t in row[1:]]
    coordinators = [
        {**c, "program": program} for c in accounts["coordinators"] for program in c["programs"]
    ]
    with_space = [{**p, "space": s} for p, s in zip(paired, itertools.cycle(spaces))]
    with_topic = [{**p, "topic": t} for p, t in zip(free + paired, itertools.cycle(topics))]
    return {
        "dashboard (mentee)": (turns(accounts["paired"]["mentee"]), "page", "/dashboard/"),
        "dashboard (mentor)": (turns(accounts["paired"]["mentor"]), "page", "/dashboard/"),
        "dashboard (not matched)": (turns(free), "page", "/dashboard/"),
        "dashboard (coordinator)": (turns(coordinators), "page", "/dashboard/"),
        "inbox": (turns(paired), "page", "/my/messages/"),
        "conversation": (turns(paired), "page", "/my/messages/{conversation}/"),
        "send message": (turns(paired), "send", ""),
        "profile": (turns(paired), "page", "/my/enrollments/{enrollment}/profile/"),
        "forum space": (turns(with_space), "page", "/community/spaces/{space}/"),
        "forum topic": (turns(with_topic), "page", "/community/topics/{topic}/"),
        "API mentorships": (turns(paired), "api", "/api/v1/relationships/"),
        "API notifications": (turns(paired), "api", "/api/v1/notifications/"),
        "API conversations": (turns(paired), "api", "/api/v1/conversations/"),
        "match board": (turns(coordinators), "page", "/manage/programs/{program}/match/"),
        "staff mentorships": (
            turns(coordinators),
            "page",
            "/manage/programs/{program}/relationships/",
        ),
        "API staff mentorships": (
            turns(coordinators),
            "api",
            "/api/v1/staff/programs/{program}/relationships/",
        ),
    }


async def play_round(
    mix: Mix,
    plan: dict[str, tuple[Iterator[dict[str, Any]], str, str]],
    recorder: flow.Recorder,
    counting: bool = False,
) -> None:
    for name, (people, how, path) in plan.items():
        me = next(people)
        post = await mix.prepare_send(me) if how == "send" else None
        before = STATEMENTS.commands() if counting else None
        if post is not None:
            answer = await recorder.run(name, post())
        else:
            call = (mix.page if how == "page" else mix.api)(path)
            answer = await recorder.run(name, call(me))
        if counting:
            STATEMENTS.runs.update(flow.QUERIES)
            after = STATEMENTS.commands()
            if before is not None and after is not None:
                # Less the INFO command that read the count before the request.
                STATEMENTS.redis[name].append(after - before - 1)
        if answer.status != 200:
            raise flow.FlowBroken(f"{name}: {answer.status} {answer.body[:300]!r}")


async def compare(
    mix: Mix,
    plan: dict[str, tuple[Iterator[dict[str, Any]], str, str]],
    times: int,
    warmup: int,
    rounds: int,
) -> None:
    """The same requests with each way of talking to PostgreSQL in turn, on the same data:
    each turn closes the pool, changes the connection options and plays the warm-up rounds
    (statements prepared on the new connections) before the measured ones."""
    from django.conf import settings
    from django.db import connection

    from bridgeway.config.database import KeepPrepared, prepare_options

    database = settings.DATABASES["default"]
    unbound = {
        key: value
        for key, value in database["OPTIONS"].items()
        if key not in {"server_side_binding", "prepare_threshold"}
    }
    pool = {
        key: value for key, value in unbound.get("pool", {}).items() if key != "connection_class"
    }
    if not pool:
        print("--compare needs the pool (BRIDGEWAY_DB_POOL)")
        return
    unbound["pool"] = pool
    prepared = {
        **unbound,
        **prepare_options("on", pooled=True),
        "pool": {**pool, "connection_class": KeepPrepared},
    }
    ways = {
        "client-side binding, pool check": (unbound, True),
        "prepared statements, pool check": (prepared, True),
        "prepared statements, no pool check": (prepared, False),
    }
    recorders = {name: flow.Recorder() for name in ways}
    load: dict[str, list[str]] = defaultdict(list)

    def switch(options: dict[str, Any], checks: bool) -> None:
        connection.close()
        connection.close_pool()
        # In place: every thread's connection reads this same dictionary.
        database["OPTIONS"].clear()
        database["OPTIONS"].update(options)
        database["CONN_HEALTH_CHECKS"] = checks

    for _time in range(times):
        for name, (options, checks) in ways.items():
            await asyncio.to_thread(switch, options, checks)
            for _i in range(warmup):
                await play_round(mix, plan, flow.Recorder())
            for _i in range(rounds):
                await play_round(mix, plan, recorders[name])
            load[name].append(Path("/proc/loadavg").read_text().split()[0])
    for name, recorder in recorders.items():
        print(f"\n== {name} (load average after each turn: {', '.join(load[name])})")
        flow.report(recorder, rounds * times, steps=list(plan), what="rounds")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--people", type=int, default=2000)
    parser.add_argument("--agencies", type=int, default=1)
    parser.add_argument("--programs", type=int, default=4, help="programs per agency")
    parser.add_argument("--mentorships", type=float, default=0.3, help="share of mentors paired")
    parser.add_argument("--warmup", type=int, default=3, help="rounds not counted, first")
    parser.add_argument("--rounds", type=int, default=20, help="rounds measured")
    parser.add_argument("--profile-rounds", type=int, default=5, help="rounds under cProfile")
    parser.add_argument("--top", type=int, default=20, help="functions shown per request")
    parser.add_argument("--step", action="append", help="profile only this kind (repeatable)")
    parser.add_argument("--match", help="only functions whose place matches, e.g. bridgeway/")
    parser.add_argument("--postgres", action="store_true", help="PostgreSQL + Redis")
    parser.add_argument("--queries", action="store_true", help="print each request's SQL, once")
    parser.add_argument("--data", help="SQLite: keep the database in this folder and reuse it")
    parser.add_argument(
        "--compare",
        type=int,
        default=0,
        help="PostgreSQL: then this many times in turn, --rounds rounds with each way of "
        "talking to the database (client-side binding as before, prepared statements, "
        "prepared statements without the pool's check)",
    )
    parser.add_argument(
        "--no-pool-check",
        action="store_true",
        help="PostgreSQL: no check of a pooled connection before each request",
    )
    args = parser.parse_args()
    if args.postgres and not os.environ.get("DATABASE_URL"):
        command = [sys.executable, str(ROOT / "tests" / "with_services.py"), "--"]
        return subprocess.call([*command, sys.executable, *sys.argv])

    reuse = False
    if args.data and not args.postgres:
        Path(args.data).mkdir(parents=True, exist_ok=True)
        os.environ["BRIDGEWAY_DATA_DIR"] = args.data
        reuse = (Path(args.data) / "bridgeway.sqlite3").exists()
    seed_network.environment()
    import django

    django.setup()
    from django.conf import settings

    if args.no_pool_check:  # before the pool is made, at the first connection
        settings.DATABASES["default"]["CONN_HEALTH_CHECKS"] = False
    from django.core.management import call_command
    from django.db import connection
    from django.db.backends.signals import connection_created

    settings.BRIDGEWAY_RATE_LIMITS = {
        **settings.BRIDGEWAY_RATE_LIMITS,
        "message": "1000000/m",  # one person sends far more often here than a person would
    }
    started = time.perf_counter()
    call_command("migrate", verbosity=0)
    call_command("collectstatic", interactive=False, verbosity=0)
    if connection.vendor == "sqlite":
        call_command("createcachetable", verbosity=0)
    if reuse:
        signed_in = seed_activity.sign_in_again()
        print(
            f"reusing the network in {args.data} ({signed_in} people signed in again)", flush=True
        )
    else:
        counts = seed_network.seed(
            people=args.people, agencies=args.agencies, programs=args.programs
        )
        counts.update(seed_activity.seed_activity(mentorships=args.mentorships))
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("VACUUM ANALYZE")
        print(f"seeded {counts} on {connection.vendor} in {time.perf_counter() - started:.1f} s")
    accounts = seed_activity.accounts()
    flow.DATABASE.find()
    connection.close()  # each request opens its own (or borrows one from the pool)
    connection_created.connect(flow._watch)
    plan = kinds(accounts)

    async def run_all() -> flow.Recorder:
        mix = Mix(flow.Server(), accounts, settings.SESSION_COOKIE_NAME)
        for _i in range(args.warmup):
            await play_round(mix, plan, flow.Recorder())
        recorder = flow.Recorder()
        recorder.show_queries = args.queries
        if settings.REDIS_URL:
            STATEMENTS.connect(settings.REDIS_URL)
        for _i in range(args.rounds):
            await play_round(mix, plan, recorder, counting=True)
        flow.report(recorder, args.rounds, steps=list(plan), what="rounds")
        STATEMENTS.report()
        options = settings.DATABASES["default"].get("OPTIONS", {})
        print(
            f"server-side binding: {options.get('server_side_binding') is True}, "
            f"prepared after {options.get('prepare_threshold')} runs, pool check: "
            f"{settings.DATABASES['default'].get('CONN_HEALTH_CHECKS')}"
        )
        if args.compare and connection.vendor == "postgresql":
            await compare(mix, plan, args.compare, args.warmup, args.rounds)
        if args.profile_rounds:
            recorder.profiling = True
            mix.server = flow.Server(profiling=True)
            for _i in range(args.profile_rounds):
                await play_round(mix, plan, recorder)
        return recorder

    recorder = asyncio.run(run_all())
    for name in plan if args.profile_rounds else []:
        if args.step and not any(wanted in name for wanted in args.step):
            continue
        if name in recorder.profiles:
            flow.print_profile(
                name, recorder.profiles[name], args.profile_rounds, args.top, args.match
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
