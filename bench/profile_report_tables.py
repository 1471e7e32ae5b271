"""Where the agency dashboard's time goes, table by table, on a network `bench_reports.py` seeded
and kept (its `--reuse` note): for each builder of `report.BUILDERS`, the PostgreSQL backend's
CPU, the application's CPU and the queries, and `EXPLAIN (ANALYZE, BUFFERS)` of each query.

    DATABASE_URL=postgres://…/bridgeway python bench/profile_report_tables.py
    DATABASE_URL=… python bench/profile_report_tables.py --builds 10 --plans plans.txt
    DATABASE_URL=… python bench/profile_report_tables.py --years 5

The database must run on this machine: the backend's CPU is read from /proc (`utime + stime`
of the process serving this connection, before and after each build), a figure other work on
the machine distorts far less than a time. Each builder is built once unmeasured, then
`--builds` times; the figures are means per build. `--plans FILE` writes the plans of the
queries whose execution took more than `--slow` ms.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TICK = os.sysconf("SC_CLK_TCK")


def backend_cpu_ms(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) * 1000 / TICK  # utime, stime


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--builds", type=int, default=10, help="measured builds of each table")
    parser.add_argument("--years", type=int, default=0, help="0: the default period (12 months)")
    parser.add_argument("--slow", type=float, default=50.0, help="plans of queries over this, ms")
    parser.add_argument("--plans", type=Path, help="write the slow queries' plans to this file")
    parser.add_argument("--explain-runs", type=int, default=3, help="EXPLAIN ANALYZE runs each")
    parser.add_argument("--only", help="the builder whose keys include this table, alone")
    parser.add_argument(
        "--set", action="append", default=[], help="a setting for the session: work_mem=16MB"
    )
    args = parser.parse_args()
    if not os.environ.get("DATABASE_URL"):
        parser.error("DATABASE_URL must name the database bench_reports.py seeded")
    os.environ.setdefault("BRIDGEWAY_SECRET_KEY", "bench-only-secret-key-0123456789abcdefghijkl")
    os.environ.setdefault("BRIDGEWAY_HTTPS", "0")
    os.environ["DJANGO_SETTINGS_MODULE"] = "bridgeway.config.settings"
    if not os.environ.get("PYTHONPATH"):  # else the version PYTHONPATH names (to compare two)
        sys.path.insert(0, str(ROOT / "src"))
    import django

    django.setup()
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from django.utils import timezone

    from bridgeway.core.models import Organization
    from bridgeway.reports.report import BUILDERS
    from bridgeway.reports.scope import ReportFilter, Scope, default_filter, scope_programs

    agency = Organization.objects.get(slug="bench-a")
    scope = Scope(level="agency", organization_ids=(agency.pk,), organization=agency)
    if args.years:
        today = timezone.localdate()
        chosen = ReportFilter(start=today - timedelta(days=365 * args.years), end=today)
    else:
        chosen = default_filter()
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        pid = cursor.fetchone()[0]
        for setting in args.set:
            name, value = setting.split("=", 1)
            cursor.execute("SELECT set_config(%s, %s, false)", [name, value])
    print(
        f"load average {os.getloadavg()[0]:.1f}; {chosen.start} to {chosen.end}; {args.set}; "
        f"{args.builds} builds of each table after one unmeasured"
    )
    totals = {"db": 0.0, "app": 0.0, "queries": 0}
    slow: list[tuple[float, str, str, str]] = []
    print(f"{'tables':<32} {'queries':>7} {'PostgreSQL CPU':>15} {'app CPU':>8} {'wall':>8}")
    for keys, build in BUILDERS:
        if args.only and args.only not in keys:
            continue
        programs = scope_programs(scope, chosen)
        build(programs, chosen)
        db, app, wall = [], [], []
        with CaptureQueriesContext(connection) as captured:
            for _ in range(args.builds):
                programs = scope_programs(scope, chosen)
                before, cpu, started = backend_cpu_ms(pid), time.process_time(), time.perf_counter()
                build(programs, chosen)
                wall.append((time.perf_counter() - started) * 1000)
                app.append((time.process_time() - cpu) * 1000)
                db.append(backend_cpu_ms(pid) - before)
        queries = captured.captured_queries[: len(captured.captured_queries) // args.builds]
        name = "+".join(keys)
        print(
            f"{name:<32} {len(queries):>7} {statistics.mean(db):>12.1f} ms "
            f"{statistics.mean(app):>5.1f} ms {statistics.median(wall):>5.0f} ms",
            flush=True,
        )
        totals["db"] += statistics.mean(db)
        totals["app"] += statistics.mean(app)
        totals["queries"] += len(queries)
        for n, query in enumerate(queries):
            runs = []
            plan = ""
            for _ in range(args.explain_runs):
                with connection.cursor() as cursor:
                    cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + query["sql"])
                    lines = [row[0] for row in cursor.fetchall()]
                runs.append(float(lines[-1].split(":")[1].split()[0]))
                plan = "\n".join(lines)
            ms = statistics.median(runs)
            print(f"    query {n + 1}: {ms:7.1f} ms  {query['sql'][:90]}")
            if ms > args.slow:
                slow.append((ms, name, query["sql"], plan))
    print(
        f"{'every table':<32} {totals['queries']:>7} {totals['db']:>12.1f} ms "
        f"{totals['app']:>5.1f} ms; load average {os.getloadavg()[0]:.1f}"
    )
    if args.plans:
        with args.plans.open("w") as out:
            for ms, name, sql, plan in sorted(slow, reverse=True):
                out.write(f"==== {name}: {ms:.1f} ms\n{sql}\n\n{plan}\n\n")
        print(f"{len(slow)} plans over {args.slow:.0f} ms written to {args.plans}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
