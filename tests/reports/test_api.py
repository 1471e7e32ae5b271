"""The reports through the API: the same tables, filters and downloads as the dashboards, the
network's small counts held back, and the same 404 for anyone else."""

from __future__ import annotations

import csv
import io
from types import SimpleNamespace
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from rest_framework.authtoken.models import Token

from bridgeway.core.models import AuditEvent
from tests.factories import MembershipFactory, PersonFactory
from tests.reports.test_pages import _sheets

pytestmark = pytest.mark.django_db
YEAR = {"start": "2025-01-01", "end": "2025-12-31"}


def _agency(name: str = "reports-agency", **kwargs: Any) -> str:
    return reverse(f"api:{name}", kwargs={"org": "agency-a", **kwargs})


def _get(client: Client, person: Any, url: str, **query: Any) -> Any:
    client.force_login(person)
    return client.get(url, {**YEAR, **query})


def _tables(data: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {table["key"]: table for table in data["tables"]}


def _cells(table: dict[str, Any]) -> dict[str, dict[str, Any]]:
    rows = [*table["rows"], *([table["total"]] if table["total"] else [])]
    found = {row["key"]: row["cells"][0] for row in rows}
    found.update({figure["key"]: figure for figure in table["extra"]})
    return found


def test_staff_read_their_agency_s_report(client: Client, known: SimpleNamespace, alice) -> None:
    response = _get(client, alice, _agency())
    assert response.status_code == 200
    data = response.json()
    assert (data["level"], data["name"]) == ("agency", "Agency A")
    assert data["filters"]["start"] == "2025-01-01"
    tables = _tables(data)
    pipeline = _cells(tables["pipeline"])
    assert pipeline["total"]["value"] == 7
    assert pipeline["matched"] == {
        "key": "matched",
        "label": "Matched with a mentor or a group",
        "value": 3,
        "unit": "count",
        "n": None,
        "hidden": "",
        "text": "3",
    }
    assert pipeline["conversion"]["n"] == 7
    assert tables["pipeline"]["columns"] == ["Value"]
    assert tables["pipeline"]["label_column"] == "Mentees"
    change = tables["change"]
    assert change["group_column"] == "Asked of"
    confidence = next(row for row in change["rows"] if row["key"].endswith("confidence_skills"))
    assert [cell["text"] for cell in confidence["cells"][3:6]] == ["+1.60", "+0.18", "+3.02"]
    assert confidence["cells"][3]["value"] == pytest.approx(1.6)


def test_some_tables_only_and_the_filters(client: Client, known: SimpleNamespace, alice) -> None:
    data = _get(client, alice, _agency(), tables="resources, closures", country="SY").json()
    assert [table["key"] for table in data["tables"]] == ["closures", "resources"]
    assert _cells(_tables(data)["resources"])["mentee_views"]["value"] == 3
    assert data["filters"]["country"] == "SY"


def test_filters_that_are_not_right_answer_400_per_field(
    client: Client, known: SimpleNamespace, alice
) -> None:
    response = _get(client, alice, _agency(), start="2025-05-01", end="2025-01-01")
    assert response.status_code == 400
    assert response.json() == {"end": ["The end of the period comes before its start."]}
    response = _get(client, alice, _agency(), program="987654321", tables="nothing")
    assert response.status_code == 400
    assert list(response.json()) == ["program"]
    response = _get(client, alice, _agency(), tables="nothing,pipeline")
    assert response.status_code == 400
    assert response.json()["tables"][0].startswith("Unknown table: nothing. The tables are:")


def test_the_network_report_holds_back_small_counts_and_their_bases(
    client: Client, known: SimpleNamespace, grace
) -> None:
    response = _get(client, grace, reverse("api:reports-network"))
    assert response.status_code == 200
    tables = _tables(response.json())
    conduct = _cells(tables["concerns"])["conduct"]
    assert (conduct["value"], conduct["hidden"], conduct["text"]) == (None, "small", "fewer than 5")
    assert tables["concerns"]["held_back"] is True
    assert all(figure["n"] is None for figure in _cells(tables["satisfaction"]).values())
    small = next(row for row in tables["change"]["rows"] if row["key"].endswith("network_size"))
    assert {cell["value"] for cell in small["cells"]} == {None}


def test_the_network_can_look_at_one_agency(
    client: Client, known: SimpleNamespace, grace, agency_b
) -> None:
    data = _get(client, grace, reverse("api:reports-network"), agency=str(agency_b.pk)).json()
    assert data["filters"]["agency"] == agency_b.pk
    assert _cells(_tables(data)["pipeline"])["total"]["value"] == 0


def test_a_table_downloads_as_csv_through_the_api(
    client: Client, known: SimpleNamespace, alice
) -> None:
    client.force_login(alice)
    url = _agency("reports-agency-export", fmt="csv")
    response = client.get(url, {**YEAR, "table": "concerns"}, HTTP_ACCEPT="text/csv")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[-1] == ["All concerns", "3"]
    assert client.get(url, YEAR).status_code == 404  # a CSV holds one table
    bad = client.get(url, {**YEAR, "table": "concerns", "end": "2024-01-01"})
    assert bad.status_code == 400
    assert bad["Content-Type"] == "application/json"


def test_the_whole_report_downloads_as_xlsx_and_pdf(
    client: Client, known: SimpleNamespace, alice, grace
) -> None:
    response = _get(client, alice, _agency("reports-agency-export", fmt="xlsx"))
    assert ["Mentee applications", "7"] in _sheets(response.content)["Applications and intake"]
    network = _get(client, grace, reverse("api:reports-network-export", kwargs={"fmt": "xlsx"}))
    assert ["Conduct", "fewer than 5"] in _sheets(network.content)["Concerns by category"]
    pytest.importorskip("weasyprint")
    pdf = _get(client, alice, _agency("reports-agency-export", fmt="pdf"))
    assert pdf["Content-Type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF-")


def test_every_mentorship_downloads_through_the_api_with_a_token(
    known: SimpleNamespace, alice
) -> None:
    token = Token.objects.create(user=alice)
    client = Client(HTTP_AUTHORIZATION=f"Token {token.key}")
    response = client.get(_agency("reports-agency-mentorships", fmt="csv"), YEAR)
    assert response.status_code == 200
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))
    assert [int(row[0]) for row in rows[1:]] == [
        known.ongoing.pk,
        known.r1.pk,
        known.r2.pk,
        known.r3.pk,
    ]
    assert AuditEvent.objects.filter(action="reports.mentorships_export", actor=alice).count() == 1
    assert client.get(_agency("reports-agency-mentorships", fmt="pdf")).status_code == 404


