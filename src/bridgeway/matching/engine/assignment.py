"""Cohort assignment: optimal (min-cost flow), stable (deferred acceptance) and greedy.

The optimal mode never builds the full bipartite graph. It keeps each mentee's best K mentors
(scored in vectorised blocks), solves that graph with OR-Tools, then proves the result optimal
for the full graph with LP duals: if no left-out pair has positive reduced cost, no assignment
using it can be better. Pairs that fail the check are added and the graph is solved again.
"""

from __future__ import annotations

import heapq
import multiprocessing as mp
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor
from dataclasses import dataclass, field
from functools import partial
from typing import TYPE_CHECKING, Any

import numpy as np
import scipy.sparse as sp
from ortools.graph.python import min_cost_flow
from scipy.sparse.csgraph import connected_components

from . import parallel
from .engine import PairScore, Reason
from .messages import render
from .parallel import map_blocks, one_blas_thread, workers

if TYPE_CHECKING:
    from .engine import Engine

OBJECTIVES = ("score", "count")
ALGORITHMS = ("flow", "stable", "greedy")


@dataclass(frozen=True)
class Unmatched:
    mentee: str
    reasons: tuple[Reason, ...]

    def to_dict(self) -> dict[str, Any]:
        return {"mentee": self.mentee, "reasons": [r.to_dict() for r in self.reasons]}


@dataclass(frozen=True)
class Assignment:
    """Pairs (with scores and reasons) and unmatched mentees (with reasons)."""

    pairs: tuple[PairScore, ...]
    unmatched: tuple[Unmatched, ...]
    objective: str
    algorithm: str
    stats: dict[str, Any] = field(default_factory=dict)

    @property
    def total_score(self) -> float:
        return round(sum(p.score for p in self.pairs), 2)

    @property
    def matched(self) -> int:
        return len(self.pairs)

    def load(self) -> dict[str, int]:
        """Places taken per mentor id."""
        out: dict[str, int] = {}
        for pair in self.pairs:
            out[pair.mentor] = out.get(pair.mentor, 0) + 1
        return out


@dataclass
class Candidates:
    """Each mentee's best mentors; `beyond` is the best score left out (-1: none left out).

    With `keep_scores`, `blocks` also holds every scored block as (rows, cols, scores), the
    scores in whole hundredths as int16 (-1: infeasible), and `block_of` / `block_row` each
    mentee's block (-1: none) and row in it: the optimality check reads scores from there
    instead of computing them again."""

    i: np.ndarray
    j: np.ndarray
    s: np.ndarray
    beyond: np.ndarray
    blocks: list[tuple[np.ndarray, np.ndarray, np.ndarray]] = field(default_factory=list)
    block_of: np.ndarray | None = None
    block_row: np.ndarray | None = None


# After the first round only a core of the pairs is solved: those whose reduced cost at the
# first round's prices is within CORE_SLACK hundredths of a point of zero, and of each round's
# violating pairs each mentee's CORE_NEW largest. The others stay outside the core and come in
# when a round's prices say they must. A row with a violating pair also brings in its pairs
# within NEAR_SLACK of violating: the next prices would otherwise bring them one round at a
# time (this cut the rounds of a national cohort from 9 to 7).
CORE_SLACK = 30
CORE_NEW = 4
NEAR_SLACK = 30
# Widest block whose columns fit the 15 bits of a selection key (wider: an argpartition).
KEYED_WIDTH = 1 << 15
# Cells of the score cache kept for the optimality check (2 bytes each: at most 1.5 GiB).
SCORE_CACHE_CELLS = 800_000_000


