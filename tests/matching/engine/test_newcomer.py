"""The newcomer criteria: CLB/NCLC language levels, NOC 2021 occupations with partial credit,
the arrival date and accommodation needs, scored, ruled, explained and refused on bad input."""

from __future__ import annotations

import json
import random
from pathlib import Path
from typing import Any
from unittest.mock import patch

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from bridgeway.matching.engine import Engine, FormatError, Participant, ProgramSpec
from bridgeway.matching.engine import engine as engine_module
from bridgeway.matching.engine.cli import main
from bridgeway.matching.engine.languages import clb_level
from bridgeway.matching.engine.messages import TEMPLATES, render
from bridgeway.matching.engine.participants import dump_participants

from .instances import bounded
from .test_assignment import check_valid, exact_objective, objective_of

SPEC: dict[str, Any] = {
    "format_version": 1,
    "reference_date": "2027-01-15",
    "labels": {"fr": "French", "en": "English", "ar": "Arabic"},
    "criteria": [
        {
            "name": "language",
            "kind": "shared_language",
            "scale": "clb",
            "min_level": "NCLC 7",
            "hard": True,
            "weight": 3,
        },
        {"name": "occupation", "kind": "occupation", "weight": 2},
        {"name": "arrival", "kind": "arrival", "weeks": 4, "weight": 1},
        {"name": "accommodations", "kind": "accommodations", "weight": 1},
    ],
}


def spec(**changes: Any) -> ProgramSpec:
    data = json.loads(json.dumps(SPEC))
    data.update(changes)
    return ProgramSpec.from_dict(data)


def criterion(name: str, **changes: Any) -> ProgramSpec:
    """A spec with only the criterion `name`, changed."""
    data = json.loads(json.dumps(SPEC))
    data["criteria"] = [{**c, **changes} for c in data["criteria"] if c["name"] == name]
    return ProgramSpec.from_dict(data)


def mentee(answers: dict[str, Any], pid: str = "amal") -> Participant:
    return Participant(pid, "mentee", answers)


def mentor(answers: dict[str, Any], pid: str = "ben", capacity: int = 1) -> Participant:
    return Participant(pid, "mentor", answers, capacity=capacity)


def one(spec: ProgramSpec, a: dict[str, Any], b: dict[str, Any]) -> Any:
    return Engine(spec, [mentee(a)], [mentor(b)]).score("amal", "ben")


# ---- language levels --------------------------------------------------------------------


def test_clb_nclc_and_cefr_levels_meet_on_one_scale() -> None:
    assert clb_level("NCLC 7", "f") == clb_level("CLB 7", "f") == clb_level("clb7", "f") == 7
    assert clb_level("B2", "f") == 7  # the lowest benchmark of the band: never more than said
    assert clb_level("C2", "f") == 11
    assert clb_level("native", "f") == 12
    assert clb_level(9, "f") == 9
    only_language = criterion("language")
    # B2 is CLB 7: enough for NCLC 7 on both sides.
    assert one(only_language, {"languages": {"fr": "NCLC 8"}}, {"languages": {"fr": "B2"}}).feasible
    # B1 (CLB 5) is not.
    low = one(only_language, {"languages": {"fr": "NCLC 8"}}, {"languages": {"fr": "B1"}})
    assert not low.feasible
    assert low.reasons[0].code == "no_shared_language"


def test_the_level_is_named_in_the_scale_the_mentee_used() -> None:
    only_language = criterion("language")
    nclc = one(only_language, {"languages": {"fr": "NCLC 9"}}, {"languages": {"fr": "native"}})
    assert nclc.reasons[0].text == "You both speak French (NCLC 7 or above)."
    cefr = one(only_language, {"languages": {"fr": "C1"}}, {"languages": {"fr": 8}})
    assert cefr.reasons[0].text == "You both speak French (B2 or above)."
    clb = one(only_language, {"languages": {"en": "CLB 10"}}, {"languages": {"en": "CLB 7"}})
    assert clb.reasons[0].text == "You both speak English (CLB 7 or above)."
    # Numbers alone: NCLC for French, CLB for English.
    numbers = one(only_language, {"languages": {"fr": 8}}, {"languages": {"fr": 12}})
    assert numbers.reasons[0].text == "You both speak French (NCLC 7 or above)."
    both = one(
        only_language,
        {"languages": {"fr": "NCLC 8", "en": "CLB 9"}},
        {"languages": {"fr": 9, "en": 10}},
    )
    assert both.reasons[0].text == "You both speak English and French (CLB/NCLC 7 or above)."


