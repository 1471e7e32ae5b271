from __future__ import annotations

from types import SimpleNamespace

import pytest
from django.urls import reverse
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from bridgeway.programs.models import Enrollment, Program
from tests.factories import MembershipFactory, PersonFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def api() -> APIClient:
    return APIClient()


def test_the_directory_is_public(api: APIClient, world: SimpleNamespace) -> None:
    response = api.get(reverse("api:directory-list"))
    assert response.status_code == 200
    names = {row["name"] for row in response.json()["results"]}
    assert names == {"Welcome Hosts A", "Career Bridge B"}


def test_staff_list_only_their_agencys_programs(api: APIClient, world: SimpleNamespace) -> None:
    api.force_authenticate(world.carol)
    response = api.get(reverse("api:program-list"))
    assert [row["name"] for row in response.json()["results"]] == ["Career Bridge B"]


def test_another_agencys_program_is_the_same_404_as_a_missing_one(
    api: APIClient, world: SimpleNamespace
) -> None:
    api.force_authenticate(world.carol)
    theirs = api.get(reverse("api:program-detail", args=[world.program_a.pk]))
    missing = api.get(reverse("api:program-detail", args=[999999]))
    assert theirs.status_code == missing.status_code == 404
    assert theirs.json() == missing.json()


def test_an_admin_creates_a_program_and_bad_fields_get_400(
    api: APIClient, world: SimpleNamespace
) -> None:
    api.force_authenticate(world.alice)
    url = reverse("api:program-list")
    bad = api.post(url, {"agency": "agency-a", "name": "", "slug": "bad slug!"}, format="json")
    assert bad.status_code == 400
    assert set(bad.json()) >= {"name", "slug", "summary"}
    good = api.post(
        url,
        {
            "agency": "agency-a",
            "name": "Trades",
            "slug": "trades",
            "summary": "Tradespeople mentor newcomers.",
            "organization": world.agency_b.pk,
        },
        format="json",
    )
    assert good.status_code == 201
    assert good.json()["organization"] == "agency-a"
    assert Program.objects.get(slug="trades").organization == world.agency_a


def test_creating_in_another_agency_is_a_404(api: APIClient, world: SimpleNamespace) -> None:
    api.force_authenticate(world.alice)
    response = api.post(
        reverse("api:program-list"),
        {"agency": "agency-b", "name": "X", "slug": "x", "summary": "x"},
        format="json",
    )
    assert response.status_code == 404
    assert not Program.objects.filter(slug="x").exists()


def test_a_coordinator_reads_but_cannot_edit_programs(
    api: APIClient, world: SimpleNamespace
) -> None:
    api.force_authenticate(world.bob)
    url = reverse("api:program-detail", args=[world.program_a.pk])
    assert api.get(url).status_code == 200
    assert api.patch(url, {"name": "Renamed"}, format="json").status_code == 404
    world.program_a.refresh_from_db()
    assert world.program_a.name == "Welcome Hosts A"


def test_an_admin_edits_a_program_and_extra_fields_change_nothing(
    api: APIClient, world: SimpleNamespace
) -> None:
    api.force_authenticate(world.alice)
    url = reverse("api:program-detail", args=[world.program_a.pk])
    response = api.patch(
        url, {"mentor_response_days": 10, "organization": world.agency_b.pk}, format="json"
    )
    assert response.status_code == 200
    world.program_a.refresh_from_db()
    assert world.program_a.mentor_response_days == 10
    assert world.program_a.organization == world.agency_a
    bad = api.patch(url, {"mentor_response_days": 0}, format="json")
    assert bad.status_code == 400
    assert "mentor_response_days" in bad.json()


def test_status_changes_follow_the_pipeline(api: APIClient, world: SimpleNamespace) -> None:
    enrollment = Enrollment.objects.get(person=world.erin)
    api.force_authenticate(world.bob)
    url = reverse("api:enrollment-status", args=[enrollment.pk])
    assert api.post(url, {"status": "screening"}, format="json").status_code == 200
    bad = api.post(url, {"status": "alumni"}, format="json")
    assert bad.status_code == 400
    assert "status" in bad.json()
    enrollment.refresh_from_db()
    assert enrollment.status == "screening"


