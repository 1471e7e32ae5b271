"""The optimal mode: solve the candidate graph, then prove the result optimal for the full graph
with LP duals (no left-out pair has positive reduced cost), adding the pairs that fail the check
and solving again; large cohorts are split into regions solved in worker processes."""

from __future__ import annotations

import ctypes
import ctypes.util
import multiprocessing as mp
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor
from functools import partial
from typing import TYPE_CHECKING, Any

import numpy as np

from . import flow as flow_module
from . import kept as kept_pairs
from . import parallel
from .bounds import GroupBounds, bounded_blocks, group_bounds
from .budget import Budget, score_gap
from .candidates import PRUNE_SHARE, SCORE_CACHE_CELLS, Candidates, candidates
from .check import NEAR_SLACK, duals, nonzero2d, score_violations
from .flow import ComponentSolver, repair, warm_solve, weights
from .kept import Kept, kept_check
from .parallel import map_blocks, one_blas_thread, workers

if TYPE_CHECKING:
    from .engine import Engine


# After the first round only a core of the pairs is solved: those whose reduced cost at the
# first round's prices is within CORE_SLACK hundredths of a point of zero, and of each round's
# violating pairs each mentee's CORE_NEW largest. The others stay outside the core and come in
# when a round's prices say they must. A row with a violating pair also brings in its pairs
# within NEAR_SLACK of violating: the next prices would otherwise bring them one round at a
# time (this cut the rounds of a national cohort from 9 to 7).
CORE_SLACK = 30
CORE_NEW = 4


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
    engine: Engine, objective: str, k: int, budget: Budget | None = None
) -> tuple[np.ndarray, np.ndarray, dict[str, Any], Counts | None]:
    """Optimal assignment: arrays of (mentee, mentor) index pairs, how it was proved, and per
    mentee the number of compatible mentors and of those with room (None: not counted).

    With a `budget` that runs out before the proof, the rounds stop: the best assignment
    found is returned with `proved_optimal: false` and the duality gap (budget.py).

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
    # A partition that leaves most pairs (no hard rule, or one every mentor passes): bound
    # groups of mentors instead, and score only the groups whose bounds need it (bounds.py).
    gb = None
    if cells >= BOUNDED_CELLS and cells > BOUNDED_SHARE * n * max(len(pool), 1):
        gb = group_bounds(engine, pool)
    keep_scores = cells <= SCORE_CACHE_CELLS and gb is None
    tally = keep_scores and bool((capacity > 0).all())
    job: Job = (
        engine,
        objective,
        k,
        per_mentor,
        keep_scores,
        tally,
        budget or Budget(),
        gb,
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
    if gb is not None:
        stats.update(bound_groups=[int(x) for x in gb.ub.shape], bound_key=list(gb.key))
    proved, gap_weight, total, stopped = True, 0, 0, set()
    for _, _, part, _ in results:
        proved &= part.pop("proved")
        gap_weight += part.pop("gap_weight")
        total += part.pop("total_hundredths")
        if part.get("stopped_by"):
            stopped.add(part.pop("stopped_by"))
        for key, value in part.items():
            if key == "rounds":
                stats[key] = max(stats.get(key, 0), value)
            else:
                stats[key] = stats.get(key, 0) + value
    for key in ("solve_seconds", "check_seconds", "candidate_seconds"):
        if key in stats:
            stats[key] = round(stats[key], 3)
    stats["processes"] = processes
    cat = lambda xs: np.concatenate(xs) if xs else np.zeros(0, np.int64)  # noqa: E731
    mi = cat([r[0] for r in results])
    mj = cat([r[1] for r in results])
    stats["proved_optimal"] = proved
    if not proved:
        stats["stopped_by"] = "+".join(sorted(stopped))
        bonus = int(weights(np.zeros(1), n, "count")[0])
        gap = score_gap(gap_weight, objective, n, total, len(mi), bonus)
        stats.update(gap.to_stats())
    stats["optimal_seconds"] = round(time.perf_counter() - started, 3)
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
# Group bounds replace the partition when it leaves more pairs than the score cache holds
# (then the check would score whole rows again each round) and most of the pairs. Below that,
# scoring every pair once and checking from the cache was faster when measured at 10,000 x
# 3,000 (bench/RESULTS.md), so the bounds are not used there.
BOUNDED_CELLS = SCORE_CACHE_CELLS + 1
BOUNDED_SHARE = 0.25
GROUP_MARGIN = 200  # hundredths of a point
Job = tuple["Engine", str, int, int, bool, bool, Budget, GroupBounds | None]
# Rounds of the check before it stops and reports the gap instead of a proof (seen: at most 9).
MAX_ROUNDS = 100
# After the first round a solve starts from the last assignment and its duals (flow.repair):
# the region around the violating pairs is grown this many levels over tight pairs at each
# step; when a repair gives no proof, the graph is solved cold. Empty: always cold.
WARM_LEVELS: tuple[int, ...] = (2,)
# When the repair gives no proof: a solve from the last assignment by shortest paths
# (flow.warm_solve) if few mentees violate the last duals, given at most WARM_TIME times the
# CPU seconds of the last cold solve (at 100,000 x 30,000 a warm round took 0.62-0.65 of a
# cold one; with half, a run on the loaded machine gave up just before the end).
WARM_SOLVE = True
WARM_TIME = 1.0
# With the warm solve on, the repair is tried first only while its region holds at most this
# share of the core's pairs; a larger region waits until the warm solve has given up. At
# least flow.REPAIR_SHARE (the default): the repair first, whatever its region. Tried at 0.1
# (bench/RESULTS.md, tenth round): at 30,000 x 9,000 the last round went warm in 2 passes,
# 0.19-0.30 CPU s, where the repair of 79,000 pairs took 0.15-0.17 s; no gain, so off.
REPAIR_FIRST = 1.0
_JOB: Any = None  # what forked workers read: (arguments, regions)
# A list to receive one dict per round (bench/bench_bounds.py --rounds); None: not kept.
ROUND_LOG: list[dict[str, Any]] | None = None


def _region_task(index: int) -> tuple[Any, ...]:
    # A worker process: one thread (NumPy's and BLAS's too), as many workers as cores.
    parallel.ONE_THREAD = True
    job: Job = _JOB[0]
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
    budget: Budget,
    gb: GroupBounds | None,
    region: np.ndarray,
    pool: np.ndarray,
) -> tuple[np.ndarray, np.ndarray, dict[str, Any], tuple[np.ndarray, ...] | None]:
    """`optimal` for the mentees `region`, whose feasible mentors all lie in `pool`; with
    `tally`, also (unmatched mentees, their compatible mentors, those with room) read from
    the score cache. The stats say whether the result is `proved` and, if not, the region's
    `gap_weight`: G of budget.py, in weight units."""
    n, m = len(engine.mentees), len(engine.mentors)
    capacity = engine.capacity
    started = time.perf_counter()
    cands = candidates(engine, k, pool, per_mentor, keep_scores=keep_scores, mentees=region, gb=gb)
    group_of, group_mentors = engine.partition().lookup(pool)
    in_region = np.zeros(n, dtype=bool)
    in_region[region] = True
    stats: dict[str, Any] = {"candidate_seconds": time.perf_counter() - started}
    # The graph's pairs, kept narrow (a settlement program's graph reaches 20 million pairs
    # at 100,000 x 30,000): mentee and mentor indices as int32, scores in whole hundredths as
    # int16; only the core solved each round is widened to int64 (its weights overflow 32 bits).
    ei, ej, es = _narrow(cands.i, cands.j, cands.s)
    rounds, added_total = 0, 0
    solver = ComponentSolver(n, m, capacity, objective)
    solve_seconds = check_seconds = 0.0
    # Upper bound, per mentee, of max_j (w_ij - v_j) over its whole row at the current prices;
    # kept up to date by how far prices fell, so a row seldom needs scoring a second time.
    unknown = np.int64(1 << 60)
    row_bound = np.full(n, unknown, dtype=np.int64)
    v_prev: np.ndarray | None = None
    rechecked = 0
    scanned = [0]  # pairs the priced check scored
    # The graph solved is a core of the pairs found so far: all of them in the first round,
    # then those within CORE_SLACK of being tight at the first round's prices (and every pair
    # found since). Pairs outside the core are checked against the prices like any left-out
    # pair, so the proof still covers every pair; later solves are just smaller.
    in_core = np.ones(len(ei), dtype=bool)
    keys = cands.i * m + cands.j  # sorted and unique (see candidates), with each key's edge
    key_pos = np.arange(len(ei), dtype=np.int32)  # position
    cands.i = cands.j = cands.s = None  # type: ignore[assignment]  # (now ei, ej, es)
    unit = int(weights(np.ones(1), n, objective)[0] - weights(np.zeros(1), n, objective)[0])
    margin = CORE_SLACK * unit
    near = NEAR_SLACK * unit
    big = n + 1
    previous: np.ndarray | None = None  # the last solve's assignment, as positions in ei
    u = v = np.zeros(0, dtype=np.int64)
    repairs = repaired_edges = cold_after_repair = 0
    warm_solves = warm_passes = 0
    cold_seconds = 0.0  # the last cold solve's
    # With group bounds, each scanned row's best pairs and a bound on the rest (kept.py).
    kept = None
    kept_counts: dict[str, int] = {}
    many_violations, partial_rounds = True, 0
    while True:
        rounds += 1
        if gb is not None and kept is None and kept_pairs.KEEP and rounds >= kept_pairs.FROM_ROUND:
            kept = Kept.empty(engine, gb, pool, region, kept_pairs.KEEP)
        # While the last round found many violating pairs a mentee (the first rounds: prices
        # far from their final values), this round scores each mentee only on its best
        # groups: enough new pairs for a fraction of the scoring. Such a round proves
        # nothing; the rounds end only after a complete one finds no violating pair.
        partial_mentors = 0
        if kept is not None and kept_pairs.PARTIAL_MENTORS and many_violations:
            partial_mentors = kept_pairs.PARTIAL_MENTORS
        kept_counts.pop("partial", None)
        cells_before = kept_counts.get("cells", 0)
        priced_before = kept_counts.get("rows_priced", 0)
        rescored_before = kept_counts.get("rows_rescored", 0)
        core = np.flatnonzero(in_core)
        ci, cj = ei[core].astype(np.int64), ej[core].astype(np.int64)
        core_s = es[core].astype(np.int64)
        cw = weights(core_s, n, objective)
        t0 = time.perf_counter()
        c0 = time.process_time()
        chosen = None
        warm_now = False
        movers = -1  # mentees out of place before a warm solve (-1: none tried)
        was = np.zeros(len(ei), dtype=bool)
        if previous is not None:
            was[previous] = True
        # With the warm solve on, a repair first gets only a small region (REPAIR_FIRST):
        # a larger one is tried after the warm solve, if that gives up.
        first_share = (
            REPAIR_FIRST if WARM_SOLVE and REPAIR_FIRST < flow_module.REPAIR_SHARE else None
        )
        too_large = False
        if previous is not None and WARM_LEVELS:
            # The last assignment is still feasible and its duals still hold on every pair
            # that was in the graph: re-solve only around the pairs that violate them.
            for levels in WARM_LEVELS:
                chosen, info = repair(
                    n,
                    m,
                    capacity,
                    objective,
                    ci,
                    cj,
                    cw,
                    core_s,
                    was[core],
                    u,
                    v,
                    levels,
                    share=first_share,
                )
                repaired_edges += info["repaired_edges"]
                too_large = too_large or bool(info["too_large"])
                if chosen is not None:
                    repairs += 1
                    break
            else:
                cold_after_repair += 1
        if chosen is None and previous is not None and WARM_SOLVE:
            # Too many for a region, but few mentees out of place: shortest paths from the
            # last assignment and its duals (flow.warm_solve), given at most the CPU time
            # the last cold solve took.
            chosen, info = warm_solve(
                n, m, capacity, ci, cj, cw, was[core], u, v, seconds=WARM_TIME * cold_seconds
            )
            warm_passes += info["warm_passes"]
            movers = info["movers"]
            warm_now = chosen is not None
            warm_solves += warm_now
        if chosen is None and previous is not None and first_share is not None and too_large:
            # The warm solve gave up: the repair with the region it may have without it.
            for levels in WARM_LEVELS:
                chosen, info = repair(
                    n, m, capacity, objective, ci, cj, cw, core_s, was[core], u, v, levels
                )
                repaired_edges += info["repaired_edges"]
                if chosen is not None:
                    repairs += 1
                    break
        if chosen is None:
            cold_started = time.process_time()
            chosen = solver.solve(ci, cj, cw, core_s)
            cold_seconds = time.process_time() - cold_started
        previous = core[chosen]
        t1 = time.perf_counter()
        c1 = time.process_time()
        try:
            u, v = duals(n, m, ci, cj, cw, chosen, capacity)
        except RuntimeError:
            if not warm_now:
                raise
            # (A warm solve is trusted only with its proof: otherwise solved cold.)
            chosen = solver.solve(ci, cj, cw, core_s)
            previous = core[chosen]
            u, v = duals(n, m, ci, cj, cw, chosen, capacity)
        c2 = time.process_time()
        outside = np.flatnonzero(~in_core)
        w_out = weights(es[outside], n, objective)
        back = outside[w_out - u[ei[outside]] - v[ej[outside]] > 0]
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
        cap = np.minimum(bound - floor[group_of], row_bound)
        if gb is not None:
            # Bound of w - v over each mentor group: its score bound less its lowest price.
            lowest = np.full(len(gb.members), unknown, dtype=np.int64)
            np.minimum.at(lowest, gb.mentor_group[pool], v[pool])
            group_top = weights(gb.ub, n, objective) - lowest[None, :]
            np.minimum(cap, group_top.max(axis=1)[gb.mentee_group], out=cap)
        suspects = np.flatnonzero((cap > u) & in_region)
        rechecked += len(suspects)
        new_i, new_j, new_s, new_slack = [], [], [], []

        if objective == "score":
            score_check = partial(score_violations, big, k, near, u, v)

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
                r, c = nonzero2d(bad)
                found = rows[r], cols[c], points[r, c].astype(np.int64), slack[r, c]
                return rows, best, *found, count

        violations: Callable[..., tuple[Any, ...]] = (
            score_check if objective == "score" else any_violations
        )
        violating = 0
        complete, late = True, False
        if gb is None and cands.block_of is None:
            # No score cache: each suspect is scored only against the mentors cheap enough
            # for a pair left out of its candidates (score at most `beyond`) to beat u_i.
            priced = _priced_blocks(suspects, group_of, group_mentors, bound, u, v, near, scanned)
            check = partial(_priced_check, engine, violations, objective, u, v, near)
            results = map_blocks(check, priced)
        elif gb is None:
            results = map_blocks(violations, _scored_rows(engine, cands, suspects, pool))
        elif kept is not None:
            results = kept_check(
                engine,
                gb,
                kept,
                suspects,
                pool,
                u,
                v,
                lowest,
                objective,
                k,
                near,
                GROUP_MARGIN * unit,
                violations,
                kept_counts,
                partial_mentors,
            )
        else:
            # Each suspect's row, but only the mentor groups whose bound could beat u_i.
            low_u = np.full(len(gb.ub), unknown, dtype=np.int64)
            np.minimum.at(low_u, gb.mentee_group[suspects], u[suspects])
            # (with room: groups just below u_i would be scanned next round, once prices fall)
            want = group_top > low_u[:, None] - GROUP_MARGIN * unit
            blocks = bounded_blocks(engine, gb, suspects, pool, want, group_top)
            results = map_blocks(partial(_bounded_check, engine, violations), blocks)
        for rows, best, found_i, found_j, found_s, found_slack, count in results:
            if late:
                complete = False  # the rows not scanned keep their bounds (below)
                break
            row_bound[rows] = best
            violating += count
            # (narrow while they wait: the first rounds find tens of millions)
            found_i, found_j, found_s = _narrow(found_i, found_j, found_s)
            new_i.append(found_i)
            new_j.append(found_j)
            new_s.append(found_s)
            new_slack.append(found_slack)
            late = budget.out_of_time()
        check_seconds += time.perf_counter() - t1
        solve_seconds += t1 - t0
        if ROUND_LOG is not None:
            ROUND_LOG.append(
                {
                    "round": rounds,
                    "core": len(core),
                    "edges": len(ei),
                    "solve_s": round(t1 - t0, 2),
                    "solve_cpu": round(c1 - c0, 2),
                    "check_s": round(time.perf_counter() - t1, 2),
                    "duals_cpu": round(c2 - c1, 2),
                    "check_cpu": round(time.process_time() - c2, 2),
                    "suspects": len(suspects),
                    "violating": violating,
                    "warm_solves": warm_solves,
                    "warm_passes": warm_passes,
                    "movers": movers,
                    "warm": warm_now,
                    "repairs": repairs,
                    "repaired_edges": repaired_edges,
                    "partial": partial_mentors > 0,
                    "cells": kept_counts.get("cells", 0) - cells_before,
                    "priced_rows": kept_counts.get("rows_priced", 0) - priced_before,
                    "rescored_rows": kept_counts.get("rows_rescored", 0) - rescored_before,
                }
            )
        added = sum(len(x) for x in new_i)
        left_open = kept_counts.pop("partial", 0)  # rows a partial round left unproved
        if left_open:
            partial_rounds += 1
        many_violations = violating > kept_pairs.PARTIAL_VIOLATIONS * len(region)
        if complete and not left_open and not violating and not len(back):
            break
        stopped_by = "rounds" if rounds >= MAX_ROUNDS else budget.reached()
        if not complete or stopped_by:
            # Not proved: the most the assignment could still improve, G = sum of g_i. A
            # mentee's left-out pairs beat its u_i by at most the largest of: its known pairs
            # outside the core (exact), and its row's bound (exact where scanned this round).
            g = np.maximum(np.minimum(cap, row_bound) - u, 0)
            g[~in_region] = 0
            slack_out = w_out - u[ei[outside]] - v[ej[outside]]
            np.maximum.at(g, ei[outside], slack_out)
            gap_weight = int(g.sum())
            if gap_weight > 0:  # (zero: the raised u_i are feasible duals, a proof after all)
                stats.update(proved=False, gap_weight=gap_weight, stopped_by=stopped_by or "time")
            break
        added_total += added
        if rounds == 1:
            in_core = weights(es, n, objective) - u[ei] - v[ej] >= -margin
            in_core[core[chosen]] = True
        in_core[back] = True
        # New pairs join the core only as each mentee's CORE_NEW most violating; the rest
        # wait outside it, checked every round.
        fi = np.concatenate([np.zeros(0, np.int32), *new_i])
        fj = np.concatenate([np.zeros(0, np.int32), *new_j])
        fs = np.concatenate([np.zeros(0, np.int16), *new_s])
        fslack = np.concatenate([np.zeros(0, np.int64), *new_slack])
        new_i, new_j, new_s, new_slack = [], [], [], []
        order = np.lexsort((-fslack, fi))
        rank = np.empty(len(fi), dtype=np.int64)
        rank[order] = np.arange(len(fi)) - np.searchsorted(fi[order], fi[order])
        ukey, first, inverse = np.unique(
            fi.astype(np.int64) * m + fj, return_index=True, return_inverse=True
        )
        ucore = np.zeros(len(ukey), dtype=bool)
        ucore[inverse.ravel()[rank < CORE_NEW]] = True
        # Pairs already in the graph only change whether they are in the core; the others
        # are appended, and the sorted keys merged (two sorted runs: linear time).
        at = np.minimum(np.searchsorted(keys, ukey), max(len(keys) - 1, 0))
        known = keys[at] == ukey if len(keys) else np.zeros(len(ukey), dtype=bool)
        in_core[key_pos[at[known & ucore]]] = True
        fresh = first[~known]
        start = len(ei)
        add_i, add_j, add_s = _narrow(fi[fresh], fj[fresh], fs[fresh])
        del fi, fj, fs, fslack, order, rank, inverse, first
        ei = np.concatenate([ei, add_i])
        ej = np.concatenate([ej, add_j])
        es = np.concatenate([es, add_s])
        in_core = np.concatenate([in_core, ucore[~known]])
        # The new keys merged into the sorted ones: insertion points, not a sort of them all.
        add_keys = ukey[~known]  # sorted (np.unique)
        del ukey, ucore, known, at, add_i, add_j, add_s
        keys, key_pos = _merge_sorted(
            keys, key_pos, add_keys, np.arange(start, len(ei), dtype=np.int32)
        )
        # Added pairs are now in the graph: their mentees' bound is checked again next round.
        _release_freed_memory()
    stats.update(
        edges=len(ei),
        core_edges=len(core),
        rounds=rounds,
        edges_added_by_check=added_total,
        rows_rechecked=rechecked,
        priced_cells=scanned[0],
        solve_seconds=solve_seconds,
        check_seconds=check_seconds,
        component_solves=solver.solved,
        warm_repairs=repairs,
        warm_repaired_edges=repaired_edges,
        cold_after_repair=cold_after_repair,
        warm_solves=warm_solves,
        warm_passes=warm_passes,
        partial_rounds=partial_rounds,
        **kept_counts,
    )
    stats.setdefault("proved", True)
    stats.setdefault("gap_weight", 0)
    stats["total_hundredths"] = int(core_s[chosen].sum())
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


def _libc_trim() -> Callable[[int], int] | None:
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6")
        return libc.malloc_trim  # type: ignore[no-any-return]
    except (OSError, AttributeError):  # not glibc
        return None


_TRIM = _libc_trim()


def _release_freed_memory() -> None:
    """Give the round's freed blocks back to the system. The check's score blocks (a few
    MB each, below glibc's mmap threshold once it has risen) are freed into the heap, which
    glibc seldom returns on its own: without this the resident set of a 100,000 x 30,000
    program grew by hundreds of MB a round for memory it was no longer using."""
    if _TRIM is not None:
        _TRIM(0)


def _narrow(
    ei: np.ndarray, ej: np.ndarray, es: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Pairs as int32 indices and int16 scores (whole hundredths: at most 100 points)."""
    return ei.astype(np.int32), ej.astype(np.int32), es.astype(np.int16)


def _merge_sorted(
    keys: np.ndarray, pos: np.ndarray, add_keys: np.ndarray, add_pos: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Two sorted runs of distinct keys (with their positions) merged into one."""
    at = np.searchsorted(keys, add_keys) + np.arange(len(add_keys))
    out_keys = np.empty(len(keys) + len(add_keys), dtype=keys.dtype)
    out_pos = np.empty(len(out_keys), dtype=pos.dtype)
    old = np.ones(len(out_keys), dtype=bool)
    old[at] = False
    out_keys[at] = add_keys
    out_pos[at] = add_pos
    out_keys[old] = keys
    out_pos[old] = pos
    return out_keys, out_pos


def _priced_blocks(
    suspects: np.ndarray,
    group_of: np.ndarray,
    group_mentors: list[np.ndarray],
    bound: np.ndarray,
    u: np.ndarray,
    v: np.ndarray,
    near: int,
    scanned: list[int],
) -> Iterator[tuple[np.ndarray, np.ndarray, np.ndarray]]:
    """Blocks (rows, mentors, bound of w - v over the mentors left out) that price out the
    suspects' pairs in bulk: a pair (i, j) outside the candidates weighs at most `bound[i]`
    (the weight of the best score the candidate pass left out), so it can violate only if
    v_j < bound[i] - u[i]. Each row is scored against exactly the mentors of its group
    priced below that (and NEAR_SLACK more, as a full scan would bring in), the cheapest
    first; the mentors left out cost at least the next price, so w - v is at most bound[i]
    less that price there, below u[i].

    Pairs in the graph are not rescanned: the solve's duals hold on the core pairs and the
    pairs outside the core are checked one by one each round (optimal.py)."""
    lowest = -(np.int64(1) << 62)
    rows_of = group_of[suspects]
    order = np.argsort(rows_of, kind="stable")
    suspects, rows_of = suspects[order], rows_of[order]
    cuts = np.flatnonzero(np.diff(rows_of)) + 1
    for part in np.split(np.arange(len(suspects)), cuts):
        if not len(part):
            continue
        rows = suspects[part]
        mentors = group_mentors[int(rows_of[part[0]])]
        by_price = np.argsort(v[mentors], kind="stable")
        prices = v[mentors][by_price]
        limit = bound[rows] - u[rows] + near
        width = np.searchsorted(prices, limit, side="left")
        nxt = np.append(prices, 0)[width]
        rest = np.where(width < len(mentors), bound[rows] - nxt, lowest)
        order = np.argsort(width, kind="stable")
        rows, width, rest = rows[order], width[order], rest[order]
        start = int(np.searchsorted(width, 1))  # rows with no mentor to score
        if start:
            yield rows[:start], mentors[:0], rest[:start]
        while start < len(rows):
            # Rows in order of width: a block takes rows while they fit BLOCK_CELLS.
            most = min(len(rows) - start, PRICED_BLOCK_CELLS // int(width[start]) + 1)
            cells = np.arange(1, most + 1) * width[start : start + most]
            end = start + max(1, int(np.searchsorted(cells, PRICED_BLOCK_CELLS, side="right")))
            cols = np.sort(mentors[by_price[: int(width[end - 1])]])
            scanned[0] += (end - start) * len(cols)
            yield rows[start:end], cols, rest[start:end]
            start = end


# Pairs scored per block of the priced check.
PRICED_BLOCK_CELLS = 1 << 21


def _priced_check(
    engine: Engine,
    violations: Callable[..., tuple[Any, ...]],
    objective: str,
    u: np.ndarray,
    v: np.ndarray,
    near: int,
    block: tuple[np.ndarray, np.ndarray, np.ndarray],
) -> tuple[Any, ...]:
    """`_bounded_check` of a priced block, free text last: the pairs whose points without
    text plus the most text could give stay NEAR_SLACK or more below violating can neither
    violate nor be brought in as near, so text is scored only for the mentors where some
    row's pair could; elsewhere a pair counts with that upper bound (its slack stays at most
    -near: never found, and the row's best stays an upper bound)."""
    rows, cols, rest = block
    width = len(cols)
    if not width or not engine.text_weighted():
        return _bounded_check(engine, violations, block)
    points, ok, top = engine.block_without_text(rows, cols)
    high = points + top[:, None]
    n = len(engine.mentees)
    if objective == "score":
        # slack = N (s - a_j - c_i) - (b_j + d_i) as in score_violations: at most -near
        # once s - a_j - c_i <= -NEAR_SLACK.
        big = n + 1
        a = (v[cols] - 1) // big
        c = u[rows] // big
        reach = high - a.astype(np.float32)[None, :] > (c - NEAR_SLACK).astype(np.float32)[:, None]
    else:
        w = weights(high.astype(np.int64), n, objective)
        reach = w - v[cols][None, :] - u[rows][:, None] > -near
    reach &= ok
    exact = np.flatnonzero(reach.any(axis=0))
    if len(exact) > PRUNE_SHARE * width:
        engine.add_text(points, rows, cols, np.arange(width))
    else:
        engine.add_text(points, rows, cols, exact)
        guessed = np.ones(width, dtype=bool)
        guessed[exact] = False
        points[:, guessed] = high[:, guessed]
    masked = points.astype(np.int16)
    np.putmask(masked, ~ok, np.int16(-1))
    out = violations((rows, cols, masked, ok))
    return (out[0], np.maximum(out[1], rest), *out[2:])


def _bounded_check(
    engine: Engine,
    violations: Callable[..., tuple[Any, ...]],
    block: tuple[np.ndarray, np.ndarray, np.ndarray],
) -> tuple[Any, ...]:
    """The check of one bounded block (rows, the mentors of their wanted groups, the bound
    of w - v over the groups left out): scored here, on the worker thread; a row's best is
    the larger of its scanned best and that bound."""
    rows, cols, rest = block
    if not len(cols):
        none = np.zeros(0, dtype=np.int64)
        return rows, rest, none, none, none, none, 0
    points, ok = engine.block(rows, cols)
    masked = points.astype(np.int16)
    np.putmask(masked, ~ok, np.int16(-1))
    out = violations((rows, cols, masked, ok))
    return (out[0], np.maximum(out[1], rest), *out[2:])
