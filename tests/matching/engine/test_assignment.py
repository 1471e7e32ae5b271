from __future__ import annotations

import multiprocessing
import os
from concurrent.futures.process import BrokenProcessPool

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from scipy.optimize import linear_sum_assignment

from bridgeway.matching.engine import Assignment, Engine, Participant, ProgramSpec, optimal
from bridgeway.matching.engine import candidates as candidate_search
from bridgeway.matching.engine.flow import weights

from .instances import SPEC, bounded, people, spec


def exact_objective(engine: Engine, objective: str) -> int:
    """The optimum over the full graph: linear_sum_assignment on one column per place."""
    n = len(engine.mentees)
    points, ok = engine.block(np.arange(n))
    w = np.where(ok, weights(points.astype(np.int64), n, objective), 0)
    columns = np.repeat(np.arange(len(engine.mentors)), engine.capacity)
    if not len(columns):
        return 0
    expanded = w[:, columns]
    rows, cols = linear_sum_assignment(expanded, maximize=True)
    return int(expanded[rows, cols].sum())


def objective_of(engine: Engine, result: Assignment, objective: str) -> int:
    n = len(engine.mentees)
    scores = np.array([round(p.score * 100) for p in result.pairs], dtype=np.int64)
    return int(weights(scores, n, objective).sum()) if len(scores) else 0


def check_valid(engine: Engine, result: Assignment) -> None:
    seen = set()
    for pair in result.pairs:
        assert pair.feasible, pair
        assert pair.mentee not in seen
        seen.add(pair.mentee)
        again = engine.score(pair.mentee, pair.mentor)
        assert again.feasible
        for reason in again.reasons:
            crit = next((c for c in engine.spec.criteria if c.name == reason.criterion), None)
            assert not (crit and crit.hard and reason.code.endswith("not_met"))
    for mentor_id, taken in result.load().items():
        assert taken <= engine.capacity[engine.mentor_index[mentor_id]]
    unmatched = {u.mentee for u in result.unmatched}
    assert unmatched | seen == {p.id for p in engine.mentees}
    assert all(u.reasons for u in result.unmatched)


@bounded(40)
@given(
    st.integers(0, 10**6),
    st.integers(1, 14),
    st.integers(1, 10),
    st.integers(1, 3),
    st.sampled_from(["score", "count"]),
)
def test_flow_equals_an_exact_solver_and_breaks_no_rule(
    seed: int, n_mentees: int, n_mentors: int, k: int, objective: str
) -> None:
    # A tiny k keeps few candidates, so the optimality check has to add the missing pairs.
    engine = Engine(spec(), *people(seed, n_mentees, n_mentors))
    result = engine.assign(objective=objective, algorithm="flow", candidates=k)
    check_valid(engine, result)
    assert result.stats["proved_optimal"]
    assert objective_of(engine, result, objective) == exact_objective(engine, objective)


@bounded(25)
@given(st.integers(0, 10**6), st.integers(1, 14), st.integers(1, 10))
def test_stable_and_greedy_break_no_rule_and_stable_has_no_blocking_pair(
    seed: int, n_mentees: int, n_mentors: int
) -> None:
    engine = Engine(spec(), *people(seed, n_mentees, n_mentors))
    greedy = engine.assign(algorithm="greedy", candidates=2)
    check_valid(engine, greedy)
    result = engine.assign(algorithm="stable", candidates=2)
    check_valid(engine, result)
    n = len(engine.mentees)
    points, ok = engine.block(np.arange(n))
    mine = {
        engine.mentee_index[p.mentee]: (engine.mentor_index[p.mentor], round(p.score * 100))
        for p in result.pairs
    }
    held: dict[int, list[tuple[int, int]]] = {}
    for i, (j, s) in mine.items():
        held.setdefault(j, []).append((s, -i))
    for i in range(n):
        for j in range(len(engine.mentors)):
            if not ok[i, j] or engine.capacity[j] == 0 or mine.get(i, (None,))[0] == j:
                continue
            s = int(points[i, j])
            prefers = i not in mine or s > mine[i][1]
            room = len(held.get(j, [])) < engine.capacity[j]
            beats = bool(held.get(j)) and (s, -i) > min(held[j])
            assert not (prefers and (room or beats)), (i, j)


