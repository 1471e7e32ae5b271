"""Synthetic programs for the matching benchmarks.

`--program skilled` (default): a skilled-immigrant mentoring program. Mentees are newcomers in
Canada or abroad (pre-arrival) with a first language, some English or French at a CEFR level, a
target occupation (NOC broad category), help they need, an IANA time zone, sometimes a
preferred mentor gender, and a short goal in one of several languages. Mentors are
professionals in Canadian time zones with 1-3 places. Hard rules: a shared language, the
occupation, a stated gender wish, not the same employer.

`--program soft`: the same people and criteria with every rule soft (weighted, none a hard
block; the employer rule, which only excludes, is left out).

`--program settlement`: a settlement-hosting program. Newcomer households, 60 % of them before
arrival in their home time zone, are matched with volunteer host households in Canada on
language, time zone, shared interests and what they write about themselves - all soft.
Hosts take one or two households.

    python bench/generate.py --mentees 10000 --mentors 3000 --out bench/data/10k
    python bench/generate.py --program settlement --mentees 10000 --mentors 3000 \
        --out bench/data/settlement-10k
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from pathlib import Path
from typing import Any

import numpy as np

SPEC: dict[str, Any] = {
    "format_version": 1,
    "name": "Skilled newcomers - occupation mentoring",
    "reference_date": "2025-03-01",
    "labels": {
        "ar": "Arabic",
        "fa": "Farsi",
        "es": "Spanish",
        "zh": "Mandarin",
        "pa": "Punjabi",
        "tl": "Tagalog",
        "hi": "Hindi",
        "uk": "Ukrainian",
        "fr": "French",
        "ur": "Urdu",
        "so": "Somali",
        "ti": "Tigrinya",
        "ps": "Pashto",
        "ko": "Korean",
        "pt": "Portuguese",
        "ru": "Russian",
        "en": "English",
        "0": "management",
        "1": "business and finance",
        "2": "natural and applied sciences",
        "3": "health",
        "4": "education, law and social services",
        "5": "arts and culture",
        "6": "sales and service",
        "7": "trades and transport",
        "8": "natural resources",
        "9": "manufacturing",
        "resume": "your resume",
        "interview": "interview practice",
        "network": "networking",
        "licensing": "professional licensing",
        "culture": "workplace culture",
        "job_search": "job search",
        "language": "workplace language",
        "settlement": "settling in",
    },
    "criteria": [
        {
            "name": "language",
            "kind": "shared_language",
            "min_level": "B1",
            "hard": True,
            "weight": 3,
        },
        {
            "name": "occupation",
            "kind": "same_value",
            "mentee_field": "target_noc",
            "mentor_field": "noc",
            "hard": True,
            "weight": 3,
            "explain": "target_occupation",
            "attribute": "occupation",
        },
        {
            "name": "help",
            "kind": "covers",
            "mentee_field": "needs",
            "mentor_field": "offers",
            "weight": 2,
        },
        {"name": "time zone", "kind": "timezone", "max_hours": 12, "weight": 1},
        {
            "name": "gender",
            "kind": "preference",
            "side": "mentee",
            "preference_field": "preferred_mentor_gender",
            "attribute_field": "gender",
            "hard": True,
            "weight": 0.5,
            "attribute": "gender",
        },
        {"name": "employer", "kind": "exclude_same", "field": "employer", "attribute": "employer"},
        {
            "name": "goals",
            "kind": "text",
            "mentee_field": "goals",
            "mentor_field": "about",
            "weight": 1,
        },
    ],
}

FIRST = {
    "ar": 15,
    "fa": 8,
    "es": 10,
    "zh": 10,
    "pa": 8,
    "tl": 8,
    "hi": 7,
    "uk": 6,
    "fr": 6,
    "ur": 5,
    "so": 3,
    "ti": 3,
    "ps": 3,
    "ko": 2,
    "pt": 3,
    "ru": 3,
}
LEVELS = ["A1", "A2", "B1", "B2", "C1"]
NOC_MENTEE = [6, 14, 20, 16, 8, 3, 10, 13, 4, 6]
NOC_MENTOR = [10, 18, 22, 8, 12, 4, 9, 9, 3, 5]
NEEDS = [
    "resume",
    "interview",
    "network",
    "licensing",
    "culture",
    "job_search",
    "language",
    "settlement",
]
CANADA = [
    "America/Toronto",
    "America/Toronto",
    "America/Toronto",
    "America/Vancouver",
    "America/Vancouver",
    "America/Edmonton",
    "America/Winnipeg",
    "America/Halifax",
    "America/St_Johns",
    "America/Regina",
]
ABROAD = [
    "Asia/Kolkata",
    "Asia/Manila",
    "Asia/Tehran",
    "Asia/Kabul",
    "Africa/Lagos",
    "Europe/Kyiv",
    "Asia/Shanghai",
    "Asia/Karachi",
    "Africa/Cairo",
    "America/Bogota",
    "Asia/Amman",
    "Asia/Seoul",
    "America/Sao_Paulo",
    "Africa/Addis_Ababa",
    "UTC+03:00",
]
ROLE = {
    "0": ["project manager", "operations manager"],
    "1": ["accountant", "financial analyst"],
    "2": ["software engineer", "civil engineer"],
    "3": ["nurse", "pharmacist"],
    "4": ["teacher", "paralegal"],
    "5": ["graphic designer", "journalist"],
    "6": ["retail supervisor", "chef"],
    "7": ["electrician", "truck driver"],
    "8": ["geologist", "farm manager"],
    "9": ["machine operator", "quality inspector"],
}
GOAL = {
    "en": "I worked as a {role} for {years} years and want to work as a {role} in Canada.",
    "fr": "J'ai travaillé comme {role} pendant {years} ans et je veux travailler au Canada.",
    "es": "Trabajé como {role} durante {years} años y quiero trabajar en Canadá.",
    "ar": "عملت {role} لمدة {years} سنوات وأريد العمل في كندا في مجالي.",
    "fa": "من {years} سال به عنوان {role} کار کردم و می‌خواهم در کانادا کار کنم.",
    "zh": "我做了{years}年的{role}，希望在加拿大找到同类工作。",
}
ABOUT = [
    "{role} in {city} for {years} years; happy to help newcomers with {need}.",
    "I am a {role} and mentor newcomers on {need} and the Canadian workplace.",
    "Senior {role} at a {city} company. Came to Canada myself {years} years ago.",
]
CITIES = ["Toronto", "Vancouver", "Calgary", "Winnipeg", "Halifax", "Montreal", "Ottawa"]


SOFT_SPEC: dict[str, Any] = {
    **SPEC,
    "name": "Skilled newcomers - occupation mentoring, every rule soft",
    "criteria": [{**c, "hard": False} for c in SPEC["criteria"] if c["kind"] != "exclude_same"],
}

INTERESTS = [
    "cooking",
    "soccer",
    "hiking",
    "music",
    "faith",
    "gardening",
    "reading",
    "crafts",
    "kids_activities",
    "volunteering",
    "technology",
    "art",
    "fishing",
    "cycling",
    "board_games",
    "movies",
]

SETTLEMENT_SPEC: dict[str, Any] = {
    "format_version": 1,
    "name": "Welcome hosts - settlement hosting",
    "reference_date": "2025-03-01",
    "labels": {
        **{code: label for code, label in SPEC["labels"].items() if not code.isdigit()},
        **{code: code.replace("_", " ") for code in INTERESTS},
    },
    "criteria": [
        {"name": "language", "kind": "shared_language", "min_level": "A2", "weight": 3},
        {"name": "time zone", "kind": "timezone", "max_hours": 10, "weight": 2},
        {
            "name": "interests",
            "kind": "overlap",
            "field": "interests",
            "min_shared": 2,
            "weight": 2,
        },
        {
            "name": "about",
            "kind": "text",
            "mentee_field": "about",
            "mentor_field": "about",
            "weight": 1,
        },
    ],
}

HOUSEHOLD = {
    "en": "We are a family of {size} who love {interest}; we arrive in {city} in {month}.",
    "fr": "Nous sommes une famille de {size} qui aime {interest}; nous arrivons à {city}.",
    "es": "Somos una familia de {size} y nos gusta {interest}; llegamos a {city} pronto.",
    "ar": "نحن عائلة من {size} أفراد نحب {interest} ونصل إلى {city} قريبا.",
    "fa": "ما خانواده‌ای {size} نفره هستیم و به {interest} علاقه داریم.",
    "zh": "我们是{size}口之家，喜欢{interest}，即将到达{city}。",
}
HOST = [
    "Our family in {city} enjoys {interest} and has welcomed newcomers for {years} years.",
    "Retired couple in {city}; we love {interest} and can show you around.",
    "We have kids and like {interest}; happy to help with school and shopping in {city}.",
]
MONTHS = ["March", "April", "May", "June", "July", "August"]


def newcomer(rng: random.Random, k: int) -> dict[str, Any]:
    first = pick(rng, FIRST, list(FIRST))
    langs: dict[str, str] = {first: "native"}
    if first != "fr" and rng.random() < 0.7:
        langs["en"] = rng.choices(LEVELS, weights=[25, 25, 25, 15, 10])[0]
    if rng.random() < 0.15:
        langs["fr"] = rng.choice(LEVELS)
    abroad = rng.random() < 0.6
    interests = rng.sample(INTERESTS, rng.randint(1, 4))
    answers: dict[str, Any] = {
        "languages": langs,
        "timezone": rng.choice(ABROAD if abroad else CANADA),
        "interests": interests,
    }
    if rng.random() < 0.85:
        lang = first if first in HOUSEHOLD and rng.random() < 0.5 else rng.choice(["en", "fr"])
        answers["about"] = HOUSEHOLD[lang].format(
            size=rng.randint(1, 7),
            interest=interests[0].replace("_", " "),
            city=rng.choice(CITIES),
            month=rng.choice(MONTHS),
        )
    return {"id": f"e-{k}", "role": "mentee", "answers": answers}


def host(rng: random.Random, k: int) -> dict[str, Any]:
    langs: dict[str, str] = {"en": "native" if rng.random() < 0.75 else "C1"}
    if rng.random() < 0.3:
        langs["fr"] = rng.choice(["B2", "C1", "native"])
    if rng.random() < 0.3:
        langs[pick(rng, FIRST, list(FIRST))] = "native"
    interests = rng.sample(INTERESTS, rng.randint(2, 5))
    answers: dict[str, Any] = {
        "languages": langs,
        "timezone": rng.choice(CANADA),
        "interests": interests,
    }
    if rng.random() < 0.85:
        answers["about"] = rng.choice(HOST).format(
            city=rng.choice(CITIES),
            interest=interests[0].replace("_", " "),
            years=rng.randint(1, 20),
        )
    return {
        "id": f"m-{k}",
        "role": "mentor",
        "capacity": rng.choices([1, 2], [65, 35])[0],
        "answers": answers,
    }


PROGRAMS = {"skilled": SPEC, "soft": SOFT_SPEC, "settlement": SETTLEMENT_SPEC}


def pick(rng: random.Random, weights: dict[str, int] | list[int], keys: list[str]) -> str:
    values = list(weights.values()) if isinstance(weights, dict) else weights
    return rng.choices(keys, weights=values)[0]


def mentee(rng: random.Random, k: int, n_mentors: int) -> dict[str, Any]:
    first = pick(rng, FIRST, list(FIRST))
    langs: dict[str, str] = {first: "native"}
    if first != "fr" and rng.random() < 0.85:
        langs["en"] = rng.choices(LEVELS, weights=[10, 20, 30, 25, 15])[0]
    if rng.random() < 0.12:
        langs["fr"] = rng.choice(LEVELS)
    noc = pick(rng, NOC_MENTEE, [str(d) for d in range(10)])
    abroad = rng.random() < 0.4
    answers: dict[str, Any] = {
        "languages": langs,
        "target_noc": noc,
        "needs": rng.sample(NEEDS, rng.randint(1, 3)),
        "timezone": rng.choice(ABROAD if abroad else CANADA),
    }
    if rng.random() < 0.2:
        answers["preferred_mentor_gender"] = [rng.choice(["woman", "man"])]
    if not abroad and rng.random() < 0.3:
        answers["employer"] = f"employer-{rng.randrange(500)}"
    if rng.random() < 0.9:
        lang = first if first in GOAL and rng.random() < 0.4 else rng.choice(["en", "en", "fr"])
        answers["goals"] = GOAL[lang].format(role=rng.choice(ROLE[noc]), years=rng.randint(2, 15))
    person: dict[str, Any] = {"id": f"e-{k}", "role": "mentee", "answers": answers}
    if rng.random() < 0.02:
        person["exclude"] = [{"id": f"m-{rng.randrange(n_mentors)}", "reason": "declined"}]
    return person


def mentor(rng: random.Random, k: int) -> dict[str, Any]:
    langs: dict[str, str] = {"en": "native" if rng.random() < 0.7 else "C1"}
    if rng.random() < 0.25:
        langs["fr"] = rng.choice(["B2", "C1", "native"])
    if rng.random() < 0.35:
        langs[pick(rng, FIRST, list(FIRST))] = "native"
    noc = pick(rng, NOC_MENTOR, [str(d) for d in range(10)])
    answers: dict[str, Any] = {
        "languages": langs,
        "noc": noc,
        "offers": rng.sample(NEEDS, rng.randint(2, 5)),
        "timezone": rng.choice(CANADA),
        "gender": rng.choice(["woman", "man", "woman", "man", "non-binary"]),
    }
    if rng.random() < 0.6:
        answers["employer"] = f"employer-{rng.randrange(500)}"
    if rng.random() < 0.85:
        answers["about"] = rng.choice(ABOUT).format(
            role=rng.choice(ROLE[noc]),
            city=rng.choice(CITIES),
            years=rng.randint(3, 25),
            need=rng.choice(NEEDS).replace("_", " "),
        )
    return {
        "id": f"m-{k}",
        "role": "mentor",
        "capacity": rng.choices([1, 2, 3], [50, 35, 15])[0],
        "answers": answers,
    }


def add_vectors(people: list[dict[str, Any]]) -> None:
    """Attach cached text vectors, as the app stores them when a profile changes."""
    from bridgeway.matching.engine.text import text_vector_rows

    for field in ("goals", "about"):  # (hosts and households both write "about")
        owners = [p for p in people if field in p["answers"]]
        for person, vector in zip(
            owners, text_vector_rows([p["answers"][field] for p in owners]), strict=True
        ):
            person.setdefault("text_vectors", {})[field] = vector


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--mentees", type=int, required=True)
    parser.add_argument("--mentors", type=int, required=True)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--program", choices=sorted(PROGRAMS), default="skilled")
    parser.add_argument("--out", required=True, help="directory for spec.json and people files")
    args = parser.parse_args(argv)
    rng = random.Random(args.seed)
    np.random.seed(args.seed)
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    spec = PROGRAMS[args.program]
    (out / "spec.json").write_text(json.dumps(spec, indent=2, ensure_ascii=False))
    if args.program == "settlement":
        people = [newcomer(rng, k) for k in range(args.mentees)]
        people += [host(rng, k) for k in range(args.mentors)]
    else:  # the soft program has the skilled program's people
        people = [mentee(rng, k, args.mentors) for k in range(args.mentees)]
        people += [mentor(rng, k) for k in range(args.mentors)]
    rng.shuffle(people)
    with open(out / "people.jsonl", "w", encoding="utf-8") as handle:
        for person in people:
            handle.write(json.dumps(person, ensure_ascii=False) + "\n")
    add_vectors(people)
    with open(out / "people-cached.jsonl", "w", encoding="utf-8") as handle:
        for person in people:
            handle.write(json.dumps(person, ensure_ascii=False) + "\n")
    print(f"wrote {out}/spec.json, people.jsonl, people-cached.jsonl", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
