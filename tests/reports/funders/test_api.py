"""The API: the mappings, the check, and the export (409 with the check while anything is
missing); other agencies get 404."""

from __future__ import annotations

import csv
import io
from types import SimpleNamespace

import pytest
from rest_framework.test import APIClient

from bridgeway.core.models import AuditEvent
from tests.reports.funders.conftest import answer

pytestmark = pytest.mark.django_db
BASE = "/api/v1/staff/agencies/agency-a/funder-mappings/"
MARCH = "?start=2026-03-01&end=2026-03-31"


def api_for(person) -> APIClient:
    api = APIClient()
    api.force_authenticate(person)
    return api


def test_staff_list_the_mappings_with_their_columns(known, bob) -> None:
    found = {item["ref"]: item for item in api_for(bob).get(BASE).json()}
    profile = found["icare-client-profile-v1"]
    assert (profile["rows"], profile["shipped"], profile["usable"]) == ("participant", True, True)
    assert profile["columns"][0]["source"] == "intake.answer:uci"
    assert profile["columns"][0]["required"] is True


def test_the_check_then_the_export(known: SimpleNamespace, bob) -> None:
    api = api_for(bob)
    check = api.get(f"{BASE}icare-client-profile-v1/check/{MARCH}").json()
    assert (check["ready"], check["rows"], check["problem_count"]) == (False, 3, 2)
    assert check["problems"][0]["enrollment"] == known.bilal.pk
    assert check["problems"][0]["kind"] == "missing"
    refused = api.get(f"{BASE}icare-client-profile-v1/export/csv/{MARCH}")
    assert refused.status_code == 409
    assert refused.json()["people_with_problems"] == 1
    answer(known.bilal, date_of_birth="1979-06-30", postal_code="M5V 2T6")
    response = api.get(f"{BASE}icare-client-profile-v1/export/csv/{MARCH}")
    assert response.status_code == 200
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    assert len(list(csv.DictReader(io.StringIO(text)))) == 3
    assert AuditEvent.objects.filter(action="reports.funder_export", actor=bob).count() == 1


def test_a_bad_period_is_a_400(known, bob) -> None:
    response = api_for(bob).get(f"{BASE}icare-client-profile-v1/check/?start=2026-03-31")
    assert response.status_code == 400
    assert "end" in response.json()


def test_other_agencies_get_404(known, carol) -> None:
    api = api_for(carol)
    assert api.get(BASE).status_code == 404
    assert api.get(f"{BASE}icare-client-profile-v1/check/{MARCH}").status_code == 404
