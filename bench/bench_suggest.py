"""Suggestion latency: top 5 explained, diversified suggestions for one mentee at a time.

python bench/bench_suggest.py bench/data/100k --queries 1000
python bench/bench_suggest.py bench/data/100k --variant soft        # no hard rule at all
python bench/bench_suggest.py bench/data/100k --variant language    # only a shared language
python bench/bench_suggest.py bench/data/100k --variant newcomer    # CLB, NOC, arrival, needs

`--variant` changes the data's spec: "soft" makes every rule soft (no rule splits the mentors,
so every mentor is scored), "language" keeps a shared language as the only hard rule,
"newcomer" matches on the newcomer criteria (language levels on the CLB scale, NOC 2021
occupations with partial credit, the arrival date, accommodation needs met), with arrival
dates, mentors' available dates and accommodations added to the generated people.
"""

from __future__ import annotations

import argparse
import dataclasses
import random
import sys
import time
from typing import Any

import numpy as np

from bridgeway.matching.engine import Engine, Participant, ProgramSpec, load_participants

NEWCOMER_CRITERIA: list[dict[str, Any]] = [
    {
        "name": "language",
        "kind": "shared_language",
        "scale": "clb",
        "min_level": "NCLC 5",
        "weight": 3,
        "hard": True,
    },
    {
        "name": "occupation",
        "kind": "occupation",
        "mentee_field": "target_noc",
        "mentor_field": "noc",
        "weight": 3,
    },
    {"name": "arrival", "kind": "arrival", "weeks": 4, "weight": 1},
    {"name": "accommodations", "kind": "accommodations", "weight": 1},
    {"name": "time zone", "kind": "timezone", "max_hours": 12, "weight": 1},
    {
        "name": "goals",
        "kind": "text",
        "mentee_field": "goals",
        "mentor_field": "about",
        "weight": 1,
    },
]
NOC = ["31102", "31301", "21231", "21300", "11100", "41220", "72200", "62020", "13110", "22310"]
NEEDS = ["interpreter", "captions", "phone", "plain_language"]


def variant_spec(spec: ProgramSpec, variant: str) -> ProgramSpec:
    data = spec.to_dict()
    if variant == "soft":
        for criterion in data["criteria"]:
            if criterion["kind"] not in ("exclude_same", "text"):
                criterion["hard"] = False
    elif variant == "language":
        for criterion in data["criteria"]:
            if criterion["kind"] not in ("exclude_same", "text"):
                criterion["hard"] = criterion["kind"] == "shared_language"
    elif variant == "newcomer":
        data["criteria"] = NEWCOMER_CRITERIA
        data["reference_date"] = "2027-01-15"
    return ProgramSpec.from_dict(data)


def newcomer_answers(person: Participant, rng: random.Random) -> Participant:
    """The generated person with CLB levels, NOC codes, dates and accommodations."""
    answers = dict(person.answers)
    answers["languages"] = {
        code: f"clb{rng.randint(4, 10)}" for code in answers.get("languages", {})
    }
    answers["noc"] = rng.choice(NOC)
    if person.role == "mentee":
        answers["target_noc"] = rng.choice(NOC)
        answers["arrival_date"] = f"2027-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
        if rng.random() < 0.3:
            answers["accommodation_needs"] = rng.sample(NEEDS, rng.randint(1, 2))
    else:
        first = rng.randint(1, 10)
        answers["available_dates"] = (
            "flexible"
            if rng.random() < 0.3
            else {"from": f"2027-{first:02d}-01", "to": f"2027-{min(12, first + 3):02d}-28"}
        )
        answers["accommodations_offered"] = rng.sample(NEEDS, rng.randint(0, 3))
    return dataclasses.replace(person, answers=answers)


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("folder")
    parser.add_argument("--queries", type=int, default=1000)
    parser.add_argument("--mentees", type=int, default=2000, help="mentees loaded")
    parser.add_argument(
        "--variant", choices=["as-is", "soft", "language", "newcomer"], default="as-is"
    )
    args = parser.parse_args()
    spec = variant_spec(ProgramSpec.load(f"{args.folder}/spec.json"), args.variant)
    people = load_participants(f"{args.folder}/people-cached.jsonl")
    if args.variant == "newcomer":
        made = random.Random(3)
        people = [newcomer_answers(p, made) for p in people]
    mentees = [p for p in people if p.role == "mentee"][: args.mentees]
    mentors = [p for p in people if p.role == "mentor"]
    started = time.perf_counter()
    engine = Engine(spec, mentees, mentors, validate=False)
    built = time.perf_counter() - started
    rng = random.Random(1)
    for mentee in rng.sample(mentees, 20):  # warm up
        engine.suggest(mentee.id, 5)
    times = []
    for _ in range(args.queries):
        mentee = rng.choice(mentees)
        t0 = time.perf_counter()
        engine.suggest(mentee.id, 5)
        times.append(time.perf_counter() - t0)
    ms = np.array(times) * 1000
    print(
        f"variant={args.variant} partition={engine.partition().criterion} "
        f"mentors={len(mentors)} engine_build_s={built:.2f} queries={len(ms)} "
        f"p50_ms={np.percentile(ms, 50):.2f} p95_ms={np.percentile(ms, 95):.2f} "
        f"p99_ms={np.percentile(ms, 99):.2f}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