def test_benchmarks_are_read_on_a_cefr_scale_too() -> None:
    cefr = ProgramSpec.from_dict(
        {
            "format_version": 1,
            "labels": {"fr": "French"},
            "criteria": [{"name": "l", "kind": "shared_language", "min_level": "NCLC 7"}],
        }
    )
    assert cefr.criteria[0].min_level == 4  # B2 on the default CEFR scale
    pair = one(cefr, {"languages": {"fr": "NCLC 8"}}, {"languages": {"fr": "B2"}})
    assert pair.reasons[0].text == "You both speak French."
    assert one(cefr, {"languages": {"fr": "CLB 6"}}, {"languages": {"fr": "C1"}}).score == 0


# ---- occupations ------------------------------------------------------------------------


def test_occupations_earn_full_partial_or_no_credit() -> None:
    only = criterion("occupation")
    same = one(only, {"noc": "31301"}, {"noc": "31301"})
    assert same.score == 100
    assert same.reasons[0].text == "You have the same occupation (NOC 31301)."
    # Registered nurse (31301) and physician (31102): both health, both TEER 1.
    close = one(only, {"noc": "31301"}, {"noc": "31102"})
    assert close.score == 50
    assert close.reasons[0].text == (
        "Your occupations are both in health (NOC category 3) and both TEER 1."
    )
    category = one(only, {"noc": "31301"}, {"noc": "33102"})  # nurse aide: TEER 3
    assert category.score == 50
    assert category.reasons[0].text == "Your occupations are both in health (NOC category 3)."
    teer = one(only, {"noc": "31301"}, {"noc": "21231"})  # software engineer: TEER 1
    assert teer.score == 25
    assert teer.reasons[0].code == "same_noc_teer"
    far = one(only, {"noc": "31301"}, {"noc": "75110"})
    assert far.score == 0
    assert far.reasons[0].text == "Your occupations are not close in NOC (31301 and 75110)."
    # A mentor with several occupations: the closest counts.
    assert one(only, {"noc": "31301"}, {"noc": ["75110", "31301"]}).score == 100


def test_partial_credit_is_configurable_and_hard_means_some_credit() -> None:
    strict = criterion("occupation", partial={"broad_category": 0.8}, hard=True)
    assert one(strict, {"noc": "31301"}, {"noc": "33102"}).score == 80
    teer_only = one(strict, {"noc": "31301"}, {"noc": "21231"})
    assert teer_only.score == 0
    assert not teer_only.feasible  # same TEER earns nothing here, so the rule is not met
    exact = criterion("occupation", partial={}, hard=True)
    assert not one(exact, {"noc": "31301"}, {"noc": "31102"}).feasible
    assert one(exact, {"noc": "31301"}, {"noc": "31301"}).feasible


# ---- arrival ----------------------------------------------------------------------------


def test_a_mentor_available_around_the_arrival_earns_the_points() -> None:
    only = criterion("arrival")
    arrival = {"arrival_date": "2027-03-15"}
    full = one(only, arrival, {"available_dates": {"from": "2027-02-01", "to": "2027-06-30"}})
    assert full.score == 100
    assert full.reasons[0].text == (
        "Available in the 4 weeks before and after your arrival on 2027-03-15."
    )
    assert one(only, arrival, {"available_dates": "flexible"}).score == 100
    # From 20 March: 24 of the 57 days from 15 February to 12 April.
    part = one(only, arrival, {"available_dates": {"from": "2027-03-20"}})
    assert part.reasons[0].params["days"] == 24
    assert part.score == round(100 * 24 / 57, 2)
    assert part.reasons[0].text == (
        "Available from 2027-03-20: 24 of the 57 days around your arrival on 2027-03-15."
    )
    late = one(only, arrival, {"available_dates": {"from": "2027-06-01"}})
    assert late.score == 0
    assert late.reasons[0].code == "available_only_after"
    early = one(only, arrival, {"available_dates": {"to": "2027-01-31"}})
    assert early.reasons[0].code == "available_only_before"


def test_the_arrival_can_be_a_must_with_its_own_window() -> None:
    must = criterion("arrival", hard=True, weeks=2)
    arrival = {"arrival_date": "2027-03-15"}
    assert not one(must, arrival, {"available_dates": {"from": "2027-04-01"}}).feasible
    assert one(must, arrival, {"available_dates": {"from": "2027-03-28"}}).feasible
    # A newcomer already here (no arrival date) is not held to it.
    assert one(must, {}, {"available_dates": {"from": "2027-04-01"}}).feasible


