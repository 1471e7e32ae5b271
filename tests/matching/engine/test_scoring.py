from __future__ import annotations

from unittest.mock import patch

import numpy as np
from hypothesis import given
from hypothesis import strategies as st

from bridgeway.matching.engine import Engine, Exclusion, Participant
from bridgeway.matching.engine import engine as engine_module
from bridgeway.matching.engine.messages import TEMPLATES, render

from .instances import bounded, people, spec


def nurse_program() -> Engine:
    mentee = Participant(
        "amal",
        "mentee",
        {
            "languages": {"ar": "native", "en": "A2"},
            "target": "nursing",
            "needs": ["license"],
            "timezone": 0,
            "goals": "work as a nurse",
        },
    )
    mentor = Participant(
        "ben",
        "mentor",
        {
            "languages": {"ar": "C1", "en": "native"},
            "sector": "nursing",
            "offers": ["cv"],
            "timezone": -3,
            "about": "hospital nurse",
            "gender": "m",
        },
        capacity=2,
    )
    declined = Participant(
        "cleo", "mentor", {"languages": ["ar"]}, exclude=(Exclusion("amal", "declined"),)
    )
    return Engine(spec(), [mentee], [mentor, declined])


def test_it_explains_a_pair_in_plain_words() -> None:
    pair = nurse_program().score("amal", "ben")
    texts = [r.text for r in pair.reasons]
    assert "You both speak Arabic." in texts  # English is only A2 for the mentee
    assert "Works in nursing, your target occupation." in texts
    assert "3 hours apart." in texts
    assert "Cannot help with license." in texts
    assert pair.feasible


def test_it_marks_a_declined_request_as_excluded() -> None:
    pair = nurse_program().score("amal", "cleo")
    assert not pair.feasible
    assert pair.reasons[-1].code == "excluded_declined"


def test_reason_codes_all_have_a_template() -> None:
    engine = Engine(spec(), *people(3, 20, 20))
    for i in range(20):
        for j in range(20):
            for reason in engine.score(f"e{i}", f"m{j}").reasons:
                assert reason.text == render(reason.code, reason.params)
                assert reason.code in TEMPLATES


@bounded(25)
@given(st.integers(0, 10_000), st.integers(1, 12), st.integers(1, 12))
def test_explanation_adds_up_to_the_score_and_matches_the_block(
    seed: int, n_mentees: int, n_mentors: int
) -> None:
    engine = Engine(spec(), *people(seed, n_mentees, n_mentors))
    points, ok = engine.block(np.arange(n_mentees))
    for i in range(n_mentees):
        for j in range(n_mentors):
            pair = engine.score(f"e{i}", f"m{j}")
            assert round(sum(r.points for r in pair.reasons), 2) == pair.score
            assert pair.score == points[i, j] / 100
            assert pair.feasible == ok[i, j]
            assert 0 <= pair.score <= 100
            for reason in pair.reasons:
                assert 0 <= reason.points <= reason.max_points


@bounded(25)
@given(st.integers(0, 10_000), st.integers(1, 12), st.integers(1, 12))
def test_explaining_many_pairs_at_once_says_what_each_pair_alone_would(
    seed: int, n_mentees: int, n_mentors: int
) -> None:
    # Pairs that a criterion explains alike share one reason. Explained one at a time, each
    # pair is its own case, so a wrong grouping would show as a different reason here.
    # (A cohort's worth of pairs is grouped; these few are too, by lowering the threshold.)
    mi, mj = np.meshgrid(np.arange(n_mentees), np.arange(n_mentors), indexing="ij")
    with patch.object(engine_module, "GROUP_PAIRS", 2):
        engine = Engine(spec(), *people(seed, n_mentees, n_mentors))
        together = engine.explain(mi.ravel(), mj.ravel())
    one_by_one = Engine(spec(), *people(seed, n_mentees, n_mentors))
    for pair in together:
        assert pair == one_by_one.score(pair.mentee, pair.mentor)


def test_a_perfect_pair_scores_exactly_100() -> None:
    answers = {"languages": ["ar"], "timezone": 2}
    engine = Engine(
        spec(
            criteria=[
                {"name": "language", "kind": "shared_language", "weight": 1},
                {"name": "tz", "kind": "timezone", "max_hours": 3, "weight": 1},
                {"name": "sector", "kind": "same_value", "field": "s", "weight": 1},
            ]
        ),
        [Participant("a", "mentee", {**answers, "s": "x"})],
        [Participant("b", "mentor", {**answers, "s": "x"})],
    )
    assert engine.score("a", "b").score == 100.0


def test_an_unanswered_question_does_not_count_against_the_mentee() -> None:
    engine = Engine(
        spec(
            criteria=[
                {"name": "language", "kind": "shared_language", "weight": 1},
                {"name": "sector", "kind": "same_value", "field": "s", "weight": 3},
            ]
        ),
        [Participant("a", "mentee", {"languages": ["ar"]})],
        [Participant("b", "mentor", {"languages": ["ar"], "s": "x"})],
    )
    pair = engine.score("a", "b")
    assert pair.score == 100.0
    assert pair.reasons[1].code == "not_answered"


def test_time_zones_wrap_around_the_clock() -> None:
    engine = Engine(
        spec(criteria=[{"name": "tz", "kind": "timezone", "max_hours": 3, "hard": True}]),
        [Participant("a", "mentee", {"timezone": "Pacific/Auckland"})],
        [Participant("b", "mentor", {"timezone": "UTC-9"})],
    )
    pair = engine.score("a", "b")  # +13 in January and -9: two hours apart
    assert pair.feasible
    assert pair.reasons[0].text == "2 hours apart."
