"""How long a page about one mentee spends in the engine, with the mentors compiled once.

    python bench/bench_mentor_side.py                    # 3,000 mentors, every text different
    python bench/bench_mentor_side.py --mentors 30000 --asking 10

Builds `--mentors` mentors whose free texts are all different (the worst case for the join:
every text has a row to weigh again; bench_matching_pages.py's texts come from ten templates),
compiles them once (`MentorSide`), then, for `--asking` mentees in turn, times what a
suggestions page does in the engine: `Engine.from_side` with that mentee and `suggest`; and the
same with an engine built from everyone (what every page did before the mentors were kept).
Checks the two give the same suggestions. Prints medians and p95 in ms with the load average.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from bridgeway.matching.engine import Engine, MentorSide, Participant, ProgramSpec  # noqa: E402
from bridgeway.matching.engine.text import text_vector_rows  # noqa: E402

WORDS = [
    "nurse",
    "hospital",
    "licensing",
    "exam",
    "engineer",
    "bridges",
    "roads",
    "software",
    "developer",
    "open",
    "source",
    "accountant",
    "finance",
    "volunteering",
    "teacher",
    "mathematics",
    "newcomer",
    "youth",
    "pharmacist",
    "cooking",
    "project",
    "manager",
    "construction",
    "hiking",
    "photography",
    "designer",
    "illustrator",
    "french",
    "montreal",
    "electrician",
    "apprenticeship",
    "family",
    "data",
    "analyst",
    "banking",
    "machine",
    "learning",
    "networking",
    "toronto",
    "vancouver",
    "halifax",
    "manila",
    "lagos",
    "beirut",
    "interviews",
    "resume",
    "mentor",
    "career",
]

SPEC: dict[str, Any] = {
    "format_version": 1,
    "levels": {"A2": 2, "B1": 3, "B2": 4, "C1": 5},
    "criteria": [
        {"name": "languages", "kind": "shared_language", "min_level": "B1", "hard": True},
        {"name": "time zone", "kind": "timezone", "field": "zone", "max_hours": 6},
        {"name": "goals", "kind": "overlap", "field": "goals", "weight": 2},
        {"name": "about", "kind": "text", "field": "about", "weight": 2},
    ],
}


def people(n: int, role: str, rng: random.Random) -> list[Participant]:
    texts = [" ".join(rng.choice(WORDS) for _ in range(rng.randint(12, 30))) for _ in range(n)]
    vectors = text_vector_rows(texts)
    out = []
    for k in range(n):
        answers = {
            "languages": {"en": "C1", rng.choice(["fr", "ar", "es", "tl"]): "B1"},
            "zone": rng.choice(["America/Toronto", "America/Vancouver", "Asia/Manila", 1]),
            "goals": rng.sample(["cv", "license", "network", "interview", "job"], 2),
            "about": texts[k],
        }
        out.append(
            Participant(
                "e" + str(k) if role == "mentee" else f"m{k}",
                role,
                answers,
                capacity=2,
                text_vectors={"about": vectors[k]},
            )
        )
    return out


def p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--mentors", type=int, default=3_000)
    parser.add_argument("--asking", type=int, default=30, help="mentees asking in turn")
    args = parser.parse_args()
    rng = random.Random(1)
    spec = ProgramSpec.from_dict(SPEC)
    mentors = people(args.mentors, "mentor", rng)
    mentees = people(args.asking, "mentee", rng)
    started = time.perf_counter()
    side = MentorSide(spec, mentors, validate=False)
    built = (time.perf_counter() - started) * 1000
    joined, whole = [], []
    for mentee in mentees:
        t0 = time.perf_counter()
        found = Engine.from_side(side, [mentee], validate=False).suggest(mentee.id, record=False)
        t1 = time.perf_counter()
        again = Engine(spec, [mentee], mentors, validate=False).suggest(mentee.id, record=False)
        t2 = time.perf_counter()
        if found != again:
            raise SystemExit(f"{mentee.id}: the joined engine suggests otherwise")
        joined.append((t1 - t0) * 1000)
        whole.append((t2 - t1) * 1000)
    print(f"{args.mentors} mentors, every text different; side compiled once in {built:.0f} ms")
    print(
        f"joined engine + suggest: p50 {statistics.median(joined):.1f} ms, p95 {p95(joined):.1f} ms"
    )
    print(
        f"whole engine + suggest:  p50 {statistics.median(whole):.1f} ms, p95 {p95(whole):.1f} ms"
    )
    print(f"same suggestions for all {len(mentees)} mentees; load average {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
