"""Network figures hold no small count, and no hidden count can be worked out by subtraction."""

from __future__ import annotations

import itertools
import random
from types import SimpleNamespace

import pytest

from bridgeway.concerns.models import Concern
from bridgeway.reports.figures import Figure, suppress_partition
from bridgeway.reports.report import report_build
from bridgeway.reports.scope import Scope
from tests.reports.conftest import YEAR_2025, at


def _rows(*values: int) -> list[Figure]:
    return [Figure(f"row {i}", value, key=str(i)) for i, value in enumerate(values)]


def _solutions(rows: list[Figure], total: Figure) -> dict[str, set[int]]:
    """Every value each hidden row could take, given what is shown (a reader's subtraction)."""
    hidden = [row for row in rows if row.hidden]
    rest = int(total.value or 0) - sum(int(row.value or 0) for row in rows if not row.hidden)
    ranges = [range(1, 5) if row.hidden == "small" else range(rest + 1) for row in hidden]
    found: dict[str, set[int]] = {row.key: set() for row in hidden}
    for values in itertools.product(*ranges):
        if sum(values) == rest:
            for row, value in zip(hidden, values, strict=True):
                found[row.key].add(value)
    return found


def test_a_count_under_5_reads_fewer_than_5_and_a_zero_stays() -> None:
    rows, total = suppress_partition(_rows(7, 2, 0, 6), Figure("total", 15, key="t"))
    assert [row.text() for row in rows][1] == "fewer than 5"
    assert total.text() == "15"
    assert rows[0].text() == "7"


def test_a_lone_hidden_row_takes_another_with_it() -> None:
    rows, total = suppress_partition(_rows(7, 2, 9, 6), Figure("total", 24, key="t"))
    assert [row.hidden for row in rows] == ["", "small", "", "secondary"]
    assert rows[3].text() == "not shown, so that a small count cannot be worked out"
    assert len(_solutions(rows, total)["1"]) > 1


def test_a_total_under_5_hides_every_row() -> None:
    rows, total = suppress_partition(_rows(3, 0, 1), Figure("total", 4, key="t"))
    assert total.hidden == "small"
    assert all(row.hidden for row in rows)


def test_no_small_count_can_be_worked_out_from_any_partition() -> None:
    chance = random.Random(15)
    for _ in range(300):
        values = [
            chance.choice([0, 0, 1, 2, 3, 4, 5, 6, 9, 14]) for _ in range(chance.randint(2, 6))
        ]
        rows, total = suppress_partition(_rows(*values), Figure("total", sum(values), key="t"))
        if total.hidden == "small":
            continue
        assert sum(1 for row in rows if row.hidden) != 1, values
        if total.hidden:
            continue  # nothing to subtract from
        for key, possible in _solutions(rows, total).items():
            if 0 < values[int(key)] < 5:
                assert len(possible) > 1, (values, key)


@pytest.mark.django_db
def test_the_network_report_hides_small_counts_and_their_complement(
    known: SimpleNamespace, program_b, carol
) -> None:
    for _ in range(6):  # agency B's six conduct concerns: 8 conduct and 1 safety in the network
        Concern.objects.create(
            organization=program_b.organization,
            program=program_b,
            reporter=carol,
            category="conduct",
            description="x",
            created_at=at("2025-08-01"),
        )
    network = program_b.organization.network
    scope = Scope(
        level="network",
        organization_ids=(known.program.organization_id, program_b.organization_id),
        network=network,
    )
    report = report_build(scope=scope, chosen=YEAR_2025)
    concerns = report.table("concerns")
    shown = {row.key: row.text() for row in concerns.rows}
    # A zero hidden beside the safety concern would not protect it (9 - 8 - 0 = 1): the
    # conduct concerns are held back instead.
    assert shown["safety"] == "fewer than 5"
    assert shown["conduct"] == "not shown, so that a small count cannot be worked out"
    assert shown["language"] == "0"
    assert concerns.total is not None
    assert concerns.total.text() == "9"
    # Applications: 7 in all, each group of them under 5.
    pipeline = report.table("pipeline")
    assert pipeline.total is not None
    assert pipeline.total.text() == "7"
    assert all(row.hidden for row in pipeline.rows if row.value)
    assert all(figure.hidden for figure in pipeline.extra)
    # A median over three mentorships rests on too few people.
    assert report.figure("timing", "median").hidden == "small"
    assert report.figure("satisfaction", "mentee_mean").hidden == "small"


@pytest.mark.django_db
def test_the_agency_s_own_report_shows_its_small_counts(known: SimpleNamespace) -> None:
    organization = known.program.organization
    scope = Scope(level="agency", organization_ids=(organization.pk,), organization=organization)
    report = report_build(scope=scope, chosen=YEAR_2025)
    assert report.figure("concerns", "safety").text() == "1"
