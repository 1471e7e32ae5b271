"""What you agreed to: every purpose in the person's language, the version and time they
agreed, the text now, withdrawing and giving again (history kept), a required consent that is
ended by leaving the program, and the same through the API."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from bridgeway.accounts.models import Person
from bridgeway.core.models import AuditEvent
from bridgeway.privacy.consent.models import Consent, Purpose
from tests.privacy.conftest import current

pytestmark = pytest.mark.django_db


def test_the_page_lists_every_purpose_with_what_the_person_agreed_to(
    client: Client, erin_agreed: Person
) -> None:
    client.force_login(erin_agreed)
    preferences = client.get(reverse("accounts:preferences")).content.decode()
    assert reverse("consent:mine") in preferences
    page = client.get(reverse("consent:mine")).content.decode()
    for label in Purpose.labels:
        assert str(label) in page
    assert "Agreed to version 1 on" in page
    assert "Not answered yet" in page  # SMS, evaluation… never asked of Erin
    assert "no button to withdraw it here" in page  # taking part
    assert reverse("core:dashboard") in page


def test_the_page_speaks_the_persons_language(client: Client, erin_agreed: Person) -> None:
    erin_agreed.preferred_language = "fr"
    erin_agreed.save(update_fields=["preferred_language"])
    client.force_login(erin_agreed)
    page = client.get(reverse("consent:mine"), HTTP_ACCEPT_LANGUAGE="fr").content.decode()
    assert "Votre profil de jumelage" in page  # the text of the purpose, in French


def test_withdrawing_and_giving_again_keeps_the_history(
    client: Client, erin_agreed: Person
) -> None:
    client.force_login(erin_agreed)
    url = reverse("consent:withdraw")
    response = client.post(url, {"purpose": Purpose.MATCHING_PROFILE}, follow=True)
    assert "you are not suggested to anyone" in response.content.decode()
    client.post(url, {"purpose": Purpose.MATCHING_PROFILE})  # a double click
    first = current(erin_agreed, Purpose.MATCHING_PROFILE)
    assert first.withdrawn_at is not None
    assert Consent.objects.filter(person=erin_agreed, purpose=Purpose.MATCHING_PROFILE).count() == 1
    client.post(reverse("consent:give"), {"purpose": Purpose.MATCHING_PROFILE})
    client.post(reverse("consent:give"), {"purpose": Purpose.MATCHING_PROFILE})
    records = Consent.objects.filter(person=erin_agreed, purpose=Purpose.MATCHING_PROFILE)
    assert records.count() == 2
    now = current(erin_agreed, Purpose.MATCHING_PROFILE)
    assert now.withdrawn_at is None
    assert now.pk != first.pk
    first.refresh_from_db()
    assert first.withdrawn_at is not None
    assert not first.current
    page = client.get(reverse("consent:mine")).content.decode()
    assert "Earlier answers" in page
    assert "withdrawn on" in page
    actions = list(AuditEvent.objects.filter(subject=erin_agreed).values_list("action", flat=True))
    assert actions.count("consent.withdraw") == 1
    assert actions.count("consent.give") == 3  # two at intake, one again


def test_taking_part_is_not_withdrawn_by_a_button(client: Client, erin_agreed: Person) -> None:
    client.force_login(erin_agreed)
    response = client.post(
        reverse("consent:withdraw"), {"purpose": Purpose.PARTICIPATION}, follow=True
    )
    assert "leave the program from your dashboard" in response.content.decode()
    assert current(erin_agreed, Purpose.PARTICIPATION).withdrawn_at is None


def test_saying_no_to_a_purpose_never_asked_is_recorded(client: Client, erin: Person) -> None:
    client.force_login(erin)
    client.post(reverse("consent:withdraw"), {"purpose": Purpose.EVALUATION})
    record = current(erin, Purpose.EVALUATION)
    assert record.given_at is None
    assert record.withdrawn_at is not None
    assert "Said no to version 1" in client.get(reverse("consent:mine")).content.decode()


def test_an_unknown_purpose_or_a_get_changes_nothing(client: Client, erin: Person) -> None:
    client.force_login(erin)
    assert client.post(reverse("consent:give"), {"purpose": "everything"}).status_code == 404
    assert client.get(reverse("consent:give")).status_code == 405
    assert not Consent.objects.filter(person=erin).exists()


def test_signed_out_people_are_sent_to_sign_in(client: Client) -> None:
    response = client.get(reverse("consent:mine"))
    assert response.status_code == 302
    assert reverse("account_login") in response["Location"]


def test_the_api_lists_gives_and_withdraws_my_own_consents(
    client: Client, erin_agreed: Person
) -> None:
    client.force_login(erin_agreed)
    listed = client.get(reverse("api:my-consents")).json()
    states = {row["purpose"]: row for row in listed}
    assert states["participation"]["state"] == "given"
    assert states["participation"]["is_required"] is True
    assert states["participation"]["agreed_version"] == 1
    assert states["texting"]["state"] == "not_answered"
    withdrawn = client.post(
        reverse("api:my-consent-withdraw"), {"purpose": "texting"}, content_type="application/json"
    )
    assert withdrawn.status_code == 200
    assert withdrawn.json()["state"] == "withdrawn"
    given = client.post(
        reverse("api:my-consent-give"), {"purpose": "texting"}, content_type="application/json"
    )
    assert given.json()["state"] == "given"
    assert len(given.json()["history"]) == 2
    refused = client.post(
        reverse("api:my-consent-withdraw"),
        {"purpose": "participation"},
        content_type="application/json",
    )
    assert refused.status_code == 400
    assert "leave the program" in str(refused.json())
    unknown = client.post(
        reverse("api:my-consent-give"), {"purpose": "all"}, content_type="application/json"
    )
    assert unknown.status_code == 400


def test_staff_read_a_persons_consents_and_the_read_is_audited(
    client: Client, world: Any, erin_agreed: Person
) -> None:
    enrollment = erin_agreed.enrollments.get()
    client.force_login(world.bob)
    staff_page = client.get(reverse("programs:staff_enrollment", args=[enrollment.pk]))
    assert "This person has withdrawn no consent." in staff_page.content.decode()
    page = client.get(reverse("consent:staff_person", args=[enrollment.pk]))
    body = page.content.decode()
    assert page.status_code == 200
    assert "Sharing your matching profile" in body
    assert "Agreed to version 1" in body
    assert "<form" not in body.split("<main", 1)[1].split("</main>")[0]
    assert (
        AuditEvent.objects.filter(
            action="consent.staff_view", actor=world.bob, subject=erin_agreed
        ).count()
        == 1
    )
    client.force_login(world.carol)  # another agency's admin
    assert client.get(reverse("consent:staff_person", args=[enrollment.pk])).status_code == 404
