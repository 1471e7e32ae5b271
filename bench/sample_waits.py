"""What the database's connections are doing while a load runs: PostgreSQL's
pg_stat_activity, read every 50 ms, summed over the samples in which a request was working.

    DATABASE_URL=postgres://… python bench/sample_waits.py 30 waits.txt

It counts each connection's state and wait event (a connection "idle in transaction" holds
its locks while the application works between two queries; "Lock" is a query waiting for a
lock another transaction holds), the queries that wait for a lock, and the last query of the
transactions they wait for (`pg_blocking_pids`). Run beside bench/run_requests_load.py during
one level; docs/benchmarks.md ("What the requests wait on") shows a reading.
"""

from __future__ import annotations

import collections
import os
import sys
import time
from pathlib import Path
from typing import Any

import psycopg

QUERY = """
select pid, state, wait_event_type, wait_event, left(query, 120), pg_blocking_pids(pid)
from pg_stat_activity
where datname = current_database() and pid <> pg_backend_pid()
  and backend_type = 'client backend'
"""


def main() -> int:
    seconds, out = float(sys.argv[1]), Path(sys.argv[2])
    deadline = time.monotonic() + seconds
    waits: collections.Counter[Any] = collections.Counter()
    blocked: collections.Counter[str] = collections.Counter()
    blockers: collections.Counter[Any] = collections.Counter()
    connections: collections.Counter[int] = collections.Counter()
    samples = 0
    conn = None
    while time.monotonic() < deadline:
        try:
            if conn is None:
                conn = psycopg.connect(os.environ["DATABASE_URL"], autocommit=True)
            rows = conn.execute(QUERY).fetchall()
        except psycopg.Error:
            conn = None
            time.sleep(1)
            continue
        if any(row[1] == "active" for row in rows):
            samples += 1
            connections[len(rows)] += 1
            by_pid = {row[0]: row for row in rows}
            for _pid, state, kind, event, query, holders in rows:
                if state != "idle":
                    waits[(state, kind, event)] += 1
                if holders:
                    blocked[query] += 1
                    for holder in holders:
                        if holder in by_pid:
                            blockers[(by_pid[holder][1], by_pid[holder][4])] += 1
        time.sleep(0.05)
    lines = [
        f"samples with a query running: {samples}",
        f"open connections (count: samples): {sorted(connections.items())}",
        "",
        "connections not idle, per (state, wait type, wait event), summed over the samples:",
        *(f"  {n:6} {key}" for key, n in waits.most_common(20)),
        "",
        "queries waiting for a lock:",
        *(f"  {n:6} {key}" for key, n in blocked.most_common(15)),
        "",
        "what they wait for (the holder's state, its last query):",
        *(f"  {n:6} {key}" for key, n in blockers.most_common(15)),
    ]
    out.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
