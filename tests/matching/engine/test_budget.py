"""The optimal mode under a time or memory budget: it stops proving, keeps the best assignment
found, and says how much the total score could still improve at most (the duality gap)."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from bridgeway.matching.engine import Engine
from bridgeway.matching.engine.budget import parse_memory
from bridgeway.matching.engine.flow import weights
from bridgeway.matching.engine.participants import dump_participants

from .instances import SPEC, people, spec
from .test_assignment import check_valid, exact_objective
from .test_cli import read, run


def _unproved_after_one_round(seeds: range, size: tuple[int, int]) -> list[Engine]:
    """Programs whose first round (one mentor kept per mentee) is not yet optimal."""
    found = []
    for seed in seeds:
        engine = Engine(spec(), *people(seed, *size))
        if engine.assign(candidates=1).stats["rounds"] > 1:
            found.append(engine)
    assert found
    return found


def _total(result_pairs: tuple) -> int:
    return sum(round(p.score * 100) for p in result_pairs)


@pytest.mark.parametrize("budget", ["time", "memory"])
def test_a_spent_budget_keeps_the_assignment_and_bounds_what_it_misses(budget: str) -> None:
    # Time: the check stops at once, so rows keep their cheap bounds. Memory: the first
    # round's check runs to the end, then the rounds stop with each row's exact bound.
    limits = {"budget_seconds": 0.0} if budget == "time" else {"budget_memory": 1}
    unproved = 0
    for engine in _unproved_after_one_round(range(12), (40, 15)):
        n = len(engine.mentees)
        result = engine.assign(candidates=1, **limits)
        check_valid(engine, result)
        stats = result.stats
        if stats["proved_optimal"]:
            continue
        unproved += 1
        assert stats["stopped_by"] == budget
        best = exact_objective(engine, "score") // (n + 1)  # w = (n + 1) s + 1 per pair
        total = _total(result.pairs)
        assert best - total <= round(stats["duality_gap"] * 100)
        assert stats["duality_gap"] >= 0
        assert stats["duality_gap_percent"] == pytest.approx(
            100 * stats["duality_gap"] * 100 / total, abs=1e-3
        )
    assert unproved


def test_the_count_objective_bounds_the_pairs_and_the_score_it_could_gain() -> None:
    for engine in _unproved_after_one_round(range(12), (40, 15)):
        n = len(engine.mentees)
        result = engine.assign(objective="count", candidates=1, budget_memory=1)
        if result.stats["proved_optimal"]:
            continue
        bonus = int(weights(np.zeros(1), n, "count")[0])
        best = exact_objective(engine, "count")
        best_pairs, best_total = divmod(best, bonus)
        assert best_pairs - result.matched <= result.stats["duality_gap_pairs"]
        if best_pairs == result.matched:
            gain = best_total - _total(result.pairs)
            assert gain <= round(result.stats["duality_gap"] * 100)


def test_without_a_budget_the_same_programs_are_proved_optimal() -> None:
    for engine in _unproved_after_one_round(range(12), (40, 15)):
        n = len(engine.mentees)
        result = engine.assign(candidates=1, budget_seconds=600, budget_memory=1 << 40)
        assert result.stats["proved_optimal"]
        assert "duality_gap" not in result.stats
        assert _total(result.pairs) == exact_objective(engine, "score") // (n + 1)


def test_memory_sizes_read_as_people_write_them() -> None:
    assert parse_memory("4G") == 4 << 30
    assert parse_memory("512M") == 512 << 20
    assert parse_memory("1.5GiB") == 3 << 29
    assert parse_memory("2048") == 2048
    for bad in ("", "lots", "-1G", "0"):
        with pytest.raises(ValueError, match="not a memory size"):
            parse_memory(bad)


def test_match_file_says_when_its_budget_stopped_the_proof(tmp_path: Path) -> None:
    spec_file = tmp_path / "spec.json"
    spec_file.write_text(json.dumps(SPEC))
    participants = tmp_path / "people.jsonl"
    out = tmp_path / "out.jsonl"
    engine = _unproved_after_one_round(range(12), (40, 15))[0]
    dump_participants([*engine.mentees, *engine.mentors], participants)
    assert run(spec_file, participants, out, "--candidates", "1", "--budget-memory", "1") == 0
    stats = read(out)[-1]["stats"]
    assert stats["proved_optimal"] is False
    assert stats["stopped_by"] == "memory"
    assert stats["duality_gap"] > 0


def test_match_file_refuses_a_budget_it_cannot_read(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    spec_file = tmp_path / "spec.json"
    spec_file.write_text(json.dumps(SPEC))
    participants = tmp_path / "people.jsonl"
    dump_participants([*people(1, 3, 2)[0], *people(1, 3, 2)[1]], participants)
    out = tmp_path / "out.jsonl"
    assert run(spec_file, participants, out, "--budget-memory", "lots") == 2
    assert "--budget-memory" in capsys.readouterr().err
    assert not out.exists()
