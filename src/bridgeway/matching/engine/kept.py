"""The optimality check with group bounds, round after round, without scoring the same rows
again and again (optimal.py).

Scores do not change between rounds, only the prices (the duals). When a mentee's row is
scored against some mentor groups, its KEEP best pairs there are kept with their exact
scores, and `rest`, a score no other pair of those groups exceeds. In a later round a pair
of a scanned group h that is not kept weighs at most w(min(rest_i, ub[g_i, h])), so its
reduced cost is at most that less the lowest price in h; a pair of a group not scanned is
bounded by the group bound as before. Every suspect's kept pairs are checked exactly (a
gather). A row whose bound on unscanned groups beats u_i is scored on those groups; a row
whose bound on its scanned groups beats u_i is scored only against the mentors priced below
w(rest_i) - u_i (elsewhere a left-out pair cannot beat u_i), or on all its scanned groups
again when that is most of them, so that its rest can fall.

A row priced out that way keeps a record of it (PRICED_RECORD): that round's prices, how
many of the cheapest mentors it was scored against (its width) and its best w - v among them.
The last complete rounds otherwise scored the same rows against the same mentors every
round, to find nothing: between them only a few prices fall. In a later round, while the
row's best then is at most u_i and every mentor beyond its width was priced then at least
w(rest_i) - u_i + near, a pair can beat u_i (or come within `near` of it) only with a mentor
whose price has fallen since: the row is scored against those mentors alone, or not at all
when none of them fell far enough to matter. A row scored on all its groups keeps the same
record, with every mentor in its width and its block's answer as its best (exact on the
block, the group bound elsewhere), when that best is at most u_i.

The proof is unchanged: every pair of a row is either checked exactly this round, or
bounded by a score it cannot exceed less a price it cannot be below.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from functools import partial
from typing import TYPE_CHECKING, Any

import numpy as np

from .bounds import GroupBounds, bounded_blocks
from .check import keep_largest, nonzero2d
from .flow import weights
from .parallel import map_blocks

if TYPE_CHECKING:
    from .engine import Engine

# Pairs kept per mentee (6 bytes each: 100,000 mentees x 128 is 77 MB); 0: not kept.
KEEP = 128
# The round from which rows keep their pairs.
FROM_ROUND = 1
# While the last round found more than PARTIAL_VIOLATIONS violating pairs a mentee, a round
# scores each mentee only on its best unscanned groups by bound, about PARTIAL_MENTORS
# mentors (0: never). At 100,000 x 30,000 the first round finds about 1,000 a mentee.
PARTIAL_MENTORS = 2048
PARTIAL_VIOLATIONS = 10
# A partial round checks a row's scanned groups only through its kept pairs (1), or prices
# them out and scores them again like a complete round (0).
PARTIAL_KEPT_ONLY = 1
# A block of rows scored on their groups stops taking rows once it would score more than
# this many times the pairs they want (bounds.bounded_blocks; 0: only its size limits it).
BATCH_WASTE = 1.5
# A row priced out in an earlier round is scored only against the mentors whose price has
# fallen since, while that round's record still bounds its other pairs (1); or priced
# again every round (0).
PRICED_RECORD = 1
ROW_CHUNK = 4096  # suspects whose group bounds are computed at once
NEG = -(1 << 62)


@dataclass
class Pricing:
    """A pricing round's record read at the current prices (Kept.since_pricing)."""

    fall: np.ndarray  # (pool + 1,): the largest price fall among its first k mentors
    next_price: np.ndarray  # (pool + 1,): the price then of its k-th mentor (top: none)
    floor: np.ndarray  # (pool + 1,): the lowest price now from its k-th mentor on (top: none)
    fallen: np.ndarray  # the mentors whose price fell since, sorted


