"""Resource use, assessment change and employment on the dashboards, on the hand-built network
of conftest.py (`outcomes`), whose right answers are known."""

from __future__ import annotations

import csv
import io
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from types import SimpleNamespace
from typing import Any

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from bridgeway.notifications.outbox import deliveries_send_due
from bridgeway.programs.models import Enrollment
from bridgeway.reports.figures import Grid, Table
from bridgeway.reports.monthly import monthly_reports_send
from bridgeway.reports.report import Report, report_build
from bridgeway.reports.scope import Scope
from tests.factories import ProgramFactory
from tests.reports.conftest import YEAR_2025, at, enroll, resource, viewed

pytestmark = pytest.mark.django_db
YEAR = "?start=2025-01-01&end=2025-12-31"


def _report(known: SimpleNamespace, level: str = "agency", **filters: Any) -> Report:
    organization = known.program.organization
    if level == "agency":
        scope = Scope(
            level="agency", organization_ids=(organization.pk,), organization=organization
        )
    else:
        scope = Scope(level="network", organization_ids=(organization.pk,), network=None)
    return report_build(scope=scope, chosen=replace(YEAR_2025, **filters))


def _table(report: Report, key: str) -> Table:
    found = report.table(key)
    assert isinstance(found, Table)
    return found


def _grid(report: Report, key: str) -> Grid:
    found = report.table(key)
    assert isinstance(found, Grid)
    return found


def _counts(report: Report) -> dict[str, Any]:
    return {figure.key: figure.value for figure in _table(report, "resources").rows}


def test_resource_use_counts_people_and_views_by_role(known: SimpleNamespace) -> None:
    assert _counts(_report(known)) == {
        "mentees": 2,
        "mentors": 2,  # Ximena, and the February mentee once she also mentors
        "mentee_views": 5,
        "mentor_views": 2,
    }


def test_the_most_viewed_resources(known: SimpleNamespace) -> None:
    top = _table(_report(known), "resources_top")
    assert [(str(f.label), f.value) for f in top.rows] == [
        ("Network guide", 3),
        ("Agency guide", 3),
    ]


def test_resource_use_follows_the_filters(known: SimpleNamespace, program_b: Any) -> None:
    assert _counts(_report(known, country="SY")) == {
        "mentees": 1,
        "mentors": 0,
        "mentee_views": 3,
        "mentor_views": 0,
    }
    assert set(_counts(_report(known, program_id=program_b.pk)).values()) == {0}
    assert not _table(_report(known, program_id=program_b.pk), "resources_top").rows
    autumn = _report(known, start=YEAR_2025.start.replace(month=8))
    assert _counts(autumn) == {"mentees": 1, "mentors": 1, "mentee_views": 1, "mentor_views": 1}


def test_one_pass_counts_each_view_and_person_once(known: SimpleNamespace) -> None:
    """Both tables come from one pass over the views joined to the enrollments: a person
    enrolled in two of the report's programs in one role joins each view twice, and the
    February mentee who also mentors joins hers once per role. Each view and person still
    counts once per role, and once in a resource's views."""
    second = ProgramFactory(organization=known.program.organization, name="Second program")
    twice = enroll(known.program, "mentee", at("2025-04-01"))
    Enrollment.objects.create(
        program=second, person=twice.person, role="mentee", created_at=at("2025-04-01")
    )
    network_guide = known.outcomes.network_guide
    viewed(network_guide, twice, "2025-05-01", "2025-05-02")
    assert _counts(_report(known)) == {
        "mentees": 3,
        "mentors": 2,
        "mentee_views": 7,
        "mentor_views": 2,
    }
    top = _table(_report(known), "resources_top")
    assert [(str(f.label), f.value) for f in top.rows] == [
        ("Network guide", 5),
        ("Agency guide", 3),
    ]
    # Only the second program: the same person, their two views, no one else's.
    alone = _report(known, program_id=second.pk)
    assert _counts(alone) == {"mentees": 1, "mentors": 0, "mentee_views": 2, "mentor_views": 0}
    assert [(str(f.label), f.value) for f in _table(alone, "resources_top").rows] == [
        ("Network guide", 2)
    ]


