"""Suggestion latency: top 5 explained, diversified suggestions for one mentee at a time.

python bench/bench_suggest.py bench/data/100k --queries 1000
"""

from __future__ import annotations

import argparse
import random
import sys
import time

import numpy as np

from bridgeway.matching.engine import Engine, ProgramSpec, load_participants


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("folder")
    parser.add_argument("--queries", type=int, default=1000)
    parser.add_argument("--mentees", type=int, default=2000, help="mentees loaded")
    args = parser.parse_args()
    spec = ProgramSpec.load(f"{args.folder}/spec.json")
    people = load_participants(f"{args.folder}/people-cached.jsonl")
    mentees = [p for p in people if p.role == "mentee"][: args.mentees]
    mentors = [p for p in people if p.role == "mentor"]
    started = time.perf_counter()
    engine = Engine(spec, mentees, mentors, validate=False)
    built = time.perf_counter() - started
    rng = random.Random(1)
    for mentee in rng.sample(mentees, 20):  # warm up
        engine.suggest(mentee.id, 5)
    times = []
    for _ in range(args.queries):
        mentee = rng.choice(mentees)
        t0 = time.perf_counter()
        engine.suggest(mentee.id, 5)
        times.append(time.perf_counter() - t0)
    ms = np.array(times) * 1000
    print(
        f"mentors={len(mentors)} engine_build_s={built:.2f} queries={len(ms)} "
        f"p50_ms={np.percentile(ms, 50):.2f} p95_ms={np.percentile(ms, 95):.2f} "
        f"p99_ms={np.percentile(ms, 99):.2f}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
