"""Mentors compiled once (MentorSide) and mentees joined later score exactly as an engine
built from everyone at once: every score, every reason, every suggestion."""

from __future__ import annotations

import random
from typing import Any

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from bridgeway.matching.engine import Engine, FormatError, MentorSide, Participant
from bridgeway.matching.engine.text import text_vector

from . import instances
from . import test_newcomer as newcomer
from .instances import bounded


def same_engine(joined: Engine, whole: Engine) -> None:
    """Equal blocks, pairs explained alike, and equal suggestions for every mentee."""
    mentees = np.arange(len(whole.mentees))
    points, ok = whole.block(mentees)
    joined_points, joined_ok = joined.block(mentees)
    assert np.array_equal(points, joined_points)
    assert np.array_equal(ok, joined_ok)
    for person in whole.mentees:
        for other in whole.mentors:
            assert joined.score(person.id, other.id) == whole.score(person.id, other.id)
        assert joined.suggest(person.id, k=3, record=False) == whole.suggest(
            person.id, k=3, record=False
        )
    assert len(joined.partition().groups) == len(whole.partition().groups)
    assert [g.to_dict() for g in joined.recruitment_gap()] == [
        g.to_dict() for g in whole.recruitment_gap()
    ]


def with_vectors(people: list[Participant], field: str, share: float) -> list[Participant]:
    """Some people with the stored vector of their text, as the app keeps them."""
    rng = random.Random(len(people))
    out = []
    for p in people:
        text = p.answers.get(field)
        vectors = (
            {field: text_vector(text)} if isinstance(text, str) and rng.random() < share else {}
        )
        out.append(
            Participant(p.id, p.role, p.answers, p.capacity, p.exclude, text_vectors=vectors)
        )
    return out


@bounded(30)
@given(st.integers(0, 10_000), st.integers(1, 6), st.integers(0, 12), st.floats(0, 1))
def test_joined_mentees_score_as_in_one_engine(
    seed: int, n_mentees: int, n_mentors: int, share: float
) -> None:
    mentees, mentors = instances.people(seed, n_mentees, n_mentors)
    mentees = with_vectors(mentees, "goals", share)
    mentors = with_vectors(mentors, "about", share)
    spec = instances.spec()
    side = MentorSide(spec, mentors)
    same_engine(Engine.from_side(side, mentees), Engine(spec, mentees, mentors))


@bounded(25)
@given(st.integers(0, 10_000), st.integers(1, 6), st.integers(0, 12))
def test_newcomer_criteria_join_as_in_one_engine(seed: int, n_mentees: int, n_mentors: int) -> None:
    mentees, mentors = newcomer.people(seed, n_mentees, n_mentors)
    spec = newcomer.spec()
    same_engine(
        Engine.from_side(MentorSide(spec, mentors), mentees), Engine(spec, mentees, mentors)
    )


def test_one_side_serves_mentee_after_mentee() -> None:
    mentees, mentors = instances.people(7, 8, 40)
    spec = instances.spec()
    side = MentorSide(spec, mentors)
    for person in mentees:
        joined = Engine.from_side(side, [person])
        whole = Engine(spec, [person], mentors)
        assert joined.suggest(person.id, k=5, record=False) == whole.suggest(
            person.id, k=5, record=False
        )


def test_capacity_given_at_the_join_decides_who_is_suggested() -> None:
    mentees, mentors = instances.people(3, 1, 10)
    spec = instances.spec()
    side = MentorSide(spec, mentors)
    full = [0] * len(mentors)
    assert Engine.from_side(side, mentees, capacity=full).suggest("e0", record=False) == []
    places = [2] * len(mentors)
    free = [Participant(p.id, p.role, p.answers, 2, p.exclude) for p in mentors]
    assert Engine.from_side(side, mentees, capacity=places).suggest("e0", record=False) == (
        Engine(spec, mentees, free).suggest("e0", record=False)
    )
    with pytest.raises(ValueError, match="one number for each mentor"):
        Engine.from_side(side, mentees, capacity=[1])


def test_ids_and_answers_are_checked_as_in_one_engine() -> None:
    mentees, mentors = instances.people(5, 2, 3)
    side = MentorSide(instances.spec(), mentors)
    twice = Participant("m0", "mentee", {})
    with pytest.raises(FormatError, match="used twice"):
        Engine.from_side(side, [twice])
    wrong: dict[str, Any] = {"languages": {"en": "fluent-ish"}}
    with pytest.raises(FormatError) as caught:
        Engine.from_side(side, [Participant("e9", "mentee", wrong)])
    assert caught.value.field.startswith("participant e9")
    with pytest.raises(FormatError, match="is not a mentor"):
        MentorSide(instances.spec(), [mentees[0]])
