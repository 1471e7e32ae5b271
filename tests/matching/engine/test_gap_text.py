from __future__ import annotations

import numpy as np

from bridgeway.matching.engine import Engine, Participant, text_vector
from bridgeway.matching.engine import text as textmod

from .instances import spec


def test_gap_groups_waiting_mentees_by_what_is_missing() -> None:
    s = spec(
        criteria=[
            {"name": "language", "kind": "shared_language", "hard": True},
            {
                "name": "sector",
                "kind": "same_value",
                "field": "sector",
                "hard": True,
                "attribute": "sector",
            },
        ],
        labels={"ar": "Arabic", "health": "healthcare", "it": "IT"},
    )
    mentees = [
        Participant(f"a{k}", "mentee", {"languages": ["ar"], "sector": "health"}) for k in range(14)
    ]
    mentees += [
        Participant(f"b{k}", "mentee", {"languages": ["ar"], "sector": "it"}) for k in range(3)
    ]
    mentors = [Participant("m", "mentor", {"languages": ["ar"], "sector": "it"}, capacity=1)]
    engine = Engine(s, mentees, mentors)
    gap = engine.recruitment_gap(engine.assign())
    first = gap[0]
    assert first.text == "Arabic + healthcare: 14 mentees waiting, 0 mentors with free places."
    assert first.shortfall == 14
    assert first.needs[0]["values"] == ["ar"]
    second = gap[1]
    assert second.mentees == 2
    assert second.mentors_compatible == 1
    assert second.mentors_with_capacity == 0


def test_cached_text_vectors_give_the_same_scores() -> None:
    s = spec(
        criteria=[
            {"name": "goals", "kind": "text", "mentee_field": "goals", "mentor_field": "about"}
        ]
    )
    words = [
        "registered nurse in a Toronto hospital",
        "software developer, Python and cloud",
        "licensed electrician, commercial wiring",
        "ممرضة في مستشفى",
    ]
    mentees = [Participant(f"e{k}", "mentee", {"goals": w}) for k, w in enumerate(words)]
    mentors = [Participant(f"m{k}", "mentor", {"about": w}) for k, w in enumerate(words[::-1])]
    cached_mentors = [
        Participant(
            p.id, "mentor", p.answers, text_vectors={"about": text_vector(p.answers["about"])}
        )
        for p in mentors
    ]
    fresh, _ = Engine(s, mentees, mentors).block(np.arange(4))
    cached, _ = Engine(s, mentees, cached_mentors).block(np.arange(4))
    assert (fresh == cached).all()


def test_similar_texts_score_higher_than_unrelated_ones() -> None:
    texts = [
        "I am a nurse looking for work in a hospital",
        "Nurse manager at a large hospital",
        "Welder and pipefitter on construction sites",
    ]
    counts = textmod.count_matrix(texts)
    q = textmod.folded(textmod.tfidf(counts))
    q /= np.linalg.norm(q, axis=1, keepdims=True)
    assert q[0] @ q[1] > q[0] @ q[2] + 0.1


def test_a_text_vector_string_round_trips() -> None:
    idx, counts = textmod.parse_vector(text_vector("bonjour le monde"))
    fresh = textmod.count_matrix(["bonjour le monde"])
    assert idx.tolist() == fresh.indices.tolist()
    assert counts.tolist() == fresh.data.tolist()
