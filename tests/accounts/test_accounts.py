from __future__ import annotations

import re
import time

import pytest
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
from django.core import mail
from django.test import Client
from django.urls import reverse
from rest_framework.authtoken.models import Token

from bridgeway.accounts.models import Person
from tests.factories import PASSWORD, MembershipFactory, PersonFactory, enable_mfa

pytestmark = pytest.mark.django_db


def _code_from(message: str) -> str:
    match = re.search(r"^\s*([A-Z0-9]{3,5}-?[A-Z0-9]{3,5})\s*$", message, re.MULTILINE)
    assert match, message
    return match.group(1)


def test_sign_up_asks_for_the_email_code_then_signs_in(client: Client) -> None:
    response = client.post(
        reverse("account_signup"),
        {
            "email": "newcomer@example.org",
            "password1": "a-long-unique-passphrase-42",
            "password2": "a-long-unique-passphrase-42",
            "display_name": "Samira",
            "time_zone": "Asia/Amman",
        },
    )
    assert response.status_code == 302
    person = Person.objects.get(email="newcomer@example.org")
    assert person.display_name == "Samira"
    assert person.time_zone == "Asia/Amman"
    assert person.password.startswith("md5$") or person.has_usable_password()
    assert len(mail.outbox) == 1
    code = _code_from(mail.outbox[0].body)
    response = client.post(reverse("account_email_verification_sent"), {"code": code})
    assert response.status_code == 302
    assert client.get(reverse("core:dashboard")).status_code == 200


def test_a_new_account_starts_in_the_language_of_the_page(client: Client) -> None:
    client.post(reverse("accounts:set_language"), {"language": "fr"})
    client.post(
        reverse("account_signup"),
        {
            "email": "fr@example.org",
            "password1": "a-long-unique-passphrase-42",
            "password2": "a-long-unique-passphrase-42",
            "display_name": "Émilie",
            "time_zone": "America/Montreal",
        },
    )
    assert Person.objects.get(email="fr@example.org").preferred_language == "fr"


def test_signing_in_by_a_code_sent_by_email(client: Client) -> None:
    PersonFactory(email="erin@example.org")
    client.post(reverse("account_request_login_code"), {"email": "erin@example.org"})
    code = _code_from(mail.outbox[-1].body)
    response = client.post(reverse("account_confirm_login_code"), {"code": code})
    assert response.status_code == 302
    assert client.get(reverse("core:dashboard")).status_code == 200


def test_password_reset_says_the_same_for_unknown_addresses(client: Client) -> None:
    PersonFactory(email="erin@example.org")
    known = client.post(reverse("account_reset_password"), {"email": "erin@example.org"})
    unknown = client.post(reverse("account_reset_password"), {"email": "nobody@example.org"})
    assert known.status_code == unknown.status_code == 302
    assert known["Location"] == unknown["Location"]


