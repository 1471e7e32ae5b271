"""The optimal mode with and without group bounds on one program, in one process: the time of
`Engine.assign()` after the engine is built, and where it goes.

    python bench/bench_bounds.py bench/data/soft-10k full
    python bench/bench_bounds.py bench/data/soft-10k bounded   # group bounds at any size
    python bench/bench_bounds.py bench/data/10k full --spec spec-langonly.json

Run the two alternately: the shared machine's speed changes from minute to minute.
"""

from __future__ import annotations

import argparse
import sys
import time

from bridgeway.matching.engine import Engine, ProgramSpec, load_participants, optimal


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("folder")
    parser.add_argument("path", choices=("full", "bounded"))
    parser.add_argument("--spec", default="spec.json")
    args = parser.parse_args()
    if args.path == "bounded":
        optimal.BOUNDED_CELLS = 0
    spec = ProgramSpec.load(f"{args.folder}/{args.spec}")
    people = load_participants(f"{args.folder}/people.jsonl", spec)
    engine = Engine.from_participants(spec, people, validate=False)
    started = time.perf_counter()
    result = engine.assign()
    seconds = time.perf_counter() - started
    s = result.stats
    print(
        f"{args.folder} {args.spec} {args.path}: assign {seconds:.2f} s, candidates "
        f"{s['candidate_seconds']} s, solves {s['solve_seconds']} s, check "
        f"{s['check_seconds']} s, rounds {s['rounds']}, total {result.total_score}, "
        f"matched {result.matched}, proved {s['proved_optimal']}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