def candidates(
    engine: Engine,
    k: int,
    pool: np.ndarray,
    per_mentor: int = 0,
    keep_scores: bool = False,
    mentees: np.ndarray | None = None,
) -> Candidates:
    """Top-k feasible mentors (by score, among `pool`) of every mentee (of `mentees`, default
    all), in blocks; with `per_mentor`, also for each mentor the best of the mentees that
    were best for it in a block (about twice its places, at most `per_mentor`), which are
    the pairs a crowded optimum tends to need."""
    n, m = len(engine.mentees), len(engine.mentors)
    rows_wanted = np.arange(n) if mentees is None else mentees
    beyond = np.full(n, -1, dtype=np.int64)
    if keep_scores:
        cells = sum(len(r) * len(c) for r, c in engine.blocks(rows_wanted, pool))
        keep_scores = cells <= SCORE_CACHE_CELLS
    kept: list[tuple[np.ndarray, np.ndarray, np.ndarray]] = []
    block_of = np.full(n, -1, dtype=np.int64) if keep_scores else None
    block_row = np.zeros(n, dtype=np.int64)
    parts_i, parts_j, parts_s = [], [], []
    best_key = np.full((per_mentor, m), -1, dtype=np.int64)

    def scored(block: tuple[np.ndarray, np.ndarray]) -> tuple[Any, ...]:
        # Scores in whole hundredths fit int16 (-1: infeasible); each row's k best are found
        # with a partition (no indices: many times faster than an argpartition) on keys that
        # put the score first and the earlier mentor second, so exactly k are above the
        # (k+1)-th key, and that key's score is the best one left out.
        rows, cols = block
        points, ok = engine.block(rows, cols)
        masked = points.astype(np.int16)
        np.putmask(masked, ~ok, np.int16(-1))
        width = len(cols)
        left_out = None
        if width > k and width < KEYED_WIDTH:
            key = masked.astype(np.int32) << 15
            key |= np.arange(width - 1, -1, -1, dtype=np.int32)[None, :]
            kth = np.partition(key, width - k - 1, axis=1)[:, width - k - 1]
            r, c = np.nonzero(key > kth[:, None])
            left_out = kth >> 15
        elif width > k:
            top = np.argpartition(masked, width - k - 1, axis=1)
            r = np.repeat(np.arange(len(rows)), k)
            c = top[:, -k:].ravel()
            left_out = np.take_along_axis(masked, top[:, -(k + 1) : -k], axis=1)[:, 0]
        else:
            r, c = np.nonzero(ok)
        s = masked[r, c]
        feasible = s >= 0
        found = rows[r[feasible]], cols[c[feasible]], s[feasible].astype(np.int64)
        # Each mentor's best mentee of the block: a mentor is in many blocks, and the best of
        # those make its list (a full per-column selection costs more than all the scoring).
        side = masked.argmax(axis=0)[None, :] if per_mentor else None
        return rows, cols, masked, found, left_out, side

    for rows, cols, masked, found, left_out, side in map_blocks(
        scored, engine.blocks(rows_wanted, pool)
    ):
        if block_of is not None:
            block_of[rows] = len(kept)
            block_row[rows] = np.arange(len(rows))
            kept.append((rows, cols, masked))
        if left_out is not None:
            beyond[rows] = left_out.astype(np.int64)
        parts_i.append(found[0])
        parts_j.append(found[1])
        parts_s.append(found[2])
        if per_mentor:
            # Each mentor's best mentees so far, as one key per pair (score first, then the
            # earlier mentee), merged block by block into a small table.
            vals, ids = np.take_along_axis(masked, side, axis=0), rows[side]
            key = vals.astype(np.int64) * (n + 1) + (n - ids)
            np.putmask(key, vals < 0, -1)
            # Replace each column's smallest kept key when the new one is larger.
            table = best_key[:, cols]
            low = table.argmin(axis=0)
            at = np.arange(len(cols))
            better = key[0] > table[low, at]
            table[low[better], at[better]] = key[0, better]
            best_key[:, cols] = table
    if per_mentor:
        ranked = -np.sort(-best_key, axis=0)  # best first, per mentor (column)
        rank = np.arange(per_mentor)[:, None]
        limit = np.minimum(2 * engine.capacity + 2, per_mentor)[None, :]
        keep = (ranked >= 0) & (rank < limit)
        key = ranked[keep]
        parts_i.append(n - key % (n + 1))
        parts_j.append(np.broadcast_to(np.arange(m)[None, :], ranked.shape)[keep])
        parts_s.append(key // (n + 1))
    cat = lambda xs: np.concatenate(xs) if xs else np.zeros(0, np.int64)  # noqa: E731
    ei, ej, es = cat(parts_i), cat(parts_j), cat(parts_s)
    _, first = np.unique(ei * m + ej, return_index=True)
    return Candidates(ei[first], ej[first], es[first], beyond, kept, block_of, block_row)


def weights(scores: np.ndarray, n_mentees: int, objective: str) -> np.ndarray:
    """Integer edge weights. "score": total score first, more matches only to break ties;
    "count": more matches first (a bonus larger than any total score), then total score."""
    out = scores.astype(np.int64)  # a copy: the arithmetic below is in place
    if objective == "count":
        out += 10_000 * n_mentees + 1
        return out
    out *= n_mentees + 1
    out += 1
    return out


def solve_flow(
    n: int, m: int, ei: np.ndarray, ej: np.ndarray, w: np.ndarray, capacity: np.ndarray
) -> np.ndarray:
    """Max-weight b-matching of the edges with OR-Tools min-cost flow; the chosen edges (bool)."""
    if not len(ei):
        return np.zeros(0, dtype=bool)
    mentees, ti = np.unique(ei, return_inverse=True)
    mentors, tj = np.unique(ej, return_inverse=True)
    a, b = len(mentees), len(mentors)
    source, sink = 0, a + b + 1
    tails = np.concatenate([np.zeros(a), 1 + ti, 1 + a + np.arange(b), [source]])
    heads = np.concatenate([1 + np.arange(a), 1 + a + tj, np.full(b, sink), [sink]])
    caps = np.concatenate([np.ones(a), np.ones(len(ei)), capacity[mentors], [a]])
    costs = np.concatenate([np.zeros(a), -w, np.zeros(b), [0]])
    flow = min_cost_flow.SimpleMinCostFlow()
    flow.add_arcs_with_capacity_and_unit_cost(
        tails.astype(np.int32),
        heads.astype(np.int32),
        caps.astype(np.int64),
        costs.astype(np.int64),
    )
    supplies = np.zeros(a + b + 2, dtype=np.int64)
    supplies[source], supplies[sink] = a, -a
    flow.set_nodes_supplies(np.arange(a + b + 2, dtype=np.int32), supplies)
    status = flow.solve()
    if status != flow.OPTIMAL:
        raise RuntimeError(f"min-cost flow failed with status {status}")
    edge_arcs = np.arange(a, a + len(ei), dtype=np.int32)
    return np.asarray(flow.flows(edge_arcs)) > 0


PARALLEL_EDGES = 50_000  # below this, solving components one after another is quicker


class ComponentSolver:
    """Solves each connected component of the graph on its own and remembers the answers, so
    a round of the optimality check re-solves only the components it added pairs to.

    Given the pairs' scores, a component is solved with the weights of `weights` for the most
    pairs it can hold (its mentees or its mentors' places, the fewer) rather than the whole
    cohort's mentees: the same best assignments (score first, then the number of pairs, or
    the other way round), with costs several times smaller, which the cost-scaling solver
    needs fewer passes for."""

    def __init__(self, n: int, m: int, capacity: np.ndarray, objective: str = "score") -> None:
        self.n, self.m, self.capacity, self.objective = n, m, capacity, objective
        self.known: dict[tuple[int, int, int], np.ndarray] = {}
        self.solved = 0

    def solve(
        self, ei: np.ndarray, ej: np.ndarray, w: np.ndarray, scores: np.ndarray | None = None
    ) -> np.ndarray:
        n, m = self.n, self.m
        chosen = np.zeros(len(ei), dtype=bool)
        if not len(ei):
            return chosen
        graph = sp.coo_matrix((np.ones(len(ei)), (ei, n + ej)), shape=(n + m, n + m))
        _, labels = connected_components(graph, directed=False)
        key = ei * m + ej
        order = np.lexsort((key, labels[ei]))
        comp = labels[ei][order]
        cuts = np.flatnonzero(np.diff(comp)) + 1
        known: dict[tuple[int, int, int], np.ndarray] = {}
        todo: list[tuple[tuple[int, int, int], np.ndarray]] = []
        for part in np.split(order, cuts):
            signature = (len(part), hash(key[part].tobytes()), hash(w[part].tobytes()))
            picked = self.known.get(signature)
            if picked is None:
                todo.append((signature, part))
            else:
                known[signature] = picked
                chosen[part] = picked
        # The solver releases the GIL while it runs: components are solved on every core,
        # largest first so that the last one to finish is small.
        todo.sort(key=lambda item: -len(item[1]))

        def run(item: tuple[tuple[int, int, int], np.ndarray]) -> np.ndarray:
            part = item[1]
            pw = w[part]
            if scores is not None:
                # No more pairs than mentees, nor than the mentors' places.
                places = int(self.capacity[np.unique(ej[part])].sum())
                most = min(len(np.unique(ei[part])), places)
                pw = weights(scores[part], most, self.objective)
            return solve_flow(n, m, ei[part], ej[part], pw, self.capacity)

        threads = workers() if len(todo) > 1 and len(ei) > PARALLEL_EDGES else 1
        if threads == 1:
            results = [run(item) for item in todo]
        else:
            with ThreadPoolExecutor(threads) as pool:
                results = list(pool.map(run, todo))
        for (signature, part), picked in zip(todo, results, strict=True):
            self.solved += 1
            known[signature] = picked
            chosen[part] = picked
        self.known = known
        return chosen


def duals(
    n: int,
    m: int,
    ei: np.ndarray,
    ej: np.ndarray,
    w: np.ndarray,
    chosen: np.ndarray,
    capacity: np.ndarray,
) -> tuple[np.ndarray, np.ndarray]:
    """Optimal LP duals (u per mentee, v per mentor) for a max-weight b-matching of the edges.

    Complementary slackness fixes u_i = w(i, M(i)) - v_M(i) for a matched mentee, u_i = 0 for
    an unmatched one and v_j = 0 for a mentor with a free place; what is left are difference
    constraints between mentors. Of all the solutions we take the largest v (each mentor's
    "price" as high as its own pairs allow), found by vectorised Bellman-Ford rounds from
    above: high prices are what prove that a left-out mentee could not take a mentor's place.
    Raises if the matching is not optimal (then no duals exist).
    """
    match = np.full(n, -1, dtype=np.int64)
    match_w = np.zeros(n, dtype=np.int64)
    match[ei[chosen]] = ej[chosen]
    match_w[ei[chosen]] = w[chosen]
    load = np.bincount(ej[chosen], minlength=m)
    full = (load >= capacity) & (load > 0)
    top = np.iinfo(np.int64).max
    v = np.full(m, top, dtype=np.int64)
    np.minimum.at(v, ej[chosen], w[chosen])  # u_i >= 0 for every matched mentee
    v[~full] = 0
    # Matched mentee i at k with another edge (i, j): v_k <= v_j + w_ik - w_ij.
    other = (match[ei] >= 0) & ~chosen
    dst = match[ei[other]]
    src = ej[other]
    gap = match_w[ei[other]] - w[other]
    order = np.argsort(src, kind="stable")
    src, dst, gap = src[order], dst[order], gap[order]
    starts = np.searchsorted(src, np.arange(m + 1))
    changed = np.arange(m)
    rounds = 0
    while len(changed):
        rounds += 1
        if rounds > m + 2:
            raise RuntimeError("no duals: the matching is not optimal")
        lo, hi = starts[changed], starts[changed + 1]
        lengths = hi - lo
        total = int(lengths.sum())
        if not total:
            break
        idx = np.repeat(lo - np.concatenate(([0], np.cumsum(lengths)[:-1])), lengths)
        idx += np.arange(total)
        cand = v[src[idx]] + gap[idx]
        before = v.copy()
        np.minimum.at(v, dst[idx], cand)
        changed = np.flatnonzero(v < before)
    free_i = match[ei] < 0
    u = np.where(match >= 0, match_w - v[np.maximum(match, 0)], 0)
    if (u < 0).any() or (v < 0).any() or (w[free_i] > v[ej[free_i]]).any():
        raise RuntimeError("no duals: the matching is not optimal")
    return u, v


def _scored_rows(
    engine: Engine, cands: Candidates, mentees: np.ndarray, pool: np.ndarray | None
) -> Iterator[tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]]:
    """(rows, cols, scores in whole hundredths as int16 with -1 where infeasible, feasible)
    covering every possibly feasible pair of `mentees` with mentors in `pool`: read from the
    candidate pass's score cache when it was kept, otherwise scored again."""
    if cands.block_of is None or cands.block_row is None:
        for rows, cols in engine.blocks(mentees, pool):
            points, ok = engine.block(rows, cols)
            masked = points.astype(np.int16)
            np.putmask(masked, ~ok, np.int16(-1))
            yield rows, cols, masked, ok
        return
    which = cands.block_of[mentees]
    mentees = mentees[which >= 0]
    which = which[which >= 0]
    order = np.argsort(which, kind="stable")
    mentees, which = mentees[order], which[order]
    cuts = np.flatnonzero(np.diff(which)) + 1
    for part in np.split(np.arange(len(mentees)), cuts):
        if not len(part):
            continue
        rows_all, cols, scores = cands.blocks[int(which[part[0]])]
        local = cands.block_row[mentees[part]]
        block = scores[local]
        yield rows_all[local], cols, block, block >= 0


