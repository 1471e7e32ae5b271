from __future__ import annotations

import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from bridgeway.core.models import AuditEvent
from bridgeway.matching.models import MatchProposal

pytestmark = pytest.mark.django_db


def _match(*args: str) -> str:
    out = StringIO()
    call_command("match", *args, stdout=out)
    return out.getvalue()


def test_it_prints_a_summary_and_proposes_nothing(cohort) -> None:
    out = _match("--program", "agency-a/hosts")
    assert "matched: 2  unmatched: 1" in out
    assert "Chen" in out
    assert "Farsi" in out
    assert "nothing proposed" in out
    assert "proved optimal" in out
    assert "NOT proved" not in out
    assert not MatchProposal.objects.exists()


def test_it_writes_the_match_file_format(cohort, tmp_path) -> None:
    target = tmp_path / "result.jsonl"
    _match("--program", "agency-a/hosts", "--objective", "count", "--out", str(target))
    lines = [json.loads(line) for line in target.read_text().splitlines()]
    kinds = [line["type"] for line in lines]
    assert kinds.count("pair") == 2
    assert kinds.count("unmatched") == 1
    assert "gap" in kinds
    assert kinds[-1] == "summary"
    summary = lines[-1]
    assert (summary["format_version"], summary["objective"], summary["matched"]) == (1, "count", 2)
    pair = lines[0]
    assert pair["mentee"].startswith("e-")
    assert pair["mentor"].startswith("m-")
    assert {"criterion", "code", "params", "points", "max_points", "text"} <= set(
        pair["reasons"][0]
    )


def test_propose_saves_the_pairs_audited_as_the_system(cohort) -> None:
    out = _match("--program", "agency-a/hosts", "--propose")
    assert "proposed: 2 pairs" in out
    assert MatchProposal.objects.filter(source="bulk", created_by=None).count() == 2
    events = AuditEvent.objects.filter(action="matching.accept")
    assert events.count() == 2
    assert all(event.actor is None for event in events)


def test_an_unknown_program_is_a_clear_error(cohort) -> None:
    with pytest.raises(CommandError, match="No program"):
        _match("--program", "agency-a/nope")
