"""Each mentee's best mentors, scored in vectorised blocks: the graph the optimal mode solves."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np

from .bounds import GroupBounds, bounded_blocks, candidate_groups
from .check import nonzero2d
from .parallel import map_blocks

if TYPE_CHECKING:
    from .engine import Engine


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


# Widest block whose columns fit the 15 bits of a selection key (wider: an argpartition).
KEYED_WIDTH = 1 << 15
# Cells of the score cache kept for the optimality check (2 bytes each: at most 1.5 GiB).
SCORE_CACHE_CELLS = 800_000_000
# Past this share of a block's columns, free text is scored for the whole block (one product).
PRUNE_SHARE = 0.6
PROFILE_ROWS = 64  # mentees a block when free text is scored last


# Scores without text are counted in bins of this many hundredths to find a lower bound of
# each row's (k+1)-th best (a histogram instead of a partition).
FLOOR_BIN = 32


def _text_last(
    engine: Engine, k: int, rows: np.ndarray, cols: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Each row's k best mentors of a block, free text scored last: (scores in whole
    hundredths as int16, -1 where infeasible, exact in the columns `exact` and only a lower
    bound elsewhere; the k best as row and column positions; the best score left out).

    Without text, a pair's points are at most what text can add (`top`) below its score. A
    lower bound `floor` of each row's (k+1)-th best without text is read from a histogram:
    a pair below `floor` even with full text points scores less than k + 1 others, so it is
    neither among the k best nor the best left out. Text is scored only for the columns
    where some row's pair reaches `floor`, and the k best (by score, then earlier mentor:
    the keys of the full selection) are picked among the pairs that reach it."""
    width = len(cols)
    points, ok, top = engine.block_without_text(rows, cols)
    cheap = points.astype(np.int16)
    np.putmask(cheap, ~ok, np.int16(-1))
    bins = int(cheap.max(initial=0)) // FLOOR_BIN + 2
    binned = (cheap + 1) // np.int16(FLOOR_BIN)
    binned = binned.astype(np.int32)
    binned += (np.arange(len(rows), dtype=np.int32) * bins)[:, None]
    counts = np.bincount(binned.ravel(), minlength=len(rows) * bins).reshape(len(rows), bins)
    at_least = np.cumsum(counts[:, ::-1], axis=1)[:, ::-1]  # pairs in this bin or above
    floor = ((at_least > k).sum(axis=1) - 1) * FLOOR_BIN - 1
    reach = cheap.astype(np.float32) + top[:, None] >= floor.astype(np.float32)[:, None]
    reach &= ok
    exact = np.flatnonzero(reach.any(axis=0))
    if len(exact) > PRUNE_SHARE * width:
        exact = np.arange(width)
    engine.add_text(points, rows, cols, exact)
    masked = points.astype(np.int16)
    np.putmask(masked, ~ok, np.int16(-1))
    r, c = nonzero2d(reach)
    s = masked[r, c]
    order = np.lexsort((c, -s.astype(np.int32), r))
    r, c, s = r[order], c[order], s[order]
    rank = np.arange(len(r)) - np.searchsorted(r, r, side="left")
    left_out = np.full(len(rows), -1, dtype=np.int16)
    kth = rank == k
    left_out[r[kth]] = s[kth]
    best = rank < k
    return masked, exact, r[best], c[best], left_out