Counts = tuple[np.ndarray, np.ndarray]  # per mentee: compatible mentors, those with room


def optimal(
    engine: Engine, objective: str, k: int
) -> tuple[np.ndarray, np.ndarray, dict[str, Any], Counts | None]:
    """Optimal assignment: arrays of (mentee, mentor) index pairs, how it was proved, and per
    mentee the number of compatible mentors and of those with room (None: not counted).

    Mentees whose hard criteria leave them disjoint sets of mentors (one region per sector,
    say) form independent problems: each region is solved and proved on its own. A large
    cohort's regions run in worker processes, one per core, largest first."""
    n, m = len(engine.mentees), len(engine.mentors)
    capacity = engine.capacity
    pool = np.flatnonzero(capacity > 0)
    if k <= 0:
        places = int(capacity.sum())
        k = int(np.clip(8 * np.ceil(n / max(places, 1)) + 8, 16, 64))
    per_mentor = int(2 * capacity.max() + 2) if m else 0
    started = time.perf_counter()
    regions = [r for r in engine.regions(pool) if len(r[0]) and len(r[1])]
    regions.sort(key=lambda r: -len(r[0]) * len(r[1]))
    cells = sum(len(r) * len(c) for r, c in engine.blocks(np.arange(n), pool))
    keep_scores = cells <= SCORE_CACHE_CELLS
    tally = keep_scores and bool((capacity > 0).all())
    job: tuple[Engine, str, int, int, bool, bool] = (
        engine,
        objective,
        k,
        per_mentor,
        keep_scores,
        tally,
    )
    processes = min(workers(), len(regions)) if cells >= PROCESS_CELLS else 1
    # A daemonic process (some task-queue workers) may not start processes of its own.
    if processes > 1 and "fork" in mp.get_all_start_methods() and not mp.current_process().daemon:
        global _JOB
        _JOB = (job, regions)
        # (A worker that dies, say for want of memory, raises BrokenProcessPool here rather
        # than leaving the caller waiting.)
        try:
            with ProcessPoolExecutor(processes, mp_context=mp.get_context("fork")) as pool_:
                results = list(pool_.map(_region_task, range(len(regions))))
        finally:
            _JOB = None
    else:
        processes = 1
        results = [_optimal_region(*job, rows, mentors) for rows, mentors in regions]
    stats: dict[str, Any] = {"k": k, "per_mentor": per_mentor, "regions": len(regions)}
    for _, _, part, _ in results:
        for key, value in part.items():
            if key == "rounds":
                stats[key] = max(stats.get(key, 0), value)
            else:
                stats[key] = stats.get(key, 0) + value
    for key in ("solve_seconds", "check_seconds", "candidate_seconds"):
        if key in stats:
            stats[key] = round(stats[key], 3)
    stats["processes"] = processes
    stats["proved_optimal"] = True
    stats["optimal_seconds"] = round(time.perf_counter() - started, 3)
    cat = lambda xs: np.concatenate(xs) if xs else np.zeros(0, np.int64)  # noqa: E731
    mi = cat([r[0] for r in results])
    mj = cat([r[1] for r in results])
    counts: Counts | None = None
    if tally:
        counts = (np.zeros(n, dtype=np.int64), np.zeros(n, dtype=np.int64))
        for *_, part_counts in results:
            assert part_counts is not None
            rows, compatible, with_room = part_counts
            counts[0][rows] = compatible
            counts[1][rows] = with_room
    return mi, mj, stats, counts