def test_the_most_viewed_resources_are_the_ten_with_most_views(known: SimpleNamespace) -> None:
    """Twelve more resources with 1 to 12 views: the ten with most views, most first, the
    older resource first on a tie (the guides' 3 views tie with the resource of 3)."""
    program = known.program
    days = [f"2025-06-{day:02d}" for day in range(1, 13)]
    made = [resource(program, f"Resource {n}") for n in range(1, 13)]
    for n, found in enumerate(made, start=1):
        viewed(found, known.m1, *days[:n])
    top = _table(_report(known), "resources_top")
    assert [(str(f.label), f.value) for f in top.rows] == [
        *[(f"Resource {n}", n) for n in range(12, 3, -1)],
        ("Network guide", 3),
    ]
    assert _counts(_report(known))["mentee_views"] == 5 + sum(range(1, 13))


def test_the_network_holds_back_small_resource_counts(known: SimpleNamespace) -> None:
    resources = _table(_report(known, level="network"), "resources")
    assert {f.key: f.text() for f in resources.rows}["mentees"] == "fewer than 5"
    top = _table(_report(known, level="network"), "resources_top")
    assert [f.text() for f in top.rows] == ["fewer than 5", "fewer than 5"]


def _change(report: Report) -> dict[str, Any]:
    return {row.key: row for row in _grid(report, "change").rows}


def test_assessment_change_per_question(known: SimpleNamespace) -> None:
    rows = _change(_report(known))
    confidence = rows["mentee-mentee-confidence_skills"]
    n, before, after, change, low, high, reading = confidence.cells
    assert str(confidence.group) == "Mentees"
    assert (n.value, before.value, after.value) == (5, pytest.approx(1.8), pytest.approx(3.4))
    assert change.value == pytest.approx(1.6)
    assert (low.value, high.value) == (pytest.approx(0.184285, abs=1e-6), pytest.approx(3.015715))
    assert reading.text() == "Higher: the whole interval is above zero"
    assert (change.text(), low.text(), high.text()) == ("+1.60", "+0.18", "+3.02")
    network = rows["mentee-mentee-network_size"]
    assert (network.n, network.cells[3].value) == (1, 3)
    assert network.cells[6].text() == "Too few pairs for an interval"
    assert rows["mentee-mentee-interviews"].cells[6].text() == "No pairs yet"
    [own] = [row for row in rows.values() if row.label == "How easy is mentoring?"]
    assert str(own.group) == "Welcome Hosts A: Mentor check"
    assert (own.n, own.cells[3].value) == (1, 2)
    # The mentees' questions first, in the instrument's order; the mentors' after.
    assert list(rows)[:2] == ["mentee-mentee-confidence_skills", "mentee-mentee-network_size"]
    assert list(rows)[-1] == own.key


def test_assessment_change_follows_the_period_and_the_filters(known: SimpleNamespace) -> None:
    confidence = "mentee-mentee-confidence_skills"
    assert _change(_report(known, country="SY"))[confidence].n == 1
    whole = _report(known, start=YEAR_2025.start.replace(year=2024))
    assert _change(whole)[confidence].n == 6  # the mentee who ended in December 2024 too
    spring = _report(known, end=YEAR_2025.start.replace(month=6))
    assert _change(spring)[confidence].n == 0  # the ends were answered in September


def test_the_network_shows_no_change_resting_on_fewer_than_5_pairs(known: SimpleNamespace) -> None:
    rows = _change(_report(known, level="network"))
    assert rows["mentee-mentee-confidence_skills"].cells[3].text() == "+1.60"
    small = rows["mentee-mentee-network_size"]
    assert [cell.text() for cell in small.cells[:2]] == [
        "fewer than 5",
        "not shown: fewer than 5 people or answers",
    ]
    assert all(cell.hidden for cell in small.cells)
    assert rows["mentee-mentee-interviews"].cells[0].text() == "0"


def test_employment_at_each_moment(known: SimpleNamespace) -> None:
    grid = _grid(_report(known), "employment")
    assert grid.columns == ["Before the program, when accepted", "At the end of the mentorship"]
    found = {str(row.label): [cell.value for cell in row.cells] for row in grid.rows}
    assert found == {
        "Yes, meaningful work in my field or close to it": [0, 2],
        "Yes, but not in my field": [0, 1],
        "No, not at the moment": [5, 2],
    }
    assert grid.total is not None
    assert [cell.value for cell in grid.total.cells] == [5, 5]


