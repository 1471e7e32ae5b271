"""Small random programs for property tests: few values, so hard criteria really bind."""

from __future__ import annotations

import random
from typing import Any

from hypothesis import HealthCheck, settings

from bridgeway.matching.engine import Exclusion, Participant, ProgramSpec


def bounded(examples: int) -> settings:
    """Settings for every property test here: a fixed, small number of small examples, no
    per-example deadline and no "too slow" health check (a loaded machine is slow, not
    wrong), so a run's length is bounded by the examples, whatever the load."""
    return settings(
        max_examples=examples,
        deadline=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    )


SPEC: dict[str, Any] = {
    "format_version": 1,
    "reference_date": "2025-01-15",
    "labels": {"ar": "Arabic", "en": "English", "fa": "Farsi", "nursing": "nursing"},
    "criteria": [
        {
            "name": "language",
            "kind": "shared_language",
            "min_level": "B1",
            "hard": True,
            "weight": 3,
        },
        {
            "name": "sector",
            "kind": "same_value",
            "mentee_field": "target",
            "mentor_field": "sector",
            "weight": 2,
            "explain": "target_occupation",
        },
        {
            "name": "help",
            "kind": "covers",
            "mentee_field": "needs",
            "mentor_field": "offers",
            "weight": 2,
        },
        {"name": "time zone", "kind": "timezone", "max_hours": 6, "weight": 1},
        {
            "name": "gender",
            "kind": "preference",
            "preference_field": "wants",
            "attribute_field": "gender",
            "hard": True,
            "weight": 0.5,
        },
        {"name": "employer", "kind": "exclude_same", "field": "employer"},
        {
            "name": "goals",
            "kind": "text",
            "mentee_field": "goals",
            "mentor_field": "about",
            "weight": 1,
        },
    ],
}

LANGS = ["ar", "en", "fa"]
LEVELS = ["A2", "B1", "C1", "native"]
SECTORS = ["nursing", "it", "trades"]
NEEDS = ["cv", "license", "network"]
ZONES = [-5, -3.5, 0, 3, "Asia/Kabul", "America/Toronto", "UTC+05:30"]
WORDS = [
    "nurse",
    "hospital",
    "software",
    "python",
    "electrician",
    "licence",
    "Toronto",
    "ممرضة",
    "مستشفى",
    "برنامج",
    "network",
    "résumé",
]


def spec(**changes: Any) -> ProgramSpec:
    data = dict(SPEC)
    data.update(changes)
    return ProgramSpec.from_dict(data)


def _answers(rng: random.Random, mentor: bool) -> dict[str, Any]:
    answers: dict[str, Any] = {}
    if rng.random() < 0.95:
        answers["languages"] = {
            lang: rng.choice(LEVELS) for lang in rng.sample(LANGS, rng.randint(1, 2))
        }
    if rng.random() < 0.9:
        answers["sector" if mentor else "target"] = rng.choice(SECTORS)
    if rng.random() < 0.9:
        answers["offers" if mentor else "needs"] = rng.sample(NEEDS, rng.randint(1, 2))
    if rng.random() < 0.9:
        answers["timezone"] = rng.choice(ZONES)
    if mentor:
        answers["gender"] = rng.choice(["f", "m", "x"])
    elif rng.random() < 0.3:
        answers["wants"] = rng.choice([["f"], ["m"], ["f", "x"]])
    if rng.random() < 0.3:
        answers["employer"] = rng.choice(["acme", "globex"])
    if rng.random() < 0.8:
        answers["about" if mentor else "goals"] = " ".join(rng.sample(WORDS, 3))
    return answers


def people(
    seed: int, n_mentees: int, n_mentors: int
) -> tuple[list[Participant], list[Participant]]:
    rng = random.Random(seed)
    mentees = [Participant(f"e{k}", "mentee", _answers(rng, False)) for k in range(n_mentees)]
    mentors = []
    for k in range(n_mentors):
        exclude: tuple[Exclusion, ...] = ()
        if n_mentees and rng.random() < 0.2:
            exclude = (Exclusion(f"e{rng.randrange(n_mentees)}", "declined"),)
        mentors.append(
            Participant(
                f"m{k}", "mentor", _answers(rng, True), capacity=rng.randint(0, 3), exclude=exclude
            )
        )
    return mentees, mentors