# Cohorts with fewer possibly feasible pairs than this are solved in the calling process:
# starting workers would cost more than it saves (and small programs stay simple).
PROCESS_CELLS = 10_000_000
_JOB: Any = None  # what forked workers read: (arguments, regions)


def _region_task(index: int) -> tuple[Any, ...]:
    # A worker process: one thread (NumPy's and BLAS's too), as many workers as cores.
    parallel.ONE_THREAD = True
    job: tuple[Engine, str, int, int, bool, bool] = _JOB[0]
    rows, mentors = _JOB[1][index]
    with one_blas_thread():
        result = _optimal_region(*job, rows, mentors)
    return result


def _optimal_region(
    engine: Engine,
    objective: str,
    k: int,
    per_mentor: int,
    keep_scores: bool,
    tally: bool,
    region: np.ndarray,
    pool: np.ndarray,
) -> tuple[np.ndarray, np.ndarray, dict[str, Any], tuple[np.ndarray, ...] | None]:
    """`optimal` for the mentees `region`, whose feasible mentors all lie in `pool`; with
    `tally`, also (unmatched mentees, their compatible mentors, those with room) read from
    the score cache."""
    n, m = len(engine.mentees), len(engine.mentors)
    capacity = engine.capacity
    started = time.perf_counter()
    cands = candidates(engine, k, pool, per_mentor, keep_scores=keep_scores, mentees=region)
    group_of, group_mentors = engine.partition().lookup(pool)
    in_region = np.zeros(n, dtype=bool)
    in_region[region] = True
    stats: dict[str, Any] = {"candidate_seconds": time.perf_counter() - started}
    ei, ej, es = cands.i, cands.j, cands.s
    rounds, added_total = 0, 0
    solver = ComponentSolver(n, m, capacity, objective)
    solve_seconds = check_seconds = 0.0
    # Upper bound, per mentee, of max_j (w_ij - v_j) over its whole row at the current prices;
    # kept up to date by how far prices fell, so a row seldom needs scoring a second time.
    unknown = np.int64(1 << 60)
    row_bound = np.full(n, unknown, dtype=np.int64)
    v_prev: np.ndarray | None = None
    rechecked = 0
    # The graph solved is a core of the pairs found so far: all of them in the first round,
    # then those within CORE_SLACK of being tight at the first round's prices (and every pair
    # found since). Pairs outside the core are checked against the prices like any left-out
    # pair, so the proof still covers every pair; later solves are just smaller.
    in_core = np.ones(len(ei), dtype=bool)
    keys = ei * m + ej  # sorted and unique (see candidates), with each key's edge position
    key_pos = np.arange(len(ei))
    unit = int(weights(np.ones(1), n, objective)[0] - weights(np.zeros(1), n, objective)[0])
    margin = CORE_SLACK * unit
    near = NEAR_SLACK * unit
    big = n + 1
    while True:
        rounds += 1
        w = weights(es, n, objective)
        core = np.flatnonzero(in_core)
        ci, cj, cw = ei[core], ej[core], w[core]
        t0 = time.perf_counter()
        chosen = solver.solve(ci, cj, cw, es[core])
        t1 = time.perf_counter()
        u, v = duals(n, m, ci, cj, cw, chosen, capacity)
        outside = np.flatnonzero(~in_core)
        back = outside[w[outside] - u[ei[outside]] - v[ej[outside]] > 0]
        # A left-out pair (i, j) has w_ij - v_j <= w(beyond_i) - 0: only mentees whose best
        # left-out score could beat u_i need their whole row checked.
        # Tighter: v_j is at least the smallest v among the mentors the mentee's group can use.
        bound = np.where(cands.beyond >= 0, weights(np.maximum(cands.beyond, 0), n, objective), 0)
        floor = np.array([v[g].min() if len(g) else 0 for g in group_mentors], dtype=np.int64)
        if v_prev is not None:
            fall = np.maximum(v_prev - v, 0)
            worst_fall = np.array(
                [fall[g].max() if len(g) else 0 for g in group_mentors], dtype=np.int64
            )
            row_bound = np.minimum(row_bound + worst_fall[group_of], unknown)
        v_prev = v
        suspects = np.flatnonzero((np.minimum(bound - floor[group_of], row_bound) > u) & in_region)
        rechecked += len(suspects)
        new_i, new_j, new_s, new_slack = [], [], [], []

        if objective == "score":
            score_violations = partial(_score_violations, big, k, near, u, v)

        else:

            def any_violations(
                block: tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray],
                u: np.ndarray = u,
                v: np.ndarray = v,
            ) -> tuple[Any, ...]:
                # Pairs with positive reduced cost; when a row has some, also its pairs within
                # NEAR_SLACK of it, which the new prices would otherwise bring in one at a time.
                rows, cols, points, ok = block
                reduced = weights(points, n, objective)
                reduced -= v[cols][None, :]
                np.putmask(reduced, ~ok, -(1 << 62))  # far below any slack, without overflow
                best = reduced.max(axis=1)
                slack = reduced  # from here on, in place: reduced cost - u
                slack -= u[rows][:, None]
                bad = slack > 0
                count = int(np.count_nonzero(bad))
                if count:
                    bad = slack > -near
                per_row = np.count_nonzero(bad, axis=1)
                many = np.flatnonzero(per_row > k)
                if len(many):
                    # Only the k largest reduced costs of a row: the rest are near-ties that
                    # the next solve's prices usually settle without being in the graph.
                    near_k = np.argpartition(-slack[many], k - 1, axis=1)[:, :k]
                    keep = np.zeros((len(many), len(cols)), dtype=bool)
                    np.put_along_axis(keep, near_k, True, axis=1)
                    bad[many] &= keep
                r, c = np.nonzero(bad)
                found = rows[r], cols[c], points[r, c].astype(np.int64), slack[r, c]
                return rows, best, *found, count

        violations: Callable[..., tuple[Any, ...]] = (
            score_violations if objective == "score" else any_violations
        )
        violating = 0
        for rows, best, found_i, found_j, found_s, found_slack, count in map_blocks(
            violations, _scored_rows(engine, cands, suspects, pool)
        ):
            row_bound[rows] = best
            violating += count
            new_i.append(found_i)
            new_j.append(found_j)
            new_s.append(found_s)
            new_slack.append(found_slack)
        check_seconds += time.perf_counter() - t1
        solve_seconds += t1 - t0
        added = sum(len(x) for x in new_i)
        if not violating and not len(back):
            break
        if rounds > 100:
            raise RuntimeError("the optimality check did not settle")
        added_total += added
        if rounds == 1:
            in_core = w - u[ei] - v[ej] >= -margin
            in_core[core[chosen]] = True
        in_core[back] = True
        # New pairs join the core only as each mentee's CORE_NEW most violating; the rest
        # wait outside it, checked every round.
        fi = np.concatenate([np.zeros(0, np.int64), *new_i])
        fj = np.concatenate([np.zeros(0, np.int64), *new_j])
        fs = np.concatenate([np.zeros(0, np.int64), *new_s])
        fslack = np.concatenate([np.zeros(0, np.int64), *new_slack])
        order = np.lexsort((-fslack, fi))
        rank = np.empty(len(fi), dtype=np.int64)
        rank[order] = np.arange(len(fi)) - np.searchsorted(fi[order], fi[order])
        ukey, first, inverse = np.unique(fi * m + fj, return_index=True, return_inverse=True)
        ucore = np.zeros(len(ukey), dtype=bool)
        ucore[inverse.ravel()[rank < CORE_NEW]] = True
        # Pairs already in the graph only change whether they are in the core; the others
        # are appended, and the sorted keys merged (two sorted runs: linear time).
        at = np.minimum(np.searchsorted(keys, ukey), max(len(keys) - 1, 0))
        known = keys[at] == ukey if len(keys) else np.zeros(len(ukey), dtype=bool)
        in_core[key_pos[at[known & ucore]]] = True
        fresh = first[~known]
        start = len(ei)
        ei = np.concatenate([ei, fi[fresh]])
        ej = np.concatenate([ej, fj[fresh]])
        es = np.concatenate([es, fs[fresh]])
        in_core = np.concatenate([in_core, ucore[~known]])
        keys = np.concatenate([keys, ukey[~known]])
        key_pos = np.concatenate([key_pos, np.arange(start, len(ei))])
        order = np.argsort(keys, kind="stable")
        keys, key_pos = keys[order], key_pos[order]
        # Added pairs are now in the graph: their mentees' bound is checked again next round.
    stats.update(
        edges=len(ei),
        core_edges=len(core),
        rounds=rounds,
        edges_added_by_check=added_total,
        rows_rechecked=rechecked,
        solve_seconds=solve_seconds,
        check_seconds=check_seconds,
        component_solves=solver.solved,
    )
    mi, mj = ci[chosen], cj[chosen]
    counted = None
    if tally and cands.block_of is not None:
        load = np.bincount(mj, minlength=m)
        matched = np.zeros(n, dtype=bool)
        matched[mi] = True
        left = region[~matched[region]]
        compatible = np.zeros(n, dtype=np.int64)
        with_room = np.zeros(n, dtype=np.int64)
        room = capacity - load > 0
        for rows, cols, _, ok in _scored_rows(engine, cands, left, None):
            compatible[rows] = ok.sum(axis=1)
            with_room[rows] = (ok & room[cols][None, :]).sum(axis=1)
        counted = (left, compatible[left], with_room[left])
    return mi, mj, stats, counted


