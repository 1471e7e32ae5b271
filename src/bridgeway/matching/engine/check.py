"""The optimality check's arithmetic: LP duals of a solved graph, and which left-out pairs
violate them (positive reduced cost), block by block on 2-byte integers."""

from __future__ import annotations

from typing import Any

import numpy as np

# A row with a violating pair also brings in its pairs within NEAR_SLACK hundredths of a point
# of violating (optimal.py).
NEAR_SLACK = 30


def duals(
    n: int,
    m: int,
    ei: np.ndarray,
    ej: np.ndarray,
    w: np.ndarray,
    chosen: np.ndarray,
    capacity: np.ndarray,
    cap: np.ndarray | None = None,
) -> tuple[np.ndarray, np.ndarray]:
    """Optimal LP duals (u per mentee, v per mentor) for a max-weight b-matching of the edges.

    Complementary slackness fixes u_i = w(i, M(i)) - v_M(i) for a matched mentee, u_i = 0 for
    an unmatched one and v_j = 0 for a mentor with a free place; what is left are difference
    constraints between mentors. Of all the solutions we take the largest v (each mentor's
    "price" as high as its own pairs allow), found by vectorised Bellman-Ford rounds from
    above: high prices are what prove that a left-out mentee could not take a mentor's place.
    Raises if the matching is not optimal (then no duals exist).

    With `cap`, each v_j is also at most cap_j (flow.repair: what pairs with mentors whose
    prices are fixed allow); raises if no such duals exist.
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
    if cap is not None:
        np.minimum(v, cap, out=v)
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


def nonzero2d(mask: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """np.nonzero of a 2-D array (rows, then columns, in row-major order): the same indices,
    found as flat positions divided by the width, which NumPy does four to twenty times
    faster than its 2-D nonzero (measured on blocks of 190 x 11,000: 1.3 against 6.0 ms at
    13 % marked)."""
    width = mask.shape[1]
    if not width:
        none = np.zeros(0, dtype=np.intp)
        return none, none.copy()
    rows, cols = np.divmod(np.flatnonzero(mask), width)
    return rows, cols


def keep_largest(marked: np.ndarray, values: np.ndarray, k: int) -> np.ndarray:
    """In each row with more than k cells marked, keep marked only the cells whose value is
    among the row's k largest (and any tied with the k-th); `marked` is changed in place.
    Returns how many cells each row had marked before."""
    per_row = np.count_nonzero(marked, axis=1)
    many = np.flatnonzero(per_row > k)
    if len(many):
        width = values.shape[1]
        kth = np.partition(values[many], width - k, axis=1)[:, width - k]
        marked[many] &= values[many] >= kth[:, None]
    return per_row


# score_violations finds the smallest b_j among a row's tied maxima from the tied cells alone
# when at most one cell in TIE_SHARE is tied (otherwise over the whole block: a block of many
# ties would cost more that way).
TIE_SHARE = 8


def score_violations(
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
    if len(t) and np.count_nonzero(tie) * TIE_SHARE <= tie.size:
        # Few ties (the usual case): the smallest b_j over the tied cells alone, row by row
        # (every row has one at least: its maximum), five times faster than the whole block.
        r0, col0 = nonzero2d(tie)
        low = np.minimum.reduceat(b[col0], np.searchsorted(r0, np.arange(len(t))))
    else:
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
        r1, col1 = nonzero2d(edge[some])
        count = int(np.count_nonzero(b[col1] + d[some[r1]] < big))
    if not count:
        none = np.zeros(0, dtype=np.int64)
        return rows, best, none, none, none, none, 0
    # Near: t - c >= 1 - NEAR_SLACK; in a row with more than k, those with the k largest t
    # (and any tied with the k-th).
    near_ok = t >= (c16 + 1 - NEAR_SLACK)[:, None]
    per_row = keep_largest(near_ok, t, k)
    some = np.flatnonzero(per_row)
    r, col = nonzero2d(near_ok[some])
    r = some[r]
    slack = big * (t[r, col].astype(np.int64) - c[r]) - (b[col] + d[r])
    keep = slack > -near
    r, col, slack = r[keep], col[keep], slack[keep]
    return rows, best, rows[r], cols[col], points[r, col].astype(np.int64), slack, count
