"""Every mentorship of the agency's report, one row each: what the file holds (known answers of
conftest.py), that it streams, who may take it, and the audit row it leaves."""

from __future__ import annotations

import csv
import io
from types import SimpleNamespace
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from bridgeway.core.models import AuditEvent
from tests.reports.test_pages import _sheets

pytestmark = pytest.mark.django_db
YEAR = "?start=2025-01-01&end=2025-12-31"
HEADER = [
    "Mentorship",
    "Program",
    "Mentee (enrollment number)",
    "Mentor (enrollment number)",
    "Status",
    "Started",
    "Planned end",
    "Closed",
    "How it ended",
    "Meetings held",
    "Hours logged",
    "Mentee's satisfaction (1 to 5)",
    "Mentor's satisfaction (1 to 5)",
    "Mentee reached their goals",
    "Goals marked as met",
    "Concerns raised",
]


def _url(fmt: str, query: str = YEAR) -> str:
    return reverse("reports:agency_mentorships", args=["agency-a", fmt]) + query


def _rows(response: Any) -> list[list[str]]:
    assert response.streaming
    body = b"".join(response.streaming_content).decode("utf-8-sig")
    return list(csv.reader(io.StringIO(body)))


def test_every_mentorship_under_way_in_the_period_is_a_row(
    client: Client, known: SimpleNamespace, alice
) -> None:
    client.force_login(alice)
    response = client.get(_url("csv"))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert 'filename="agency-a-mentorships-' in response["Content-Disposition"]
    assert response["Cache-Control"] == "private, no-store"
    rows = _rows(response)
    assert rows[0] == HEADER
    # The 2024 pair still active, then the three started in 2025, by their start.
    assert [int(row[0]) for row in rows[1:]] == [
        known.ongoing.pk,
        known.r1.pk,
        known.r2.pk,
        known.r3.pk,
    ]
    completed = rows[3]
    assert completed[1:] == [
        "Welcome Hosts A",
        str(known.m2.pk),
        str(known.ximena.pk),
        "Closed",
        "2025-02-21",
        "2025-06-21",
        "2025-06-01",
        "Completed: It reached its planned end",
        "2",
        "2.5",
        "5",
        "4",
        "Yes",
        "1",
        "0",
    ]
    early = rows[4]
    assert (early[8], early[9], early[11], early[12], early[13]) == (
        "Ended early: It is not working for us",
        "0",
        "2",
        "",
        "No",
    )
    assert (rows[1][4], rows[1][7]) == ("Active", "")
    page = b"".join(client.get(_url("csv")).streaming_content).decode()
    assert known.m2.person.display_name not in page  # enrollment numbers, no names


def test_the_filters_choose_the_mentorships(client: Client, known: SimpleNamespace, alice) -> None:
    client.force_login(alice)
    spring = _rows(client.get(_url("csv", "?start=2025-05-02&end=2025-05-31")))
    # The April pair closed on 1 May: not under way in this period.
    assert [int(row[0]) for row in spring[1:]] == [known.ongoing.pk, known.r1.pk, known.r2.pk]
    syrian = _rows(client.get(_url("csv", YEAR + "&country=SY")))
    assert [int(row[0]) for row in syrian[1:]] == [known.r1.pk]


def test_the_mentorships_download_as_xlsx(client: Client, known: SimpleNamespace, alice) -> None:
    client.force_login(alice)
    response = client.get(_url("xlsx"))
    assert response.status_code == 200
    sheets = _sheets(b"".join(response.streaming_content))
    rows = sheets["Mentorships"]
    assert rows[0] == HEADER
    assert len(rows) == 5
    assert rows[3][9:11] == ["2", "2.5"]


def test_the_file_streams_under_asgi(known: SimpleNamespace, alice) -> None:
    """uvicorn serves the app through ASGI, where Django would read a plain iterator whole
    before sending it."""
    from asgiref.sync import async_to_sync
    from django.test import AsyncClient

    async def fetch() -> tuple[int, bool, bytes]:
        client = AsyncClient()
        await client.aforce_login(alice)
        response = await client.get(_url("csv"))
        body = b"".join([chunk async for chunk in response.streaming_content])
        return response.status_code, response.is_async, body

    status, is_async, body = async_to_sync(fetch)()
    assert (status, is_async) == (200, True)
    assert len(list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))) == 5


def test_a_download_is_in_the_audit_log(client: Client, known: SimpleNamespace, alice) -> None:
    client.force_login(alice)
    client.get(_url("xlsx"))
    [event] = AuditEvent.objects.filter(action="reports.mentorships_export")
    assert event.actor == alice
    assert event.data["format"] == "xlsx"
    from bridgeway.core.audit import event_detail

    assert event_detail(event) == "XLSX file, from Jan. 1, 2025 to Dec. 31, 2025"


def test_others_get_the_same_404_and_unknown_formats_too(
    client: Client, known: SimpleNamespace, alice, carol, erin, grace
) -> None:
    for person in (carol, erin, grace):
        client.force_login(person)
        assert client.get(_url("csv")).status_code == 404
    client.force_login(alice)
    assert client.get(_url("pdf")).status_code == 404
    assert not AuditEvent.objects.filter(action="reports.mentorships_export").exists()


def test_the_dashboard_links_the_download(client: Client, known: SimpleNamespace, alice) -> None:
    client.force_login(alice)
    page = client.get(reverse("reports:agency", args=["agency-a"]) + YEAR).content.decode()
    assert _url("csv").replace("&", "&amp;") in page