def test_count_mode_matches_more_people_than_score_mode_when_it_must() -> None:
    s = spec(criteria=[{"name": "sector", "kind": "same_value", "field": "s", "weight": 1}])
    # Mentee a fits mentor x perfectly and y poorly; b fits only x, poorly.
    mentees = [
        Participant("a", "mentee", {"s": ["1", "2"]}),
        Participant("b", "mentee", {"s": ["1"]}),
    ]
    mentors = [
        Participant("x", "mentor", {"s": ["1", "2"]}),
        Participant("y", "mentor", {"s": ["2"]}),
    ]
    engine = Engine(s, mentees, mentors)
    assert engine.assign(objective="count").matched == 2


def test_an_unmatched_mentee_hears_which_rule_leaves_no_mentor() -> None:
    engine = Engine(
        spec(),
        [
            Participant("farid", "mentee", {"languages": {"fa": "native"}}),
            Participant("amal", "mentee", {"languages": {"ar": "native"}}),
            Participant("sami", "mentee", {"languages": {"ar": "native"}}),
        ],
        [Participant("ben", "mentor", {"languages": {"ar": "C1"}, "gender": "m"}, capacity=1)],
    )
    result = engine.assign()
    texts = {u.mentee: [r.text for r in u.reasons] for u in result.unmatched}
    assert texts["farid"] == ["No mentor speaks Farsi at the required level."]
    assert texts[("sami" if result.pairs[0].mentee == "amal" else "amal")] == [
        "Every compatible mentor is at capacity (1 compatible)."
    ]


def test_unknown_mode_is_refused() -> None:
    engine = Engine(spec(), *people(1, 2, 2))
    with pytest.raises(ValueError, match="algorithm"):
        engine.assign(algorithm="magic")


