"""A partner's figures on the hand-built employer of conftest.py, whose answers are known: who is
counted (confirmed links that share figures, in the partner's agency's programs), what is held
back, and a fixed number of queries."""

from __future__ import annotations

from datetime import date
from types import SimpleNamespace

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from bridgeway.reports.figures import Figure
from bridgeway.reports.partners.models import EmployerLink
from bridgeway.reports.partners.report import (
    PartnerReport,
    partner_report_build,
    quarters,
    suppress_hours,
)
from tests.reports.partners.conftest import YEAR_2025, link, mentor

pytestmark = pytest.mark.django_db


def _figures(report: PartnerReport, key: str) -> dict[str, Figure]:
    table = report.table(key)
    assert table is not None
    found = {figure.key: figure for figure in [*table.rows, *table.extra]}
    if table.total is not None:
        found["total"] = table.total
    return found


def _text(report: PartnerReport, key: str) -> dict[str, str]:
    return {k: figure.text() for k, figure in _figures(report, key).items()}


def test_the_headline_figures_count_only_employees_who_agreed_and_were_confirmed(
    northern: SimpleNamespace,
) -> None:
    report = partner_report_build(partner=northern.partner, chosen=YEAR_2025)
    assert report.enough
    figures = _figures(report, "summary")
    assert figures["employees"].value == 6
    assert figures["mentoring"].value == 6
    assert figures["started"].value == 6
    assert figures["meetings"].value == 10
    assert figures["hours"].value == pytest.approx(9.5)
    assert figures["own_satisfaction"].value == pytest.approx(4.2)
    assert figures["own_satisfaction"].n == 5
    assert figures["mentee_satisfaction"].value == pytest.approx(3.6)
    # Small counts read as such, and say nothing more.
    texts = _text(report, "summary")
    assert texts["pairs_active"] == "fewer than 5"
    assert texts["groups_active"] == "fewer than 5"
    assert texts["completed"] == "fewer than 5"
    assert _figures(report, "summary")["completed"].value == 4
    assert texts["hours"] == "9.5 h"
    assert texts["own_satisfaction"] == "4.2 out of 5"


def test_each_quarter_holds_back_its_small_counts(northern: SimpleNamespace) -> None:
    report = partner_report_build(partner=northern.partner, chosen=YEAR_2025)
    started = _figures(report, "started")
    assert [started[q].value for q in ("2025-01-01", "2025-04-01", "2025-07-01", "2025-10-01")] == [
        3,
        1,
        2,
        0,
    ]
    assert _text(report, "started") == {
        "2025-01-01": "fewer than 5",
        "2025-04-01": "fewer than 5",
        "2025-07-01": "fewer than 5",
        "2025-10-01": "0",
        "total": "6",
    }
    assert _text(report, "meetings") == {
        "2025-01-01": "5",
        "2025-04-01": "fewer than 5",
        "2025-07-01": "fewer than 5",
        "2025-10-01": "fewer than 5",
        "total": "10",
    }
    hours = _figures(report, "hours")
    assert [hours[q].value * 60 for q in ("2025-01-01", "2025-04-01", "2025-07-01")] == [
        270,
        90,
        150,
    ]
    # Three, one and two people logged those: each quarter is held back, the year is not.
    assert [hours[q].n for q in ("2025-01-01", "2025-04-01", "2025-07-01", "2025-10-01")] == [
        3,
        1,
        2,
        1,
    ]
    assert all(hours[q].hidden for q in ("2025-01-01", "2025-04-01", "2025-07-01", "2025-10-01"))
    assert hours["total"].text() == "9.5 h"


def test_the_quarters_are_named_in_the_readers_words(northern: SimpleNamespace) -> None:
    report = partner_report_build(partner=northern.partner, chosen=YEAR_2025)
    table = report.table("meetings")
    assert table is not None
    assert [str(row.label) for row in table.rows] == [
        "January to March 2025",
        "April to June 2025",
        "July to September 2025",
        "October to December 2025",
    ]


