"""The engine: build once from a spec and participants, then score, suggest and assign."""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np
import scipy.sparse as sp
from scipy.sparse.csgraph import connected_components

from .criteria import Compiled, TextCriterion, _bits, compile_criteria
from .errors import FormatError
from .messages import render
from .parallel import one_blas_thread
from .participants import Exclusion, Participant, check_participant, gc_paused
from .spec import ProgramSpec

if TYPE_CHECKING:
    from .assignment import Assignment
    from .gap import GapGroup
    from .mentor_side import MentorSide

SCALE = 10_000  # a score of 100 is 10,000 hundredths; all arithmetic is in whole hundredths
BLOCK_CELLS = 1 << 21  # pairs scored per NumPy block (a few MB, stays in cache)
MAX_GROUPS = 2048  # mentee groups of the partition: more would make blocks too small
KEEP_SPLITTING = 0.85  # split by one more criterion only if that leaves at most 85 % of pairs


@dataclass(frozen=True)
class Reason:
    """Why a pair earned (or missed) points on one criterion, as data and in English."""

    criterion: str
    code: str
    params: dict[str, Any]
    points: float
    max_points: float
    text: str

    def to_dict(self) -> dict[str, Any]:
        return {
            "criterion": self.criterion,
            "code": self.code,
            "params": self.params,
            "points": self.points,
            "max_points": self.max_points,
            "text": self.text,
        }


@dataclass(frozen=True)
class PairScore:
    """A pair's score on 0-100: the sum of its reasons' points. `feasible` is False when a
    hard criterion or an exclusion rules the pair out (the score is still shown)."""

    mentee: str
    mentor: str
    score: float
    feasible: bool
    reasons: tuple[Reason, ...]

    def to_dict(self) -> dict[str, Any]:
        return {
            "mentee": self.mentee,
            "mentor": self.mentor,
            "score": self.score,
            "feasible": self.feasible,
            "reasons": [r.to_dict() for r in self.reasons],
        }


@dataclass(frozen=True)
class Suggestion:
    """One suggested mentor; `rank` starts at 1. `penalty` is the diversification applied to
    the ranking (never to the score shown)."""

    rank: int
    pair: PairScore
    penalty: float = 0.0

    def to_dict(self) -> dict[str, Any]:
        out = {"rank": self.rank, **self.pair.to_dict()}
        out["penalty"] = self.penalty
        return out


_EXCLUSION_CODES = {
    "declined": "excluded_declined",
    "earlier_pair": "excluded_earlier_pair",
    "other": "excluded_listed",
}


def _split_points(weights: np.ndarray) -> np.ndarray:
    """Whole hundredths per criterion summing to exactly SCALE (largest remainder)."""
    total = weights.sum()
    if total <= 0:
        return np.zeros(len(weights), dtype=np.int64)
    exact = weights / total * SCALE
    base = np.floor(exact).astype(np.int64)
    rest = SCALE - int(base.sum())
    order = np.argsort(-(exact - base), kind="stable")
    base[order[:rest]] += 1
    return base


@dataclass
class _Partition:
    """Mentee groups and the only mentors a hard criterion leaves them (None: all)."""

    groups: list[tuple[np.ndarray, np.ndarray | None]] = field(default_factory=list)
    criterion: str | None = None
    group_of: np.ndarray | None = None

    def lookup(self, pool: np.ndarray) -> tuple[np.ndarray, list[np.ndarray]]:
        """Group number of every mentee, and each group's mentors within `pool`."""
        size = sum(len(members) for members, _ in self.groups)
        group_of = np.zeros(size, dtype=np.int64)
        in_pool = np.zeros(int(pool.max()) + 1 if len(pool) else 0, dtype=bool)
        in_pool[pool] = True
        mentors = []
        for g, (members, allowed) in enumerate(self.groups):
            group_of[members] = g
            mentors.append(pool if allowed is None else _within(allowed, in_pool))
        return group_of, mentors