@dataclass
class Kept:
    cols: np.ndarray  # (n, KEEP) int32 mentor indices, -1: empty
    scores: np.ndarray  # (n, KEEP) int16 exact scores, -1: empty or infeasible
    rest: np.ndarray  # (n,) int16: no scanned pair left out of `cols` scores more (-1: none)
    # (n, mentor groups) int8: 1 scored, 0 not yet, 2 holding no mentor the row may have
    scanned: np.ndarray
    # The last pricing of each row (PRICED_RECORD): which of `pricings` it was priced in
    # (-1: never), its width (it was scored against at least that many of the cheapest
    # mentors then) and its best w - v among them at that round's prices.
    priced_at: np.ndarray = field(init=False)  # (n,) int16
    priced_width: np.ndarray = field(init=False)  # (n,) int32
    priced_best: np.ndarray = field(init=False)  # (n,) int64
    # Per pricing round: the pool's mentors in order of price then, and those prices.
    pricings: list[tuple[np.ndarray, np.ndarray]] = field(init=False)

    def __post_init__(self) -> None:
        n = len(self.rest)
        self.priced_at = np.full(n, -1, dtype=np.int16)
        self.priced_width = np.zeros(n, dtype=np.int32)
        self.priced_best = np.zeros(n, dtype=np.int64)
        self.pricings = []

    def since_pricing(self, v: np.ndarray) -> list[Pricing]:
        """For each pricing round, what its records need at the current prices `v`."""
        out = []
        for order, then in self.pricings:
            now = v[order]
            fall = np.maximum(then - now, 0)
            first = np.concatenate(([0], np.maximum.accumulate(fall))) if len(fall) else [0]
            top = np.int64(1 << 62)
            out.append(
                Pricing(
                    np.asarray(first, dtype=np.int64),
                    np.concatenate((then, [top])),
                    np.concatenate((np.minimum.accumulate(now[::-1])[::-1], [top])),
                    np.sort(order[fall > 0]),
                )
            )
        return out

    def from_record(
        self,
        rows: np.ndarray,
        u: np.ndarray,
        limit: np.ndarray,
        cheap: np.ndarray,
        since: list[Pricing],
    ) -> tuple[np.ndarray, np.ndarray]:
        """Which of the rows (u_i, limit w(rest_i) - u_i + near and `cheap` mentors priced
        below it, all per row) their last pricing covers, wholly (nothing to score) or all
        but the mentors whose price fell since (scored against those alone; cheaper than
        pricing again). A pair with a mentor among the row's width then weighs w - v <= its
        best then plus that mentor's fall; a mentor beyond the width was priced then at
        least as high as the width's next price, and costs no less now unless it fell."""
        at = self.priced_at[rows].astype(np.int64)
        whole = np.zeros(len(rows), dtype=bool)
        fallen = np.zeros(len(rows), dtype=bool)
        for index in np.unique(at[at >= 0]):
            some = np.flatnonzero(at == index)
            record = since[int(index)]
            width = self.priced_width[rows[some]]
            best = self.priced_best[rows[some]]
            # Wholly: beyond the width, none cheap now; within it, none fell far enough.
            whole[some] = record.floor[width] >= limit[some]
            whole[some] &= best + record.fall[width] <= u[some]
            # But for the fallen: beyond the width, none cheap then; within it, at most u_i then.
            fallen[some] = record.next_price[width] >= limit[some]
            fallen[some] &= ~whole[some] & (best <= u[some])
            fallen[some] &= len(record.fallen) < cheap[some]
        return whole, fallen

    @classmethod
    def empty(
        cls, engine: Engine, gb: GroupBounds, pool: np.ndarray, region: np.ndarray, keep: int
    ) -> Kept:
        n, h = len(engine.mentees), len(gb.members)
        scanned = np.full((n, h), 2, dtype=np.int8)
        in_pool = np.zeros(len(engine.mentors), dtype=bool)
        in_pool[pool] = True
        in_region = np.zeros(n, dtype=bool)
        in_region[region] = True
        for members, allowed in engine.partition().groups:
            rows = members[in_region[members]]
            if not len(rows):
                continue
            mask = in_pool.copy()
            if allowed is not None:
                mask &= np.isin(np.arange(len(mask)), allowed)
            present = np.zeros(h, dtype=bool)
            groups = gb.mentor_group[mask]
            present[groups[groups >= 0]] = True
            # A group with no mentor the row may have is never scanned: nothing to score.
            scanned[np.ix_(rows, np.flatnonzero(present))] = 0
        return cls(
            np.full((n, keep), -1, dtype=np.int32),
            np.full((n, keep), -1, dtype=np.int16),
            np.full(n, -1, dtype=np.int16),
            scanned,
        )

    def replace(
        self, rows: np.ndarray, cols: np.ndarray, scores: np.ndarray, rest: np.ndarray
    ) -> None:
        """The rows' kept pairs (padded with -1) and rest from a scan that covered all their
        scanned groups: what was kept before is dropped."""
        keep = self.cols.shape[1]
        self.cols[rows] = -1
        self.scores[rows] = -1
        self.cols[rows, : cols.shape[1]] = cols[:, :keep]
        self.scores[rows, : cols.shape[1]] = scores[:, :keep]
        self.rest[rows] = rest

    def merge(
        self, rows: np.ndarray, cols: np.ndarray, scores: np.ndarray, rest: np.ndarray
    ) -> None:
        """Add pairs (per row, padded with -1) and their rest: each row keeps the KEEP best
        of what it had and the new pairs; what it drops counts in its rest."""
        keep = self.cols.shape[1]
        all_c = np.concatenate([self.cols[rows], cols.astype(np.int32)], axis=1)
        all_s = np.concatenate([self.scores[rows], scores.astype(np.int16)], axis=1)
        # A pair kept already and found again is kept once.
        order = np.argsort(all_c, axis=1, kind="stable")
        by_col = np.take_along_axis(all_c, order, axis=1)
        twice = (by_col[:, 1:] == by_col[:, :-1]) & (by_col[:, 1:] >= 0)
        r, c = nonzero2d(twice)
        all_s[r, order[r, c + 1]] = -1
        all_c[r, order[r, c + 1]] = -1
        width = all_s.shape[1]
        new_rest = np.maximum(self.rest[rows], rest.astype(np.int16))
        if width > keep:
            kth = np.partition(all_s, width - keep - 1, axis=1)[:, width - keep - 1]
            new_rest = np.maximum(new_rest, kth)
            stay = all_s > kth[:, None]
            r, c = nonzero2d(stay)
            at = np.arange(len(r)) - np.searchsorted(r, r)
            out_c = np.full((len(rows), keep), -1, dtype=np.int32)
            out_s = np.full((len(rows), keep), -1, dtype=np.int16)
            out_c[r, at] = all_c[r, c]
            out_s[r, at] = all_s[r, c]
            all_c, all_s = out_c, out_s
        else:
            pad = keep - width
            all_c = np.pad(all_c, ((0, 0), (0, pad)), constant_values=-1)
            all_s = np.pad(all_s, ((0, 0), (0, pad)), constant_values=-1)
        self.cols[rows] = all_c
        self.scores[rows] = all_s
        self.rest[rows] = new_rest