def _score_violations(
    big: int,
    k: int,
    near: int,
    u: np.ndarray,
    v: np.ndarray,
    block: tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray],
) -> tuple[Any, ...]:
    """The optimality check of one block for the "score" objective (w = N s + 1, N = n + 1):
    (rows, each row's best w - v, the pairs to add with their scores and slacks, and the
    number of violating pairs).

    Exact, on 2-byte integers: write v_j - 1 = N a_j + b_j and u_i = N c_i + d_i with
    0 <= b, d < N; then slack = w - u - v = N (s - a_j - c_i) - (b_j + d_i), so a pair violates
    only when t = s - a_j >= c_i + 1 and is within NEAR_SLACK of it only when
    t >= c_i + 1 - NEAR_SLACK. Only those pairs get a slack in 64-bit integers."""
    rows, cols, points, ok = block
    a, b = np.divmod(v[cols] - 1, big)
    t = points - a.astype(np.int16)[None, :]
    np.putmask(t, ~ok, np.int16(-32768))
    tmax = t.max(axis=1)
    # The row's best w - v: N tmax - the smallest b_j among its columns at tmax.
    tie = t == tmax[:, None]
    low = np.where(tie, b.astype(np.int32)[None, :], np.int32(big)).min(axis=1)
    best = big * tmax.astype(np.int64) - low
    best[tmax == -32768] = -(1 << 62)
    c, d = np.divmod(u[rows], big)
    c16 = c.astype(np.int16)
    # Violating: t - c >= 2, or t - c == 1 and b_j + d_i < N. (The count only needs to be
    # exact when it is zero: the rounds go on while any pair violates.)
    count = int(np.count_nonzero(t >= (c16 + 2)[:, None]))
    if not count:
        edge = t == (c16 + 1)[:, None]
        some = np.flatnonzero(edge.any(axis=1))
        r1, col1 = np.nonzero(edge[some])
        count = int(np.count_nonzero(b[col1] + d[some[r1]] < big))
    if not count:
        none = np.zeros(0, dtype=np.int64)
        return rows, best, none, none, none, none, 0
    # Near: t - c >= 1 - NEAR_SLACK; in a row with more than k, those with the k largest t
    # (and any tied with the k-th).
    near_ok = t >= (c16 + 1 - NEAR_SLACK)[:, None]
    per_row = np.count_nonzero(near_ok, axis=1)
    many = np.flatnonzero(per_row > k)
    if len(many):
        width = t.shape[1]
        kth = np.partition(t[many], width - k, axis=1)[:, width - k]
        near_ok[many] &= t[many] >= kth[:, None]
    some = np.flatnonzero(per_row)
    r, col = np.nonzero(near_ok[some])
    r = some[r]
    slack = big * (t[r, col].astype(np.int64) - c[r]) - (b[col] + d[r])
    keep = slack > -near
    r, col, slack = r[keep], col[keep], slack[keep]
    return rows, best, rows[r], cols[col], points[r, col].astype(np.int64), slack, count