def test_participants_see_their_own_enrollments_only(
    api: APIClient, world: SimpleNamespace
) -> None:
    api.force_authenticate(world.erin)
    rows = api.get(reverse("api:enrollment-list")).json()["results"]
    assert [row["person"]["name"] for row in rows] == ["Erin"]
    frank_enrollment = Enrollment.objects.get(person=world.frank)
    assert api.get(reverse("api:enrollment-detail", args=[frank_enrollment.pk])).status_code == 404
    status_url = reverse("api:enrollment-status", args=[frank_enrollment.pk])
    assert api.post(status_url, {"status": "screening"}, format="json").status_code == 404


def test_a_participant_applies_through_the_api(api: APIClient, world: SimpleNamespace) -> None:
    api.force_authenticate(world.mallory)
    url = reverse("api:enrollment-apply")
    response = api.post(url, {"program": world.program_b.pk, "role": "mentee"}, format="json")
    assert response.status_code == 201
    again = api.post(url, {"program": world.program_b.pk, "role": "mentee"}, format="json")
    assert again.status_code == 400
    missing = api.post(url, {"program": 999999, "role": "mentee"}, format="json")
    assert missing.status_code == 400
    assert "program" in missing.json()


def test_token_authentication_works(api: APIClient, world: SimpleNamespace) -> None:
    token = Token.objects.create(user=world.erin)
    api.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    response = api.get(reverse("api:me"))
    assert response.status_code == 200
    assert response.json()["email"] == "erin@example.org"


def test_staff_without_mfa_are_refused(api: APIClient, agency_a: object) -> None:
    person = PersonFactory()
    MembershipFactory(organization=agency_a, person=person, role="admin")
    api.force_authenticate(person)
    assert api.get(reverse("api:program-list")).status_code == 403


def test_signed_out_callers_get_401_or_403(api: APIClient, world: SimpleNamespace) -> None:
    assert api.get(reverse("api:program-list")).status_code in (401, 403)


def test_the_openapi_schema_describes_the_api(api: APIClient) -> None:
    response = api.get(reverse("api:schema"), {"format": "json"})
    assert response.status_code == 200
    paths = response.json()["paths"]
    assert "/api/v1/programs/" in paths
    assert "/api/v1/enrollments/{id}/status/" in paths


def test_the_api_docs_page_loads_without_outside_assets(api: APIClient) -> None:
    response = api.get(reverse("api:docs"))
    assert response.status_code == 200
    assert b"cdn." not in response.content


def test_staff_read_and_reorder_the_waiting_list(api: APIClient, world: SimpleNamespace) -> None:
    from bridgeway.programs import services
    from tests.factories import EnrollmentFactory

    people = []
    for name in ("Ana", "Ben"):
        enrollment = EnrollmentFactory(
            program=world.program_a,
            person=PersonFactory(display_name=name),
            role="mentee",
            status="training",
        )
        services.enrollment_set_status(enrollment=enrollment, status="ready", by=world.bob)
        people.append(enrollment)
    api.force_authenticate(world.bob)
    url = reverse("api:program-waiting-list", args=[world.program_a.pk])
    rows = api.get(url).json()["results"]
    assert [(row["place"], row["name"]) for row in rows] == [(1, "Ana"), (2, "Ben")]
    move_url = reverse("api:program-waiting-list-move", args=[world.program_a.pk])
    bad = api.post(move_url, {"entry": rows[1]["entry"], "position": 1}, format="json")
    assert bad.status_code == 400
    assert "reason" in bad.json()
    moved = api.post(
        move_url, {"entry": rows[1]["entry"], "position": 1, "reason": "urgent"}, format="json"
    )
    assert [row["name"] for row in moved.json()["results"]] == ["Ben", "Ana"]
    api.force_authenticate(world.carol)
    assert api.get(url).status_code == 404
    api.force_authenticate(people[0].person)
    estimate = api.get(reverse("api:enrollment-waiting", args=[people[0].pk])).json()
    assert estimate == {"position": 2, "waiting": 2, "matches_in_window": 0, "weeks": None}