# ---- accommodations ---------------------------------------------------------------------


def test_needs_met_by_offers_and_essential_needs_are_a_must_by_default() -> None:
    only = criterion("accommodations")
    assert only.criteria[0].hard
    needs = {"accommodation_needs": ["captions", {"need": "interpreter", "essential": True}]}
    both = one(only, needs, {"accommodations_offered": ["captions", "interpreter", "phone_only"]})
    assert both.score == 100
    assert both.reasons[0].text == "Offers captions and an interpreter, which you asked for."
    missing = one(only, needs, {"accommodations_offered": ["captions"]})
    assert not missing.feasible
    assert missing.score == 50
    assert missing.reasons[0].text == "Offers captions, but not an interpreter, which you need."
    wished = one(only, needs, {"accommodations_offered": ["interpreter"]})
    assert wished.feasible
    assert wished.reasons[0].text == (
        "Offers an interpreter, which you asked for, but not captions."
    )
    soft = criterion("accommodations", hard=False)
    assert one(soft, needs, {"accommodations_offered": ["captions"]}).feasible


def test_a_mentee_without_a_mentor_hears_which_need_no_one_offers() -> None:
    only = criterion("accommodations")
    engine = Engine(
        only,
        [mentee({"accommodation_needs": [{"need": "sign_language", "essential": True}]})],
        [mentor({"accommodations_offered": ["captions"]})],
    )
    result = engine.assign(objective="score")
    assert result.unmatched[0].reasons[0].text == "No mentor offers sign language."
    gap = engine.recruitment_gap(result)
    assert gap[0].needs[0]["text"] == "offers sign language"


# ---- whole programs ---------------------------------------------------------------------

LANGS = ["fr", "en", "ar"]
LEVELS = ["NCLC 5", "NCLC 8", "CLB 7", "B1", "B2", "C1", "native", 6, 10]
NOCS = ["31301", "31102", "33102", "21231", "21232", "75110", "41200"]
DATES = ["2027-02-01", "2027-03-01", "2027-03-15", "2027-04-20", "2027-06-01"]
NEEDS = ["captions", "interpreter", "phone_only", "plain_language"]


def _answers(rng: random.Random, is_mentor: bool) -> dict[str, Any]:
    answers: dict[str, Any] = {}
    if rng.random() < 0.95:
        answers["languages"] = {
            lang: rng.choice(LEVELS) for lang in rng.sample(LANGS, rng.randint(1, 2))
        }
    if rng.random() < 0.9:
        picks = rng.sample(NOCS, rng.randint(1, 2 if is_mentor else 1))
        answers["noc"] = picks if len(picks) > 1 else picks[0]
    if is_mentor and rng.random() < 0.9:
        start, end = sorted(rng.sample(DATES, 2))
        answers["available_dates"] = rng.choice(
            [{"from": start, "to": end}, {"from": start}, {"to": end}, "flexible"]
        )
    if not is_mentor and rng.random() < 0.7:
        answers["arrival_date"] = rng.choice(DATES)
    if is_mentor and rng.random() < 0.9:
        answers["accommodations_offered"] = rng.sample(NEEDS, rng.randint(1, 3))
    if not is_mentor and rng.random() < 0.6:
        answers["accommodation_needs"] = [
            {"need": need, "essential": rng.random() < 0.3} if rng.random() < 0.5 else need
            for need in rng.sample(NEEDS, rng.randint(1, 2))
        ]
    return answers


def people(seed: int, n_mentees: int, n_mentors: int) -> tuple[list[Participant], ...]:
    rng = random.Random(seed)
    mentees = [mentee(_answers(rng, False), f"e{k}") for k in range(n_mentees)]
    mentors = [
        mentor(_answers(rng, True), f"m{k}", capacity=rng.randint(0, 3)) for k in range(n_mentors)
    ]
    return mentees, mentors


