from __future__ import annotations

import json
from typing import Any

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from bridgeway.matching.engine import Engine, FormatError, Participant, parse_participants
from bridgeway.matching.engine.criteria import SetCriterion
from bridgeway.matching.engine.participants import check_participant, distinct_answers

from .instances import bounded, spec

SETS: list[Any] = ["nursing", "", 1, True, 1.0, ["it"], [""], [1], [True], {}, [], [["x"]], None]
LANGUAGES: list[Any] = [{"ar": "B1"}, {"ar": True}, {"ar": 4}, {"en": "Z9"}, ["ar"], "ar", [1]]
LANGUAGES += [
    [True],
    {},
    [],
    None,
    1,
    {"fa": "native", "en": "A2"},
    {"en": "A2", "fa": "native"},
    [""],
]
ZONES: list[Any] = ["America/Toronto", "Mars/Base", -5, 1, 1.0, True, 15, "UTC+05:30", None]
ZONES += [[], {}, float("nan"), ""]
VALUES: dict[str, list[Any]] = {
    "languages": LANGUAGES,
    "timezone": ZONES,
    "goals": ["nurse in Toronto", 1, None, [], ""],
    "about": ["ICU nurse", {}, None],
}
for name in ("target", "sector", "needs", "offers", "wants", "gender", "employer"):
    VALUES[name] = SETS


def reference_parse(lines: list[str]) -> list[Participant]:
    """Participants read the plain way: each line parsed and checked in full, in turn."""
    s = spec()
    people: list[Participant] = []
    seen: dict[str, int] = {}
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            data = json.loads(line)
        except json.JSONDecodeError as error:
            raise FormatError(f"not valid JSON: {error.msg}", path="p", line=number) from None
        try:
            person = Participant.from_dict(data)
            check_participant(s, person)
        except FormatError as error:
            raise error.located(path="p", line=number) from None
        if person.id in seen:
            raise FormatError(
                f"id {person.id!r} is already used on line {seen[person.id]}",
                field="id",
                path="p",
                line=number,
            )
        seen[person.id] = number
        people.append(person)
    return people


def outcome(read: Any, lines: list[str]) -> Any:
    try:
        return read(lines)
    except FormatError as error:
        return str(error)


def line(pid: str = "a", role: str = "mentee", **answers: Any) -> str:
    return json.dumps({"id": pid, "role": role, "answers": answers})


records = st.builds(
    lambda pid, role, answers: json.dumps({"id": pid, "role": role, "answers": answers}),
    st.sampled_from(["a", "b", "c", "d", "e"]),
    st.sampled_from(["mentee", "mentor"]),
    st.fixed_dictionaries({}, optional={k: st.sampled_from(v) for k, v in VALUES.items()}),
)
broken = st.sampled_from(['{"id": "x", "role":', "[]", '"x"', "", '{"id": "z", "role": "boss"}'])


@bounded(200)
@given(st.lists(st.one_of(records, records, records, broken), max_size=10))
def test_it_reports_the_same_first_error_as_reading_line_by_line(lines: list[str]) -> None:
    expected = outcome(reference_parse, lines)
    assert outcome(lambda ls: parse_participants(ls, spec(), "p"), lines) == expected


@pytest.mark.parametrize(
    ("lines", "needle"),
    [
        # A bad answer before a line that is not JSON: the answer is reported.
        ([line("a"), line("b", timezone="Mars/Base"), "{"], "line 2, field 'answers.timezone'"),
        # Not JSON before a bad answer: the JSON is reported.
        ([line("a"), "{", line("b", timezone="Mars/Base")], "line 2: not valid JSON"),
        # A used id and a bad answer on one line: the answer comes first.
        ([line("a"), line("a", target="")], "line 2, field 'answers.target'"),
        # A used id before a bad answer.
        ([line("a"), line("a"), line("b", target="")], "line 2, field 'id'"),
        # Two bad answers on a line: the spec's first criterion.
        ([line("a", goals=1, languages="ar")], "line 1, field 'answers.languages'"),
        # A later criterion wrong on an earlier line wins.
        ([line("a", goals=1), line("b", languages="ar")], "line 1, field 'answers.goals'"),
    ],
)
def test_the_first_mistake_in_the_file_is_the_one_reported(lines: list[str], needle: str) -> None:
    with pytest.raises(FormatError) as caught:
        parse_participants(lines, spec(), "people.jsonl")
    assert needle in str(caught.value)


@pytest.mark.parametrize(
    ("good", "bad", "field"),
    [
        ({"timezone": 1}, {"timezone": True}, "timezone"),  # true == 1 in Python
        ({"target": [1]}, {"target": [True]}, "target"),
        ({"target": []}, {"target": {}}, "target"),  # both have no items
        ({"languages": {"ar": 4}}, {"languages": {"ar": True}}, "languages.ar"),
    ],
)
def test_answers_that_python_finds_equal_are_each_checked(
    good: dict[str, Any], bad: dict[str, Any], field: str
) -> None:
    lines = [line("a", **good), line("b", **good), line("c", **bad)]
    with pytest.raises(FormatError) as caught:
        parse_participants(lines, spec(), "p")
    assert f"line 3, field 'answers.{field}'" in str(caught.value)


def test_equal_answers_share_a_number_and_others_get_their_own() -> None:
    answers = ["a", None, "a", 1, 1.0, True, 1, ["x"], ["x"], [1], [1], {}, [], [["y"]], [["y"]]]
    numbers, first = distinct_answers(answers)
    assert numbers.tolist() == [0, 1, 0, 2, 3, 4, 2, 5, 5, 6, 7, 8, 9, 10, 11]
    assert first.tolist() == [0, 1, 3, 4, 5, 7, 9, 10, 11, 12, 13, 14]


@bounded(60)
@given(
    st.lists(
        st.fixed_dictionaries({}, optional={k: st.sampled_from(v) for k, v in VALUES.items()})
    ),
    st.lists(
        st.fixed_dictionaries({}, optional={k: st.sampled_from(v) for k, v in VALUES.items()})
    ),
)
def test_set_criteria_hold_each_persons_own_answer(
    mentee_answers: list[dict[str, Any]], mentor_answers: list[dict[str, Any]]
) -> None:
    s = spec()
    mentees = [Participant(f"e{k}", "mentee", a) for k, a in enumerate(mentee_answers)]
    mentors = [Participant(f"m{k}", "mentor", a) for k, a in enumerate(mentor_answers)]
    try:
        engine = Engine(s, mentees, mentors, validate=False)
    except (FormatError, ValueError, TypeError):
        return  # answers no check would let through
    for crit in engine.criteria:
        if not isinstance(crit, SetCriterion):
            continue
        c = crit.c
        # Person by person, as the criteria were first built.
        sets = [tuple(crit._values(p.answers.get(c.mentee_field), c.mentee_field)) for p in mentees]
        sets += [
            tuple(crit._values(p.answers.get(c.mentor_field), c.mentor_field)) for p in mentors
        ]
        vocab: dict[str, int] = {}
        for values in sets:
            for v in values:
                vocab.setdefault(v, len(vocab))
        words = max(1, (len(vocab) + 63) // 64)
        masks = np.zeros((len(sets), words), dtype=np.uint64)
        for row, values in enumerate(sets):
            for v in values:
                masks[row, vocab[v] >> 6] |= np.uint64(1) << np.uint64(vocab[v] & 63)
        assert crit.mentee_sets + crit.mentor_sets == sets
        assert np.array_equal(crit.a, masks[: len(mentees)])
        assert np.array_equal(crit.b, masks[len(mentees) :])
