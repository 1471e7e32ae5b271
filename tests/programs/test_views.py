from __future__ import annotations

from types import SimpleNamespace

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from bridgeway.core.models import AuditEvent
from bridgeway.programs.models import Enrollment, Program
from tests.factories import EnrollmentFactory, PersonFactory

pytestmark = pytest.mark.django_db

VALID_PROGRAM = {
    "name": "Health Careers",
    "slug": "health",
    "kind": "one_to_one",
    "purpose": "professional",
    "summary": "Internationally trained nurses meet nurses working in Ontario.",
    "duration_weeks": "17",
    "mentor_capacity_default": "2",
    "mentor_response_days": "14",
    "mentee_activation_days": "60",
    "midpoint_check": "on",
}


def test_an_admin_creates_a_program(client: Client, world: SimpleNamespace) -> None:
    client.force_login(world.alice)
    response = client.post(reverse("programs:program_new", args=["agency-a"]), VALID_PROGRAM)
    program = Program.objects.get(slug="health")
    assert response["Location"] == reverse("programs:staff_program", args=[program.pk])
    assert program.organization == world.agency_a
    assert program.mentor_capacity_default == 2
    assert AuditEvent.objects.filter(action="program.create", actor=world.alice).exists()


def test_a_cohort_must_end_after_it_starts(client: Client, world: SimpleNamespace) -> None:
    client.force_login(world.alice)
    data = {**VALID_PROGRAM, "cohort_start": "2027-03-01", "cohort_end": "2027-01-01"}
    response = client.post(reverse("programs:program_new", args=["agency-a"]), data)
    assert b"The cohort must end after it starts." in response.content
    assert not Program.objects.filter(slug="health").exists()


def test_posted_organization_is_ignored(client: Client, world: SimpleNamespace) -> None:
    client.force_login(world.alice)
    data = {**VALID_PROGRAM, "organization": world.agency_b.pk}
    client.post(reverse("programs:program_new", args=["agency-a"]), data)
    assert Program.objects.get(slug="health").organization == world.agency_a


def test_an_admin_edits_a_program(client: Client, world: SimpleNamespace) -> None:
    client.force_login(world.alice)
    data = {**VALID_PROGRAM, "slug": "hosts", "mentor_response_days": "10"}
    client.post(reverse("programs:program_edit", args=[world.program_a.pk]), data)
    world.program_a.refresh_from_db()
    assert world.program_a.mentor_response_days == 10


def test_a_coordinator_cannot_edit_a_program(client: Client, world: SimpleNamespace) -> None:
    client.force_login(world.bob)
    response = client.post(
        reverse("programs:program_edit", args=[world.program_a.pk]), VALID_PROGRAM
    )
    assert response.status_code == 404
    world.program_a.refresh_from_db()
    assert world.program_a.name == "Welcome Hosts A"


def test_staff_filter_enrollments_by_status_and_role(
    client: Client, world: SimpleNamespace
) -> None:
    client.force_login(world.bob)
    url = reverse("programs:staff_program", args=[world.program_a.pk])
    response = client.get(url, {"role": "mentor"})
    assert b"Frank" in response.content
    assert b"Erin" not in response.content
    response = client.get(url, {"status": "matched"})
    assert b"No enrollment matches these filters." in response.content


def test_the_enrollment_list_keeps_its_query_count_with_more_rows(
    client: Client, world: SimpleNamespace
) -> None:
    client.force_login(world.bob)
    url = reverse("programs:staff_program", args=[world.program_a.pk])
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for _ in range(20):
        EnrollmentFactory(program=world.program_a)
    with CaptureQueriesContext(connection) as many:
        client.get(url)
    assert len(many) == len(few)


def test_a_person_applies_to_a_listed_program(client: Client, world: SimpleNamespace) -> None:
    client.force_login(world.mallory)
    response = client.post(
        reverse("programs:detail", args=[world.program_b.pk]), {"role": "mentor"}
    )
    assert response.status_code == 302
    assert Enrollment.objects.get(person=world.mallory).role == "mentor"


def test_applying_signed_out_asks_to_sign_in(client: Client, world: SimpleNamespace) -> None:
    response = client.post(
        reverse("programs:detail", args=[world.program_b.pk]), {"role": "mentee"}
    )
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]
    assert not Enrollment.objects.filter(program=world.program_b).exists()


def test_a_person_withdraws_their_own_enrollment_only(
    client: Client, world: SimpleNamespace
) -> None:
    enrollment = Enrollment.objects.get(person=world.erin)
    other = PersonFactory()
    client.force_login(other)
    assert client.post(reverse("programs:withdraw", args=[enrollment.pk])).status_code == 404
    client.force_login(world.erin)
    client.post(reverse("programs:withdraw", args=[enrollment.pk]))
    enrollment.refresh_from_db()
    assert enrollment.status == "withdrawn"
