"""The funder export pages: the mappings, upload (admins), the check with its problems per
person, and the export — only once nothing is missing, streamed, and audited."""

from __future__ import annotations

import csv
import io
import zipfile
from types import SimpleNamespace
from xml.etree import ElementTree

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from bridgeway.core.models import AuditEvent
from bridgeway.reports.funders.models import FunderMapping
from tests.reports.funders.conftest import QUERY, answer
from tests.reports.funders.test_check import MEETINGS

pytestmark = pytest.mark.django_db
PROFILE = "icare-client-profile-v1"
SHEET = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"


def page(client: Client, person, name: str, *args: str, query: str = "") -> str:
    client.force_login(person)
    response = client.get(reverse(f"reports:{name}", args=["agency-a", *args]) + query)
    assert response.status_code == 200, response.status_code
    return response.content.decode()


def body(response) -> bytes:
    return b"".join(response.streaming_content)


def test_staff_see_the_mappings_and_only_admins_may_upload(client, known, alice, bob) -> None:
    shown = page(client, bob, "funders")
    assert "iCARE-style client profile" in shown
    assert "iCARE-style Community Connections" in shown
    assert "not IRCC's official template" in shown
    assert "Upload a mapping" not in shown
    assert "Upload a mapping" in page(client, alice, "funders")
    upload = SimpleUploadedFile("sessions.toml", MEETINGS.encode(), "application/toml")
    url = reverse("reports:funder_upload", args=["agency-a"])
    assert client.post(url, {"file": upload}).status_code == 302  # alice is signed in
    client.force_login(bob)
    again = SimpleUploadedFile("sessions.toml", MEETINGS.replace("= 1\n", "= 2\n", 1).encode())
    assert client.post(url, {"file": again}).status_code == 403
    assert list(FunderMapping.objects.values_list("key", "version")) == [("sessions", 1)]


def test_an_upload_with_errors_is_refused_with_its_lines(client, known, alice) -> None:
    client.force_login(alice)
    broken = MEETINGS.replace('source = "meeting.date"', 'source = "meeting.day"')
    response = client.post(
        reverse("reports:funder_upload", args=["agency-a"]),
        {"file": SimpleUploadedFile("broken.toml", broken.encode())},
    )
    assert response.status_code == 400
    shown = response.content.decode()
    assert "The file was not kept: it has 1 problem." in shown
    assert "<td>18</td>" in shown
    assert "No Bridgeway field is called “meeting.day”." in shown
    assert not FunderMapping.objects.exists()


def test_a_version_is_kept_once_and_never_changed(client, known, alice) -> None:
    client.force_login(alice)
    url = reverse("reports:funder_upload", args=["agency-a"])
    for _twice in range(2):
        response = client.post(url, {"file": SimpleUploadedFile("s.toml", MEETINGS.encode())})
        assert response.status_code == 302
    changed = MEETINGS.replace('name = "Sessions"', 'name = "Other sessions"')
    refused = client.post(url, {"file": SimpleUploadedFile("s.toml", changed.encode())})
    assert refused.status_code == 400
    assert "give your file the next version number" in refused.content.decode()
    shipped = MEETINGS.replace('key = "sessions"', 'key = "icare-client-profile"')
    refused = client.post(url, {"file": SimpleUploadedFile("s.toml", shipped.encode())})
    assert "Bridgeway ships version 1 of “icare-client-profile”" in refused.content.decode()
    assert FunderMapping.objects.count() == 1
    assert AuditEvent.objects.filter(action="reports.funder_mapping_upload").count() == 1


def test_the_check_lists_problems_per_person_and_nothing_is_exported(client, known, bob) -> None:
    shown = page(client, bob, "funder_mapping", PROFILE, query=QUERY)
    assert "Nothing can be exported yet: 1 person has a missing or invalid field." in shown
    assert "No answer to the program&#x27;s question “date_of_birth”." in shown
    assert "“ABC” does not have the expected form." in shown
    assert reverse("programs:staff_enrollment", args=[known.bilal.pk]) in shown
    assert "The rows as CSV" not in shown
    export = reverse("reports:funder_export", args=["agency-a", PROFILE, "csv"]) + QUERY
    response = client.get(export)
    assert response.status_code == 302
    assert not AuditEvent.objects.filter(action="reports.funder_export").exists()
    problems = client.get(reverse("reports:funder_problems", args=["agency-a", PROFILE]) + QUERY)
    lines = list(csv.reader(io.StringIO(body(problems).decode("utf-8-sig"))))
    assert lines[0][:5] == ["Person", "Program", "Row", "Column", "Problem"]
    assert [(line[0], line[3], line[4]) for line in lines[1:]] == [
        ("Bilal", "Date of Birth", "Missing"),
        ("Bilal", "Postal Code", "Invalid"),
    ]


