"""New versions of a purpose's text: network admins publish them in every language; people
who agreed to a version whose meaning changed are asked again at their next sign-in (only for
that purpose), a correction asks nobody; existing people keep the consents of their intake."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

import pytest
from django.apps import apps
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from bridgeway.accounts.models import Person
from bridgeway.core.models import AuditEvent
from bridgeway.notifications.models import ContactSettings
from bridgeway.privacy.consent.models import Consent, Purpose, PurposeText
from bridgeway.privacy.consent.services import purpose_text_publish
from bridgeway.programs.intake.models import ConsentRecord, ConsentText
from tests.factories import PASSWORD, ProgramFactory
from tests.privacy.conftest import current

pytestmark = pytest.mark.django_db

NEW_TEXT = {
    "en": "Your profile is also shown to the mentors of partner agencies.",
    "fr": "Votre profil est aussi montré aux mentors des organismes partenaires.",
}


def _publish(grace: Person, purpose: str, meaning_changed: bool = True) -> PurposeText:
    return purpose_text_publish(
        purpose=purpose, text=NEW_TEXT, meaning_changed=meaning_changed, by=grace
    )


def _sign_in(client: Client, person: Person, next_url: str = "") -> Any:
    url = reverse("account_login") + (f"?next={next_url}" if next_url else "")
    return client.post(url, {"login": person.email, "password": PASSWORD})


def test_a_changed_meaning_asks_again_at_sign_in_only_for_that_purpose(
    client: Client, world: SimpleNamespace, erin_agreed: Person
) -> None:
    assert _sign_in(client, erin_agreed)["Location"] == reverse("core:dashboard")
    client.logout()
    _publish(world.grace, Purpose.MATCHING_PROFILE)
    response = _sign_in(client, erin_agreed, next_url="/notifications/")
    assert response["Location"].startswith(reverse("consent:ask_again"))
    page = client.get(response["Location"]).content.decode()
    assert NEW_TEXT["en"] in page
    assert "Sharing your matching profile" in page
    assert "Taking part in a program" not in page  # unchanged: not asked
    assert 'type="radio"' in page
    assert "<legend>" in page
    missing = client.post(response["Location"], {})
    assert "Choose an answer for this purpose." in missing.content.decode()
    answered = client.post(
        response["Location"], {"matching_profile": "agree", "next": "/notifications/"}
    )
    assert answered["Location"] == "/notifications/"
    assert current(erin_agreed, Purpose.MATCHING_PROFILE).text.version == 2
    assert Consent.objects.filter(person=erin_agreed, purpose=Purpose.MATCHING_PROFILE).count() == 2
    client.logout()
    assert _sign_in(client, erin_agreed)["Location"] == reverse("core:dashboard")


def test_saying_no_at_sign_in_withdraws_and_a_hostile_next_is_ignored(
    client: Client, world: SimpleNamespace, erin_agreed: Person
) -> None:
    _publish(world.grace, Purpose.MATCHING_PROFILE)
    client.force_login(erin_agreed)
    url = reverse("consent:ask_again")
    answered = client.post(url, {"matching_profile": "refuse", "next": "https://evil.example/"})
    assert answered["Location"] == reverse("core:dashboard")
    assert current(erin_agreed, Purpose.MATCHING_PROFILE).withdrawn_at is not None


def test_a_correction_asks_nobody_again(
    client: Client, world: SimpleNamespace, erin_agreed: Person
) -> None:
    _publish(world.grace, Purpose.MATCHING_PROFILE, meaning_changed=False)
    assert _sign_in(client, erin_agreed)["Location"] == reverse("core:dashboard")
    page = client.get(reverse("consent:mine")).content.decode()
    assert "The text has changed since you answered" in page  # the page still says so


def test_network_admins_publish_in_every_language(client: Client, world: SimpleNamespace) -> None:
    url = reverse("consent:texts")
    client.force_login(world.alice)  # an agency admin, not of the network
    assert client.get(url).status_code == 404
    client.force_login(world.grace)
    prefilled = client.get(url, {"purpose": "texting"}).content.decode()
    assert "we send you short notices there" in prefilled
    only_english = client.post(url, {"purpose": "texting", "text_en": "New words", "text_fr": ""})
    assert "Write the text in every language" in only_english.content.decode()
    response = client.post(
        url,
        {
            "purpose": "texting",
            "text_en": NEW_TEXT["en"],
            "text_fr": NEW_TEXT["fr"],
            "meaning_changed": "on",
        },
        follow=True,
    )
    assert "Version 2 of “Text messages (SMS and WhatsApp)” is published." in (
        response.content.decode()
    )
    published = PurposeText.objects.get(purpose="texting", version=2)
    assert published.text == NEW_TEXT
    assert published.published_by == world.grace
    assert AuditEvent.objects.filter(action="consent.text_publish").count() == 1
    again = client.post(
        url, {"purpose": "texting", "text_en": NEW_TEXT["en"], "text_fr": NEW_TEXT["fr"]}
    )
    assert "already published" in again.content.decode()


def test_applying_through_the_intake_records_taking_part_and_matching(
    client: Client, agency_a: Any
) -> None:
    program = ProgramFactory(
        organization=agency_a, slug="before", purpose="hosting", is_pre_arrival=True
    )
    client.post(
        "/start/",
        {
            "help": ["settle"],
            "country": "MA",
            "arrival_date": "2099-09-01",
            "languages": ["ar"],
            "occupation": "3",
            "programs": [program.pk],
            "name": "Samira",
            "email": "samira@example.org",
            "preferred_language": "fr",
            "consent": "on",
            "consent_version": "1",
        },
    )
    samira = Person.objects.get(email="samira@example.org")
    given = Consent.objects.filter(person=samira, withdrawn_at=None, current=True)
    assert set(given.values_list("purpose", flat=True)) == {
        Purpose.PARTICIPATION,
        Purpose.MATCHING_PROFILE,
    }
    assert set(given.values_list("source", flat=True)) == {Consent.Source.INTAKE}


def test_people_from_before_keep_the_consents_of_their_intake(erin: Person, frank: Person) -> None:
    from importlib import import_module

    migration = import_module("bridgeway.privacy.consent.migrations.0001_initial")
    intake_text = ConsentText.objects.get(version=1)
    given = timezone.now() - timezone.timedelta(days=400)
    ConsentRecord.objects.create(
        person=erin, consent_text=intake_text, covers="intake", given_at=given
    )
    ConsentRecord.objects.create(
        person=frank,
        consent_text=intake_text,
        covers="intake",
        given_at=given,
        withdrawn_at=given + timezone.timedelta(days=1),
    )
    ContactSettings.objects.create(person=frank, phone="+14165550199", sms_opt_in_at=given)
    migration.publish_and_carry_over(apps, None)
    erins = Consent.objects.filter(person=erin)
    assert {(c.purpose, c.given_at, c.withdrawn_at) for c in erins} == {
        ("participation", given, None),
        ("matching_profile", given, None),
    }
    assert current(frank, Purpose.MATCHING_PROFILE).withdrawn_at is not None
    assert current(frank, Purpose.TEXTING).given_at == given
    assert set(Consent.objects.values_list("source", flat=True)) == {"migrated"}


def test_the_intake_page_lists_the_purposes_and_records_the_versions_it_showed(
    client: Client, agency_a: Any, grace: Person
) -> None:
    from bridgeway.programs.intake.models import IntakeSubmission

    program = ProgramFactory(
        organization=agency_a, slug="listed", purpose="hosting", is_pre_arrival=True
    )
    answers = {
        "help": ["settle"],
        "country": "MA",
        "arrival_date": "2099-09-01",
        "languages": ["ar"],
        "occupation": "3",
    }
    page = client.get("/start/", {**answers, "programs": [program.pk]}).content.decode()
    assert "What agreeing records" in page
    assert "Taking part in a program" in page
    assert "Sharing your matching profile" in page
    assert "Your matching profile (your answers to the program" in page  # the purpose's text
    assert 'value="participation:1,matching_profile:1"' in page
    posted = {
        **answers,
        "programs": [program.pk],
        "name": "Nadia",
        "email": "nadia@example.org",
        "preferred_language": "en",
        "consent": "on",
        "consent_version": "1",
        "purpose_versions": "participation:1,matching_profile:1",
    }
    # A purpose's text published while the page was open: read it again.
    purpose_text_publish(
        purpose=Purpose.MATCHING_PROFILE, text=NEW_TEXT, meaning_changed=True, by=grace
    )
    again = client.post("/start/", posted).content.decode()
    assert "The consent text has just changed" in again
    assert not Person.objects.filter(email="nadia@example.org").exists()
    client.post("/start/", {**posted, "purpose_versions": "participation:1,matching_profile:2"})
    nadia = Person.objects.get(email="nadia@example.org")
    assert IntakeSubmission.objects.get(person=nadia).purpose_versions == {
        "participation": 1,
        "matching_profile": 2,
    }
    versions = dict(
        Consent.objects.filter(person=nadia, current=True).values_list("purpose", "text__version")
    )
    assert versions == {Purpose.PARTICIPATION: 1, Purpose.MATCHING_PROFILE: 2}
