"""The optimal mode's graph kept in narrow arrays (int32 indices, int16 scores) and its sorted
keys merged round by round: the same assignments and proofs as before."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from bridgeway.matching.engine import Engine, bounds
from bridgeway.matching.engine import kept as kept_pairs
from bridgeway.matching.engine import optimal as optimal_mode

from .instances import bounded, people
from .test_assignment import check_valid, exact_objective, objective_of
from .test_bounds import SPECS


@bounded(100)
@given(
    st.lists(st.integers(0, 10**12), unique=True, max_size=60),
    st.lists(st.integers(0, 10**12), max_size=40),
)
def test_merging_new_keys_keeps_every_key_sorted_with_its_position(
    old: list[int], new: list[int]
) -> None:
    keys = np.array(sorted(old), dtype=np.int64)
    pos = np.arange(len(keys), dtype=np.int32)[::-1].copy()
    add = np.array(sorted(set(new) - set(old)), dtype=np.int64)
    add_pos = np.arange(len(keys), len(keys) + len(add), dtype=np.int32)
    merged, merged_pos = optimal_mode._merge_sorted(keys, pos, add, add_pos)
    expected = np.concatenate([keys, add])
    expected_pos = np.concatenate([pos, add_pos])
    order = np.argsort(expected, kind="stable")
    assert merged.tolist() == expected[order].tolist()
    assert merged_pos.tolist() == expected_pos[order].tolist()
    assert merged_pos.dtype == np.int32


def test_pairs_are_stored_as_int32_indices_and_int16_scores() -> None:
    i, j, s = optimal_mode._narrow(
        np.array([0, 99_999]), np.array([29_999, 0]), np.array([10_000, -1])
    )
    assert (i.dtype, j.dtype, s.dtype) == (np.int32, np.int32, np.int16)
    assert i.tolist() == [0, 99_999]
    assert j.tolist() == [29_999, 0]
    assert s.tolist() == [10_000, -1]


@bounded(40)
@given(
    st.integers(0, 10**6),
    st.integers(1, 40),
    st.integers(1, 14),
    st.integers(1, 3),
    st.sampled_from(["score", "count"]),
    st.sampled_from(sorted(SPECS)),
    st.sampled_from([0, 4]),
)
def test_rounds_on_the_narrow_graph_give_the_exact_optimum(
    seed: int, n_mentees: int, n_mentors: int, k: int, objective: str, which: str, partial: int
) -> None:
    """Many rounds (few kept pairs, small blocks, partial rounds), each merging its new pairs
    into the narrow graph and giving freed memory back: still the optimum of an exact solver
    (scipy's linear_sum_assignment on the capacity-expanded matrix), proved."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(optimal_mode, "BOUNDED_CELLS", 0)
        patch.setattr(optimal_mode, "BOUNDED_SHARE", 0.0)
        patch.setattr(optimal_mode, "CORE_NEW", 1)
        patch.setattr(kept_pairs, "KEEP", 2)
        patch.setattr(kept_pairs, "PARTIAL_MENTORS", partial)
        patch.setattr(kept_pairs, "PARTIAL_VIOLATIONS", 0)
        patch.setattr(bounds, "GROUP_SIZE", 2)
        patch.setattr(bounds, "MENTEE_GROUP_SIZE", 1)
        patch.setattr(bounds, "BLOCK_CELLS", 16)
        engine = Engine(SPECS[which](), *people(seed, n_mentees, n_mentors))
        result = engine.assign(objective=objective, candidates=k)
    check_valid(engine, result)
    assert result.stats["proved_optimal"]
    assert objective_of(engine, result, objective) == exact_objective(engine, objective)