@pytest.mark.parametrize("seed", [3, 17, 29])
@pytest.mark.parametrize("wide", [False, True])
def test_flow_without_the_score_cache_scores_again_and_is_still_optimal(
    seed: int, wide: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Programs too large for the cache re-score suspects instead of reading cached scores;
    # blocks too wide for a selection key pick each row's best with an argpartition.
    monkeypatch.setattr(optimal, "SCORE_CACHE_CELLS", 0)
    monkeypatch.setattr(candidate_search, "SCORE_CACHE_CELLS", 0)
    if wide:
        monkeypatch.setattr(candidate_search, "KEYED_WIDTH", 0)
    engine = Engine(spec(), *people(seed, 40, 15))
    for objective in ("score", "count"):
        result = engine.assign(objective=objective, candidates=1)
        check_valid(engine, result)
        assert result.stats["proved_optimal"]
        assert objective_of(engine, result, objective) == exact_objective(engine, objective)


def test_a_program_without_mentors_leaves_every_mentee_waiting_with_the_reason() -> None:
    from bridgeway.matching.engine import Engine, Participant, ProgramSpec

    spec = ProgramSpec.from_dict(
        {
            "format_version": 1,
            "criteria": [{"name": "lang", "kind": "same_value", "field": "language", "weight": 1}],
        }
    )
    mentees = [Participant(id=f"e{n}", role="mentee", answers={"language": "ar"}) for n in range(3)]
    engine = Engine(spec, mentees, [])
    for algorithm in ("flow", "stable", "greedy"):
        result = engine.assign(algorithm=algorithm)
        assert result.pairs == ()
        assert [u.mentee for u in result.unmatched] == ["e0", "e1", "e2"]
        assert {r.code for u in result.unmatched for r in u.reasons} == {"unmatched_no_mentors"}
    mentors = [Participant(id="m0", role="mentor", answers={"language": "ar"})]
    nobody_waiting = Engine(spec, [], mentors).assign()
    assert (nobody_waiting.pairs, nobody_waiting.unmatched) == ((), ())


def hard_sector_spec() -> ProgramSpec:
    """The test spec with the sector a hard rule: mentees fall into independent regions."""
    criteria = [dict(c, hard=True) if c["name"] == "sector" else c for c in SPEC["criteria"]]
    return spec(criteria=criteria)


def sector_people(
    seed: int, n_mentees: int, n_mentors: int
) -> tuple[list[Participant], list[Participant]]:
    """Mentees who all name a target sector (one without would make a single region)."""
    mentees, mentors = people(seed, n_mentees, n_mentors)
    return [p for p in mentees if "target" in p.answers], mentors


@pytest.mark.parametrize("seed", [5, 11])
def test_regions_cover_every_feasible_pair_and_never_share_a_mentor(seed: int) -> None:
    engine = Engine(hard_sector_spec(), *sector_people(seed, 60, 25))
    pool = np.arange(len(engine.mentors))
    regions = engine.regions(pool)
    assert len(regions) > 1
    region_of_mentee = np.full(len(engine.mentees), -1)
    region_of_mentor = np.full(len(engine.mentors), -1)
    for r, (rows, mentors) in enumerate(regions):
        assert (region_of_mentee[rows] == -1).all()
        assert (region_of_mentor[mentors] == -1).all()
        region_of_mentee[rows] = r
        region_of_mentor[mentors] = r
    assert (region_of_mentee >= 0).all()
    _, ok = engine.block(np.arange(len(engine.mentees)))
    i, j = np.nonzero(ok)
    assert (region_of_mentee[i] == region_of_mentor[j]).all()
    # Blocks hold every feasible pair too, however many criteria the partition combines.
    covered = np.zeros_like(ok)
    for rows, cols in engine.blocks(np.arange(len(engine.mentees))):
        covered[np.ix_(rows, cols)] = True
    assert not (ok & ~covered).any()


@pytest.mark.parametrize("seed", [2, 13, 31])
def test_regions_solved_in_worker_processes_give_the_same_optimal_assignment(
    seed: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    engine = Engine(hard_sector_spec(), *sector_people(seed, 80, 30))
    here = engine.assign(objective="score", candidates=2)
    monkeypatch.setattr(optimal, "PROCESS_CELLS", 0)
    monkeypatch.setattr(optimal, "workers", lambda: 2)
    forked = Engine(hard_sector_spec(), *sector_people(seed, 80, 30)).assign(
        objective="score", candidates=2
    )
    assert forked.stats["processes"] == 2
    assert here.stats["processes"] == 1
    assert forked.stats["proved_optimal"]
    check_valid(engine, forked)
    assert forked.total_score == here.total_score
    assert objective_of(engine, forked, "score") == exact_objective(engine, "score")
    assert [u.to_dict() for u in forked.unmatched] == [u.to_dict() for u in here.unmatched]


def test_a_daemon_process_such_as_a_task_worker_assigns_without_starting_workers(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # Daemonic processes may not have children: the engine then solves the regions itself.
    monkeypatch.setattr(optimal, "PROCESS_CELLS", 0)
    monkeypatch.setattr(optimal, "workers", lambda: 2)
    context = multiprocessing.get_context("fork")
    results = context.Queue()

    def run() -> None:
        result = Engine(hard_sector_spec(), *sector_people(2, 80, 30)).assign(candidates=2)
        results.put((result.stats["processes"], result.total_score))

    worker = context.Process(target=run, daemon=True)
    worker.start()
    processes, total = results.get(timeout=120)
    worker.join()
    expected = Engine(hard_sector_spec(), *sector_people(2, 80, 30)).assign(candidates=2)
    assert processes == 1
    assert total == expected.total_score


def _die(index: int) -> None:
    os._exit(1)  # as a worker killed for want of memory would


def test_a_worker_process_that_dies_fails_the_assignment_instead_of_hanging(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(optimal, "PROCESS_CELLS", 0)
    monkeypatch.setattr(optimal, "workers", lambda: 2)
    monkeypatch.setattr(optimal, "_region_task", _die)
    engine = Engine(hard_sector_spec(), *sector_people(7, 80, 30))
    with pytest.raises(BrokenProcessPool):
        engine.assign(candidates=2)
