"""A participants import reveals nothing about people outside the agency and shares nothing
without the person's consent: agency A importing the address of someone only agency B knows
sees the same as for an address nobody uses, enrolls nobody, and sees none of B's data about
them; the person is invited and decides."""

from __future__ import annotations

import re
from datetime import timedelta
from types import SimpleNamespace
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation

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
    client.post(
        reverse("programs:program_invitation", args=[invitation.token]), {"answer": "decline"}
    )
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


def _preview_page(client: Client, world: SimpleNamespace, email: str) -> str:
    """The import page's preview of a one-line file, with the address and what differs on
    every page (CSRF tokens, script nonces) blanked out."""
    url = reverse("programs:participants_import", args=[world.program_a.pk])
    upload = SimpleUploadedFile("people.csv", _file(email), content_type="text/csv")
    page = client.post(url, {"file": upload}).content.decode()
    page = re.sub(r'(name="csrfmiddlewaretoken" value|data-csrf|nonce)="[^"]*"', "", page)
    assert "Invited by email: enrolled when they accept" in page
    return page.replace(email, "EMAIL")


def test_a_imports_an_email_known_only_to_b_and_sees_nothing_until_they_accept(
    client: Client,
    world: SimpleNamespace,
    b_only: Person,
    mailoutbox: list[Any],
    django_capture_on_commit_callbacks: Any,
) -> None:
    client.force_login(world.bob)
    # The preview page is the same, byte for byte, as for an address nobody uses.
    assert _preview_page(client, world, "nobody@example.org") == _preview_page(
        client, world, b_only.email
    )
    preview = _preview_page(client, world, b_only.email)  # the one the commit imports
    import_url = reverse("programs:participants_import", args=[world.program_a.pk])
    with django_capture_on_commit_callbacks(execute=True):
        done = client.post(import_url, {"action": "commit"}, follow=True).content.decode()
    assert not Enrollment.objects.filter(program__organization=world.agency_a, person=b_only)
    export_url = reverse("programs:participants_export", args=[world.program_a.pk])
    program_url = reverse("programs:staff_program", args=[world.program_a.pk])
    pages = [
        preview,
        done,
        client.get(export_url).getvalue().decode(),
        client.get(program_url).content.decode(),
    ]
    for page in pages:
        for secret in ("Noor Haddad", "Asia/Amman", B_SECRET):
            assert secret not in page
    # The person accepts; then they are enrolled and A sees their profile, as they agreed.
    assert [message.to for message in mailoutbox] == [[b_only.email]]
    invitation = ProgramInvitation.objects.get()
    client.force_login(b_only)
    client.post(
        reverse("programs:program_invitation", args=[invitation.token]), {"answer": "accept"}
    )
    enrollment = Enrollment.objects.get(program=world.program_a, person=b_only)
    client.force_login(world.bob)
    page = client.get(reverse("programs:staff_enrollment", args=[enrollment.pk])).content.decode()
    assert "Noor Haddad" in page


def test_b_s_staff_are_invited_and_their_account_is_left_alone(world: SimpleNamespace) -> None:
    data = b"email,name,role,time_zone\ncarol@agency-b.org,Someone,mentor,Asia/Tokyo\n"
    before = (world.carol.display_name, world.carol.time_zone)
    result = csv_io.import_commit(program=world.program_a, data=data, by=world.bob)
    assert (result.enrolled, result.invited) == (0, 1)
    assert not Enrollment.objects.filter(person=world.carol).exists()
    world.carol.refresh_from_db()
    assert (world.carol.display_name, world.carol.time_zone) == before


def test_the_email_is_in_the_person_s_own_language_not_the_file_s(
    world: SimpleNamespace,
    b_only: Person,
    mailoutbox: list[Any],
    django_capture_on_commit_callbacks: Any,
) -> None:
    b_only.preferred_language = "fr"
    b_only.save(update_fields=["preferred_language"])
    data = f"email,role,preferred_language\n{b_only.email},mentee,en\n".encode()
    with django_capture_on_commit_callbacks(execute=True):
        csv_io.import_commit(program=world.program_a, data=data, by=world.bob)
    (email,) = mailoutbox
    assert "vous invite" in email.subject
    assert translation.get_language() == "en"  # the language is restored after sending


