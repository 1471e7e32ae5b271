"""Max-weight b-matching with OR-Tools min-cost flow, one connected component at a time."""

from __future__ import annotations

import time
from concurrent.futures import ThreadPoolExecutor
from typing import TYPE_CHECKING

import numpy as np
import scipy.sparse as sp
from ortools.graph.python import min_cost_flow
from scipy.sparse.csgraph import connected_components, dijkstra, maximum_flow

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
    share: float | None = None,
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
    REPAIR_GROWTHS times (the caller then solves cold). `share`, when given, replaces
    REPAIR_SHARE; `info["too_large"]` is 1 when the region's size stopped the repair."""
    info = {"repaired_edges": 0, "growths": 0, "too_large": 0}
    most_edges = (REPAIR_SHARE if share is None else share) * len(ei)
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
        if len(sub) > most_edges or growth == REPAIR_GROWTHS:
            info["too_large"] = int(len(sub) > most_edges)
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


# A warm solve gives up (the caller solves cold) after this many shortest-path passes, or
# when more than WARM_SHARE of the graph's mentees violate the last duals: after its first
# pass a pass places only a few units, so many violating mentees take many passes (measured
# at 100,000 x 30,000 with one unit per shortest-path tree: 164 violating pairs took 30
# passes, 4.6 CPU s against 7.4 s cold; 4,325 gave up after 64 passes, 9 s; with the maximum
# flow below, 185 mentees out of place on the settlement program took 3 passes, 4.1 CPU s
# against 14.2 s cold; bench/RESULTS.md).
WARM_PASSES = 64
WARM_SHARE = 0.01
# ... and whenever more than WARM_MOVERS mentees are out of place, whatever the graph's
# size: the passes a solve needs grow with them, not with the graph, while each pass costs
# a scan of the whole graph (at 30,000 x 9,000, 90 and 107 mentees out of place took 4 and
# 6 passes, 0.3 CPU s against 0.6-1.4 s cold; 1,664 took 86 passes, 2.3 s against 0.65 s;
# bench/RESULTS.md, seventh round; at 100,000 x 30,000 on the settlement program, 661 took
# 8 passes, 4.5 CPU s against 9.4-9.8 s cold: tenth round).
WARM_MOVERS = 1000
# After each shortest-path pass, place every unit the admissible network (arcs of zero
# reduced cost) can carry, by a maximum flow, instead of one unit per shortest-path tree.
WARM_BLOCKING = True
# Each pass's Dijkstra stops at this many times the last pass's reach (0: never bounded).
WARM_REACH = 4.0


def _blocking_flow(
    tail: np.ndarray,
    head: np.ndarray,
    cap: np.ndarray,
    cost: np.ndarray,
    p: np.ndarray,
    flow: np.ndarray,
    excess: np.ndarray,
    size: int,
    order: np.ndarray,
    sorted_keys: np.ndarray,
) -> int:
    """Push as many units as possible from the nodes with excess to the nodes short of
    units along residual arcs of zero reduced cost (a maximum flow there, SciPy's Dinic);
    `flow` and `excess` are updated in place; the units placed are returned. `order` sorts
    the arcs by their key tail * size + head, `sorted_keys` are those keys in that order.

    Pushing along a zero-reduced-cost arc opens its reverse at zero reduced cost too, so
    every residual arc keeps a nonnegative reduced cost: the flow stays of least cost for
    what it carries (the invariant of successive shortest paths). The network has no pair of
    opposite arcs (mentee -> mentor, source -> mentee, mentor -> sink, source -> sink), so the
    net flow between two nodes is the change on the one arc that joins them."""
    rc = cost + p[tail] - p[head]
    fwd = (rc == 0) & (flow < cap)
    bwd = (rc == 0) & (flow > 0)
    top, bottom = size, size + 1  # a source of every excess, a sink of every shortage
    givers = np.flatnonzero(excess > 0)
    takers = np.flatnonzero(excess < 0)
    rows = np.concatenate([tail[fwd], head[bwd], np.full(len(givers), top), takers])
    cols = np.concatenate([head[fwd], tail[bwd], givers, np.full(len(takers), bottom)])
    room = np.concatenate([cap[fwd] - flow[fwd], flow[bwd], excess[givers], -excess[takers]])
    network = sp.csr_array((room.astype(np.int32), (rows, cols)), shape=(size + 2, size + 2))
    result = maximum_flow(network, top, bottom)
    placed = int(result.flow_value)
    if not placed:
        return 0
    net = result.flow.tocoo()
    r, c, f = net.row.astype(np.int64), net.col.astype(np.int64), net.data.astype(np.int64)
    pos = f > 0
    r, c, f = r[pos], c[pos], f[pos]
    np.subtract.at(excess, c[r == top], f[r == top])
    np.add.at(excess, r[c == bottom], f[c == bottom])
    inner = (r < size) & (c < size)
    r, c, f = r[inner], c[inner], f[inner]
    forward = r * size + c
    at = np.minimum(np.searchsorted(sorted_keys, forward), len(sorted_keys) - 1)
    along = sorted_keys[at] == forward
    np.add.at(flow, order[at[along]], f[along])
    backward = c * size + r
    bt = np.minimum(np.searchsorted(sorted_keys, backward), len(sorted_keys) - 1)
    against = ~along
    if not (sorted_keys[bt[against]] == backward[against]).all():
        raise RuntimeError("a flow on no arc of the network")
    np.subtract.at(flow, order[bt[against]], f[against])
    return placed


