"""The dashboards, their exports and who may read them."""

from __future__ import annotations

import csv
import io
import zipfile
from types import SimpleNamespace
from xml.etree import ElementTree

import pytest
from django.test import Client
from django.urls import reverse

from bridgeway.reports.report import TABLE_KEYS
from tests.factories import MembershipFactory, PersonFactory

pytestmark = pytest.mark.django_db
YEAR = "?start=2025-01-01&end=2025-12-31"
SHEET = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"


def _get(client: Client, person, url: str):
    client.force_login(person)
    return client.get(url)


def test_staff_read_their_agency_s_dashboard(client, known: SimpleNamespace, alice, bob) -> None:
    for person in (alice, bob):
        response = _get(client, person, reverse("reports:agency", args=["agency-a"]) + YEAR)
        assert response.status_code == 200
        page = response.content.decode()
        assert "Applications and intake" in page
        assert "<caption" in page
        assert "<svg" in page
        assert "Matched with a mentor or a group: <strong>3</strong>" in page


def test_the_dashboard_speaks_french(client, known: SimpleNamespace, alice) -> None:
    alice.preferred_language = "fr"
    alice.save(update_fields=["preferred_language"])
    response = _get(client, alice, reverse("reports:agency", args=["agency-a"]))
    assert response.status_code == 200
    assert 'lang="fr"' in response.content.decode()


def test_a_bad_period_is_explained(client, known: SimpleNamespace, alice) -> None:
    url = reverse("reports:agency", args=["agency-a"]) + "?start=2025-05-01&end=2025-01-01"
    page = _get(client, alice, url).content.decode()
    assert "The end of the period comes before its start." in page


def test_others_get_the_same_404_as_for_a_missing_agency(
    client, known: SimpleNamespace, carol, erin, grace
) -> None:
    for person in (carol, erin, grace):
        for name in ("agency-a", "no-such-agency"):
            assert _get(client, person, reverse("reports:agency", args=[name])).status_code == 404
        csv_url = reverse("reports:agency_export", args=["agency-a", "csv"]) + "?table=pipeline"
        assert _get(client, person, csv_url).status_code == 404


def test_staff_without_two_step_verification_are_sent_to_set_it_up(client, agency_a) -> None:
    person = PersonFactory()
    MembershipFactory(organization=agency_a, person=person)
    response = _get(client, person, reverse("reports:agency", args=["agency-a"]))
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:mfa_required")


def test_the_network_dashboard_is_for_network_admins(client, known, grace, alice) -> None:
    response = _get(client, grace, reverse("reports:network") + YEAR)
    assert response.status_code == 200
    assert "fewer than 5" in response.content.decode()
    assert _get(client, alice, reverse("reports:network")).status_code == 404


def test_a_table_exports_as_csv(client, known: SimpleNamespace, alice) -> None:
    url = reverse("reports:agency_export", args=["agency-a", "csv"]) + YEAR + "&table=concerns"
    response = _get(client, alice, url)
    assert response.status_code == 200
    assert response["Content-Disposition"].endswith('.csv"')
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0] == ["Concerns", "Value"]
    assert ["Conduct", "2"] in rows
    assert ["Safety", "1"] in rows
    assert rows[-1] == ["All concerns", "3"]


def test_the_network_csv_holds_no_small_count(client, known: SimpleNamespace, grace) -> None:
    url = reverse("reports:network_export", args=["csv"]) + YEAR + "&table=concerns"
    rows = list(csv.reader(io.StringIO(_get(client, grace, url).content.decode("utf-8-sig"))))
    assert ["Conduct", "fewer than 5"] in rows
    assert ["All concerns", "fewer than 5"] in rows


def _sheets(content: bytes) -> dict[str, list[list[str]]]:
    archive = zipfile.ZipFile(io.BytesIO(content))
    # Our own file, just written by the app under test.
    workbook = ElementTree.fromstring(archive.read("xl/workbook.xml"))  # noqa: S314
    names = [sheet.get("name") for sheet in workbook.iter(f"{SHEET}sheet")]
    found = {}
    for index, name in enumerate(names, start=1):
        sheet = ElementTree.fromstring(archive.read(f"xl/worksheets/sheet{index}.xml"))  # noqa: S314
        found[name] = [
            ["".join(cell.itertext()) for cell in row.iter(f"{SHEET}c")]
            for row in sheet.iter(f"{SHEET}row")
        ]
    return found


def test_the_whole_report_exports_as_xlsx(client, known: SimpleNamespace, alice) -> None:
    url = reverse("reports:agency_export", args=["agency-a", "xlsx"]) + YEAR
    response = _get(client, alice, url)
    assert response.status_code == 200
    sheets = _sheets(response.content)
    assert len(sheets) == len(TABLE_KEYS)
    assert ["Mentee applications", "7"] in sheets["Applications and intake"]
    assert ["Reached their goals", "1"] in sheets["Goals achieved"]


def test_one_table_exports_as_xlsx(client, known: SimpleNamespace, alice) -> None:
    url = reverse("reports:agency_export", args=["agency-a", "xlsx"]) + YEAR + "&table=closures"
    assert list(_sheets(_get(client, alice, url).content)) == ["Closures and their reasons"]


def test_unknown_formats_and_tables_are_404(client, known: SimpleNamespace, alice) -> None:
    client.force_login(alice)
    base = reverse("reports:agency_export", args=["agency-a", "csv"])
    assert client.get(base).status_code == 404  # a CSV needs a table
    assert client.get(base + "?table=nothing").status_code == 404
    assert client.get(reverse("reports:agency_export", args=["agency-a", "doc"])).status_code == 404


def test_the_dashboard_exports_as_pdf(client, known: SimpleNamespace, alice) -> None:
    pytest.importorskip("weasyprint")
    url = reverse("reports:agency_export", args=["agency-a", "pdf"]) + YEAR + "&country=SY"
    response = _get(client, alice, url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF-")


def test_the_pdf_states_the_filters_in_words(known: SimpleNamespace) -> None:
    from dataclasses import replace

    from bridgeway.reports.pdf import report_html
    from bridgeway.reports.report import report_build
    from bridgeway.reports.scope import Scope
    from tests.reports.conftest import YEAR_2025

    organization = known.program.organization
    scope = Scope(level="agency", organization_ids=(organization.pk,), organization=organization)
    report = report_build(scope=scope, chosen=replace(YEAR_2025, country="SY"))
    html = report_html(report=report, filters=[("Country", "Syria")])
    assert "Country: Syria" in html
    assert "Applications and intake" in html
    assert "<svg" in html