def test_others_get_the_same_404_as_for_a_missing_agency(
    client: Client, known: SimpleNamespace, carol, erin, grace
) -> None:
    for person in (carol, erin, grace):
        client.force_login(person)
        for org in ("agency-a", "no-such-agency"):
            url = reverse("api:reports-agency", kwargs={"org": org})
            assert client.get(url).status_code == 404
            url = reverse("api:reports-agency-export", kwargs={"org": org, "fmt": "xlsx"})
            assert client.get(url).status_code == 404


def test_the_network_report_is_for_network_admins(client: Client, known, alice, erin) -> None:
    for person in (alice, erin):
        assert _get(client, person, reverse("api:reports-network")).status_code == 404


def test_anonymous_callers_and_staff_without_two_step_verification_are_refused(
    client: Client, known: SimpleNamespace, agency_a
) -> None:
    assert client.get(_agency()).status_code == 403
    assert client.get(reverse("api:reports-network")).status_code == 403
    person = PersonFactory()
    MembershipFactory(organization=agency_a, person=person)
    response = _get(client, person, _agency())
    assert response.status_code == 403
    assert "two-step verification" in response.json()["detail"]


def test_the_schema_lists_the_reports_endpoints(client: Client, alice) -> None:
    client.force_login(alice)
    schema = client.get(reverse("api:schema")).content.decode()
    for path in (
        "/api/v1/reports/agencies/{org}/",
        "/api/v1/reports/agencies/{org}/export/{fmt}/",
        "/api/v1/reports/agencies/{org}/mentorships/{fmt}/",
        "/api/v1/reports/network/",
        "/api/v1/reports/network/export/{fmt}/",
    ):
        assert path in schema
    assert "MetricsReport" in schema