@bounded(25)
@given(st.integers(0, 10_000), st.integers(1, 10), st.integers(1, 10))
def test_explanations_add_up_to_the_score_and_match_the_block(
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
            for reason in pair.reasons:
                assert 0 <= reason.points <= reason.max_points
                assert reason.code in TEMPLATES
                assert reason.text == render(reason.code, reason.params)


@bounded(20)
@given(st.integers(0, 10_000), st.integers(1, 10), st.integers(1, 10))
def test_explaining_many_pairs_at_once_says_what_each_pair_alone_would(
    seed: int, n_mentees: int, n_mentors: int
) -> None:
    mi, mj = np.meshgrid(np.arange(n_mentees), np.arange(n_mentors), indexing="ij")
    with patch.object(engine_module, "GROUP_PAIRS", 2):
        engine = Engine(spec(), *people(seed, n_mentees, n_mentors))
        together = engine.explain(mi.ravel(), mj.ravel())
    one_by_one = Engine(spec(), *people(seed, n_mentees, n_mentors))
    for pair in together:
        assert pair == one_by_one.score(pair.mentee, pair.mentor)


@bounded(20)
@given(st.integers(0, 10**6), st.integers(1, 12), st.integers(1, 8))
def test_assignment_with_newcomer_rules_is_optimal_and_breaks_none(
    seed: int, n_mentees: int, n_mentors: int
) -> None:
    hard = spec()
    data = hard.to_dict()
    data["criteria"][2]["hard"] = True  # the arrival too
    engine = Engine(ProgramSpec.from_dict(data), *people(seed, n_mentees, n_mentors))
    result = engine.assign(objective="score", algorithm="flow", candidates=2)
    check_valid(engine, result)
    assert objective_of(engine, result, "score") == exact_objective(engine, "score")


def test_the_spec_round_trips() -> None:
    once = spec()
    assert ProgramSpec.from_dict(json.loads(json.dumps(once.to_dict()))) == once


# ---- bad input --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "change", "field"),
    [
        ("language", {"scale": "ielts"}, "criteria[0].scale"),
        ("language", {"min_level": "NCLC 13"}, "criteria[0].min_level"),
        ("language", {"min_level": 0}, "criteria[0].min_level"),
        ("occupation", {"partial": {"sector": 0.5}}, "criteria[0].partial.sector"),
        ("occupation", {"partial": {"teer": 1}}, "criteria[0].partial.teer"),
        ("occupation", {"partial": 0.5}, "criteria[0].partial"),
        ("arrival", {"weeks": 0}, "criteria[0].weeks"),
        ("arrival", {"weeks": 60}, "criteria[0].weeks"),
        ("accommodations", {"min_covered": 2}, "criteria[0].min_covered"),
    ],
)
def test_a_bad_criterion_names_its_field(name: str, change: dict, field: str) -> None:
    with pytest.raises(FormatError) as caught:
        criterion(name, **change)
    assert caught.value.field == field


@pytest.mark.parametrize(
    ("role", "answers", "field", "words"),
    [
        ("mentee", {"noc": 31301}, "answers.noc", "5 digits"),
        ("mentee", {"noc": "3130"}, "answers.noc", "5 digits"),
        ("mentee", {"arrival_date": "15/03/2027"}, "answers.arrival_date", "2027-03-15"),
        ("mentor", {"available_dates": "2027-03-15"}, "answers.available_dates", "flexible"),
        (
            "mentor",
            {"available_dates": {"from": "2027-05-01", "to": "2027-04-01"}},
            "answers.available_dates",
            "end before they start",
        ),
        ("mentee", {"accommodation_needs": [{"need": "captions", "must": True}]}, "", "need"),
        ("mentee", {"languages": {"fr": "NCLC 14"}}, "answers.languages.fr", "CLB 1-12"),
    ],
)
def test_bad_answers_name_the_line_and_field_and_write_nothing(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    role: str,
    answers: dict,
    field: str,
    words: str,
) -> None:
    spec_file = tmp_path / "spec.json"
    spec_file.write_text(json.dumps(SPEC))
    mentees, mentors = people(3, 4, 3)
    participants = tmp_path / "people.jsonl"
    dump_participants([*mentees, *mentors], participants)
    with participants.open("a") as out:
        out.write(json.dumps({"id": "late", "role": role, "answers": answers}) + "\n")
    result = tmp_path / "out.jsonl"
    code = main(
        [
            "match-file",
            "--spec",
            str(spec_file),
            "--participants",
            str(participants),
            "--out",
            str(result),
        ]
    )
    assert code == 2
    err = capsys.readouterr().err
    assert "line 8" in err
    assert f"field '{field or 'answers.accommodation_needs'}'" in err
    assert words in err
    assert not result.exists()


def test_a_mentors_answer_is_read_as_a_mentors_even_when_a_mentee_gave_the_same() -> None:
    # The same text is a fine arrival date and a wrong set of available dates.
    with pytest.raises(FormatError) as caught:
        Engine(
            criterion("arrival", mentee_field="when", mentor_field="when"),
            [mentee({"when": "2027-03-15"})],
            [mentor({"when": "2027-03-15"})],
        )
    assert caught.value.field == "participant ben.answers.when"