def test_a_shorter_period_counts_only_its_days(northern: SimpleNamespace) -> None:
    from bridgeway.reports.scope import ReportFilter

    spring = ReportFilter(start=date(2025, 4, 1), end=date(2025, 6, 30))
    report = partner_report_build(partner=northern.partner, chosen=spring)
    summary = _figures(report, "summary")
    # Mia (until 1 May), Noah (active), Omar (from 5 April), Quinn (two pairs); Pia closed in
    # March and Rosa's group began in September.
    assert summary["mentoring"].value == 4
    assert summary["meetings"].value == 1
    assert [str(row.label) for row in report.table("meetings").rows] == ["April to June 2025"]


def test_below_five_employees_nothing_is_shown(northern: SimpleNamespace) -> None:
    EmployerLink.objects.filter(person__display_name__in=["Mia", "Noah"]).update(status="ended")
    report = partner_report_build(partner=northern.partner, chosen=YEAR_2025)
    assert not report.enough
    assert report.tables == []


def test_a_network_partner_counts_every_agency_of_the_network(northern: SimpleNamespace) -> None:
    partner = northern.partner
    partner.organization = None
    partner.save(update_fields=["organization"])
    report = partner_report_build(partner=partner, chosen=YEAR_2025)
    # Mia mentors in both agencies and is one employee.
    assert _figures(report, "summary")["employees"].value == 6
    # Mia's 120 minutes in agency B's program now count.
    assert _figures(report, "summary")["hours"].value == pytest.approx(11.5)
    assert _figures(report, "summary")["meetings"].value == 11


def test_the_figures_read_as_often_with_more_employees(northern: SimpleNamespace) -> None:
    with CaptureQueriesContext(connection) as few:
        partner_report_build(partner=northern.partner, chosen=YEAR_2025)
    for i in range(6):
        link(northern.partner, mentor(northern.program, f"More {i}"))
    with CaptureQueriesContext(connection) as more:
        partner_report_build(partner=northern.partner, chosen=YEAR_2025)
    assert len(more.captured_queries) == len(few.captured_queries)


def test_quarters_run_from_the_quarter_of_the_first_day() -> None:
    assert quarters(date(2025, 2, 14), date(2025, 11, 2)) == [
        date(2025, 1, 1),
        date(2025, 4, 1),
        date(2025, 7, 1),
        date(2025, 10, 1),
    ]
    assert quarters(date(2025, 12, 31), date(2026, 1, 1)) == [date(2025, 10, 1), date(2026, 1, 1)]


def _hours(n: int, key: str) -> Figure:
    return Figure(key, 10.0 * n, unit="hours", n=n, key=key)


def test_hours_of_one_small_quarter_cannot_be_worked_out_from_the_total() -> None:
    people = [set(range(6)), set(range(6, 12)), {12, 13}]
    rows, total = suppress_hours(
        [_hours(6, "q1"), _hours(6, "q2"), _hours(2, "q3")], people, _hours(14, "total")
    )
    # The third quarter (two people) alone would be the total minus the two others: the
    # smaller of those is held back too, and the two hidden quarters rest on 8 people.
    assert [row.hidden for row in rows] == ["secondary", "", "small"]
    assert not total.hidden


def test_hours_hidden_together_must_rest_on_five_people() -> None:
    # Two small quarters, but the same two people: together still two people.
    people = [set(range(6)), {20, 21}, {20, 21}, set(range(30, 37))]
    rows, _total = suppress_hours(
        [_hours(6, "q1"), _hours(2, "q2"), _hours(2, "q3"), _hours(7, "q4")],
        people,
        _hours(17, "total"),
    )
    assert [row.hidden for row in rows] == ["secondary", "small", "small", ""]


def test_a_quarter_nobody_logged_reads_zero() -> None:
    rows, total = suppress_hours(
        [_hours(6, "q1"), Figure("q2", 0.0, unit="hours", n=0, key="q2")],
        [set(range(6)), set()],
        _hours(6, "total"),
    )
    assert [row.text() for row in rows] == ["60.0 h", "0.0 h"]
    assert total.text() == "60.0 h"
