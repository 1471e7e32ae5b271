"""Objective of the pruned, proved-optimal flow against an exact solve of the full graph,
and against deferred acceptance (stable) and greedy first-come.

    python bench/bench_quality.py bench/data/10k
"""

from __future__ import annotations

import sys
import time

import numpy as np

from bridgeway.matching.engine import Engine, ProgramSpec, load_participants
from bridgeway.matching.engine.assignment import Assignment
from bridgeway.matching.engine.flow import solve_flow, weights


def full_graph(engine: Engine) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Every feasible pair with a mentor who has places: the unpruned graph."""
    pool = np.flatnonzero(engine.capacity > 0)
    parts = []
    for rows, cols in engine.blocks(np.arange(len(engine.mentees)), pool):
        points, ok = engine.block(rows, cols)
        r, c = np.nonzero(ok)
        parts.append((rows[r], cols[c], points[r, c].astype(np.int64)))
    return tuple(np.concatenate([p[k] for p in parts]) for k in range(3))  # type: ignore[return-value]


def blocking_pairs(engine: Engine, result: Assignment) -> int:
    """Pairs who both prefer each other (by score) to what they got, over the full graph."""
    n, m = len(engine.mentees), len(engine.mentors)
    mine = np.full(n, -1.0)
    held: list[list[float]] = [[] for _ in range(m)]
    for pair in result.pairs:
        i, j = engine.mentee_index[pair.mentee], engine.mentor_index[pair.mentor]
        mine[i] = round(pair.score * 100)
        held[j].append(round(pair.score * 100))
    worst = np.array(
        [min(h) if len(h) >= engine.capacity[j] and h else -1.0 for j, h in enumerate(held)]
    )
    count = 0
    pool = np.flatnonzero(engine.capacity > 0)
    for rows, cols in engine.blocks(np.arange(n), pool):
        points, ok = engine.block(rows, cols)
        better = points > mine[rows][:, None]
        wanted = points > worst[cols][None, :]
        count += int((ok & better & wanted).sum())
    return count


def main() -> int:
    folder = sys.argv[1]
    spec = ProgramSpec.load(f"{folder}/spec.json")
    engine = Engine.from_participants(
        spec, load_participants(f"{folder}/people.jsonl"), validate=False
    )
    n, m = len(engine.mentees), len(engine.mentors)
    t0 = time.perf_counter()
    ei, ej, es = full_graph(engine)
    w = weights(es, n, "score")
    chosen = solve_flow(n, m, ei, ej, w, engine.capacity)
    exact_seconds = time.perf_counter() - t0
    exact_total = int(es[chosen].sum())
    print(
        f"full graph: {len(ei)} feasible pairs, exact solve {exact_seconds:.1f} s, "
        f"total {exact_total / 100:.2f}, matched {int(chosen.sum())}"
    )
    for algorithm in ("flow", "stable", "greedy"):
        t0 = time.perf_counter()
        result = engine.assign(algorithm=algorithm)
        seconds = time.perf_counter() - t0
        total = sum(round(p.score * 100) for p in result.pairs)
        gap = (exact_total - total) / exact_total * 100
        print(
            f"{algorithm}: total {total / 100:.2f} (gap {gap:.4f} %), matched "
            f"{result.matched}, blocking pairs {blocking_pairs(engine, result)}, "
            f"{seconds:.1f} s"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