def _preference_lists(
    engine: Engine, k: int, pool: np.ndarray
) -> tuple[list[list[int]], list[list[int]], np.ndarray]:
    cands = candidates(engine, k, pool)
    n = len(engine.mentees)
    order = np.lexsort((cands.j, -cands.s, cands.i))
    ci, cj, cs = cands.i[order], cands.j[order], cands.s[order]
    bounds = np.searchsorted(ci, np.arange(n + 1))
    lists = [cj[bounds[i] : bounds[i + 1]].tolist() for i in range(n)]
    scores = [cs[bounds[i] : bounds[i + 1]].tolist() for i in range(n)]
    return lists, scores, cands.beyond


def _full_lists(
    engine: Engine, mentees: list[int], pool: np.ndarray
) -> dict[int, tuple[list[int], list[int]]]:
    """Every feasible mentor of each mentee, best first (ties: lower mentor index first)."""
    out = {}
    for rows, cols in engine.blocks(np.array(sorted(mentees), dtype=np.int64), pool):
        points, ok = engine.block(rows, cols)
        for r, i in enumerate(rows.tolist()):
            keep = np.flatnonzero(ok[r])
            js, ss = cols[keep], points[r, keep].astype(np.int64)
            order = np.lexsort((js, -ss))
            out[i] = (js[order].tolist(), ss[order].tolist())
    return out


