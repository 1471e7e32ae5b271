"""The request flow under load, over HTTP, on PostgreSQL: the QUALITY.md "request flow" bar.

    python bench/run_requests_load.py                       # 10,000 people, 60 s per level
    python bench/run_requests_load.py --people 2000 --seconds 15     # a quick try

Without DATABASE_URL it runs itself through tests/with_services.py, which starts a throwaway
PostgreSQL and Redis on 127.0.0.1 (PostgreSQL must be installed; see docs/testing.md). Then:

1. migrates the empty database, collects the static files (as `make run` does) and seeds the
   network (bench/seed_network.py: `--people` people in 5 agencies × 4 programs, two mentees
   to each mentor, all ready to be matched);
2. starts the application as `bridgeway serve` does (uvicorn, the production settings: no
   DEBUG, the Redis cache; plain HTTP on 127.0.0.1) with `--workers` processes;
3. runs locust headless (bench/locustfile_requests.py) at each concurrency of `--users`
   (2, 8 and 32) for `--seconds` each, every level with mentees not used before;
4. prints, per level, flows and requests per second, p50/p95/p99 over every request and per
   step, and the failures; with the load average before and after, since the client runs on
   the same machine and shares its cores.

The job worker is not started: the emails the flow causes wait in the outbox (the outbox has
its own benchmark, bench/bench_notifications.py).
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import signal
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))

import seed_network  # noqa: E402 - beside this file

LOCUST = Path(sys.executable).with_name("locust")


def wait_for(url: str, timeout: float = 60.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=2) as response:  # noqa: S310 - http://127.0.0.1
                if response.status < 500:
                    return
        except OSError:
            time.sleep(0.3)
    raise RuntimeError(f"the server did not answer at {url}")


def server(port: int, workers: int, log: Path) -> subprocess.Popen[bytes]:
    """`bridgeway serve` in a process of its own (uvicorn with the production settings)."""
    command = [
        sys.executable,
        "-c",
        "import sys; from bridgeway.cli import main; sys.exit(main())",
        "serve",
        "--port",
        str(port),
        "--workers",
        str(workers),
    ]
    with log.open("wb") as out:
        return subprocess.Popen(
            command, env=os.environ.copy(), stdout=out, stderr=subprocess.STDOUT, cwd=ROOT
        )


def run_locust(
    locustfile: str, users: int, seconds: int, port: int, prefix: Path, env: dict[str, str]
) -> dict[str, dict[str, str]]:
    """Locust headless at one concurrency (`env` added to its environment); returns its stats
    rows by "Type Name", and prints the first failures."""
    command = [
        str(LOCUST),
        "-f",
        str(ROOT / "bench" / locustfile),
        "--headless",
        "--only-summary",
        "--users",
        str(users),
        "--spawn-rate",
        str(users),
        "--run-time",
        f"{seconds}s",
        "--stop-timeout",
        "10",
        "--host",
        f"http://127.0.0.1:{port}",
        "--csv",
        str(prefix),
        "--loglevel",
        "WARNING",
    ]
    finished = subprocess.run(
        command, env={**os.environ, **env}, capture_output=True, text=True, check=False
    )
    if finished.returncode not in (0, 1):  # 1: some requests failed (reported below)
        print(finished.stdout[-3000:], finished.stderr[-3000:], sep="\n")
        raise RuntimeError(f"locust stopped with status {finished.returncode}")
    with open(f"{prefix}_stats.csv", encoding="utf-8") as rows:
        stats = {f"{row['Type']} {row['Name']}".strip(): row for row in csv.DictReader(rows)}
    failures = Path(f"{prefix}_failures.csv")
    if failures.exists():
        lines = failures.read_text(encoding="utf-8").splitlines()[1:6]
        for line in lines:
            print(f"    failure: {line[:300]}")
    return stats


def run_level(users: int, seconds: int, port: int, folder: Path) -> dict[str, dict[str, str]]:
    """The request flow at one concurrency, with mentees not used before."""
    from django.db import connections

    accounts = seed_network.accounts()
    connections.close_all()
    path = folder / f"accounts-{users}.json"
    path.write_text(json.dumps(accounts), encoding="utf-8")
    prefix = folder / f"level-{users}"
    env = {"BENCH_ACCOUNTS": str(path), "BENCH_FLOWS": f"{prefix}_flows.json"}
    return run_locust("locustfile_requests.py", users, seconds, port, prefix, env)


def print_rows(stats: dict[str, dict[str, str]], label: str = "step") -> None:
    """p50/p95/p99 and the worst, over every request first, then per locust row."""
    print(f"  {label:<34} {'count':>6} {'p50 ms':>7} {'p95 ms':>7} {'p99 ms':>7} {'max ms':>7}")
    for row in sorted(stats.values(), key=lambda r: (r["Name"] != "Aggregated", r["Name"])):
        name = "every request" if row["Name"] == "Aggregated" else row["Name"]
        print(
            f"  {name:<34} {row['Request Count']:>6} {row['50%']:>7} {row['95%']:>7} "
            f"{row['99%']:>7} {float(row['Max Response Time']):>7.0f}"
        )


def report(
    users: int, seconds: int, stats: dict[str, dict[str, str]], load: str, flows_file: Path
) -> None:
    total = next(row for row in stats.values() if row["Name"] == "Aggregated")
    requests, failures = int(total["Request Count"]), int(total["Failure Count"])
    done = json.loads(Path(flows_file).read_text(encoding="utf-8"))
    times = sorted(done["ms"])
    print(
        f"\nconcurrency {users}: {len(times)} flows completed in {seconds} s "
        f"({len(times) / seconds:.1f} flows/s, {done['broken']} broken, "
        f"{done['unsuggested']} mentees without a suggestion), "
        f"{requests / seconds:.1f} requests/s, {failures} failed requests; load average {load}"
    )
    if times:
        print(
            "  one whole flow (8 steps): "
            + ", ".join(
                f"p{round(q * 100)} {times[min(len(times) - 1, int(q * len(times)))]:.0f} ms"
                for q in (0.5, 0.95, 0.99)
            )
        )
    print_rows(stats)


def prepare(people: int, then: Callable[[], dict[str, Any]] | None = None) -> Path:
    """Production settings, a migrated database with the network seeded (and `then`'s rows),
    the static files collected; returns a new folder for the run's files."""
    seed_network.environment()
    folder = Path(tempfile.mkdtemp(prefix="bridgeway-load-"))
    os.environ["PYTHONPATH"] = os.pathsep.join(
        filter(None, [str(ROOT / "src"), str(ROOT), os.environ.get("PYTHONPATH")])
    )
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    started = time.perf_counter()
    call_command("migrate", verbosity=0)
    call_command("collectstatic", interactive=False, verbosity=0)  # as `make run` does
    counts = seed_network.seed(people=people, agencies=5, programs=4)
    if then is not None:
        counts.update(then())
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("VACUUM ANALYZE")
    print(f"seeded {counts} in {time.perf_counter() - started:.1f} s (migration included)")
    return folder


def serve(port: int, workers: int, folder: Path) -> subprocess.Popen[bytes]:
    """The application on 127.0.0.1:`port`, answering; stop it with `stop()`."""
    from django.db import connection

    log = folder / "server.log"
    process = server(port, workers, log)
    try:
        wait_for(f"http://127.0.0.1:{port}/accounts/login/")
    except RuntimeError:
        stop(process)
        raise
    print(
        f"server: {workers} uvicorn process(es) on 127.0.0.1:{port}, {connection.vendor}, log {log}"
    )
    return process


def stop(process: subprocess.Popen[bytes]) -> None:
    process.send_signal(signal.SIGINT)
    try:
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        process.kill()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--people", type=int, default=10_000)
    parser.add_argument("--users", default="2,8,32", help="the concurrencies, in order")
    parser.add_argument("--seconds", type=int, default=60, help="how long each level runs")
    parser.add_argument("--workers", type=int, default=2, help="server processes (2 cores)")
    parser.add_argument("--port", type=int, default=0)
    args = parser.parse_args()
    if not os.environ.get("DATABASE_URL"):
        runner = [sys.executable, str(ROOT / "tests" / "with_services.py"), "--"]
        return subprocess.call([*runner, sys.executable, *sys.argv])

    folder = prepare(args.people)
    port = args.port or free_port()
    process = serve(port, args.workers, folder)
    try:
        for users in [int(u) for u in args.users.split(",")]:
            before = f"{os.getloadavg()[0]:.1f}"
            stats = run_level(users, args.seconds, port, folder)
            after = f"{os.getloadavg()[0]:.1f}"
            load = f"{before} before, {after} after"
            report(users, args.seconds, stats, load, folder / f"level-{users}_flows.json")
    finally:
        stop(process)
    return 0


def free_port() -> int:
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


if __name__ == "__main__":
    sys.exit(main())
