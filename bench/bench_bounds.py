"""The optimal mode with and without group bounds on one program, in one process: the time of
`Engine.assign()` after the engine is built, and where it goes.

    python bench/bench_bounds.py bench/data/soft-10k full
    python bench/bench_bounds.py bench/data/soft-10k bounded   # group bounds at any size
    python bench/bench_bounds.py bench/data/10k full --spec spec-langonly.json
    python bench/bench_bounds.py bench/data/soft-10k priced    # no score cache, no bounds
    python bench/bench_bounds.py bench/data/soft-10k full --cold  # every round solved cold

Run the two alternately: the shared machine's speed changes from minute to minute.
"""

from __future__ import annotations

import argparse
import os
import sys
import time

from bridgeway.matching.engine import (
    Engine,
    ProgramSpec,
    bounds,
    flow,
    kept,
    load_participants,
    optimal,
)
from bridgeway.matching.engine import candidates as candidate_search


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("folder")
    parser.add_argument("path", choices=("full", "bounded", "priced"))
    parser.add_argument("--spec", default="spec.json")
    parser.add_argument(
        "--cold", action="store_true", help="solve every round from scratch (no warm repair)"
    )
    parser.add_argument("--rounds", action="store_true", help="print each round's figures")
    parser.add_argument(
        "--set",
        action="append",
        default=[],
        metavar="MODULE.NAME=INT",
        help="override a constant, e.g. optimal.CORE_NEW=8 or kept.PARTIAL_MENTORS=4096",
    )
    args = parser.parse_args()
    for item in args.set:
        name, value = item.split("=")
        module, attr = name.split(".")
        setattr(
            {"optimal": optimal, "kept": kept, "flow": flow, "bounds": bounds}[module],
            attr,
            float(value) if "." in value else int(value),
        )
    if args.rounds:
        optimal.ROUND_LOG = []
    if args.cold:
        optimal.WARM_LEVELS = ()
    if args.path == "bounded":
        optimal.BOUNDED_CELLS = 0
    if args.path == "priced":
        # What a program too large for the score cache does without group bounds: the
        # check scores each suspect against the mentors priced low enough to matter.
        optimal.SCORE_CACHE_CELLS = 0
        candidate_search.SCORE_CACHE_CELLS = 0
        optimal.BOUNDED_CELLS = 1 << 62
    spec = ProgramSpec.load(f"{args.folder}/{args.spec}")
    people = load_participants(f"{args.folder}/people.jsonl", spec)
    engine = Engine.from_participants(spec, people, validate=False)
    started, cpu = time.perf_counter(), time.process_time()
    result = engine.assign()
    seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
    s = result.stats
    print(
        f"{args.folder} {args.spec} {args.path}: assign {seconds:.2f} s (CPU {cpu:.2f} s), "
        f"candidates "
        f"{s['candidate_seconds']} s, solves {s['solve_seconds']} s, check "
        f"{s['check_seconds']} s, rounds {s['rounds']}, total {result.total_score}, "
        f"matched {result.matched}, proved {s['proved_optimal']}, rows rechecked "
        f"{s.get('rows_rechecked')}, priced cells {s.get('priced_cells')}, warm repairs "
        f"{s.get('warm_repairs')} ({s.get('warm_repaired_edges')} pairs re-solved, "
        f"{s.get('cold_after_repair')} cold), edges {s.get('edges')}, "
        f"core {s.get('core_edges')}, load "
        f"{os.getloadavg()[0]:.2f}"
    )
    log = optimal.ROUND_LOG or []
    for entry in log:
        print("  ", entry)
    if log:
        # The rounds' CPU time summed (the figures above are wall times, which the shared
        # machine's load inflates): the comparison between runs.
        solves = sum(e["solve_cpu"] for e in log)
        checks = sum(e["check_cpu"] for e in log)
        dual = sum(e["duals_cpu"] for e in log)
        cells = sum(e["cells"] for e in log)
        # (repairs is a running count: a round repaired is one where it grew)
        repaired = [
            e["repairs"] > b["repairs"] for b, e in zip([log[0], *log[:-1]], log, strict=True)
        ]
        cold = [
            e["round"]
            for e, r in zip(log, repaired, strict=True)
            if e["round"] > 1 and not e["warm"] and not r
        ]
        print(
            f"   rounds' CPU: solves {solves:.2f} s, duals {dual:.2f} s, checks {checks:.2f} s; "
            f"pairs scored by the checks {cells / 1e9:.3f} x 10^9; rounds solved cold after "
            f"the first: {cold}"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
