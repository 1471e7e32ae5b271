from __future__ import annotations

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from bridgeway.matching.models import MatchProposal

pytestmark = pytest.mark.django_db


@pytest.fixture
def api() -> APIClient:
    return APIClient()


def test_staff_get_a_proposed_assignment_that_is_not_saved(api: APIClient, cohort) -> None:
    api.force_authenticate(cohort.world.bob)
    response = api.get(reverse("api:matching-run", args=[cohort.program.pk]))
    assert response.status_code == 200
    data = response.json()
    assert data["matched"] == 2
    assert data["proved_optimal"] is True
    assert data["duality_gap"] is None
    pairs = {(p["mentee"]["name"], p["mentor"]["name"]) for p in data["pairs"]}
    assert pairs == {("Amal", "Dana"), ("Bo", "Eli")}
    assert data["pairs"][0]["reasons"][0]["text"]
    assert data["unmatched"][0]["mentee"]["name"] == "Chen"
    assert "Farsi" in data["unmatched"][0]["reasons"][0]["text"]
    assert not MatchProposal.objects.exists()


def test_a_bad_objective_is_a_clear_400(api: APIClient, cohort) -> None:
    api.force_authenticate(cohort.world.bob)
    response = api.get(reverse("api:matching-run", args=[cohort.program.pk]), {"objective": "x"})
    assert response.status_code == 400
    assert "objective" in response.json()


def test_accepting_pairs_of_a_run_and_an_override_with_a_reason(api: APIClient, cohort) -> None:
    api.force_authenticate(cohort.world.bob)
    run = api.get(reverse("api:matching-run", args=[cohort.program.pk])).json()["run"]
    url = reverse("api:matching-accept", args=[cohort.program.pk])
    pairs = [
        {"mentee": cohort.amal.pk, "mentor": cohort.fay.pk},
        {"mentee": cohort.bo.pk, "mentor": cohort.eli.pk},
    ]
    response = api.post(url, {"run": run, "pairs": pairs}, format="json")
    assert response.status_code == 400
    assert "reason" in response.json()
    assert not MatchProposal.objects.exists()
    pairs[0]["reason"] = "Fay knows the licensing body."
    response = api.post(url, {"run": run, "pairs": pairs}, format="json")
    assert response.status_code == 201
    sources = {p["mentee"]: p["source"] for p in response.json()}
    assert sources == {cohort.amal.pk: "manual", cohort.bo.pk: "bulk"}


def test_posted_status_and_program_are_ignored(api: APIClient, cohort) -> None:
    api.force_authenticate(cohort.world.bob)
    run = api.get(reverse("api:matching-run", args=[cohort.program.pk])).json()["run"]
    api.post(
        reverse("api:matching-accept", args=[cohort.program.pk]),
        {
            "run": run,
            "status": "declined",
            "program": cohort.world.program_b.pk,
            "pairs": [{"mentee": cohort.amal.pk, "mentor": cohort.dana.pk, "source": "x"}],
        },
        format="json",
    )
    proposal = MatchProposal.objects.get()
    assert (proposal.status, proposal.program, proposal.source) == (
        "proposed",
        cohort.program,
        "bulk",
    )


def test_the_preview_scores_one_pair(api: APIClient, cohort) -> None:
    api.force_authenticate(cohort.world.bob)
    url = reverse("api:matching-preview", args=[cohort.program.pk])
    data = api.get(url, {"mentee": cohort.chen.pk, "mentor": cohort.dana.pk}).json()
    assert data["feasible"] is False
    assert data["reason_required"] is True
    assert any(r["broken"] for r in data["reasons"])
    response = api.get(url, {"mentee": "abc", "mentor": cohort.dana.pk})
    assert response.status_code == 400


def test_the_recruitment_gap_in_the_api(api: APIClient, cohort) -> None:
    api.force_authenticate(cohort.world.bob)
    data = api.get(reverse("api:matching-recruitment-gap", args=[cohort.program.pk])).json()
    assert data[0]["mentees"] == 1
    assert data[0]["mentors_with_capacity"] == 0
    assert "Farsi" in data[0]["needs"]


def test_a_mentee_reads_only_their_own_suggestions(api: APIClient, cohort) -> None:
    url = reverse("api:matching-suggestions", args=[cohort.amal.pk])
    api.force_authenticate(cohort.amal.person)
    data = api.get(url).json()
    assert data["suggestions"][0]["mentor"]["name"] == "Dana"
    assert data["suggestions"][0]["score"] > 0
    api.force_authenticate(cohort.world.bob)  # staff, but not this mentee
    assert api.get(url).status_code == 404


def test_the_schema_lists_the_matching_endpoints(api: APIClient) -> None:
    schema = api.get(reverse("api:schema")).content.decode()
    for path in (
        "/api/v1/programs/{id}/match/",
        "/api/v1/programs/{id}/match/accept/",
        "/api/v1/programs/{id}/match/preview/",
        "/api/v1/programs/{id}/recruitment-gap/",
        "/api/v1/enrollments/{id}/suggestions/",
    ):
        assert path in schema
