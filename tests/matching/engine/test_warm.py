"""Warm repair: after the first round, a solve re-solves only the region that the pairs added
by the optimality check can change, and keeps the result only with a proof (LP duals that hold
on every pair); the assignment is still equal to an exact solve of the full graph."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from scipy.optimize import linear_sum_assignment

from bridgeway.matching.engine import Engine, flow
from bridgeway.matching.engine import optimal as optimal_mode
from bridgeway.matching.engine.check import duals
from bridgeway.matching.engine.flow import repair, solve_flow, weights

from .instances import bounded, people
from .test_assignment import check_valid, exact_objective, objective_of
from .test_bounds import SPECS, soft_spec


def exact_total(n: int, m: int, ei, ej, w, capacity) -> int:  # type: ignore[no-untyped-def]
    """linear_sum_assignment on one column per place (0 where there is no pair)."""
    dense = np.zeros((n, m), dtype=np.int64)
    dense[ei, ej] = w
    columns = np.repeat(np.arange(m), capacity)
    if not len(columns):
        return 0
    expanded = dense[:, columns]
    rows, cols = linear_sum_assignment(expanded, maximize=True)
    return int(expanded[rows, cols].sum())


@bounded(80)
@given(
    st.integers(0, 10**6),
    st.integers(1, 25),
    st.integers(1, 10),
    st.integers(1, 3),
    st.integers(0, 6),
    st.floats(0.1, 0.9),
    st.integers(0, 2),
    st.sampled_from(["score", "count"]),
)
def test_a_repair_equals_an_exact_solve_of_every_pair(
    seed: int,
    n: int,
    m: int,
    most_places: int,
    top_score: int,
    old_share: float,
    levels: int,
    objective: str,
) -> None:
    # A random graph with few distinct scores (ties everywhere) and places of 1 to 3, solved
    # on part of its pairs; the rest come in, as the check's pairs do, and the repair must
    # reach the optimum of the whole graph (growing its region as far as it needs to).
    rng = np.random.default_rng(seed)
    capacity = rng.integers(1, most_places + 1, m)
    cells = rng.random((n, m)) < 0.6
    ei, ej = np.nonzero(cells)
    if not len(ei):
        return
    scores = rng.integers(0, top_score + 1, len(ei)).astype(np.int64)
    w = weights(scores, n, objective)
    old = rng.random(len(ei)) < old_share
    old_chosen = solve_flow(n, m, ei[old], ej[old], w[old], capacity)
    u, v = duals(n, m, ei[old], ej[old], w[old], old_chosen, capacity)
    chosen = np.zeros(len(ei), dtype=bool)
    chosen[np.flatnonzero(old)[old_chosen]] = True
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(flow, "REPAIR_SEEDS", 1.0)
        patch.setattr(flow, "REPAIR_SHARE", 1.0)
        patch.setattr(flow, "REPAIR_GROWTHS", n + m + 2)
        out, _ = repair(n, m, capacity, objective, ei, ej, w, scores, chosen, u, v, levels)
    assert out is not None  # each failed proof brings a node in: at worst, the whole graph
    assert np.bincount(ei[out], minlength=n).max(initial=0) <= 1
    assert (np.bincount(ej[out], minlength=m) <= capacity).all()
    assert int(w[out].sum()) == exact_total(n, m, ei, ej, w, capacity)
    duals(n, m, ei, ej, w, out, capacity)  # the optimum's duals exist: no exception


def test_a_repair_with_too_many_violations_or_a_region_too_large_gives_way() -> None:
    rng = np.random.default_rng(3)
    n, m = 30, 8
    capacity = np.full(m, 2)
    ei, ej = np.nonzero(np.ones((n, m), dtype=bool))
    scores = rng.integers(0, 50, len(ei)).astype(np.int64)
    w = weights(scores, n, "score")
    old = ej < 2  # the first round saw only two mentors: most rows now have better pairs
    old_chosen = solve_flow(n, m, ei[old], ej[old], w[old], capacity)
    u, v = duals(n, m, ei[old], ej[old], w[old], old_chosen, capacity)
    chosen = np.zeros(len(ei), dtype=bool)
    chosen[np.flatnonzero(old)[old_chosen]] = True
    out, _ = repair(n, m, capacity, "score", ei, ej, w, scores, chosen, u, v, 2)
    assert out is None  # more than REPAIR_SEEDS of the mentees violate: solved cold
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(flow, "REPAIR_SEEDS", 1.0)
        patch.setattr(flow, "REPAIR_SHARE", 0.1)
        out, _ = repair(n, m, capacity, "score", ei, ej, w, scores, chosen, u, v, 2)
    assert out is None


def test_no_violation_keeps_the_assignment() -> None:
    n, m = 3, 2
    capacity = np.array([1, 1])
    ei, ej = np.array([0, 1, 2]), np.array([0, 1, 1])
    scores = np.array([5, 4, 3])
    w = weights(scores, n, "score")
    chosen = solve_flow(n, m, ei, ej, w, capacity)
    u, v = duals(n, m, ei, ej, w, chosen, capacity)
    out, info = repair(n, m, capacity, "score", ei, ej, w, scores, chosen, u, v, 1)
    assert out is not None
    assert (out == chosen).all()
    assert info["repaired_edges"] == 0


@bounded(40)
@given(
    st.integers(0, 10**6),
    st.integers(1, 30),
    st.integers(1, 12),
    st.integers(1, 3),
    st.sampled_from(["score", "count"]),
    st.sampled_from(sorted(SPECS)),
)
def test_warm_rounds_equal_an_exact_solver(
    seed: int, n_mentees: int, n_mentors: int, k: int, objective: str, which: str
) -> None:
    # Every round after the first repaired (whatever the share of violating mentees), on
    # soft, language-only and the usual programs, mentors with zero to three places.
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(flow, "REPAIR_SEEDS", 1.0)
        patch.setattr(flow, "REPAIR_SHARE", 1.0)
        engine = Engine(SPECS[which](), *people(seed, n_mentees, n_mentors))
        result = engine.assign(objective=objective, candidates=k)
    check_valid(engine, result)
    assert result.stats["proved_optimal"]
    assert objective_of(engine, result, objective) == exact_objective(engine, objective)


@pytest.mark.parametrize("objective", ["score", "count"])
def test_a_larger_soft_program_is_repaired_and_proved(
    objective: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(flow, "REPAIR_SEEDS", 1.0)
    monkeypatch.setattr(flow, "REPAIR_SHARE", 1.0)
    engine = Engine(soft_spec(), *people(8, 300, 80))
    result = engine.assign(objective=objective, candidates=2)
    assert result.stats["rounds"] >= 2
    assert result.stats["warm_repairs"] >= 1
    assert result.stats["proved_optimal"]
    assert objective_of(engine, result, objective) == exact_objective(engine, objective)
    monkeypatch.setattr(optimal_mode, "WARM_LEVELS", ())
    cold = engine.assign(objective=objective, candidates=2)
    assert cold.stats["warm_repairs"] == 0
    assert cold.total_score == result.total_score


def test_a_repair_says_when_its_region_was_too_large() -> None:
    rng = np.random.default_rng(5)
    n, m = 30, 8
    capacity = np.full(m, 2)
    ei, ej = np.nonzero(np.ones((n, m), dtype=bool))
    scores = rng.integers(0, 50, len(ei)).astype(np.int64)
    w = weights(scores, n, "score")
    old = ej < 7  # one mentor new: its pairs violate the last duals
    old_chosen = solve_flow(n, m, ei[old], ej[old], w[old], capacity)
    u, v = duals(n, m, ei[old], ej[old], w[old], old_chosen, capacity)
    chosen = np.zeros(len(ei), dtype=bool)
    chosen[np.flatnonzero(old)[old_chosen]] = True
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(flow, "REPAIR_SEEDS", 1.0)
        patch.setattr(flow, "REPAIR_SHARE", 1.0)
        out, info = repair(n, m, capacity, "score", ei, ej, w, scores, chosen, u, v, 1, share=0.0)
        assert out is None
        assert info["too_large"] == 1
        assert info["repaired_edges"] == 0
        out, info = repair(n, m, capacity, "score", ei, ej, w, scores, chosen, u, v, 1)
    assert out is not None
    assert info["too_large"] == 0
    assert int(w[out].sum()) == exact_total(n, m, ei, ej, w, capacity)
