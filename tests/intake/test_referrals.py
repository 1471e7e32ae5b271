"""Referrals: a coordinator suggests another agency's program; the person decides; only then
does the other agency see anything, and only what the person agreed to."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format

from bridgeway.core.models import AuditEvent
from bridgeway.programs.intake.models import ConsentRecord, Referral
from bridgeway.programs.models import Enrollment

pytestmark = pytest.mark.django_db


def refer(client: Client, world: SimpleNamespace, **data: Any) -> Any:
    client.force_login(world.bob)
    enrollment = Enrollment.objects.get(person=world.erin)
    payload = {"to_program": world.program_b.pk, "shared_fields": ["languages"], **data}
    return client.post(reverse("intake:referral_new", args=[enrollment.pk]), payload)


@pytest.fixture
def referral(client: Client, world: SimpleNamespace) -> Referral:
    world.erin.spoken_languages = ["ar"]
    world.erin.country = "SY"
    world.erin.accessibility_needs = ["captions"]
    world.erin.save()
    refer(client, world, note="Erin would thrive in a career program.")
    client.logout()
    return Referral.objects.get()


def test_a_coordinator_refers_and_the_person_gets_an_email_in_their_language(
    client: Client, world: SimpleNamespace, django_capture_on_commit_callbacks: Any
) -> None:
    world.erin.preferred_language = "fr"
    world.erin.save()
    with django_capture_on_commit_callbacks(execute=True):
        response = refer(client, world)
    referral = Referral.objects.get()
    assert response["Location"] == reverse(
        "programs:staff_enrollment", args=[referral.from_enrollment.pk]
    )
    assert referral.status == "pending"
    assert referral.shared_fields == ["name", "email", "languages"]
    assert mail.outbox[-1].to == ["erin@example.org"]
    assert reverse("intake:referral_answer", args=[referral.token]) in mail.outbox[-1].body
    with translation.override("fr"):
        french_date = date_format(timezone.localtime(referral.expires_at), "DATE_FORMAT")
    assert french_date in mail.outbox[-1].body
    assert AuditEvent.objects.filter(action="referral.create", actor=world.bob).exists()


def test_only_programs_of_other_agencies_are_offered(
    client: Client, world: SimpleNamespace
) -> None:
    response = refer(client, world, to_program=world.program_a.pk)
    assert "Select a valid choice." in response.content.decode()
    assert not Referral.objects.exists()


def test_before_consent_the_receiving_agency_sees_nothing(
    client: Client, world: SimpleNamespace, referral: Referral
) -> None:
    client.force_login(world.dave)
    assert client.get(reverse("intake:referral_detail", args=[referral.pk])).status_code == 404
    listing = client.get(reverse("intake:referral_list", args=["agency-b"])).content.decode()
    assert "Erin" not in listing
    overview = client.get(reverse("core:agency_overview", args=["agency-b"])).content.decode()
    assert "No referral is waiting for you." in overview


def test_the_person_sees_exactly_what_would_be_shared(
    client: Client, world: SimpleNamespace, referral: Referral
) -> None:
    client.force_login(world.erin)
    content = client.get(reverse("intake:referral_answer", args=[referral.token])).content
    page = content.decode()
    assert "Agency B" in page
    assert "Arabic" in page
    assert "Erin would thrive" not in page  # the note was not chosen for sharing
    assert "Syria" not in page  # nor the country
    assert "Captions" not in page


def test_consent_shares_the_snapshot_and_enrolls_the_person(
    client: Client, world: SimpleNamespace, referral: Referral
) -> None:
    client.force_login(world.erin)
    url = reverse("intake:referral_answer", args=[referral.token])
    response = client.post(url, {"answer": "consent"})
    assert response["Location"] == reverse("core:dashboard")
    referral.refresh_from_db()
    assert referral.status == "consented"
    assert referral.shared == {"name": "Erin", "email": "erin@example.org", "languages": ["ar"]}
    assert referral.to_enrollment.program == world.program_b
    assert referral.to_enrollment.status == "applied"
    assert ConsentRecord.objects.get(person=world.erin, covers="referral").details["fields"] == [
        "name",
        "email",
        "languages",
    ]

    # Later changes to the person do not reach the receiving agency's referral page.
    world.erin.spoken_languages = ["fa"]
    world.erin.save()
    client.force_login(world.dave)
    page = client.get(reverse("intake:referral_detail", args=[referral.pk])).content.decode()
    assert "Arabic" in page
    assert "Persian" not in page
    assert "Erin would thrive" not in page
    overview = client.get(reverse("core:agency_overview", args=["agency-b"])).content.decode()
    assert "1 person agreed to be referred" in overview

    client.post(reverse("intake:referral_accept", args=[referral.pk]))
    referral.refresh_from_db()
    assert referral.status == "accepted"
    assert AuditEvent.objects.filter(action="referral.accept", actor=world.dave).exists()


def test_declining_shares_nothing(
    client: Client, world: SimpleNamespace, referral: Referral
) -> None:
    client.force_login(world.erin)
    client.post(reverse("intake:referral_answer", args=[referral.token]), {"answer": "decline"})
    referral.refresh_from_db()
    assert referral.status == "declined"
    assert referral.shared == {}
    assert not Enrollment.objects.filter(person=world.erin, program=world.program_b).exists()
    client.force_login(world.dave)
    assert client.get(reverse("intake:referral_detail", args=[referral.pk])).status_code == 404


def test_only_the_person_can_open_their_referral(
    client: Client, world: SimpleNamespace, referral: Referral
) -> None:
    for someone in (world.frank, world.bob, world.dave):
        client.force_login(someone)
        url = reverse("intake:referral_answer", args=[referral.token])
        assert client.post(url, {"answer": "consent"}).status_code == 404
    referral.refresh_from_db()
    assert referral.status == "pending"


def test_a_second_answer_changes_nothing(
    client: Client, world: SimpleNamespace, referral: Referral
) -> None:
    client.force_login(world.erin)
    url = reverse("intake:referral_answer", args=[referral.token])
    client.post(url, {"answer": "decline"})
    response = client.post(url, {"answer": "consent"})
    assert "This suggestion is closed" in response.content.decode()
    referral.refresh_from_db()
    assert referral.status == "declined"


def test_the_sending_coordinator_withdraws_a_pending_referral(
    client: Client, world: SimpleNamespace, referral: Referral
) -> None:
    client.force_login(world.bob)
    client.post(reverse("intake:referral_withdraw", args=[referral.pk]))
    referral.refresh_from_db()
    assert referral.status == "withdrawn"
    client.force_login(world.erin)
    url = reverse("intake:referral_answer", args=[referral.token])
    client.post(url, {"answer": "consent"})
    assert not Enrollment.objects.filter(person=world.erin, program=world.program_b).exists()


def test_the_person_sees_the_suggestion_on_their_dashboard(
    client: Client, world: SimpleNamespace, referral: Referral
) -> None:
    client.force_login(world.erin)
    page = client.get(reverse("core:dashboard")).content.decode()
    assert "Your coordinator suggests" in page
    assert reverse("intake:referral_answer", args=[referral.token]) in page


def test_a_second_open_referral_to_the_same_program_is_refused(
    client: Client, world: SimpleNamespace, referral: Referral
) -> None:
    response = refer(client, world)
    assert "already has an open referral" in response.content.decode()
    assert Referral.objects.count() == 1