def candidates(
    engine: Engine,
    k: int,
    pool: np.ndarray,
    per_mentor: int = 0,
    keep_scores: bool = False,
    mentees: np.ndarray | None = None,
    gb: GroupBounds | None = None,
) -> Candidates:
    """Top-k feasible mentors (by score, among `pool`) of every mentee (of `mentees`, default
    all), in blocks; with `per_mentor`, also for each mentor the best of the mentees that
    were best for it in a block (about twice its places, at most `per_mentor`), which are
    the pairs a crowded optimum tends to need.

    With group bounds `gb`, each mentee is scored only against its group's best mentor
    groups (bounds.py); `beyond` is then also at least the bound of the groups left out."""
    n, m = len(engine.mentees), len(engine.mentors)
    rows_wanted = np.arange(n) if mentees is None else mentees
    beyond = np.full(n, -1, dtype=np.int64)
    source: Any
    if gb is not None:
        keep_scores = False
        want = candidate_groups(gb, k)
        source = bounded_blocks(engine, gb, rows_wanted, pool, want, gb.ub)
    if keep_scores:
        cells = sum(len(r) * len(c) for r, c in engine.blocks(rows_wanted, pool))
        keep_scores = cells <= SCORE_CACHE_CELLS
    # Without the cache, free text (most of the scoring time) is scored only where it can
    # change a row's best (the cache needs every score exact), in blocks of mentees with
    # like answers, who want the same mentors.
    # (Group bounds already score only a mentee's best groups: their candidate pass is left
    # as measured, every pair of their blocks scored; bench/RESULTS.md.)
    prune = not keep_scores and gb is None and bool(engine.text_weighted())
    if gb is None:
        by_profile = PROFILE_ROWS if prune else 0
        source = ((r, c, None) for r, c in engine.blocks(rows_wanted, pool, by_profile))
    kept: list[tuple[np.ndarray, np.ndarray, np.ndarray]] = []
    block_of = np.full(n, -1, dtype=np.int64) if keep_scores else None
    block_row = np.zeros(n, dtype=np.int64)
    parts_i, parts_j, parts_s = [], [], []
    best_key = np.full((per_mentor, m), -1, dtype=np.int64)

    def scored(block: tuple[np.ndarray, np.ndarray, Any]) -> tuple[Any, ...]:
        # Scores in whole hundredths fit int16 (-1: infeasible); each row's k best are found
        # with a partition (no indices: many times faster than an argpartition) on keys that
        # put the score first and the earlier mentor second, so exactly k are above the
        # (k+1)-th key, and that key's score is the best one left out.
        rows, cols, rest = block
        width = len(cols)
        if not width:
            none = np.zeros(0, dtype=np.int64)
            masked = np.zeros((len(rows), 0), dtype=np.int16)
            return rows, cols, masked, (none, none, none), rest, None
        exact = None  # columns whose scores are exact (None: all)
        left_out = None
        if prune and width > k:
            masked, exact, r, c, left_out = _text_last(engine, k, rows, cols)
            if len(exact) == width:
                exact = None
        else:
            points, ok = engine.block(rows, cols)
            masked = points.astype(np.int16)
            np.putmask(masked, ~ok, np.int16(-1))
        if prune and width > k:
            pass  # selected above
        elif width > k and width < KEYED_WIDTH:
            key = masked.astype(np.int32) << 15
            key |= np.arange(width - 1, -1, -1, dtype=np.int32)[None, :]
            kth = np.partition(key, width - k - 1, axis=1)[:, width - k - 1]
            r, c = nonzero2d(key > kth[:, None])
            left_out = kth >> 15
        elif width > k:
            top = np.argpartition(masked, width - k - 1, axis=1)
            r = np.repeat(np.arange(len(rows)), k)
            c = top[:, -k:].ravel()
            left_out = np.take_along_axis(masked, top[:, -(k + 1) : -k], axis=1)[:, 0]
        else:
            r, c = nonzero2d(ok)
        s = masked[r, c]
        feasible = s >= 0
        found = rows[r[feasible]], cols[c[feasible]], s[feasible].astype(np.int64)
        # Each mentor's best mentee of the block: a mentor is in many blocks, and the best of
        # those make its list (a full per-column selection costs more than all the scoring).
        side = None
        if per_mentor:
            exact_cols = cols if exact is None else cols[exact]
            exact_scores = masked if exact is None else masked[:, exact]
            best_row = exact_scores.argmax(axis=0)[None, :]
            vals = np.take_along_axis(exact_scores, best_row, axis=0)
            side = (exact_cols, vals, rows[best_row])
        if rest is not None:
            left_out = rest if left_out is None else np.maximum(left_out, rest)
        return rows, cols, masked, found, left_out, side

    for rows, cols, masked, found, left_out, side in map_blocks(scored, source):
        if block_of is not None:
            block_of[rows] = len(kept)
            block_row[rows] = np.arange(len(rows))
            kept.append((rows, cols, masked))
        if left_out is not None:
            # (a mentee's rows can come in several blocks: partition groups in bounded mode)
            beyond[rows] = np.maximum(beyond[rows], left_out.astype(np.int64))
        parts_i.append(found[0])
        parts_j.append(found[1])
        parts_s.append(found[2])
        if per_mentor and side is not None:
            # Each mentor's best mentees so far, as one key per pair (score first, then the
            # earlier mentee), merged block by block into a small table.
            side_cols, vals, ids = side
            key = vals.astype(np.int64) * (n + 1) + (n - ids)
            np.putmask(key, vals < 0, -1)
            # Replace each column's smallest kept key when the new one is larger.
            table = best_key[:, side_cols]
            low = table.argmin(axis=0)
            at = np.arange(len(side_cols))
            better = key[0] > table[low, at]
            table[low[better], at[better]] = key[0, better]
            best_key[:, side_cols] = table
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