def _top(
    masked: np.ndarray, cols: np.ndarray, keep: int
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Each row's pairs above its (keep+1)-th best score (at most keep, padded with -1), and
    that score (-1: the row has no more than keep pairs)."""
    rows, width = masked.shape
    if width <= keep:
        kc = np.broadcast_to(cols.astype(np.int32)[None, :], masked.shape).copy()
        return kc, masked.copy(), np.full(rows, -1, dtype=np.int16)
    kth = np.partition(masked, width - keep - 1, axis=1)[:, width - keep - 1]
    r, c = nonzero2d(masked > kth[:, None])
    at = np.arange(len(r)) - np.searchsorted(r, r)
    out_c = np.full((rows, keep), -1, dtype=np.int32)
    out_s = np.full((rows, keep), -1, dtype=np.int16)
    out_c[r, at] = cols[c]
    out_s[r, at] = masked[r, c]
    return out_c, out_s, kth.astype(np.int16)


def _scan(
    engine: Engine,
    violations: Callable[..., tuple[Any, ...]],
    keep: int,
    block: tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray],
) -> tuple[Any, ...]:
    """A block of rows scored on the mentors of their wanted groups: the check's answer (with
    each row's best at least the bound of the groups left out), the pairs to keep and which
    groups the block covered."""
    rows, cols, rest, covered = block  # covered: None for a priced block
    if not len(cols):
        none = np.zeros(0, dtype=np.int64)
        empty = np.zeros((len(rows), 0), dtype=np.int32)
        keep_none = (empty, empty.astype(np.int16), np.full(len(rows), -1, dtype=np.int16))
        return (rows, rest, none, none, none, none, 0, *keep_none, covered)
    points, ok = engine.block(rows, cols)
    masked = points.astype(np.int16)
    np.putmask(masked, ~ok, np.int16(-1))
    out = violations((rows, cols, masked, ok))
    kc, ks, krest = _top(masked, cols, keep)
    return (out[0], np.maximum(out[1], rest), *out[2:], kc, ks, krest, covered)


def kept_check(
    engine: Engine,
    gb: GroupBounds,
    kept: Kept,
    suspects: np.ndarray,
    pool: np.ndarray,
    u: np.ndarray,
    v: np.ndarray,
    lowest: np.ndarray,
    objective: str,
    k: int,
    near: int,
    room: int,
    violations: Callable[..., tuple[Any, ...]],
    counts: dict[str, int],
    partial_mentors: int = 0,
) -> Iterator[tuple[Any, ...]]:
    """The check of the suspects' rows, as (rows, best w - v, new pairs' rows, cols, scores,
    slacks, violating count) parts like the other checks.

    Every suspect's kept pairs are checked exactly (a gather). Then a row whose bound on an
    unscanned group beats u_i is scored on the unscanned groups within `room` of u_i; a row
    whose bound on its scanned groups beats u_i (prices fell below w(rest_i) - u_i) is
    scored on the mentors priced that low (a pair left out there weighs at most w(rest_i),
    so against any other mentor it cannot beat u_i, nor come within `near` of it), or on
    all its scanned groups again when those are most of them, so that its rest can fall.

    With `partial_mentors`, a row is scored only on its best unscanned groups by bound, about
    that many mentors: for the first rounds, when nearly every mentee has many violating
    pairs and the best of them are enough to move the prices. Such a round proves nothing:
    `counts["partial"]` says how many rows it left with an unscanned group that could still
    beat u_i (zero: the round was complete after all)."""
    n = len(engine.mentees)
    wub = weights(gb.ub, n, objective)
    group_top = wub - lowest[None, :]
    sizes = gb.group_sizes()
    want = np.zeros(gb.ub.shape, dtype=bool)
    bound_best = np.full(len(suspects), NEG, dtype=np.int64)
    opened, priced_rows, limits = [], [], []
    by_price = pool[np.argsort(v[pool], kind="stable")]
    prices = v[by_price]
    since = kept.since_pricing(v) if PRICED_RECORD else []
    fallen_rows: list[np.ndarray] = []
    for lo in range(0, len(suspects), ROW_CHUNK):
        rows = suspects[lo : lo + ROW_CHUNK]
        g = gb.mentee_group[rows]
        rest = kept.rest[rows]
        w_rest = np.where(rest >= 0, weights(np.maximum(rest, 0), n, objective), NEG)
        scanned = kept.scanned[rows] > 0
        top = group_top[g]
        bound = np.minimum(wub[g], w_rest[:, None])
        bound -= lowest[None, :]
        np.putmask(bound, ~scanned, NEG)
        in_scanned = bound.max(axis=1, initial=NEG)
        np.putmask(bound, scanned, NEG)
        np.putmask(bound, ~scanned, top)
        in_unscanned = bound.max(axis=1, initial=NEG)
        bound_best[lo : lo + len(rows)] = np.maximum(in_scanned, in_unscanned)
        ur = u[rows]
        new_groups = ~scanned & (top > (ur - room)[:, None]) & (in_unscanned > ur)[:, None]
        if partial_mentors:
            # Only the best groups by bound, until they hold about partial_mentors mentors.
            ranked = np.where(new_groups, top, NEG)
            order = np.argsort(-ranked, axis=1, kind="stable")
            held_by = np.cumsum(sizes[order], axis=1)
            chosen = np.zeros_like(new_groups)
            np.put_along_axis(chosen, order, (held_by - sizes[order]) < partial_mentors, axis=1)
            new_groups &= chosen
            left = np.where(~scanned & ~new_groups, top, NEG).max(axis=1, initial=NEG)
            counts["partial"] = counts.get("partial", 0) + int(np.count_nonzero(left > ur))
        # The scanned part: price out, or score every scanned group again.
        limit = w_rest - ur + near
        cheap = np.searchsorted(prices, limit, side="left")
        held = (kept.scanned[rows] == 1) @ sizes
        again = (in_scanned > ur) & (cheap > RESCAN_SHARE * held)
        price = (in_scanned > ur) & ~again
        if since:
            # Rows whose last pricing still covers their scanned groups, wholly or but for
            # the mentors whose price fell since.
            whole, fallen = kept.from_record(rows, ur, limit, cheap, since)
            whole &= price | again
            fallen &= price | again
            if partial_mentors and PARTIAL_KEPT_ONLY:
                fallen &= False  # (left open below, like every row priced this round)
            counts["rows_recorded"] = counts.get("rows_recorded", 0) + int(np.count_nonzero(whole))
            counts["rows_fallen"] = counts.get("rows_fallen", 0) + int(np.count_nonzero(fallen))
            fallen_rows.append(rows[fallen])
            price &= ~(whole | fallen)
            again &= ~(whole | fallen)
        if partial_mentors and PARTIAL_KEPT_ONLY:
            # A partial round reads a row's scanned groups through its kept pairs alone (their
            # best by score, checked exactly by the gather): scoring those groups again, while
            # prices are far from final, cost most of the early rounds for pairs the next
            # solve mostly leaves outside its core. The row stays open (not proved).
            counts["partial"] = counts.get("partial", 0) + int(np.count_nonzero(price | again))
            again &= False
            price &= False
        new_groups |= (kept.scanned[rows] == 1) & again[:, None]
        some = new_groups.any(axis=1)
        if some.any():
            np.logical_or.at(want, g[some], new_groups[some])
            opened.append(rows[some])
        priced_rows.append(rows[price])
        limits.append(cheap[price])
    cat = lambda xs: np.concatenate(xs) if xs else np.zeros(0, np.int64)  # noqa: E731
    open_rows, priced, widths = cat(opened), cat(priced_rows), cat(limits)
    counts["rows_kept"] = counts.get("rows_kept", 0) + len(suspects) - len(open_rows)
    counts["rows_rescored"] = counts.get("rows_rescored", 0) + len(open_rows)
    counts["rows_priced"] = counts.get("rows_priced", 0) + len(priced)
    # Every suspect's bound, exact on its kept pairs: a bound on its whole row.
    yield _gather(kept, suspects, u, v, bound_best, objective, n, k, near)
    keep = kept.cols.shape[1]
    scan = partial(_scan, engine, violations, keep)
    # Each row comes in exactly one block. A block that covers all the row's scanned groups
    # replaces its kept pairs (so its rest can fall); otherwise the new pairs are merged in.
    # (A row the budget stops before keeps what it had: still valid.)
    # This round's prices, for the records made from its scans (PRICED_RECORD).
    index = len(kept.pricings)
    if PRICED_RECORD and (len(open_rows) or len(priced)):
        kept.pricings.append((by_price, prices))
    if len(open_rows):
        blocks = _counted(
            bounded_blocks(
                engine, gb, open_rows, pool, want, group_top, covered=True, waste=BATCH_WASTE
            ),
            counts,
        )
        for out in map_blocks(scan, blocks):
            rows = out[0]
            kc, ks, krest, covered = out[7:]
            if len(rows):
                whole = ~((kept.scanned[rows] == 1) & ~covered[None, :]).any(axis=1)
                a, b = rows[whole], np.flatnonzero(~whole)
                kept.replace(a, kc[whole], ks[whole], krest[whole])
                kept.merge(rows[b], kc[b], ks[b], krest[b])
                kept.scanned[np.ix_(rows, np.flatnonzero(covered))] = 1
                if PRICED_RECORD:
                    # out[1] bounds the row's w - v over every mentor (exact on the block,
                    # the group bound elsewhere): a record as if priced against them all,
                    # kept when it says no pair beats u_i.
                    good = out[1] <= u[rows]
                    kept.priced_at[rows[good]] = index
                    kept.priced_width[rows[good]] = len(by_price)
                    kept.priced_best[rows[good]] = out[1][good]
            yield rows[:0], out[1][:0], *out[2:7]
    if len(priced):
        if PRICED_RECORD:
            width_of = np.zeros(n, dtype=np.int32)
            width_of[priced] = widths
        for out in map_blocks(scan, _counted(_cheapest(priced, widths, by_price), counts)):
            rows = out[0]
            kept.merge(rows, *out[7:10])
            if PRICED_RECORD and len(rows):
                # Each row was scored against (at least) its width of the cheapest mentors,
                # and out[1] is its best w - v among them.
                kept.priced_at[rows] = index
                kept.priced_width[rows] = width_of[rows]
                kept.priced_best[rows] = out[1]
            yield rows[:0], out[1][:0], *out[2:7]
    recorded = cat(fallen_rows)
    if len(recorded):
        # Rows scored against the mentors whose price fell since their record (which stays).
        blocks = _counted(_fallen(recorded, kept.priced_at[recorded], since), counts)
        for out in map_blocks(scan, blocks):
            kept.merge(out[0], *out[7:10])
            yield out[0][:0], out[1][:0], *out[2:7]


def _counted(
    blocks: Iterator[tuple[Any, ...]], counts: dict[str, int]
) -> Iterator[tuple[Any, ...]]:
    """The blocks, adding the pairs they score to `counts["cells"]`."""
    for block in blocks:
        counts["cells"] = counts.get("cells", 0) + len(block[0]) * len(block[1])
        yield block


# A row whose scanned groups need more than this share of their mentors priced again is
# scored on all of them again instead (its rest can then fall).
RESCAN_SHARE = 0.5
PRICED_BLOCK_CELLS = 1 << 21


def _cheapest(
    rows: np.ndarray, widths: np.ndarray, by_price: np.ndarray
) -> Iterator[tuple[Any, ...]]:
    """Blocks (rows, mentors, NEG, None) scoring each row against its `widths` cheapest
    mentors, rows of like width together."""
    order = np.argsort(widths, kind="stable")
    rows, widths = rows[order], widths[order]
    start = int(np.searchsorted(widths, 1))  # rows with no mentor priced that low
    while start < len(rows):
        most = min(len(rows) - start, PRICED_BLOCK_CELLS // int(widths[start]) + 1)
        cells = np.arange(1, most + 1) * widths[start : start + most]
        end = start + max(1, int(np.searchsorted(cells, PRICED_BLOCK_CELLS, side="right")))
        cols = np.sort(by_price[: int(widths[end - 1])])
        part = rows[start:end]
        yield part, cols, np.full(len(part), NEG, dtype=np.int64), None
        start = end


def _fallen(rows: np.ndarray, at: np.ndarray, since: list[Pricing]) -> Iterator[tuple[Any, ...]]:
    """Blocks (rows, mentors, NEG, None) scoring each row against the mentors whose price
    fell since the pricing round of its record."""
    for index in np.unique(at):
        part = rows[at == index]
        cols = since[int(index)].fallen
        step = max(1, PRICED_BLOCK_CELLS // max(len(cols), 1))
        for lo in range(0, len(part), step):
            chunk = part[lo : lo + step]
            yield chunk, cols, np.full(len(chunk), NEG, dtype=np.int64), None


def _gather(
    kept: Kept,
    rows: np.ndarray,
    u: np.ndarray,
    v: np.ndarray,
    bound_best: np.ndarray,  # per row of `rows`
    objective: str,
    n: int,
    k: int,
    near: int,
) -> tuple[Any, ...]:
    """The rows' kept pairs checked exactly, and each row's best w - v: the larger of its
    kept pairs' and the bound on the rest of its row; when some violate, also each row's
    pairs within `near` of violating (its k largest)."""
    cols = kept.cols[rows]
    scores = kept.scores[rows]
    valid = scores >= 0
    reduced = weights(np.maximum(scores, 0), n, objective)
    reduced -= v[np.maximum(cols, 0)]
    np.putmask(reduced, ~valid, NEG)
    best = np.maximum(reduced.max(axis=1, initial=NEG), bound_best)
    slack = reduced
    slack -= u[rows][:, None]
    count = int(np.count_nonzero(slack > 0))
    none = np.zeros(0, dtype=np.int64)
    if not count:
        return rows, best, none, none, none, none, 0
    bad = slack > -near
    keep_largest(bad, slack, k)
    r, c = nonzero2d(bad)
    return (
        rows,
        best,
        rows[r],
        cols[r, c].astype(np.int64),
        scores[r, c].astype(np.int64),
        slack[r, c],
        count,
    )