def test_staff_sign_in_needs_the_authenticator_code(client: Client, agency_a: object) -> None:
    person = PersonFactory(email="alice@agency-a.org")
    MembershipFactory(organization=agency_a, person=person, role="admin")
    secret = enable_mfa(person)
    response = client.post(
        reverse("account_login"), {"login": "alice@agency-a.org", "password": PASSWORD}
    )
    assert response["Location"] == reverse("mfa_authenticate")
    assert client.get(reverse("core:dashboard")).status_code == 302  # not signed in yet
    code = format_hotp_value(hotp_value(secret, int(time.time()) // 30))
    response = client.post(reverse("mfa_authenticate"), {"code": code})
    assert response.status_code == 302
    assert client.get(reverse("core:agency_overview", args=[agency_a.slug])).status_code == 200  # type: ignore[attr-defined]


def test_a_wrong_password_reveals_nothing_about_the_account(client: Client) -> None:
    PersonFactory(email="erin@example.org")
    wrong = client.post(reverse("account_login"), {"login": "erin@example.org", "password": "x"})
    unknown = client.post(reverse("account_login"), {"login": "no@example.org", "password": "x"})
    assert wrong.status_code == unknown.status_code == 200
    assert wrong.context["form"].errors == unknown.context["form"].errors


def test_preferences_keep_language_time_zone_and_needs(client: Client) -> None:
    person = PersonFactory()
    client.force_login(person)
    response = client.post(
        reverse("accounts:preferences"),
        {
            "display_name": "Yara",
            "preferred_language": "fr",
            "time_zone": "Asia/Damascus",
            "accessibility_needs": ["captions", "interpreter"],
            "contact_mode": "video",
            "is_staff": "on",
            "email": "taken@example.org",
        },
    )
    assert response.status_code == 302
    person.refresh_from_db()
    assert person.preferred_language == "fr"
    assert person.time_zone == "Asia/Damascus"
    assert person.accessibility_needs == ["captions", "interpreter"]
    assert person.is_staff is False
    assert person.email != "taken@example.org"


def test_a_bad_time_zone_is_refused_with_a_message(client: Client) -> None:
    person = PersonFactory()
    client.force_login(person)
    response = client.post(
        reverse("accounts:preferences"),
        {
            "display_name": "Y",
            "preferred_language": "en",
            "time_zone": "Mars/Olympus",
            "contact_mode": "any",
        },
    )
    assert response.status_code == 200
    assert b"Select a valid choice." in response.content
    person.refresh_from_db()
    assert person.time_zone == "America/Toronto"


def test_a_participant_creates_and_revokes_an_api_token(client: Client) -> None:
    person = PersonFactory()
    client.force_login(person)
    response = client.post(reverse("accounts:api_token"), {"action": "create"})
    assert response.context["new_key"] == Token.objects.get(user=person).key
    client.post(reverse("accounts:api_token"), {"action": "revoke"})
    assert not Token.objects.filter(user=person).exists()


def test_saving_preferences_sets_the_language_cookie_like_the_switcher(client: Client) -> None:
    person = PersonFactory()
    client.force_login(person)
    response = client.post(
        reverse("accounts:preferences"),
        {
            "display_name": "Y",
            "preferred_language": "fr",
            "time_zone": "America/Toronto",
            "contact_mode": "any",
        },
    )
    cookie = response.cookies["django_language"]
    assert cookie.value == "fr"
    assert cookie["samesite"] == "Lax"
    assert cookie["httponly"]


def test_a_persons_language_stays_with_their_own_requests(client: Client) -> None:
    person = PersonFactory(preferred_language="fr")
    client.force_login(person)
    response = client.get(reverse("core:dashboard"))
    assert response["Content-Language"] == "fr"
    assert b'lang="fr"' in response.content
    from django.utils import translation

    assert translation.get_language() != "fr"  # nothing leaks into the next piece of work


def test_account_emails_name_the_product_never_the_host_of_the_request(
    client: Client, settings: object
) -> None:
    """The sign-in, verification and reset emails greet from "Bridgeway" and link to the public
    address, whatever host and port the request came through (a person once read "Hello from
    127.0.0.1:8101!")."""
    settings.ALLOWED_HOSTS = ["127.0.0.1", "testserver"]  # type: ignore[attr-defined]
    settings.SITE_URL = "https://mentoring.example.org"  # type: ignore[attr-defined]
    PersonFactory(email="erin@example.org")
    host = {"HTTP_HOST": "127.0.0.1:8101"}
    client.post(reverse("account_request_login_code"), {"email": "erin@example.org"}, **host)
    client.post(reverse("account_reset_password"), {"email": "erin@example.org"}, **host)
    client.post(reverse("account_reset_password"), {"email": "nobody@example.org"}, **host)
    Client().post(
        reverse("account_signup"),
        {
            "email": "new@example.org",
            "display_name": "New Person",
            "password1": "a-long-unique-passphrase-42",
            "password2": "a-long-unique-passphrase-42",
            "time_zone": "Asia/Amman",
        },
        **host,
    )
    assert len(mail.outbox) == 4
    for message in mail.outbox:
        assert message.subject.startswith("[Bridgeway] ")
        assert "Hello from Bridgeway!" in message.body
        assert "Thank you for using Bridgeway!" in message.body
        assert "127.0.0.1" not in message.subject + message.body
    reset, unknown, verification = mail.outbox[1:]
    assert "https://mentoring.example.org/accounts/password/reset/key/" in reset.body
    assert "https://mentoring.example.org/accounts/signup/" in unknown.body
    assert "register an account on Bridgeway." in verification.body


def test_account_emails_carry_the_name_a_network_gives_its_site(
    client: Client, settings: object
) -> None:
    settings.BRIDGEWAY_SITE_NAME = "Newcomer Mentoring Network"  # type: ignore[attr-defined]
    PersonFactory(email="erin@example.org")
    client.post(reverse("account_request_login_code"), {"email": "erin@example.org"})
    (message,) = mail.outbox
    assert message.subject.startswith("[Newcomer Mentoring Network] ")
    assert "Hello from Newcomer Mentoring Network!" in message.body