def stable(engine: Engine, k: int) -> tuple[np.ndarray, np.ndarray, dict[str, Any]]:
    """Mentee-proposing deferred acceptance with capacities. Both sides rank by pair score
    (mentors break ties by the earlier mentee). Lists start at each mentee's top k and grow to
    every feasible mentor when exhausted, so the result is stable for the full lists."""
    n = len(engine.mentees)
    pool = np.flatnonzero(engine.capacity > 0)
    lists, scores, beyond = _preference_lists(engine, k or 16, pool)
    capacity = engine.capacity.tolist()
    held: list[list[tuple[int, int]]] = [[] for _ in engine.mentors]  # heap of (score, -i)
    nxt = [0] * n
    extended = 0
    free = list(range(n - 1, -1, -1))
    waiting: list[int] = []  # exhausted their first list; get every feasible mentor at once
    proposals = 0
    while free or waiting:
        if not free:
            longer = _full_lists(engine, waiting, pool)
            for i in waiting:
                tried = set(lists[i][: nxt[i]])
                pairs_i = [(j, s) for j, s in zip(*longer[i], strict=True) if j not in tried]
                lists[i] = lists[i][: nxt[i]] + [j for j, _ in pairs_i]
                scores[i] = scores[i][: nxt[i]] + [s for _, s in pairs_i]
                beyond[i] = -1
            extended += len(waiting)
            free, waiting = waiting[::-1], []
        i = free.pop()
        while True:
            if nxt[i] >= len(lists[i]):
                if beyond[i] >= 0:
                    waiting.append(i)
                break
            j, s = lists[i][nxt[i]], scores[i][nxt[i]]
            nxt[i] += 1
            proposals += 1
            if len(held[j]) < capacity[j]:
                heapq.heappush(held[j], (s, -i))
                break
            if (s, -i) > held[j][0]:
                _, loser = heapq.heapreplace(held[j], (s, -i))
                free.append(-loser)
                break
    pairs = [(-neg, j) for j, items in enumerate(held) for _, neg in items]
    pairs.sort()
    mi = np.array([p[0] for p in pairs], dtype=np.int64)
    mj = np.array([p[1] for p in pairs], dtype=np.int64)
    return mi, mj, {"proposals": proposals, "lists_extended": extended}


