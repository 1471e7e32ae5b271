"""Bounds on what a group of mentors can score for a group of mentees: how the optimal mode
prices out most pairs in bulk when no hard rule splits the cohort into blocks.

Mentors are grouped by their answers to the heaviest criteria that compare few distinct
answers (a language set, an occupation, a time zone: the *key*), mentees likewise. For a
mentee group g and a mentor group h, every pair has the same fraction of each key criterion
(the same answers on both sides), and earns at most its full points on every other one, so
with P[g, c] the largest points any mentee of g can earn on criterion c,

    ub[g, h] = sum over key criteria of round(fraction(g, h, c) x P[g, c])
             + sum over the other criteria of P[g, c]

is an upper bound on the score of every pair of g x h (in whole hundredths, the same
arithmetic as `Engine.block`). A pair outside the key's best groups is then never scored:
the candidate search scores each mentee group only against its best mentor groups, and the
optimality check only against the groups whose bound, less the lowest price among their
mentors, could still beat the mentee's dual value (optimal.py).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from .criteria import (
    Compiled,
    DistanceCriterion,
    SetCriterion,
    TextCriterion,
    _any_common,
    _bits,
    _count_common,
)

if TYPE_CHECKING:
    from .engine import Engine

# Groups hold GROUP_SIZE people on average (at most MAX_GROUPS groups a side): smaller groups
# give tighter bounds but blocks too small to score quickly.
GROUP_SIZE = 48
MAX_GROUPS = 1024
# A mentor group with more members than this (one common language, say) is split into runs
# of about this many (0: never split): see _split_large. Off: measured on the settlement
# program at 100,000 x 30,000 with runs of 384, each partial round scored a quarter of the
# pairs, but twice as many rounds were needed and the solves grew more than the check saved
# (bench/RESULTS.md, eighth round).
MAX_MEMBERS = 0
MENTEE_GROUP_SIZE = 8
CANDIDATE_SHARE = 4  # the candidate search scores about this many times k + 1 mentors a mentee
SAMPLE = 4096  # random pairs that rank the criteria by the points they take away
MAX_MENTEE_GROUPS = 16384
BOUND_BLOCK_CELLS = 1 << 21  # mentee groups x mentor groups per bound block
BLOCK_CELLS = 1 << 21  # pairs scored per block
SMALL_BLOCK_CELLS = 1 << 16  # (bounded_blocks with `waste`) a block grows at least to this


@dataclass
class GroupBounds:
    mentee_group: np.ndarray  # per mentee
    mentor_group: np.ndarray  # per mentor (-1: outside the pool)
    members: list[np.ndarray]  # each mentor group's mentors (sorted)
    ub: np.ndarray  # (mentee groups, mentor groups) int32, whole hundredths
    key: tuple[str, ...]  # the key criteria's names

    def group_sizes(self) -> np.ndarray:
        return np.array([len(m) for m in self.members], dtype=np.int64)


def answer_ids(crit: object) -> tuple[np.ndarray, np.ndarray] | None:
    """(mentee answer ids, mentor answer ids): equal ids, equal answers on this criterion."""
    if isinstance(crit, SetCriterion):
        if crit.codes is not None:
            return crit.codes[0].astype(np.int64), crit.codes[1].astype(np.int64)
        return crit.a_set.astype(np.int64), crit.b_set.astype(np.int64)
    if isinstance(crit, DistanceCriterion):
        return _bits(crit.a), _bits(crit.b)
    return None  # free text: nearly every answer differs


def _dense(columns: list[np.ndarray]) -> tuple[np.ndarray, int]:
    """Group number of each row of the columns (equal rows, equal numbers), and the count."""
    if not columns:
        return np.zeros(0, dtype=np.int64), 0
    table = np.stack(columns, axis=1)
    _, inverse = np.unique(table, axis=0, return_inverse=True)
    inverse = inverse.ravel()
    return inverse, int(inverse.max()) + 1 if len(inverse) else 0


def group_bounds(engine: Engine, pool: np.ndarray) -> GroupBounds | None:
    """Groups and their bound table, or None when no criterion can key the groups.

    Mentor groups share their answers to the key criteria (the heaviest that keep the groups
    at GROUP_SIZE mentors or more on average); mentee groups share their answers to as many
    criteria as keep them at MENTEE_GROUP_SIZE or more. A criterion both sides are grouped
    by is exact for the group pair; one only the mentees are grouped by is bounded by what
    the union of the mentor group's answers would earn (every kind of set comparison earns
    at least as much with more values) or, for a distance, by the group's nearest value."""
    n = len(engine.mentees)
    if not n or not len(pool):
        return None
    weighted = [
        (k, crit)
        for k, crit in enumerate(engine.criteria)
        if crit.c.weight > 0 and not isinstance(crit, TextCriterion)
    ]
    # Criteria that tell pairs apart the most first: the points a random pair misses.
    rng = np.random.default_rng(0)
    si = rng.integers(0, n, SAMPLE)
    sj = pool[rng.integers(0, len(pool), SAMPLE)]
    from .engine import _points

    def missed(item: tuple[int, Compiled]) -> float:
        k, crit = item
        frac, _ = crit.evaluate(si, sj, False, pairs=True)
        full = engine._max_points[si, k]
        return float((full - (0 if frac is None else _points(frac, full))).mean())

    weighted.sort(key=lambda item: -missed(item))
    most_mentor_groups = int(np.clip(len(pool) // GROUP_SIZE, 1, MAX_GROUPS))
    most_mentee_groups = int(np.clip(n // MENTEE_GROUP_SIZE, 1, MAX_MENTEE_GROUPS))
    key: list[tuple[int, Compiled]] = []  # the mentor key
    seen: list[tuple[int, Compiled]] = []  # the mentee key: the mentor key, then others
    # Mentees of a group also share how their points are split (which criteria they answered).
    a_cols: list[np.ndarray] = [_dense(list(_bits(engine._max_points.astype(np.float64)).T))[0]]
    b_cols: list[np.ndarray] = []
    for k, crit in weighted:
        ids = answer_ids(crit)
        if ids is None:
            continue
        a_try, b_try = [*a_cols, ids[0]], [*b_cols, ids[1][pool]]
        if _dense(b_try)[1] > most_mentor_groups or _dense(a_try)[1] > most_mentee_groups:
            continue
        key.append((k, crit))
        a_cols, b_cols = a_try, b_try
    if not key:
        return None
    seen = list(key)
    for k, crit in weighted:
        ids = answer_ids(crit)
        if ids is None or any(k == done for done, _ in key):
            continue
        a_try = [*a_cols, ids[0]]
        if _dense(a_try)[1] <= most_mentee_groups:
            seen.append((k, crit))
            a_cols = a_try
    mentee_group, g_count = _dense(a_cols)
    pool_group, h_count = _dense(b_cols)
    pool_group, h_count = _split_large(pool_group, h_count, pool, weighted, {k for k, _ in key})
    mentor_group = np.full(len(engine.mentors), -1, dtype=np.int64)
    mentor_group[pool] = pool_group
    order = np.argsort(pool_group, kind="stable")
    cuts = np.searchsorted(pool_group[order], np.arange(h_count + 1))
    members = [np.sort(pool[order[cuts[h] : cuts[h + 1]]]) for h in range(h_count)]
    rep_i = np.zeros(g_count, dtype=np.int64)
    rep_i[mentee_group[::-1]] = np.arange(n)[::-1]  # the first mentee of each group
    rep_j = np.array([m[0] for m in members], dtype=np.int64)
    # The most points any mentee of a group can earn on each criterion.
    max_points = np.zeros((g_count, len(engine.criteria)), dtype=np.float32)
    np.maximum.at(max_points, mentee_group, engine._max_points)
    keyed = {k for k, _ in key}
    grouped = {k for k, _ in seen}
    ub = np.zeros((g_count, h_count), dtype=np.float32)
    for k, crit in enumerate(engine.criteria):
        if crit.c.weight > 0 and k not in grouped:
            ub += max_points[:, k][:, None]

    step = max(1, BOUND_BLOCK_CELLS // h_count)
    for k, crit in seen:
        if k in keyed:
            fractions = [
                crit.evaluate(rep_i[lo : lo + step], rep_j, False)[0]
                for lo in range(0, g_count, step)
            ]
        else:
            fractions = [
                _group_fraction(crit, rep_i[lo : lo + step], members)
                for lo in range(0, g_count, step)
            ]
        for lo, frac in zip(range(0, g_count, step), fractions, strict=True):
            if frac is not None:
                ub[lo : lo + step] += _points(frac, max_points[lo : lo + step, k][:, None])
    np.minimum(ub, 10_000, out=ub)  # no pair scores more than 100
    return GroupBounds(
        mentee_group,
        mentor_group,
        members,
        np.rint(ub).astype(np.int32),
        tuple(crit.c.name for _, crit in key),
    )


def _split_large(
    pool_group: np.ndarray,
    h_count: int,
    pool: np.ndarray,
    weighted: list[tuple[int, Compiled]],
    keyed: set[int],
) -> tuple[np.ndarray, int]:
    """Mentor groups of more than MAX_MEMBERS split into runs of about that many, the
    members ordered by their answers to the heaviest criteria outside the key (a time zone,
    say, so that each run's nearest value bounds it more tightly). A run's members still
    share the key's answers, so its bound is computed as a group's; what the split gives is
    granularity: one language can hold a third of the mentors, and a row whose best group
    it is would otherwise be scored on all of them in the first rounds, where only the
    cheapest few matter."""
    if not MAX_MEMBERS or not len(pool_group):
        return pool_group, h_count
    sizes = np.bincount(pool_group, minlength=h_count)
    if sizes.max() <= MAX_MEMBERS:
        return pool_group, h_count
    columns = []
    for k, crit in weighted:
        if k in keyed:
            continue
        if isinstance(crit, DistanceCriterion):
            values = crit.b[pool].astype(np.float64)
            columns.append(np.where(np.isnan(values), np.inf, values))
        else:
            ids = answer_ids(crit)
            if ids is not None:
                columns.append(ids[1][pool].astype(np.float64))
        if len(columns) == 2:
            break
    # Order: group, then the answers (heaviest last in lexsort's keys), then the index.
    order = np.lexsort((np.arange(len(pool_group)), *columns[::-1], pool_group))
    by_group = pool_group[order]
    rank = np.arange(len(order)) - np.searchsorted(by_group, by_group)
    runs = np.maximum(1, np.rint(sizes / MAX_MEMBERS).astype(np.int64))
    # Run of each member within its group: even runs of its group's members.
    run = (rank * runs[by_group]) // sizes[by_group]
    first = np.concatenate(([0], np.cumsum(runs)[:-1]))
    split = np.empty(len(pool_group), dtype=np.int64)
    split[order] = first[by_group] + run
    return split, int(runs.sum())


def _group_fraction(crit: Compiled, rows: np.ndarray, members: list[np.ndarray]) -> np.ndarray:
    """For mentees `rows` x mentor groups, at least the largest fraction any mentor of the
    group earns on `crit` (a SetCriterion or a DistanceCriterion)."""
    if isinstance(crit, SetCriterion):
        union = np.stack([np.bitwise_or.reduce(crit.b[m], axis=0) for m in members])
        a = crit.a[rows]
        kind = crit.c.kind
        if kind in ("shared_language", "same_value"):
            return np.asarray(_any_common(a, union, False), dtype=np.float32)
        if kind == "preference":
            hit = _any_common(a, union, False)
            if crit.c.side == "mentee":
                hit |= crit.a_empty[rows][:, None]
            else:
                empty = np.array([crit.b_empty[m].any() for m in members])
                hit |= empty[None, :]
            return np.asarray(hit, dtype=np.float32)
        if kind == "exclude_same":
            return np.zeros((len(rows), len(members)), dtype=np.float32)
        count = _count_common(a, union, False)
        if kind == "overlap":
            return np.minimum(count, crit.c.min_shared) / np.float32(crit.c.min_shared)
        return count / np.maximum(crit.a_size[rows], 1)[:, None]  # covers
    assert isinstance(crit, DistanceCriterion)
    values = [crit.b[m][~np.isnan(crit.b[m])] for m in members]
    lo = np.array([v.min() if len(v) else np.nan for v in values], dtype=np.float32)
    hi = np.array([v.max() if len(v) else np.nan for v in values], dtype=np.float32)
    a = crit.a[rows][:, None]
    # The nearest |a - b| with b in [lo, hi], and the farthest.
    near = np.maximum(np.maximum(lo[None, :] - a, a - hi[None, :]), np.float32(0))
    far = np.maximum(np.abs(a - lo[None, :]), np.abs(a - hi[None, :]))
    if crit.circular:
        # The distance is |min(x, 24 - x)| of x = |a - b|: smallest at an end of [near, far]
        # or 0 where the range holds 24.
        def f(x: np.ndarray) -> np.ndarray:
            return np.abs(np.minimum(x, np.float32(24) - x))

        d = np.minimum(f(near), f(far))
        d[(near <= 24) & (far >= 24)] = 0
    else:
        d = near
    frac = np.float32(1) - d * crit.inv_max
    np.maximum(frac, 0, out=frac)
    frac[np.isnan(frac)] = 0
    return frac


def candidate_groups(gb: GroupBounds, k: int) -> np.ndarray:
    """Which mentor groups the candidate search scores for each mentee group: the best by
    bound until they hold a few times k mentors (the rest count only by their bound)."""
    sizes = gb.group_sizes()
    target = CANDIDATE_SHARE * (k + 1)
    order = np.argsort(-gb.ub, axis=1, kind="stable")
    held = np.cumsum(sizes[order], axis=1)
    cut = np.minimum((held < target).sum(axis=1), gb.ub.shape[1] - 1)
    want = np.zeros(gb.ub.shape, dtype=bool)
    np.put_along_axis(want, order, np.arange(gb.ub.shape[1])[None, :] <= cut[:, None], axis=1)
    return want


def bounded_blocks(
    engine: Engine,
    gb: GroupBounds,
    mentees: np.ndarray,
    pool: np.ndarray | None,
    want: np.ndarray,
    value: np.ndarray,
    covered: bool = False,
    waste: float = 0.0,
) -> Iterator[tuple[np.ndarray, ...]]:
    """(mentee rows, mentor indices, left out per row) blocks covering the pairs of `mentees`
    with the mentors of the groups `want[g, h]` marks for each row's mentee group g (within
    the partition's blocks and `pool`); the third array is, per row, the highest `value[g, h]`
    of the groups not in the block (-(2**62): none). Mentee groups that follow each other
    (similar answers) share a block while it stays small: a few more pairs are scored, in far
    fewer calls. With `covered`, each block also says which mentor groups it scores (a bool
    per group); each row then comes in exactly one block. With `waste`, a block past
    SMALL_BLOCK_CELLS takes no more groups once it would score more than `waste` times the
    pairs its rows want (rows that want different mentor groups make a wide union)."""
    group_of = gb.mentee_group
    wanted = np.zeros(len(engine.mentees), dtype=bool)
    wanted[mentees] = True
    in_pool = np.zeros(len(engine.mentors), dtype=bool)
    in_pool[np.arange(len(engine.mentors)) if pool is None else pool] = True
    for members, allowed in engine.partition().groups:
        rows = members[wanted[members]]
        if not len(rows):
            continue
        mask = in_pool.copy()
        if allowed is not None:
            mask &= np.isin(np.arange(len(mask)), allowed)
        g_rows = group_of[rows]
        order = np.argsort(g_rows, kind="stable")
        rows, g_rows = rows[order], g_rows[order]
        starts = np.flatnonzero(np.r_[True, np.diff(g_rows) != 0])
        ends = np.r_[starts[1:], len(rows)]
        col_group = np.where(mask, gb.mentor_group, -1)
        present = np.zeros(len(gb.members), dtype=bool)
        present[col_group[col_group >= 0]] = True
        sizes = np.bincount(col_group[col_group >= 0], minlength=len(gb.members))
        batch: list[int] = []
        union = np.zeros(len(gb.members), dtype=bool)
        count = useful = 0

        for b in range(len(starts)):
            g = int(g_rows[starts[b]])
            own = want[g] & present
            grown = union | own
            width = int(sizes[grown].sum())
            size = int(ends[b] - starts[b])
            wanted_cells = size * int(sizes[own].sum())
            cells = (count + size) * width
            if batch and (
                cells > BLOCK_CELLS
                or (waste and cells > SMALL_BLOCK_CELLS and cells > waste * (useful + wanted_cells))
            ):
                yield from _batch(
                    rows, g_rows, starts, ends, batch, union, col_group, present, value, covered
                )
                batch, union, count, useful = [], np.zeros(len(gb.members), dtype=bool), 0, 0
                grown = own
            batch.append(b)
            union = grown
            count += size
            useful += wanted_cells
        if batch:
            yield from _batch(
                rows, g_rows, starts, ends, batch, union, col_group, present, value, covered
            )


def _batch(
    rows: np.ndarray,
    g_rows: np.ndarray,
    starts: np.ndarray,
    ends: np.ndarray,
    batch: list[int],
    union: np.ndarray,
    col_group: np.ndarray,
    present: np.ndarray,
    value: np.ndarray,
    covered: bool = False,
    waste: float = 0.0,
) -> Iterator[tuple[np.ndarray, ...]]:
    """The blocks of a batch of mentee groups (runs `batch` of `rows`): the mentors of the
    groups in `union`, and per row the highest `value` of the groups left out."""
    cols = np.flatnonzero(union[np.maximum(col_group, 0)] & (col_group >= 0))
    left = present & ~union
    parts, rests = [], []
    for b in batch:
        g = int(g_rows[starts[b]])
        rest = int(value[g][left].max()) if left.any() else -(1 << 62)
        parts.append(rows[starts[b] : ends[b]])
        rests.append(np.full(int(ends[b] - starts[b]), rest, dtype=np.int64))
    out, rest_all = np.concatenate(parts), np.concatenate(rests)
    step = max(1, BLOCK_CELLS // max(len(cols), 1))
    for lo in range(0, len(out), step):
        if covered:
            yield out[lo : lo + step], cols, rest_all[lo : lo + step], union
        else:
            yield out[lo : lo + step], cols, rest_all[lo : lo + step]
