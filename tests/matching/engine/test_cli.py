from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from bridgeway.matching.engine.cli import main
from bridgeway.matching.engine.participants import dump_participants

from .instances import SPEC, people


@pytest.fixture
def files(tmp_path: Path) -> tuple[Path, Path, Path]:
    spec = tmp_path / "spec.json"
    spec.write_text(json.dumps(SPEC, indent=2))
    mentees, mentors = people(7, 12, 5)
    participants = tmp_path / "people.jsonl"
    dump_participants([*mentees, *mentors], participants)
    return spec, participants, tmp_path / "out.jsonl"


def run(spec: Path, participants: Path, out: Path, *extra: str) -> int:
    return main(
        [
            "match-file",
            "--spec",
            str(spec),
            "--participants",
            str(participants),
            "--out",
            str(out),
            *extra,
        ]
    )


def read(out: Path) -> list[dict]:
    return [json.loads(line) for line in out.read_text().splitlines()]


def test_it_assigns_and_explains(files: tuple[Path, Path, Path]) -> None:
    assert run(*files, "--mode", "assign") == 0
    lines = read(files[2])
    kinds = {line["type"] for line in lines}
    assert {"pair", "unmatched", "summary"} <= kinds
    pairs = [line for line in lines if line["type"] == "pair"]
    assert all(round(sum(r["points"] for r in p["reasons"]), 2) == p["score"] for p in pairs)
    summary = lines[-1]
    assert summary["matched"] == len(pairs)
    assert summary["stats"]["proved_optimal"]


def test_it_suggests_a_ranked_list_per_mentee(files: tuple[Path, Path, Path]) -> None:
    assert run(*files, "--mode", "suggest", "--top", "3") == 0
    lines = [line for line in read(files[2]) if line["type"] == "suggestions"]
    assert len(lines) == 12
    for line in lines:
        assert [s["rank"] for s in line["suggestions"]] == list(
            range(1, len(line["suggestions"]) + 1)
        )
        assert len(line["suggestions"]) <= 3


@pytest.mark.parametrize(
    ("line", "needle"),
    [
        (
            '{"id": "x", "role": "mentee", "answers": {"languages": "Arabic"}}',
            "line 3, field 'answers.languages'",
        ),
        ('{"id": "x", "role": "boss"}', "line 3, field 'role'"),
        ('{"id": "x", "role": "mentor", "capacity": -1}', "line 3, field 'capacity'"),
        (
            '{"id": "x", "role": "mentee", "answers": {"timezone": "Mars/Base"}}',
            "line 3, field 'answers.timezone'",
        ),
        ('{"id": "a", "role": "mentee"', "line 3"),
        ('{"id": "a", "role": "mentee"}', "line 3, field 'id'"),
    ],
)
def test_bad_participants_name_the_line_and_field_and_write_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], line: str, needle: str
) -> None:
    spec = tmp_path / "spec.json"
    spec.write_text(json.dumps(SPEC))
    participants = tmp_path / "people.jsonl"
    participants.write_text(
        '{"id": "a", "role": "mentee"}\n{"id": "b", "role": "mentor"}\n' + line + "\n"
    )
    out = tmp_path / "out.jsonl"
    assert run(spec, participants, out) == 2
    err = capsys.readouterr().err
    assert "people.jsonl" in err
    assert needle in err
    assert not out.exists()
    assert set(tmp_path.iterdir()) == {spec, participants}


def test_a_bad_spec_names_the_line_and_field(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], files: tuple[Path, Path, Path]
) -> None:
    data = json.loads(json.dumps(SPEC))
    data["criteria"][3]["max_hours"] = "six"
    spec = tmp_path / "bad.json"
    text = json.dumps(data, indent=2)
    spec.write_text(text)
    expected_line = next(n for n, row in enumerate(text.splitlines(), 1) if '"six"' in row)
    assert run(spec, files[1], files[2]) == 2
    err = capsys.readouterr().err
    assert f"bad.json, line {expected_line}, field 'criteria[3].max_hours'" in err
    assert not files[2].exists()


def test_a_spec_that_is_not_json_names_the_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], files: tuple[Path, Path, Path]
) -> None:
    spec = tmp_path / "bad.json"
    spec.write_text('{\n  "format_version": 1,\n  "criteria": [,]\n}')
    assert run(spec, files[1], files[2]) == 2
    assert "bad.json, line 3" in capsys.readouterr().err


def test_a_wrong_format_version_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], files: tuple[Path, Path, Path]
) -> None:
    spec = tmp_path / "v2.json"
    spec.write_text(json.dumps({**SPEC, "format_version": 2}))
    assert run(spec, files[1], files[2]) == 2
    assert "field 'format_version'" in capsys.readouterr().err


def test_it_runs_as_a_module(files: tuple[Path, Path, Path]) -> None:
    spec, participants, out = files
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "bridgeway.matching.engine",
            "match-file",
            "--spec",
            str(spec),
            "--participants",
            str(participants),
            "--out",
            str(out),
            "--algorithm",
            "stable",
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert read(out)[-1]["algorithm"] == "stable"
