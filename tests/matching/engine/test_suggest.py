from __future__ import annotations

import random

import numpy as np

from bridgeway.matching.engine import Engine, Exclusion, Participant

from .instances import people, spec

SIMPLE = spec(
    criteria=[
        {"name": "sector", "kind": "same_value", "field": "s", "weight": 3},
        {"name": "language", "kind": "shared_language", "weight": 1, "hard": True},
    ]
)


def test_suggestions_skip_excluded_and_full_mentors() -> None:
    mentees, mentors = people(11, 30, 40)
    engine = Engine(spec(), mentees, mentors)
    for mentee in mentees:
        suggestions = engine.suggest(mentee.id, 5)
        for s in suggestions:
            assert s.pair.feasible
            assert engine.capacity[engine.mentor_index[s.pair.mentor]] > 0
            assert s.pair.mentor not in {e.id for e in mentee.exclude}
            mentor = mentors[engine.mentor_index[s.pair.mentor]]
            assert mentee.id not in {e.id for e in mentor.exclude}


def test_a_declined_mentor_is_never_suggested_even_when_best() -> None:
    engine = Engine(
        SIMPLE,
        [
            Participant(
                "e",
                "mentee",
                {"s": "x", "languages": ["ar"]},
                exclude=(Exclusion("best", "declined"),),
            )
        ],
        [
            Participant("best", "mentor", {"s": "x", "languages": ["ar"]}),
            Participant("other", "mentor", {"s": "y", "languages": ["ar"]}),
        ],
    )
    assert [s.pair.mentor for s in engine.suggest("e", 5)] == ["other"]


def crowd(seed: int) -> Engine:
    """Many mentees who all like the same few mentors best."""
    rng = random.Random(seed)
    mentees = [Participant(f"e{k}", "mentee", {"s": "x", "languages": ["ar"]}) for k in range(300)]
    mentors = [
        Participant(
            f"m{k}",
            "mentor",
            {"s": "x" if k < 5 else rng.choice(["x", "y"]), "languages": ["ar"]},
            capacity=rng.randint(1, 3),
        )
        for k in range(200)
    ]
    return Engine(SIMPLE, mentees, mentors)


def exposure(engine: Engine, diversity: float) -> tuple[np.ndarray, float]:
    shown = np.zeros(len(engine.mentors))
    scores = []
    for mentee in engine.mentees:
        for s in engine.suggest(mentee.id, 5, diversity=diversity):
            shown[engine.mentor_index[s.pair.mentor]] += 1
            scores.append(s.pair.score)
    return shown, float(np.mean(scores))


def test_diversification_spreads_exposure_without_giving_up_much_score() -> None:
    plain, plain_score = exposure(crowd(1), diversity=0.0)
    spread, spread_score = exposure(crowd(1), diversity=2.0)
    # Without it the same 5 mentors are shown to all 300 mentees.
    assert np.count_nonzero(plain) == 5
    assert np.count_nonzero(spread) > 50
    assert spread.max() < plain.max() / 4
    assert spread_score >= plain_score - 15
