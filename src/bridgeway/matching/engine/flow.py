"""Max-weight b-matching with OR-Tools min-cost flow, one connected component at a time."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from typing import TYPE_CHECKING

import numpy as np
import scipy.sparse as sp
from ortools.graph.python import min_cost_flow
from scipy.sparse.csgraph import connected_components

from .check import duals
from .parallel import workers

if TYPE_CHECKING:
    pass


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
    # (Built in the solver's own integer types: no float64 copies of a large graph.)
    i32, i64 = np.int32, np.int64
    tails = np.concatenate(
        [np.zeros(a, i32), 1 + ti.astype(i32), 1 + a + np.arange(b, dtype=i32), [source]]
    ).astype(i32, copy=False)
    heads = np.concatenate(
        [1 + np.arange(a, dtype=i32), 1 + a + tj.astype(i32), np.full(b, sink, i32), [sink]]
    ).astype(i32, copy=False)
    del ti, tj
    caps = np.concatenate([np.ones(a + len(ei), i64), capacity[mentors].astype(i64), [a]]).astype(
        i64, copy=False
    )
    costs = np.concatenate([np.zeros(a, i64), -w.astype(i64), np.zeros(b + 1, i64)]).astype(
        i64, copy=False
    )
    flow = min_cost_flow.SimpleMinCostFlow()
    flow.add_arcs_with_capacity_and_unit_cost(tails, heads, caps, costs)
    del tails, heads, caps, costs
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


# A repair is tried only when the violating pairs' mentees are at most REPAIR_SEEDS of the
# graph's mentees: with more, the region it needs grows to much of the graph and costs more
# than solving it whole (measured at 100,000 x 30,000 without hard rules: 180 mentees took
# 12.0 CPU s against 6.9 s cold, 5 mentees 1.0 s against 7.4 s; bench/RESULTS.md). It gives
# up when the region would hold more than REPAIR_SHARE of the pairs or has grown
# REPAIR_GROWTHS times without a proof.
REPAIR_SEEDS = 0.001
REPAIR_SHARE = 0.5
REPAIR_GROWTHS = 8


def repair(
    n: int,
    m: int,
    capacity: np.ndarray,
    objective: str,
    ei: np.ndarray,
    ej: np.ndarray,
    w: np.ndarray,
    scores: np.ndarray,
    chosen: np.ndarray,
    u: np.ndarray,
    v: np.ndarray,
    levels: int = 1,
) -> tuple[np.ndarray | None, dict[str, int]]:
    """Re-solve only the part of the graph that pairs added since the last solve can change.

    `chosen` is the previous optimal assignment, still feasible on these pairs, and (u, v) its
    LP duals (check.duals), which every pair that was in the graph then still satisfies. The
    pairs that violate them (w - u - v > 0) are the new ones worth taking. Their mentees and
    mentors seed a region, grown `levels` times over the tight pairs (w - u - v >= 0) and
    closed under the assignment (a region mentor's mentees, a region mentee's mentor): the
    region is solved anew on its pairs, everything outside keeps its pairs and its duals.

    The result is returned only with a proof: duals for the region that, together with the
    outside's previous ones, satisfy every pair. Then they are feasible LP duals in
    complementary slackness with the new assignment, so it is optimal for the whole graph.
    Where a pair across the boundary fails, its ends join the region, which grows `levels`
    more times and is solved again; None when there are too many violating pairs to start
    from (REPAIR_SEEDS), when the region would hold more than REPAIR_SHARE of the pairs or has grown
    REPAIR_GROWTHS times (the caller then solves cold)."""
    info = {"repaired_edges": 0, "growths": 0}
    rc = w - u[ei] - v[ej]
    seed = rc > 0
    if not seed.any():
        return chosen.copy(), info
    if len(np.unique(ei[seed])) > REPAIR_SEEDS * len(np.unique(ei)):
        return None, info
    match = np.full(n, -1, dtype=np.int64)
    match[ei[chosen]] = ej[chosen]
    mi, mj = ei[chosen], ej[chosen]
    in_i = np.zeros(n, dtype=bool)
    in_j = np.zeros(m, dtype=bool)
    in_i[ei[seed]] = True
    in_j[ej[seed]] = True
    tight = rc >= 0
    ti, tj = ei[tight], ej[tight]
    top = np.iinfo(np.int64).max
    for growth in range(REPAIR_GROWTHS + 1):
        for _ in range(levels):
            in_j[match[in_i & (match >= 0)]] = True
            in_i[mi[in_j[mj]]] = True
            in_j[tj[in_i[ti]]] = True
            in_i[ti[in_j[tj]]] = True
        # Closed under the assignment: every mentee of a region mentor and every region
        # mentee's mentor is in the region, so the places outside it are untouched.
        in_j[match[in_i & (match >= 0)]] = True
        in_i[mi[in_j[mj]]] = True
        sub = np.flatnonzero(in_i[ei] & in_j[ej])
        if len(sub) > REPAIR_SHARE * len(ei) or growth == REPAIR_GROWTHS:
            return None, info
        si, sj = ei[sub], ej[sub]
        places = int(capacity[np.unique(sj)].sum())
        most = min(len(np.unique(si)), places)
        picked = solve_flow(n, m, si, sj, weights(scores[sub], most, objective), capacity)
        info["repaired_edges"] += len(sub)
        # Duals for the region: a region mentee's pair with an outside mentor j caps the
        # price of the mentee's own mentor k (u_i = w_ik - v_k >= w_ij - v_j); the largest
        # prices under those caps are found as check.duals finds them. (Caps no duals meet:
        # the region's own duals, and the pairs across that fail them grow the region.)
        new_match = np.full(n, -1, dtype=np.int64)
        new_match[si[picked]] = sj[picked]
        new_w = np.zeros(n, dtype=np.int64)
        new_w[si[picked]] = w[sub][picked]
        across = np.flatnonzero(in_i[ei] & ~in_j[ej])
        to = new_match[ei[across]]
        held = to >= 0
        cap = np.full(m, top, dtype=np.int64)
        np.minimum.at(
            cap, to[held], new_w[ei[across[held]]] - w[across[held]] + v[ej[across[held]]]
        )
        try:
            su, sv = duals(n, m, si, sj, w[sub], picked, capacity, cap)
        except RuntimeError:
            su, sv = duals(n, m, si, sj, w[sub], picked, capacity)
        uu = np.where(in_i, su, u)
        vv = np.where(in_j, sv, v)
        bad = w - uu[ei] - vv[ej] > 0
        if not bad.any():
            out = chosen.copy()
            out[sub] = picked
            info["growths"] = growth
            return out, info
        in_i[ei[bad]] = True
        in_j[ej[bad]] = True
    return None, info