def test_accepting_keeps_the_consent_in_the_person_s_language(
    client: Client, world: SimpleNamespace, b_only: Person
) -> None:
    b_only.preferred_language = "fr"
    b_only.save(update_fields=["preferred_language"])
    csv_io.import_commit(program=world.program_a, data=_file(b_only.email), by=world.bob)
    invitation = ProgramInvitation.objects.get()
    client.force_login(b_only)
    link = reverse("programs:program_invitation", args=[invitation.token])
    shown = client.get(link).content.decode()
    client.post(link, {"answer": "accept"})
    invitation.refresh_from_db()
    assert invitation.accepted_by == b_only
    assert invitation.consent_language == "fr"
    assert "Agency A" in invitation.consent_statement
    assert invitation.consent_statement in shown.replace("&#x27;", "'")


def test_a_person_who_declined_is_not_invited_again(
    client: Client,
    world: SimpleNamespace,
    b_only: Person,
    mailoutbox: list[Any],
    django_capture_on_commit_callbacks: Any,
) -> None:
    csv_io.import_commit(program=world.program_a, data=_file(b_only.email), by=world.bob)
    client.force_login(b_only)
    invitation = ProgramInvitation.objects.get()
    client.post(
        reverse("programs:program_invitation", args=[invitation.token]), {"answer": "decline"}
    )
    preview = csv_io.import_preview(program=world.program_a, data=_file(b_only.email))
    assert preview.rows[0].outcome == "Declined an earlier invitation: not invited again"
    with django_capture_on_commit_callbacks(execute=True):
        result = csv_io.import_commit(
            program=world.program_a, data=_file(b_only.email), by=world.bob
        )
    assert result.invited == 0
    assert ProgramInvitation.objects.count() == 1
    assert mailoutbox == []


def test_an_answer_that_is_neither_accept_nor_decline_changes_nothing(
    client: Client, world: SimpleNamespace, b_only: Person
) -> None:
    csv_io.import_commit(program=world.program_a, data=_file(b_only.email), by=world.bob)
    invitation = ProgramInvitation.objects.get()
    client.force_login(b_only)
    link = reverse("programs:program_invitation", args=[invitation.token])
    assert client.post(link, {"answer": "maybe"}).status_code == 200
    invitation.refresh_from_db()
    assert invitation.status == "pending"


def test_the_link_asks_to_sign_in_first(
    client: Client, world: SimpleNamespace, b_only: Person
) -> None:
    csv_io.import_commit(program=world.program_a, data=_file(b_only.email), by=world.bob)
    link = reverse("programs:program_invitation", args=[ProgramInvitation.objects.get().token])
    response = client.get(link)
    assert response.status_code == 302
    assert "next=" in response["Location"]


def test_an_expired_invitation_enrolls_nobody(
    client: Client, world: SimpleNamespace, b_only: Person
) -> None:
    csv_io.import_commit(program=world.program_a, data=_file(b_only.email), by=world.bob)
    invitation = ProgramInvitation.objects.get()
    invitation.expires_at = timezone.now() - timedelta(minutes=1)
    invitation.save(update_fields=["expires_at"])
    client.force_login(b_only)
    client.post(
        reverse("programs:program_invitation", args=[invitation.token]), {"answer": "accept"}
    )
    assert not Enrollment.objects.filter(program=world.program_a, person=b_only).exists()


def test_an_invitation_from_an_agency_no_longer_active_enrolls_nobody(
    client: Client, world: SimpleNamespace, b_only: Person
) -> None:
    csv_io.import_commit(program=world.program_a, data=_file(b_only.email), by=world.bob)
    world.agency_a.is_active = False
    world.agency_a.save(update_fields=["is_active"])
    client.force_login(b_only)
    link = reverse("programs:program_invitation", args=[ProgramInvitation.objects.get().token])
    client.post(link, {"answer": "accept"})
    assert not Enrollment.objects.filter(program=world.program_a, person=b_only).exists()
    assert ProgramInvitation.objects.get().status == "pending"
