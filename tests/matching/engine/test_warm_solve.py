"""A solve from the last round's assignment and duals by shortest paths (flow.warm_solve):
only the mentees of the pairs that violate the last duals are out of place, and the result
is equal to an exact solve of every pair (linear_sum_assignment) and to the cold solve."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from bridgeway.matching.engine import Engine, flow
from bridgeway.matching.engine import optimal as optimal_mode
from bridgeway.matching.engine.check import duals
from bridgeway.matching.engine.flow import solve_flow, warm_solve, weights

from .instances import bounded, people
from .test_assignment import check_valid, exact_objective, objective_of
from .test_bounds import SPECS, soft_spec
from .test_warm import exact_total


@bounded(120)
@given(
    st.integers(0, 10**6),
    st.integers(1, 25),
    st.integers(1, 10),
    st.integers(1, 3),
    st.integers(0, 6),
    st.floats(0.1, 0.95),
    st.sampled_from(["score", "count"]),
    st.floats(0.0, 1.0),
    st.booleans(),
    st.sampled_from([0.0, 1.0, 4.0]),
)
def test_a_warm_solve_equals_an_exact_solve_of_every_pair(
    seed: int,
    n: int,
    m: int,
    most_places: int,
    top_score: int,
    old_share: float,
    objective: str,
    density: float,
    blocking: bool,
    reach: float,
) -> None:
    # A random graph (rectangular, few distinct scores: ties everywhere; places of 1 to 3)
    # solved on part of its pairs; the rest come in as the check's pairs do, and the warm
    # solve from the old assignment and duals must reach the optimum of the whole graph.
    rng = np.random.default_rng(seed)
    capacity = rng.integers(1, most_places + 1, m)
    cells = rng.random((n, m)) < 0.2 + 0.7 * density
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
    # Each pass placing one unit per shortest-path tree, or every unit the arcs of zero
    # reduced cost can carry (a maximum flow); each pass's Dijkstra unbounded, or bounded at
    # one or four times the last pass's reach (run again unbounded when it finds no short node).
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(flow, "WARM_BLOCKING", blocking)
        patch.setattr(flow, "WARM_REACH", reach)
        out, info = warm_solve(n, m, capacity, ei, ej, w, chosen, u, v, passes=n + m + 2, share=1.0)
    assert out is not None  # each pass places at least one unit: it always ends
    assert np.bincount(ei[out], minlength=n).max(initial=0) <= 1
    assert (np.bincount(ej[out], minlength=m) <= capacity).all()
    exact = exact_total(n, m, ei, ej, w, capacity)
    assert int(w[out].sum()) == exact
    assert int(w[solve_flow(n, m, ei, ej, w, capacity)].sum()) == exact
    duals(n, m, ei, ej, w, out, capacity)  # the optimum's duals exist: no exception
    assert info["warm_paths"] <= len(np.unique(ei))


def test_no_violation_keeps_the_assignment_and_too_many_give_way() -> None:
    rng = np.random.default_rng(5)
    n, m = 30, 8
    capacity = np.full(m, 2)
    ei, ej = np.nonzero(np.ones((n, m), dtype=bool))
    w = weights(rng.integers(0, 50, len(ei)).astype(np.int64), n, "score")
    chosen = solve_flow(n, m, ei, ej, w, capacity)
    u, v = duals(n, m, ei, ej, w, chosen, capacity)
    out, info = warm_solve(n, m, capacity, ei, ej, w, chosen, u, v)
    assert out is not None
    assert (out == chosen).all()
    assert info["warm_passes"] == 0
    old = ej < 2  # the first round saw only two mentors: most rows now have better pairs
    old_chosen = solve_flow(n, m, ei[old], ej[old], w[old], capacity)
    u, v = duals(n, m, ei[old], ej[old], w[old], old_chosen, capacity)
    before = np.zeros(len(ei), dtype=bool)
    before[np.flatnonzero(old)[old_chosen]] = True
    out, _ = warm_solve(n, m, capacity, ei, ej, w, before, u, v)
    assert out is None  # more than WARM_SHARE of the mentees violate: solved cold
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(flow, "WARM_MOVERS", 2)
        out, _ = warm_solve(n, m, capacity, ei, ej, w, before, u, v, passes=n + m, share=1.0)
    assert out is None  # more than WARM_MOVERS mentees out of place: solved cold
    out, _ = warm_solve(n, m, capacity, ei, ej, w, before, u, v, passes=1, share=1.0)
    assert out is None  # out of passes before every unit is placed: solved cold
    out, _ = warm_solve(n, m, capacity, ei, ej, w, before, u, v, passes=n + m, share=1.0)
    assert out is not None
    assert int(w[out].sum()) == int(w[chosen].sum())


@bounded(40)
@given(
    st.integers(0, 10**6),
    st.integers(1, 30),
    st.integers(1, 12),
    st.integers(1, 3),
    st.sampled_from(["score", "count"]),
    st.sampled_from(sorted(SPECS)),
)
def test_warm_solved_rounds_equal_an_exact_solver(
    seed: int, n_mentees: int, n_mentors: int, k: int, objective: str, which: str
) -> None:
    # Every round after the first solved warm (whatever the share of violating mentees), on
    # soft, language-only and the usual programs, mentors with zero to three places.
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(flow, "WARM_SHARE", 1.0)
        patch.setattr(flow, "WARM_PASSES", 10_000)
        patch.setattr(optimal_mode, "WARM_TIME", 1e9)
        patch.setattr(optimal_mode, "WARM_LEVELS", ())  # no repair first
        engine = Engine(SPECS[which](), *people(seed, n_mentees, n_mentors))
        result = engine.assign(objective=objective, candidates=k)
    check_valid(engine, result)
    assert result.stats["proved_optimal"]
    assert objective_of(engine, result, objective) == exact_objective(engine, objective)


@pytest.mark.parametrize("objective", ["score", "count"])
def test_a_larger_soft_program_is_solved_warm_and_proved(
    objective: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Group bounds, kept pairs and partial rounds (the path of a large program without hard
    # rules), every later round warm: the same optimum as an exact solver.
    monkeypatch.setattr(optimal_mode, "BOUNDED_CELLS", 0)
    monkeypatch.setattr(flow, "WARM_SHARE", 1.0)
    monkeypatch.setattr(flow, "WARM_PASSES", 10_000)
    monkeypatch.setattr(optimal_mode, "WARM_TIME", 1e9)
    monkeypatch.setattr(optimal_mode, "WARM_LEVELS", ())
    engine = Engine(soft_spec(), *people(11, 150, 40))
    result = engine.assign(objective=objective, candidates=2)
    check_valid(engine, result)
    assert result.stats["proved_optimal"]
    assert result.stats["warm_solves"] >= 1
    assert objective_of(engine, result, objective) == exact_objective(engine, objective)
    monkeypatch.setattr(optimal_mode, "WARM_SOLVE", False)
    cold = engine.assign(objective=objective, candidates=2)
    assert cold.stats["warm_solves"] == 0
    assert cold.total_score == result.total_score


@bounded(40)
@given(
    st.integers(0, 10**6),
    st.integers(1, 30),
    st.integers(1, 12),
    st.integers(1, 3),
    st.sampled_from(["score", "count"]),
    st.sampled_from(sorted(SPECS)),
    st.sampled_from([0.0, 0.1, 0.5]),
    st.sampled_from([0, 1, 10_000]),
    st.booleans(),
)
def test_a_repair_region_too_large_waits_for_the_warm_solve(
    seed: int,
    n_mentees: int,
    n_mentors: int,
    k: int,
    objective: str,
    which: str,
    first: float,
    passes: int,
    bounded_path: bool,
) -> None:
    # Every later round may be repaired and solved warm; the repair is first given only a
    # share of the pairs (none at 0.0), then the warm solve (which gives up at once with no
    # pass, or after one), then the repair with its whole share, then a cold solve: the
    # same optimum as an exact solver, on soft, language-only and usual programs, with and
    # without group bounds and kept pairs.
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(flow, "REPAIR_SEEDS", 1.0)
        patch.setattr(flow, "REPAIR_SHARE", 1.0)
        patch.setattr(flow, "WARM_SHARE", 1.0)
        patch.setattr(flow, "WARM_PASSES", passes)
        patch.setattr(optimal_mode, "WARM_TIME", 1e9)
        patch.setattr(optimal_mode, "REPAIR_FIRST", first)
        if bounded_path:
            patch.setattr(optimal_mode, "BOUNDED_CELLS", 0)
        engine = Engine(SPECS[which](), *people(seed, n_mentees, n_mentors))
        result = engine.assign(objective=objective, candidates=k)
    check_valid(engine, result)
    assert result.stats["proved_optimal"]
    assert objective_of(engine, result, objective) == exact_objective(engine, objective)


@pytest.mark.parametrize("objective", ["score", "count"])
def test_a_large_repair_region_gives_way_to_the_warm_solve_then_to_the_repair(
    objective: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(flow, "REPAIR_SEEDS", 1.0)
    monkeypatch.setattr(flow, "REPAIR_SHARE", 1.0)
    monkeypatch.setattr(flow, "WARM_SHARE", 1.0)
    monkeypatch.setattr(flow, "WARM_PASSES", 10_000)
    monkeypatch.setattr(optimal_mode, "WARM_TIME", 1e9)
    engine = Engine(soft_spec(), *people(8, 300, 80))
    exact = exact_objective(engine, objective)
    # Every region too large at first: the warm solve takes the later rounds.
    monkeypatch.setattr(optimal_mode, "REPAIR_FIRST", 0.0)
    warm = engine.assign(objective=objective, candidates=2)
    assert warm.stats["rounds"] >= 2
    assert warm.stats["warm_solves"] >= 1
    assert warm.stats["proved_optimal"]
    assert objective_of(engine, warm, objective) == exact
    # The warm solve gives up at once: the repair with its whole share after it.
    monkeypatch.setattr(flow, "WARM_PASSES", 0)
    repaired = engine.assign(objective=objective, candidates=2)
    assert repaired.stats["warm_solves"] == 0
    assert repaired.stats["warm_repairs"] >= 1
    assert repaired.stats["proved_optimal"]
    assert objective_of(engine, repaired, objective) == exact
    # Given the whole share first (the order before), the repair alone.
    monkeypatch.setattr(flow, "WARM_PASSES", 10_000)
    monkeypatch.setattr(optimal_mode, "REPAIR_FIRST", 1.0)
    first = engine.assign(objective=objective, candidates=2)
    assert first.stats["warm_repairs"] >= 1
    assert first.stats["warm_solves"] == 0
    assert first.total_score == warm.total_score == repaired.total_score
