"""A participants import reveals nothing about people outside the agency and shares nothing
without the person's consent: agency A importing the address of someone only agency B knows
sees the same as for an address nobody uses, enrolls nobody, and sees none of B's data about
them; the person is invited and decides."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from bridgeway.accounts.models import Person
from bridgeway.core.models import AuditEvent
from bridgeway.programs import csv_io
from bridgeway.programs.invitations import invitation_accept
from bridgeway.programs.models import Enrollment, ProgramInvitation
from tests.factories import EnrollmentFactory, PersonFactory

pytestmark = pytest.mark.django_db

B_SECRET = "needs an interpreter"


@pytest.fixture
def b_only(world: SimpleNamespace) -> Person:
    """Someone agency B knows, with data only B should see."""
    person = PersonFactory(
        email="noor@example.org",
        display_name="Noor Haddad",
        time_zone="Asia/Amman",
        country="JO",
        spoken_languages=["ar", "en"],
        accessibility_needs=B_SECRET,
    )
    EnrollmentFactory(program=world.program_b, person=person, role="mentee")
    return person


def _file(*emails: str) -> bytes:
    return ("email,role\n" + "".join(f"{email},mentee\n" for email in emails)).encode()


def test_the_preview_says_the_same_for_b_s_person_and_an_unused_address(
    world: SimpleNamespace, b_only: Person
) -> None:
    preview = csv_io.import_preview(
        program=world.program_a, data=_file(b_only.email, "nobody@example.org")
    )
    outcomes = [row.outcome for row in preview.rows]
    assert outcomes[0] == outcomes[1] == "Invited by email: enrolled when they accept"


def test_the_import_enrolls_nobody_and_a_s_pages_show_nothing_of_b_s_data(
    client: Client, world: SimpleNamespace, b_only: Person
) -> None:
    client.force_login(world.bob)
    url = reverse("programs:participants_import", args=[world.program_a.pk])
    upload = SimpleUploadedFile("people.csv", _file(b_only.email), content_type="text/csv")
    preview = client.post(url, {"file": upload}).content.decode()
    client.post(url, {"action": "commit"})
    assert not Enrollment.objects.filter(program__organization=world.agency_a, person=b_only)
    pages = [
        preview,
        client.get(url).content.decode(),
        client.get(reverse("programs:participants_export", args=[world.program_a.pk]))
        .getvalue()
        .decode(),
        client.get(reverse("programs:staff_program", args=[world.program_a.pk])).content.decode(),
    ]
    for page in pages:
        for secret in ("Noor Haddad", "Asia/Amman", B_SECRET, "Existing person"):
            assert secret not in page
    b_only.refresh_from_db()
    assert (b_only.display_name, b_only.time_zone) == ("Noor Haddad", "Asia/Amman")


def test_b_s_staff_are_invited_like_anyone_else(world: SimpleNamespace) -> None:
    preview = csv_io.import_preview(program=world.program_a, data=_file(world.carol.email))
    assert preview.rows[0].outcome == "Invited by email: enrolled when they accept"


def test_the_invited_person_accepts_and_only_then_a_sees_them(
    client: Client,
    world: SimpleNamespace,
    b_only: Person,
    mailoutbox: list[Any],
    django_capture_on_commit_callbacks: Any,
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        csv_io.import_commit(program=world.program_a, data=_file(b_only.email), by=world.bob)
    (email,) = mailoutbox
    invitation = ProgramInvitation.objects.get()
    link = reverse("programs:program_invitation", args=[invitation.token])
    assert link in email.body
    # Anyone else signed in gets the same 404 as for a made-up link.
    client.force_login(world.mallory)
    assert client.get(link).status_code == 404
    client.force_login(b_only)
    page = client.get(link)
    assert page.status_code == 200
    assert "Agency A" in page.content.decode()
    client.post(link, {"answer": "accept"})
    enrollment = Enrollment.objects.get(program=world.program_a, person=b_only)
    assert enrollment.role == "mentee"
    invitation.refresh_from_db()
    assert (invitation.status, invitation.enrollment) == ("accepted", enrollment)
    assert AuditEvent.objects.filter(
        organization=world.agency_a, action="participants.invitation_accept"
    ).exists()
    assert client.post(link, {"answer": "accept"}).status_code == 302  # answered: told, no change
    assert Enrollment.objects.filter(program=world.program_a, person=b_only).count() == 1


def test_declining_shares_nothing(client: Client, world: SimpleNamespace, b_only: Person) -> None:
    csv_io.import_commit(program=world.program_a, data=_file(b_only.email), by=world.bob)
    invitation = ProgramInvitation.objects.get()
    client.force_login(b_only)
    client.post(reverse("programs:program_invitation", args=[invitation.token]), {"answer": "no"})
    invitation.refresh_from_db()
    assert invitation.status == "declined"
    assert not Enrollment.objects.filter(program=world.program_a, person=b_only).exists()


def test_accepting_fills_only_blank_profile_fields(world: SimpleNamespace) -> None:
    person = PersonFactory(email="lina@example.org", display_name="Lina", country="")
    data = b"email,name,role,country,languages\nlina@example.org,Someone Else,mentee,SY,ar\n"
    csv_io.import_commit(program=world.program_a, data=data, by=world.bob)
    invitation_accept(invitation=ProgramInvitation.objects.get(), person=person)
    person.refresh_from_db()
    assert (person.display_name, person.country, person.spoken_languages) == (
        "Lina",
        "SY",
        ["ar"],
    )
