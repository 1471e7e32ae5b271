"""The match-quality report over the API: the page's figures as JSON, null under the minimum,
the filters checked, and another agency's staff answered like a missing agency."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from rest_framework.test import APIClient

pytestmark = pytest.mark.django_db
URL = "/api/v1/agencies/{org}/reports/match-quality/"


def _get(person, query: str = "?start=2025-01-01&end=2025-12-31", org: str = "agency-a"):
    api = APIClient()
    api.force_authenticate(person)
    return api.get(URL.format(org=org) + query)


def test_staff_read_the_figures(known: SimpleNamespace, bob) -> None:
    response = _get(bob)
    assert response.status_code == 200
    data = response.json()
    assert (data["start"], data["end"], data["answers_of"]) == (
        "2025-01-01",
        "2025-12-31",
        "mentee",
    )
    assert (data["closed"], data["counted"], data["min_n"]) == (22, 20, 5)
    assert (data["without_score"], data["without_answer"]) == (1, 1)
    assert [band["score_low"] for band in data["bands"]] == [50, 60, 70, 80]
    assert data["bands"][0]["satisfaction"]["value"] == pytest.approx(3.4)
    assert data["bands_satisfaction"]["reading"] == "higher"
    rules = {rule["key"]: rule for rule in data["rules"]}
    occupation = rules["occupation"]
    assert occupation["label"] == "What is your field of work?"
    assert occupation["weight"] == 8
    assert occupation["satisfaction"]["first"] == {
        "n": 10,
        "value": pytest.approx(4.8),
        "ci_low": pytest.approx(4.4984, abs=1e-4),
        "ci_high": 5.0,
    }
    assert occupation["goals_reached"]["difference"] == pytest.approx(0.7)
    assert occupation["goals_reached"]["reading"] == "higher"
    # Under five pairs: no number, only the count.
    assert rules["about"]["satisfaction"]["first"] == {
        "n": 0,
        "value": None,
        "ci_low": None,
        "ci_high": None,
    }
    assert rules["about"]["satisfaction"]["reading"] == "too_few"
    assert rules["languages"]["current"] is False


def test_the_filters_are_those_of_the_page(known: SimpleNamespace, bob) -> None:
    data = _get(bob, "?start=2025-01-01&end=2025-12-31&answers=mentor").json()
    assert (data["answers_of"], data["counted"]) == ("mentor", 21)
    refused = _get(bob, "?start=2025-05-01&end=2025-01-01")
    assert refused.status_code == 400
    assert refused.json() == {"end": ["The end of the period comes before its start."]}
    assert _get(bob, "?program=987654321").status_code == 400


def test_other_agencies_and_participants_get_404(known: SimpleNamespace, carol, erin) -> None:
    for person in (carol, erin):
        assert _get(person).status_code == 404
        assert _get(person, org="no-such-agency").status_code == 404
    assert APIClient().get(URL.format(org="agency-a")).status_code in (401, 403)