def test_the_network_holds_back_small_employment_counts(known: SimpleNamespace) -> None:
    grid = _grid(_report(known, level="network"), "employment")
    at_intake = [row.cells[0].text() for row in grid.rows]
    at_end = [row.cells[1].text() for row in grid.rows]
    assert at_intake == ["0", "0", "5"]
    assert at_end == ["fewer than 5", "fewer than 5", "fewer than 5"]


def test_empty_tables_say_so(known: SimpleNamespace, program_b: Any) -> None:
    report = _report(known, program_id=program_b.pk)
    assert not _grid(report, "change").rows
    assert str(_grid(report, "employment").empty) == "No answers yet."


def test_the_dashboard_shows_the_tables(client: Client, known: SimpleNamespace, alice) -> None:
    client.force_login(alice)
    page = client.get(reverse("reports:agency", args=["agency-a"]) + YEAR).content.decode()
    assert '<h2 id="report-change-title">Assessment change</h2>' in page
    assert '<th scope="row">Network guide</th><td>3</td>' in page
    assert "<td>+1.60</td><td>+0.18</td><td>+3.02</td>" in page
    assert "Mentees who opened a resource" in page


def _csv(client: Client, person: Any, url: str) -> list[list[str]]:
    client.force_login(person)
    response = client.get(url)
    assert response.status_code == 200
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))


def test_the_change_table_downloads_as_csv(client: Client, known: SimpleNamespace, alice) -> None:
    url = reverse("reports:agency_export", args=["agency-a", "csv"]) + YEAR + "&table=change"
    rows = _csv(client, alice, url)
    assert rows[0] == [
        "Asked of",
        "Question",
        "Pairs (n)",
        "Mean before",
        "Mean at the end of the mentorship",
        "Mean change",
        "Interval: lower end",
        "Interval: upper end",
        "Reading",
    ]
    assert rows[1][1].startswith("How confident are you presenting your skills")
    assert rows[1][2:] == ["5", "1.8", "3.4", "1.6", "0.18", "3.02", rows[1][-1]]


def test_the_network_employment_csv_holds_no_small_count(
    client: Client, known: SimpleNamespace, grace
) -> None:
    url = reverse("reports:network_export", args=["csv"]) + YEAR + "&table=employment"
    rows = _csv(client, grace, url)
    assert rows[0] == [
        "Answer",
        "Before the program, when accepted",
        "At the end of the mentorship",
    ]
    assert ["Yes, but not in my field", "0", "fewer than 5"] in rows
    assert rows[-1] == ["Answered", "5", "5"]


def test_the_pdf_holds_the_new_tables(known: SimpleNamespace) -> None:
    from bridgeway.reports.pdf import report_html

    html = report_html(report=_report(known), filters=[])
    assert "Assessment change" in html
    assert "Most viewed resources" in html
    assert "Employment" in html


def test_the_monthly_email_tells_the_change_and_the_resource_use(
    client: Client, known: SimpleNamespace, alice, grace
) -> None:
    for person, url in ((alice, "reports:agency_monthly"), (grace, "reports:network_monthly")):
        client.force_login(person)
        args = ["agency-a"] if person == alice else []
        client.post(reverse(url, args=args), {"wanted": "yes"})
    assert monthly_reports_send(now=datetime(2025, 10, 2, 9, tzinfo=UTC)) == 2
    deliveries_send_due(now=timezone.now() + timedelta(days=1))
    [to_alice] = [m for m in mail.outbox if m.to == [alice.email]]
    assert "September 2025" in to_alice.subject
    body = to_alice.body
    assert "Resource use:\n- Mentees who opened a resource: 0" in body
    assert (
        "(Mentees): mean change +1.60 over 5 pairs (interval from +0.18 to +3.02). "
        "Higher: the whole interval is above zero"
    ) in body
    assert "(Mentees): mean change +3.00 over 1 pair. Too few pairs for an interval" in body
    assert (
        "At the end of the mentorship: Yes, meaningful work in my field or close to it (2);" in body
    )
    assert "No resource of the library was opened in the period." in body
    [to_grace] = [m for m in mail.outbox if m.to == [grace.email]]
    assert "over 5 pairs" in to_grace.body
    assert "(Mentees): fewer than 5 pairs, not shown" in to_grace.body
    assert "over 1 pair" not in to_grace.body
