from __future__ import annotations

import json
from pathlib import Path

import pytest

from bridgeway.matching.engine import FormatError, Participant, ProgramSpec, load_participants
from bridgeway.matching.engine.participants import dump_participants

from .instances import SPEC, people


def test_spec_round_trips() -> None:
    spec = ProgramSpec.from_dict(SPEC)
    again = ProgramSpec.from_dict(json.loads(json.dumps(spec.to_dict())))
    assert again == spec


def test_participants_round_trip(tmp_path: Path) -> None:
    mentees, mentors = people(5, 10, 10)
    path = tmp_path / "p.jsonl"
    dump_participants([*mentees, *mentors], path)
    assert load_participants(path, ProgramSpec.from_dict(SPEC)) == [*mentees, *mentors]


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"kind": "sameish"}, "criteria[0].kind"),
        ({"weight": -1}, "criteria[0].weight"),
        ({"hard": "yes"}, "criteria[0].hard"),
        ({"min_level": "Z9"}, "criteria[0].min_level"),
        ({"colour": "red"}, "criteria[0].colour"),
    ],
)
def test_a_bad_criterion_names_its_field(change: dict, field: str) -> None:
    data = json.loads(json.dumps(SPEC))
    data["criteria"][0].update(change)
    with pytest.raises(FormatError) as caught:
        ProgramSpec.from_dict(data)
    assert caught.value.field == field


def test_exclusions_accept_ids_and_reasons() -> None:
    person = Participant.from_dict(
        {"id": "e1", "role": "mentee", "exclude": ["m-17", {"id": "m-2", "reason": "declined"}]}
    )
    assert [(e.id, e.reason) for e in person.exclude] == [("m-17", "other"), ("m-2", "declined")]