class Engine:
    """Matching for one program. Build it once; queries then reuse the arrays.

    >>> engine = Engine(spec, mentees, mentors)
    >>> engine.score("e-1", "m-7").score
    >>> engine.suggest("e-1", k=5)
    >>> engine.assign(objective="score", algorithm="flow")
    """

    def __init__(
        self,
        spec: ProgramSpec,
        mentees: Sequence[Participant],
        mentors: Sequence[Participant],
        *,
        validate: bool = True,
    ) -> None:
        self._check(spec, mentees, mentors, validate)
        self._build(
            compile_criteria(spec, self.mentees, self.mentors),
            np.array([p.capacity for p in self.mentors], dtype=np.int64),
            [(j, p.exclude) for j, p in enumerate(self.mentors) if p.exclude],
        )

    @classmethod
    def from_side(
        cls,
        side: MentorSide,
        mentees: Sequence[Participant],
        *,
        capacity: Sequence[int] | np.ndarray | None = None,
        validate: bool = True,
    ) -> Engine:
        """The engine of `mentees` and the mentors compiled in `side` (mentor_side.py): the
        same numbers as `Engine(side.spec, mentees, side.mentors)`, with only the mentees
        compiled. `capacity`: each mentor's free places, in the side's order (default: the
        side's)."""
        engine = cls.__new__(cls)
        engine._check(side.spec, mentees, (), validate, side.mentor_index)
        engine.mentors = side.mentors
        engine.mentor_index = side.mentor_index
        places = side.capacity if capacity is None else np.asarray(capacity, dtype=np.int64)
        if places.shape != side.capacity.shape:
            raise ValueError("capacity needs one number for each mentor of the side")
        engine._build(side.criteria(engine.mentees), places, side.excludes)
        return engine

    def _check(
        self,
        spec: ProgramSpec,
        mentees: Sequence[Participant],
        mentors: Sequence[Participant],
        validate: bool,
        taken: Mapping[str, int] | None = None,
    ) -> None:
        """Keep the people, each with their role, once (ids `taken` already in use)."""
        self.spec = spec
        self.mentees = list(mentees)
        self.mentors = list(mentors)
        seen: set[str] = set()
        for role, people in (("mentee", self.mentees), ("mentor", self.mentors)):
            for person in people:
                if person.role != role:
                    raise FormatError(f"{person.id} is not a {role}", field="role")
                if person.id in seen or (taken is not None and person.id in taken):
                    raise FormatError(f"id {person.id!r} is used twice", field="id")
                seen.add(person.id)
                if validate:
                    try:
                        check_participant(spec, person)
                    except FormatError as error:
                        raise error.prefixed(f"participant {person.id}") from None
        self.mentee_index = {p.id: k for k, p in enumerate(self.mentees)}
        self.mentor_index = {p.id: k for k, p in enumerate(self.mentors)}

    def _build(
        self,
        criteria: list[Compiled],
        capacity: np.ndarray,
        mentor_excludes: Sequence[tuple[int, tuple[Exclusion, ...]]],
    ) -> None:
        self.capacity = capacity
        self.criteria: list[Compiled] = criteria
        self._max_points = self._points_table()
        self.hard = [c for c in self.criteria if c.c.hard]
        self.excluded = self._exclusions(mentor_excludes)
        self.exposure = np.zeros(len(self.mentors), dtype=np.float64)
        self._partition: _Partition | None = None
        self._profile_rank: np.ndarray | None = None
        self._reason_cache: dict[Any, Reason | None] = {}

    @classmethod
    def from_participants(
        cls, spec: ProgramSpec, people: Sequence[Participant], *, validate: bool = True
    ) -> Engine:
        return cls(
            spec,
            [p for p in people if p.role == "mentee"],
            [p for p in people if p.role == "mentor"],
            validate=validate,
        )

    # ---- building -------------------------------------------------------------------------

    def _points_table(self) -> np.ndarray:
        """Max hundredths per (mentee, criterion): a criterion the mentee did not answer drops
        out and the others share its points, so every mentee's best is exactly 100."""
        n = len(self.mentees)
        weights = np.array([c.c.weight for c in self.criteria], dtype=np.float64)
        applicable = (
            np.stack([c.applicable for c in self.criteria], axis=1)
            if n
            else np.zeros((0, len(self.criteria)), dtype=bool)
        )
        patterns, inverse = np.unique(applicable, axis=0, return_inverse=True)
        table = np.stack([_split_points(weights * p) for p in patterns]) if n else patterns
        return table[inverse.ravel()].astype(np.float32)

    def _exclusions(
        self, mentor_excludes: Sequence[tuple[int, tuple[Exclusion, ...]]]
    ) -> dict[int, tuple[np.ndarray, list[str]]]:
        pairs: dict[tuple[int, int], str] = {}
        for i, person in enumerate(self.mentees):
            for e in person.exclude:
                j = self.mentor_index.get(e.id)
                if j is not None:
                    pairs.setdefault((i, j), e.reason)
        for j, excludes in mentor_excludes:
            for e in excludes:
                found = self.mentee_index.get(e.id)
                if found is not None:
                    pairs.setdefault((found, j), e.reason)
        by_mentee: dict[int, list[tuple[int, str]]] = {}
        for (i, j), reason in sorted(pairs.items()):
            by_mentee.setdefault(i, []).append((j, reason))
        return {
            i: (np.array([j for j, _ in items], dtype=np.int64), [r for _, r in items])
            for i, items in by_mentee.items()
        }

    # ---- vectorised scoring ---------------------------------------------------------------

    def block(self, mi: np.ndarray, mj: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray]:
        """Scores (whole hundredths, float32) and feasibility of mentees `mi` x mentors `mj`
        (sorted indices; None = every mentor)."""
        return self._block(mi, mj, skip_text=False)

    def text_weighted(self) -> list[int]:
        """The free-text criteria that carry points: the matrix products that cost most of
        a block's time."""
        return [
            k
            for k, crit in enumerate(self.criteria)
            if isinstance(crit, TextCriterion) and crit.c.weight > 0
        ]

    def block_without_text(
        self, mi: np.ndarray, mj: np.ndarray
    ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """`block` without the free-text criteria's points, and the most those could add to
        each row (whole hundredths, float32): the score of each pair lies between the first
        and the first plus the second, and `add_text` makes chosen columns exact.

        Every criterion's points are whole numbers, so their float32 sum is exact in any
        order: the text points added later give the very same score as `block`."""
        total, ok = self._block(mi, mj, skip_text=True)
        top = self._max_points[mi][:, self.text_weighted()].sum(axis=1, dtype=np.float32)
        return total, ok, top

    def add_text(self, total: np.ndarray, mi: np.ndarray, mj: np.ndarray, at: np.ndarray) -> None:
        """Add the free-text points of mentees `mi` x mentors mj[at] to total[:, at] (a
        `block_without_text` of `mi` x `mj`): those columns become `block`'s scores."""
        if not len(at):
            return
        part = total[:, at]
        whole = len(at) == len(mj)
        cols = mj if whole else mj[at]
        for k in self.text_weighted():
            crit = self.criteria[k]
            assert isinstance(crit, TextCriterion)
            frac = crit.fractions(mi, cols, keep=whole)
            part += _points(frac, self._max_points[mi, k][:, None])
        total[:, at] = part

    def _block(
        self, mi: np.ndarray, mj: np.ndarray | None, skip_text: bool
    ) -> tuple[np.ndarray, np.ndarray]:
        cols: np.ndarray | slice = slice(None) if mj is None else mj
        n_cols = len(self.mentors) if mj is None else len(mj)
        total = np.zeros((len(mi), n_cols), dtype=np.float32)
        ok = np.ones((len(mi), n_cols), dtype=bool)
        for k, crit in enumerate(self.criteria):
            if skip_text and isinstance(crit, TextCriterion) and crit.c.weight > 0:
                continue
            frac, passes = crit.evaluate(mi, cols, crit.c.hard)
            if frac is not None and crit.c.weight > 0:
                total += _points(frac, self._max_points[mi, k][:, None])
            if crit.c.hard and passes is not None:
                skip = ~crit.applicable[mi]
                if skip.any():
                    passes |= skip[:, None]
                ok &= passes
        if self.excluded:
            for r, i in enumerate(mi.tolist()):
                hit = self.excluded.get(i)
                if hit is None:
                    continue
                js = hit[0]
                if mj is None:
                    ok[r, js] = False
                else:
                    pos = np.searchsorted(mj, js)
                    inside = pos < len(mj)
                    pos, js = pos[inside], js[inside]
                    ok[r, pos[mj[pos] == js]] = False
        return total, ok

    def partition(self) -> _Partition:
        """Group mentees by what their hard "share a value" criteria require, so that blocks
        only hold mentors who can pass them (a pure speed-up: feasibility is still checked).

        Starts from the criterion that rules out the most pairs, then splits the groups by
        the next one while that still rules out a good share of the pairs left and the
        groups stay few enough to be scored in large blocks."""
        if self._partition is not None:
            return self._partition
        n, m = len(self.mentees), len(self.mentors)
        options = []
        for crit in self.hard:
            sets = crit.block_sets()
            if sets is None:
                continue
            a, anyone, b = sets
            keys, inverse = np.unique(np.where(anyone[:, None], 0, a), axis=0, return_inverse=True)
            if len(keys) > MAX_GROUPS:
                continue
            allowed = [
                None if not key.any() else np.flatnonzero((b & key[None, :]).any(axis=1))
                for key in keys
            ]
            options.append((crit.c.name, inverse.ravel(), allowed))
        groups: list[tuple[np.ndarray, np.ndarray | None]] = [(np.arange(n), None)]
        pairs = float(n) * m
        names: list[str] = []
        while options:
            best = None
            for option in options:
                refined, refined_pairs = _refine(groups, option[1], option[2], m)
                if len(refined) > MAX_GROUPS or refined_pairs > KEEP_SPLITTING * pairs:
                    continue
                if best is None or refined_pairs < best[2]:
                    best = (option, refined, refined_pairs)
            if best is None:
                break
            options.remove(best[0])
            groups, pairs = best[1], best[2]
            names.append(best[0][0])
        self._partition = _Partition(groups, "+".join(names) or None)
        return self._partition

    def regions(self, pool: np.ndarray) -> list[tuple[np.ndarray, np.ndarray]]:
        """Independent parts of the matching problem: (mentees, mentors within `pool`) such
        that no mentee of one part can be paired with a mentor of another (sorted indices).
        One part when the partition leaves anyone free to pair with anyone."""
        groups = self.partition().groups
        n = len(self.mentees)
        if any(mentors is None for _, mentors in groups) or len(groups) == 1:
            return [(np.arange(n), pool)]
        m = len(self.mentors)
        in_pool = np.zeros(m, dtype=bool)
        in_pool[pool] = True
        usable = [_within(mentors, in_pool) for _, mentors in groups if mentors is not None]
        g_of = np.repeat(np.arange(len(groups)), [len(u) for u in usable])
        cols = np.concatenate(usable) if usable else np.zeros(0, np.int64)
        size = len(groups) + m
        graph = sp.coo_matrix((np.ones(len(cols)), (g_of, len(groups) + cols)), shape=(size, size))
        _, label = connected_components(graph, directed=False)
        out = []
        for value in np.unique(label[: len(groups)]).tolist():
            members = [groups[g][0] for g in np.flatnonzero(label[: len(groups)] == value)]
            mentors = np.flatnonzero((label[len(groups) :] == value) & in_pool)
            out.append((np.sort(np.concatenate(members)), mentors))
        return out

    def _mentors_for(self, i: int) -> np.ndarray | None:
        """The only mentors the partition leaves mentee `i` (None: all of them)."""
        part = self.partition()
        if part.group_of is None:
            part.group_of = np.zeros(len(self.mentees), dtype=np.int64)
            for g, (members, _) in enumerate(part.groups):
                part.group_of[members] = g
        return part.groups[int(part.group_of[i])][1]

    def profile_rank(self) -> np.ndarray:
        """Each mentee's place when mentees are sorted by their answers to the weighted
        criteria other than free text, heaviest first: neighbours have the same or nearly
        the same best mentors."""
        if self._profile_rank is None:
            from .bounds import answer_ids

            keys = []
            for crit in self.criteria:
                ids = answer_ids(crit)
                if ids is not None and crit.c.weight > 0:
                    keys.append((crit.c.weight, ids[0]))
            keys.sort(key=lambda item: -item[0])
            n = len(self.mentees)
            order = np.lexsort([ids for _, ids in reversed(keys)]) if keys else np.arange(n)
            rank = np.empty(n, dtype=np.int64)
            rank[order] = np.arange(n)
            self._profile_rank = rank
        return self._profile_rank

    def blocks(
        self, mentees: np.ndarray, pool: np.ndarray | None = None, by_profile: int = 0
    ) -> Iterator[tuple[np.ndarray, np.ndarray]]:
        """(mentee chunk, mentor indices) blocks covering every possibly feasible pair of
        `mentees` with mentors in `pool` (sorted indices; None = all). With `by_profile`,
        chunks of at most that many mentees in the order of `profile_rank` (not sorted)."""
        wanted = np.zeros(len(self.mentees), dtype=bool)
        wanted[mentees] = True
        every = np.arange(len(self.mentors)) if pool is None else pool
        in_pool = None
        if pool is not None:
            in_pool = np.zeros(len(self.mentors), dtype=bool)
            in_pool[pool] = True
        for members, mentors in self.partition().groups:
            rows = members[wanted[members]]
            if not len(rows):
                continue
            cols = (
                every
                if mentors is None
                else (mentors if in_pool is None else _within(mentors, in_pool))
            )
            if not len(cols):
                continue
            step = max(1, BLOCK_CELLS // len(cols))
            if by_profile:
                rows = rows[np.argsort(self.profile_rank()[rows], kind="stable")]
                step = min(step, by_profile)
            for start in range(0, len(rows), step):
                yield rows[start : start + step], cols

    # ---- one pair -------------------------------------------------------------------------

    def explain(self, mi: np.ndarray, mj: np.ndarray) -> list[PairScore]:
        """Scores with reasons for the pairs (mi[k], mj[k]), computed a criterion at a time.

        Pairs that a criterion explains alike (the same languages on both sides, the same
        hours apart) share one reason: each criterion describes only its distinct cases."""
        with gc_paused():  # a cohort's pairs are many objects, and no cycles
            return self._explain(mi, mj)

    def _explain(self, mi: np.ndarray, mj: np.ndarray) -> list[PairScore]:
        mi = np.asarray(mi, dtype=np.int64)
        mj = np.asarray(mj, dtype=np.int64)
        if not len(mi):
            return []
        feasible = np.ones(len(mi), dtype=bool)
        total = np.zeros(len(mi), dtype=np.int64)
        columns: list[list[Reason | None]] = []
        cache = self._reason_cache
        for k, crit in enumerate(self.criteria):
            frac, passes = crit.evaluate(mi, mj, True, pairs=True)
            max_pts = self._max_points[mi, k]
            if frac is not None and crit.c.weight > 0:
                pts = _points(frac, max_pts)
            else:
                pts = np.zeros(len(mi), dtype=np.float32)
            ok = np.ones(len(mi), dtype=bool) if passes is None else passes
            if crit.c.hard:
                feasible &= ok | ~crit.applicable[mi]
            fractions = np.zeros(len(mi)) if frac is None else frac.astype(np.float64)
            if len(mi) >= GROUP_PAIRS:
                keys = crit.describe_keys(mi, mj, fractions, ok)
                table = np.column_stack(
                    [c.astype(np.int64, copy=False) for c in (*keys, _bits(pts), _bits(max_pts))]
                )
                _, first, inverse = np.unique(table, axis=0, return_index=True, return_inverse=True)
            else:  # a few pairs (suggestions, a preview): each its own case
                first = inverse = np.arange(len(mi))
            distinct: list[Reason | None] = []
            for row in first.tolist():
                i, j = int(mi[row]), int(mj[row])
                p, top = float(pts[row]), float(max_pts[row])
                key = (k, p, top, crit.describe_key(i, j, float(fractions[row]), bool(ok[row])))
                if key not in cache:
                    reason = None
                    described = crit.describe(i, j, float(fractions[row]), bool(ok[row]))
                    if described is not None:
                        code, params = described
                        reason = Reason(
                            crit.c.name, code, params, p / 100, top / 100, render(code, params)
                        )
                    cache[key] = reason
                distinct.append(cache[key])
            counted = np.array([r is not None for r in distinct], dtype=bool)[inverse.ravel()]
            total += np.where(counted, pts, 0).astype(np.int64)
            columns.append([distinct[u] for u in inverse.ravel().tolist()])
        out = []
        mentees, mentors, excluded = self.mentees, self.mentors, self.excluded
        for i, j, ok_pair, points, reasons in zip(
            mi.tolist(),
            mj.tolist(),
            feasible.tolist(),
            total.tolist(),
            zip(*columns, strict=True) if columns else ((),) * len(mi),
            strict=True,
        ):
            kept = [r for r in reasons if r is not None]
            hit = excluded.get(i)
            if hit is not None and j in hit[0].tolist():
                ok_pair = False
                code = _EXCLUSION_CODES[hit[1][hit[0].tolist().index(j)]]
                kept.append(Reason("exclude", code, {}, 0.0, 0.0, render(code, {})))
            out.append(PairScore(mentees[i].id, mentors[j].id, points / 100, ok_pair, tuple(kept)))
        return out

    def _pair(self, i: int, j: int) -> PairScore:
        return self.explain(np.array([i]), np.array([j]))[0]

    def score(self, mentee_id: str, mentor_id: str) -> PairScore:
        """Score and explain one pair (KeyError for an unknown id)."""
        return self._pair(self.mentee_index[mentee_id], self.mentor_index[mentor_id])

    # ---- suggestions ----------------------------------------------------------------------

    def suggest(
        self,
        mentee_id: str,
        k: int = 5,
        *,
        shown: Mapping[str, int] | None = None,
        diversity: float = 2.0,
        max_penalty: float = 15.0,
        record: bool = True,
    ) -> list[Suggestion]:
        """The `k` best mentors with a free place for one mentee, diversified.

        Ranking value = score - min(diversity x times_shown / free_places, max_penalty), so a
        mentor already shown often (relative to their places) gives way to a nearly as good
        one. `shown` counts impressions per mentor id (the app keeps them); without it the
        engine counts its own suggestions when `record` is true. Excluded and full mentors are
        never suggested.
        """
        i = self.mentee_index[mentee_id]
        allowed = self._mentors_for(i)
        if allowed is not None and 2 * len(allowed) > len(self.mentors):
            # Most mentors: scoring all of them in place beats gathering their columns, and
            # the hard criteria still rule out the others (`block` checks feasibility).
            allowed = None
        with one_blas_thread():  # a one-row product is faster than waking BLAS threads
            points, ok = self.block(np.array([i]), allowed)
        usable = ok[0] & (self.capacity[allowed] > 0 if allowed is not None else self.capacity > 0)
        columns = np.flatnonzero(usable)
        candidates = columns if allowed is None else allowed[columns]
        if not len(candidates):
            return []
        if shown is None:
            exposure = self.exposure[candidates]
        else:
            exposure = np.array(
                [shown.get(self.mentors[j].id, 0) for j in candidates.tolist()], dtype=np.float64
            )
        penalty = np.minimum(
            diversity * exposure / np.maximum(self.capacity[candidates], 1), max_penalty
        )
        value = points[0, columns].astype(np.float64) - 100 * penalty
        if len(candidates) > k:
            top = np.argpartition(-value, k - 1)[:k]
        else:
            top = np.arange(len(candidates))
        top = top[np.lexsort((candidates[top], -value[top]))]
        pairs = self.explain(np.full(len(top), i), candidates[top])
        result = [
            Suggestion(rank + 1, pair, round(float(penalty[t]), 2))
            for rank, (t, pair) in enumerate(zip(top.tolist(), pairs, strict=True))
        ]
        if record and shown is None:
            self.exposure[candidates[top]] += 1
        return result

    def mentees_for(self, mentor_id: str) -> list[tuple[str, float]]:
        """Every mentee who may be paired with one mentor (rules that must be met kept, no
        exclusion), with their score: the mirror of `suggest` for a place that frees up. The
        caller orders them (a waiting list first). One column scored in blocks of rows."""
        j = self.mentor_index[mentor_id]
        column = np.array([j])
        found: list[tuple[str, float]] = []
        n = len(self.mentees)
        with one_blas_thread():
            for start in range(0, n, BLOCK_CELLS):
                rows = np.arange(start, min(n, start + BLOCK_CELLS))
                points, ok = self.block(rows, column)
                for i in rows[ok[:, 0]].tolist():
                    found.append((self.mentees[i].id, float(points[i - start, 0]) / 100))
        return found

    # ---- cohorts --------------------------------------------------------------------------

    def assign(
        self,
        *,
        objective: str = "score",
        algorithm: str = "flow",
        candidates: int = 0,
        budget_seconds: float | None = None,
        budget_memory: int | None = None,
    ) -> Assignment:
        """Assign the whole cohort. objective: "score" (largest total score) or "count" (most
        people matched, then largest total score); algorithm: "flow" (optimal), "stable"
        (mentee-proposing deferred acceptance) or "greedy" (first come, best free mentor).

        "flow" stops proving when `budget_seconds` have passed since the call or the process
        tree uses `budget_memory` bytes: the stats then say `proved_optimal: false` with the
        duality gap, the most the total score could still improve (budget.py)."""
        from .assignment import assign

        return assign(
            self,
            objective=objective,
            algorithm=algorithm,
            candidates=candidates,
            budget_seconds=budget_seconds,
            budget_memory=budget_memory,
        )

    def recruitment_gap(self, assignment: Assignment | None = None) -> list[GapGroup]:
        """Waiting mentees grouped by what their hard criteria need, with the mentors who
        could take them. Without an assignment every mentee counts as waiting."""
        from .gap import recruitment_gap

        return recruitment_gap(self, assignment)


def _within(indices: np.ndarray, mask: np.ndarray) -> np.ndarray:
    """The sorted `indices` that `mask` (a bool array, possibly shorter) keeps."""
    inside = indices < len(mask)
    keep = np.zeros(len(indices), dtype=bool)
    keep[inside] = mask[indices[inside]]
    return indices[keep]


def _refine(
    groups: list[tuple[np.ndarray, np.ndarray | None]],
    key_of: np.ndarray,
    allowed: list[np.ndarray | None],
    m: int,
) -> tuple[list[tuple[np.ndarray, np.ndarray | None]], float]:
    """Split each group by the mentees' key; a part's mentors are those of the group that
    the key also allows. Returns the parts and the number of pairs they hold."""
    out: list[tuple[np.ndarray, np.ndarray | None]] = []
    pairs = 0.0
    for members, mentors in groups:
        keys = key_of[members]
        order = np.argsort(keys, kind="stable")
        values, starts = np.unique(keys[order], return_index=True)
        bounds = [*starts.tolist(), len(members)]
        for g, key in enumerate(values.tolist()):
            part = members[order[bounds[g] : bounds[g + 1]]]
            extra = allowed[key]
            if extra is None:
                cols = mentors
            elif mentors is None:
                cols = extra
            else:
                cols = np.intersect1d(mentors, extra, assume_unique=True)
            pairs += len(part) * (m if cols is None else len(cols))
            out.append((np.sort(part), cols))
    return out, pairs


# From this many pairs on, `explain` finds each criterion's distinct cases first.
GROUP_PAIRS = 256


def _points(frac: np.ndarray, max_col: np.ndarray) -> np.ndarray:
    """Whole hundredths earned: fraction x the mentee's maximum for the criterion, rounded."""
    if frac.dtype == bool:
        return np.multiply(frac, max_col, dtype=np.float32)
    out = np.multiply(frac, max_col, dtype=np.float32)
    return np.rint(out, out=out)
