"""The stable (deferred acceptance) and greedy modes."""

from __future__ import annotations

import heapq
from typing import TYPE_CHECKING, Any

import numpy as np

from .candidates import candidates

if TYPE_CHECKING:
    from .engine import Engine


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