def test_when_nothing_is_missing_the_rows_download_and_are_audited(
    client, known: SimpleNamespace, bob
) -> None:
    answer(known.bilal, date_of_birth="1979-06-30", postal_code="m5v 2t6")
    shown = page(client, bob, "funder_mapping", PROFILE, query=QUERY)
    assert "Everything the funder needs is there: 3 rows, for 3 people." in shown
    response = client.get(
        reverse("reports:funder_export", args=["agency-a", PROFILE, "csv"]) + QUERY
    )
    assert response.status_code == 200
    assert response["Content-Disposition"] == (
        f'attachment; filename="{PROFILE}-agency-a-2026-03-01-2026-03-31.csv"'
    )
    lines = list(csv.DictReader(io.StringIO(body(response).decode("utf-8-sig"))))
    assert [line["Postal Code"] for line in lines] == ["K1A 0B1", "M5V 2T6", ""]
    event = AuditEvent.objects.get(action="reports.funder_export")
    assert event.actor == bob
    assert event.data == {
        "mapping": PROFILE,
        "name": "iCARE-style client profile",
        "start": "2026-03-01",
        "end": "2026-03-31",
        "program": "",
        "rows": 3,
        "format": "csv",
    }
    workbook = client.get(
        reverse("reports:funder_export", args=["agency-a", PROFILE, "xlsx"]) + QUERY
    )
    with zipfile.ZipFile(io.BytesIO(body(workbook))) as archive:
        sheet = ElementTree.fromstring(archive.read("xl/worksheets/sheet1.xml"))  # noqa: S314
    rows = sheet.findall(f"{SHEET}sheetData/{SHEET}row")
    assert len(rows) == 4
    first = ["".join(c.itertext()) for c in rows[0]]
    assert first[:2] == ["Client Validation ID (UCI)", "Date of Birth"]
    assert AuditEvent.objects.filter(action="reports.funder_export").count() == 2


def test_a_period_with_nobody_exports_nothing(client, known, bob) -> None:
    query = "?start=2020-01-01&end=2020-01-31"
    shown = page(client, bob, "funder_mapping", PROFILE, query=query)
    assert "There are no rows for this period" in shown
    response = client.get(
        reverse("reports:funder_export", args=["agency-a", PROFILE, "xlsx"]) + query
    )
    assert response.status_code == 302


def test_a_bad_period_is_explained(client, known, bob) -> None:
    shown = page(client, bob, "funder_mapping", PROFILE, query="?start=2026-03-31&end=2026-03-01")
    assert "The end of the period comes before its start." in shown


def test_the_mapping_file_downloads_to_be_edited(client, known, bob) -> None:
    client.force_login(bob)
    response = client.get(reverse("reports:funder_mapping_file", args=["agency-a", PROFILE]))
    assert response.status_code == 200
    assert 'key = "icare-client-profile"' in response.content.decode()


def test_other_agencies_and_participants_get_404(client, known, alice, carol, erin) -> None:
    client.force_login(alice)
    client.post(
        reverse("reports:funder_upload", args=["agency-a"]),
        {"file": SimpleUploadedFile("s.toml", MEETINGS.encode())},
    )
    for person in (carol, erin):
        client.force_login(person)
        for org in ("agency-a", "agency-b"):
            for name, args in (
                ("funders", []),
                ("funder_mapping", ["sessions-v1"]),
                ("funder_mapping_file", ["sessions-v1"]),
                ("funder_export", ["sessions-v1", "csv"]),
            ):
                url = reverse(f"reports:{name}", args=[org, *args]) + QUERY
                expected = (
                    200 if person == carol and org == "agency-b" and name == "funders" else 404
                )
                assert client.get(url).status_code == expected, (person, org, name)


def test_under_asgi_the_rows_stream_from_the_request_s_thread(known: SimpleNamespace, bob) -> None:
    """uvicorn serves the app through ASGI, where the rows are read a chunk at a time."""
    from asgiref.sync import async_to_sync
    from django.test import AsyncClient

    answer(known.bilal, date_of_birth="1979-06-30", postal_code="M5V 2T6")
    url = reverse("reports:funder_export", args=["agency-a", PROFILE, "csv"]) + QUERY

    async def fetch() -> tuple[int, bool, bytes]:
        client = AsyncClient()
        await client.aforce_login(bob)
        response = await client.get(url)
        content = b"".join([chunk async for chunk in response.streaming_content])
        return response.status_code, response.is_async, content

    status, streamed, content = async_to_sync(fetch)()
    assert (status, streamed) == (200, True)  # not read whole into memory before it is sent
    assert len(list(csv.DictReader(io.StringIO(content.decode("utf-8-sig"))))) == 3