def warm_solve(
    n: int,
    m: int,
    capacity: np.ndarray,
    ei: np.ndarray,
    ej: np.ndarray,
    w: np.ndarray,
    chosen: np.ndarray,
    u: np.ndarray,
    v: np.ndarray,
    passes: int | None = None,
    share: float | None = None,
    seconds: float | None = None,
) -> tuple[np.ndarray | None, dict[str, int]]:
    """Max-weight b-matching of the edges (int64 weights `w`), started from the last round's
    optimal assignment `chosen` and its LP duals (u, v), which hold on every edge but the
    new ones: successive shortest paths on reduced costs, where only the mentees of the
    violating edges are out of place. None when it gives up (the caller then solves cold).

    The network is solve_flow's: source -> mentee (1), mentee -> mentor (cost -w), mentor ->
    sink (its places), source -> sink (the mentees left unmatched). With node potentials
    p(mentee) = u, p(mentor) = -v, p(source) = p(sink) = 0, every residual arc has reduced
    cost c + p(tail) - p(head) >= 0 (complementary slackness of the last solve), except the
    new edges that violate. Each mentee with such an edge has its potential raised to its
    best reduced weight max_j (w_ij - v_j), which makes its edges nonnegative; its own unit
    of flow is then taken back (from its mentor, which is left a unit short; or, unmatched,
    from the source, which is left a unit short), so that the mentee holds one unit to
    place. Each pass is one Dijkstra from every mentee with a unit to place over the
    residual arcs' reduced costs; the potentials rise by the distances (capped at the
    farthest of the paths from each tree to its nearest node a unit short), which keeps
    every reduced cost nonnegative and those paths' zero; then a maximum flow over the arcs
    of zero reduced cost places every unit they can carry (WARM_BLOCKING; otherwise one unit
    along each tree's path: the trees are disjoint, so their paths are too). When no node is short,
    the flow has no negative-cost residual cycle: it is a min-cost flow, so the assignment
    is optimal (check.duals proves it again, as after every solve)."""
    info = {"warm_passes": 0, "warm_paths": 0, "movers": 0}
    started = time.process_time()
    if not len(ei):
        return np.zeros(0, dtype=bool), info
    reduced_w = w - u[ei] - v[ej]
    bad = reduced_w > 0
    if not bad.any():
        return chosen.copy(), info
    mentees = np.unique(ei)
    mentors = np.unique(ej)
    if share is None:
        share = WARM_SHARE
    info["movers"] = len(np.unique(ei[bad]))
    if info["movers"] > min(share * len(mentees), WARM_MOVERS):
        return None, info
    source, sink = n + m, n + m + 1
    size = n + m + 2
    e, a, b = len(ei), len(mentees), len(mentors)
    # Arcs: the edges, source -> mentee, mentor -> sink, source -> sink.
    tail = np.concatenate([ei, np.full(a, source), n + mentors, [source]]).astype(np.int64)
    head = np.concatenate([n + ej, mentees, np.full(b, sink), [sink]]).astype(np.int64)
    cap = np.concatenate([np.ones(e + a, np.int64), capacity[mentors].astype(np.int64), [a]])
    cost = np.concatenate([-w.astype(np.int64), np.zeros(a + b + 1, np.int64)])
    matched = np.zeros(n, dtype=bool)
    matched[ei[chosen]] = True
    load = np.bincount(ej[chosen], minlength=m)
    flow = np.concatenate(
        [
            chosen.astype(np.int64),
            matched[mentees].astype(np.int64),
            load[mentors].astype(np.int64),
            [a - int(matched[mentees].sum())],
        ]
    )
    p = np.zeros(size, dtype=np.int64)
    p[:n] = u
    p[n : n + m] = -v
    # Mentees with a violating edge: potential raised to their best reduced weight, and
    # their unit of flow taken back.
    best = np.full(n, np.iinfo(np.int64).min, dtype=np.int64)
    np.maximum.at(best, ei, w - v[ej])
    movers = np.unique(ei[bad])
    p[movers] = np.maximum(p[movers], best[movers])
    excess = np.zeros(size, dtype=np.int64)
    excess[movers] = 1
    held = np.flatnonzero(chosen & np.isin(ei, movers))
    flow[held] = 0
    np.subtract.at(excess, n + ej[held], 1)
    free = movers[~matched[movers]]
    flow[e + np.searchsorted(mentees, free)] = 1
    excess[source] -= len(free)
    # Both directions of every arc, fixed once; a direction that has no residual capacity
    # weighs inf (no arc for Dijkstra). Keys locate the arc of a step of a path.
    rows = np.concatenate([tail, head])
    cols = np.concatenate([head, tail])
    graph = sp.csr_matrix(
        (np.arange(1, 2 * len(tail) + 1, dtype=np.float64), (rows, cols)), shape=(size, size)
    )
    slot = graph.data.astype(np.int64) - 1  # which direction each stored entry is
    forward_keys = tail * size + head
    order = np.argsort(forward_keys)
    sorted_keys = forward_keys[order]
    backward_keys = head * size + tail
    border = np.argsort(backward_keys)
    sorted_back = backward_keys[border]
    last_reach: float | None = None
    for _ in range(WARM_PASSES if passes is None else passes):
        if not (excess > 0).any():
            out = flow[:e] > 0
            return out, info
        if seconds is not None and time.process_time() - started > seconds:
            return None, info  # (CPU seconds) slower than solving cold
        info["warm_passes"] += 1
        rc = cost + p[tail] - p[head]
        weight = np.concatenate(
            [
                np.where(flow < cap, rc, np.inf),
                np.where(flow > 0, -rc, np.inf),
            ]
        ).astype(np.float64)
        if (weight < 0).any():
            return None, info  # (cannot happen with exact duals; never trusted blindly)
        graph.data = weight[slot]
        starts = np.flatnonzero(excess > 0)
        # Bounded at WARM_REACH times the last pass's reach: nodes farther away only need
        # their distance capped at this pass's reach, which is below the bound (when no
        # short node lies within it, the pass runs again unbounded).
        limit = (
            np.inf if last_reach is None or not WARM_REACH else WARM_REACH * max(last_reach, 1.0)
        )
        while True:
            dist, pred, root = dijkstra(
                graph,
                directed=True,
                indices=starts,
                min_only=True,
                return_predecessors=True,
                limit=limit,
            )
            short = np.flatnonzero((excess < 0) & np.isfinite(dist))
            if len(short) or limit == np.inf:
                break
            limit = np.inf
        if not len(short):
            return None, info
        # The nearest short node of each tree.
        by = np.lexsort((dist[short], root[short]))
        short = short[by]
        first = np.concatenate([[True], root[short][1:] != root[short][:-1]])
        targets = short[first]
        reach = float(dist[targets].max())
        last_reach = reach
        p += np.minimum(np.where(np.isfinite(dist), dist, reach), reach).astype(np.int64)
        if WARM_BLOCKING:
            # Every unit that can reach a short node over arcs of zero reduced cost goes
            # in this pass: a maximum flow on those arcs (the admissible network), from the
            # nodes holding units to the nodes short of one. The shortest-path trees' paths
            # are among them, so it places at least as many units as they would.
            placed = _blocking_flow(
                tail, head, cap, cost, p, flow, excess, size, order, sorted_keys
            )
            info["warm_paths"] += placed
            continue
        for target in targets:
            steps = [int(target)]
            while pred[steps[-1]] >= 0:
                steps.append(int(pred[steps[-1]]))
            path = np.array(steps[::-1], dtype=np.int64)
            keys = path[:-1] * size + path[1:]
            at = np.minimum(np.searchsorted(sorted_keys, keys), len(sorted_keys) - 1)
            is_forward = sorted_keys[at] == keys
            np.add.at(flow, order[at[is_forward]], 1)
            bt = np.minimum(np.searchsorted(sorted_back, keys), len(sorted_back) - 1)
            np.subtract.at(flow, border[bt[~is_forward]], 1)
            excess[path[0]] -= 1
            excess[path[-1]] += 1
            info["warm_paths"] += 1
    return None, info
