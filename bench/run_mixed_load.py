"""Mixed traffic of signed-in people over HTTP, on PostgreSQL and Redis (issue 16, item 7).

    python bench/run_mixed_load.py                         # 10,000 people, 60 s at 8, 16, 32 users
    python bench/run_mixed_load.py --people 2000 --seconds 15 --users 8    # a quick try

Without DATABASE_URL it runs itself through tests/with_services.py (a throwaway PostgreSQL and
Redis on 127.0.0.1). Then, with bench/run_requests_load.py's steps:

1. migrates, collects the static files and seeds the network (bench/seed_network.py:
   `--people` people in 5 agencies × 4 programs), then what the pages show
   (bench/seed_activity.py: 2 coordinators per agency, a share `--mentorships` of the mentors
   in a mentorship with messages, forum spaces with topics and replies);
2. starts the application as `bridgeway serve --workers 2` does, with the rate limits of
   messages and of the API raised (one simulated person sends far more than a person would);
3. runs locust headless (bench/locustfile_mixed.py: mentees, mentors and coordinators, six,
   three and one in ten) at each concurrency of `--users` for `--seconds`;
4. prints per level the requests per second, the failed requests (with the first reasons),
   p50/p95/p99 over every request and per kind of request, and the load average before and
   after (client and server share the machine's cores).

The job worker is not started: the emails and alerts the traffic causes wait in the outbox.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))

import run_requests_load as runner  # noqa: E402 - beside this file
import seed_activity  # noqa: E402

# One simulated person acts many times faster than a person: the limits of the messages sent
# in the mix, and the API's, are raised for the bench only.
RAISED_LIMITS = {
    "BRIDGEWAY_RATE_MESSAGE": "1000000/m",
    "BRIDGEWAY_RATE_API": "1000000/min",
}


def report(users: int, seconds: int, stats: dict[str, dict[str, str]], load: str) -> None:
    total = next(row for row in stats.values() if row["Name"] == "Aggregated")
    requests, failures = int(total["Request Count"]), int(total["Failure Count"])
    print(
        f"\nconcurrency {users}: {requests / seconds:.1f} requests/s over {seconds} s, "
        f"every request p50 {total['50%']} / p95 {total['95%']} / p99 {total['99%']} ms, "
        f"{failures} failed requests; load average {load}"
    )
    runner.print_rows(stats, label="request")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--people", type=int, default=10_000)
    parser.add_argument("--users", default="8,16,32", help="the concurrencies, in order")
    parser.add_argument("--seconds", type=int, default=60, help="how long each level runs")
    parser.add_argument("--workers", type=int, default=2, help="server processes (2 cores)")
    parser.add_argument("--mentorships", type=float, default=0.3, help="share of mentors paired")
    parser.add_argument("--port", type=int, default=0)
    args = parser.parse_args()
    if not os.environ.get("DATABASE_URL"):
        command = [sys.executable, str(ROOT / "tests" / "with_services.py"), "--"]
        return subprocess.call([*command, sys.executable, *sys.argv])

    os.environ.update(RAISED_LIMITS)
    folder = runner.prepare(
        args.people, then=lambda: seed_activity.seed_activity(mentorships=args.mentorships)
    )
    from django.conf import settings
    from django.db import connections

    accounts = {"session_cookie": settings.SESSION_COOKIE_NAME, **seed_activity.accounts()}
    connections.close_all()
    path = folder / "accounts.json"
    path.write_text(json.dumps(accounts), encoding="utf-8")
    port = args.port or runner.free_port()
    process = runner.serve(port, args.workers, folder)
    try:
        for users in [int(u) for u in args.users.split(",")]:
            before = f"{os.getloadavg()[0]:.1f}"
            stats = runner.run_locust(
                "locustfile_mixed.py",
                users,
                args.seconds,
                port,
                folder / f"mixed-{users}",
                {"BENCH_ACCOUNTS": str(path)},
            )
            load = f"{before} before, {os.getloadavg()[0]:.1f} after"
            report(users, args.seconds, stats, load)
    finally:
        runner.stop(process)
    return 0


if __name__ == "__main__":
    sys.exit(main())
