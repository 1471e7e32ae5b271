"""Cohort assignment: optimal (min-cost flow), stable (deferred acceptance) and greedy.

The optimal mode never builds the full bipartite graph. It keeps each mentee's best K mentors
(scored in vectorised blocks), solves that graph with OR-Tools, then proves the result optimal
for the full graph with LP duals: if no left-out pair has positive reduced cost, no assignment
using it can be better. Pairs that fail the check are added and the graph is solved again.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np

from .bounds import answer_ids
from .budget import Budget
from .engine import PairScore, Reason
from .messages import render
from .optimal import Counts, optimal
from .stable import greedy, stable

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


def _compatible_counts(
    engine: Engine, rows: np.ndarray, room: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Per mentee (of `rows`), the mentors that pass every hard rule and exclusion, and those
    of them with room. Mentees with the same answers to the hard rules pass the same mentors
    (exclusions aside), so each distinct set of answers is evaluated once."""
    n, m = len(engine.mentees), len(engine.mentors)
    compatible = np.zeros(n, dtype=np.int64)
    with_room = np.zeros(n, dtype=np.int64)
    if not len(rows):
        return compatible, with_room
    keys = []
    for crit in engine.hard:
        ids = answer_ids(crit)
        keys.append(rows if ids is None else ids[0][rows])
        keys.append(crit.applicable[rows].astype(np.int64))
    if keys:
        _, first, inverse = np.unique(
            np.stack(keys, axis=1), axis=0, return_index=True, return_inverse=True
        )
        inverse = inverse.ravel()
    else:
        first, inverse = np.zeros(1, dtype=np.int64), np.zeros(len(rows), dtype=np.int64)
    reps = rows[first]
    everyone = np.arange(m)
    count = np.zeros(len(reps), dtype=np.int64)
    count_room = np.zeros(len(reps), dtype=np.int64)
    step = max(1, (1 << 21) // max(m, 1))
    for start in range(0, len(reps), step):
        part = reps[start : start + step]
        ok = np.ones((len(part), m), dtype=bool)
        for crit in engine.hard:
            _, passes = crit.evaluate(part, everyone, True)
            if passes is not None:
                ok &= passes | ~crit.applicable[part][:, None]
        count[start : start + step] = ok.sum(axis=1)
        count_room[start : start + step] = (ok & room[None, :]).sum(axis=1)
    compatible[rows] = count[inverse]
    with_room[rows] = count_room[inverse]
    # Exclusions: the excluded mentors that the mentee's hard rules let through.
    for i in rows.tolist():
        hit = engine.excluded.get(i)
        if hit is None:
            continue
        js = np.unique(hit[0])
        passed = np.ones(len(js), dtype=bool)
        for crit in engine.hard:
            _, passes = crit.evaluate(np.full(len(js), i), js, True, pairs=True)
            if passes is not None and crit.applicable[i]:
                passed &= passes
        compatible[i] -= int(passed.sum())
        with_room[i] -= int((passed & room[js]).sum())
    return compatible, with_room


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
        compatible, with_room = _compatible_counts(engine, rows, engine.capacity - load > 0)
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


def assign(
    engine: Engine,
    *,
    objective: str,
    algorithm: str,
    candidates: int = 0,
    budget_seconds: float | None = None,
    budget_memory: int | None = None,
) -> Assignment:
    if objective not in OBJECTIVES:
        raise ValueError(f"objective must be one of {OBJECTIVES}")
    if algorithm not in ALGORITHMS:
        raise ValueError(f"algorithm must be one of {ALGORITHMS}")
    started = time.perf_counter()
    budget = Budget.start(budget_seconds, budget_memory)
    counts: Counts | None = None
    if not engine.mentors or not engine.mentees:
        # Nobody to pair: every mentee (if any) waits, and says why.
        mi = mj = np.empty(0, dtype=np.int64)
        stats: dict[str, Any] = {"rounds": 0, "proved_optimal": True}
    elif algorithm == "flow":
        mi, mj, stats, counts = optimal(engine, objective, candidates, budget)
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