def greedy(engine: Engine, k: int) -> tuple[np.ndarray, np.ndarray, dict[str, Any]]:
    """First come, first served: in file order each mentee takes the best mentor with a place."""
    n = len(engine.mentees)
    pool = np.flatnonzero(engine.capacity > 0)
    lists, _, beyond = _preference_lists(engine, k or 16, pool)
    left = engine.capacity.copy()
    mi, mj = [], []
    for i in range(n):
        choice = next((j for j in lists[i] if left[j] > 0), None)
        if choice is None and beyond[i] >= 0:
            longer = _full_lists(engine, [i], pool)[i][0]
            choice = next((j for j in longer if left[j] > 0), None)
        if choice is not None:
            left[choice] -= 1
            mi.append(i)
            mj.append(choice)
    return np.array(mi, dtype=np.int64), np.array(mj, dtype=np.int64), {}


def unmatched_reasons(
    engine: Engine, rows: np.ndarray, load: np.ndarray, counts: Counts | None = None
) -> list[list[Reason]]:
    """Why each mentee in `rows` has no mentor: a hard criterion no mentor meets, no mentor
    meeting them all together, exclusions, or every compatible mentor at capacity.
    `counts`: each mentee's compatible mentors and those with room, when already counted."""
    out: dict[int, list[Reason]] = {}
    if counts is not None:
        compatible, with_room = counts
    else:
        compatible = np.zeros(len(engine.mentees), dtype=np.int64)
        with_room = np.zeros(len(engine.mentees), dtype=np.int64)
        room = engine.capacity - load > 0
        for block_rows, cols in engine.blocks(rows):
            ok = engine.block(block_rows, cols)[1]
            compatible[block_rows] = ok.sum(axis=1)
            with_room[block_rows] = (ok & room[cols][None, :]).sum(axis=1)
    everyone = np.arange(len(engine.mentors))
    # Mentees waiting for the same reason share one (immutable) reason: rendered once, and
    # written out once by writers that remember what they wrote.
    capacity_reasons: dict[tuple[bool, int], Reason] = {}
    for i, n_compatible, n_with_room in zip(
        rows.tolist(), compatible[rows].tolist(), with_room[rows].tolist(), strict=True
    ):
        if n_compatible:
            reason = capacity_reasons.get((n_with_room > 0, n_compatible))
            if reason is None:
                code = "unmatched_not_reached" if n_with_room else "unmatched_all_full"
                params: dict[str, Any] = {"mentors": n_compatible}
                reason = Reason("capacity", code, params, 0.0, 0.0, render(code, params))
                capacity_reasons[(n_with_room > 0, n_compatible)] = reason
            out[i] = [reason]
            continue
        reasons = []
        if not len(everyone):
            reasons.append(
                Reason(
                    "hard", "unmatched_no_mentors", {}, 0.0, 0.0, render("unmatched_no_mentors", {})
                )
            )
            out[i] = reasons
            continue
        together = np.ones(len(everyone), dtype=bool)
        for crit in engine.hard:
            if not crit.applicable[i]:
                continue
            _, passes = crit.evaluate(np.array([i]), everyone, True)
            assert passes is not None
            together &= passes[0]
            if not passes[0].any():
                code, params = crit.unmatched(i)
                reasons.append(Reason(crit.c.name, code, params, 0.0, 0.0, render(code, params)))
        if not reasons:
            if together.any():
                code, params = "unmatched_excluded", dict[str, Any]()
            else:
                code = "unmatched_combination"
                params = {"criteria": [c.c.label for c in engine.hard if c.applicable[i]]}
            reasons.append(Reason("hard", code, params, 0.0, 0.0, render(code, params)))
        out[i] = reasons
    return [out[i] for i in rows.tolist()]


def assign(engine: Engine, *, objective: str, algorithm: str, candidates: int = 0) -> Assignment:
    if objective not in OBJECTIVES:
        raise ValueError(f"objective must be one of {OBJECTIVES}")
    if algorithm not in ALGORITHMS:
        raise ValueError(f"algorithm must be one of {ALGORITHMS}")
    started = time.perf_counter()
    counts: Counts | None = None
    if not engine.mentors or not engine.mentees:
        # Nobody to pair: every mentee (if any) waits, and says why.
        mi = mj = np.empty(0, dtype=np.int64)
        stats: dict[str, Any] = {"rounds": 0, "proved_optimal": True}
    elif algorithm == "flow":
        mi, mj, stats, counts = optimal(engine, objective, candidates)
    elif algorithm == "stable":
        mi, mj, stats = stable(engine, candidates)
    else:
        mi, mj, stats = greedy(engine, candidates)
    stats["assign_seconds"] = round(time.perf_counter() - started, 3)
    order = np.argsort(mi, kind="stable")
    mi, mj = mi[order], mj[order]
    pairs = engine.explain(mi, mj)
    matched = np.zeros(len(engine.mentees), dtype=bool)
    matched[mi] = True
    rows = np.flatnonzero(~matched)
    load = np.bincount(mj, minlength=len(engine.mentors))
    reasons = unmatched_reasons(engine, rows, load, counts) if len(rows) else []
    unmatched = tuple(
        Unmatched(engine.mentees[i].id, tuple(r))
        for i, r in zip(rows.tolist(), reasons, strict=True)
    )
    stats["seconds"] = round(time.perf_counter() - started, 3)
    return Assignment(tuple(pairs), unmatched, objective, algorithm, stats)
