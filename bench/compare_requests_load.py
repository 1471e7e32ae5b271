"""The request flow under load for two versions of the code in turn, on the same data.

    python bench/compare_requests_load.py --other /tmp/main/src --people 2000 --users 2,8 \
        --seconds 30 --order other,this,other

The speed of a shared machine drifts within minutes, so two versions compare only when they
run one right after the other. This seeds the network once (as bench/run_requests_load.py
does, on a throwaway PostgreSQL and Redis without DATABASE_URL), then, for each name of
`--order`, starts the server from that version's source (`this`: the checkout holding this
file; `other`: the `src` folder given, e.g. `git archive main | tar -x -C /tmp/main`), runs
each concurrency of `--users` with mentees not used before, and stops it. Beside the highest
concurrency, bench/sample_waits.py reads what PostgreSQL's connections wait on; its summary is
printed after the level. Both versions must share the database schema (no migration between
them). The load average is printed before and after every level.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))

import run_requests_load as load  # noqa: E402 - beside this file


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--other", required=True, help="the other version's src folder")
    parser.add_argument("--order", default="other,this,other")
    parser.add_argument("--people", type=int, default=2000)
    parser.add_argument("--users", default="2,8")
    parser.add_argument("--seconds", type=int, default=30)
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()
    if not os.environ.get("DATABASE_URL"):
        runner = [sys.executable, str(ROOT / "tests" / "with_services.py"), "--"]
        return subprocess.call([*runner, sys.executable, *sys.argv])

    folder = load.prepare(args.people)
    base = os.environ["PYTHONPATH"]
    sources = {"this": str(ROOT / "src"), "other": str(Path(args.other).resolve())}
    levels = [int(u) for u in args.users.split(",")]
    for turn, name in enumerate(args.order.split(","), start=1):
        os.environ["PYTHONPATH"] = os.pathsep.join([sources[name], base])
        print(f"\n=== turn {turn}: {name} ({sources[name]})")
        process = load.serve(load.free_port(), args.workers, folder)
        port = int(process.args[process.args.index("--port") + 1])  # type: ignore[union-attr]
        try:
            for users in levels:
                waits = folder / f"waits-{turn}-{name}-{users}.txt"
                sampler = None
                if users == max(levels):
                    sampler = subprocess.Popen(
                        [
                            sys.executable,
                            str(ROOT / "bench" / "sample_waits.py"),
                            str(args.seconds),
                            str(waits),
                        ]
                    )
                before = f"{os.getloadavg()[0]:.1f}"
                stats = load.run_level(users, args.seconds, port, folder)
                after = f"{os.getloadavg()[0]:.1f}"
                load.report(
                    users,
                    args.seconds,
                    stats,
                    f"{before} before, {after} after",
                    folder / f"level-{users}_flows.json",
                )
                if sampler is not None:
                    sampler.wait(timeout=args.seconds + 30)
                    print("  what the connections did (bench/sample_waits.py):")
                    for line in waits.read_text(encoding="utf-8").splitlines()[:16]:
                        print(f"    {line}")
        finally:
            load.stop(process)
    return 0


if __name__ == "__main__":
    sys.exit(main())
