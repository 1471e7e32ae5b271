"""Every email to a person is written in the recipient's language: their account's, else the
one chosen for them, else the site's; never the language of whoever caused it to be sent."""

from __future__ import annotations

from datetime import timedelta
from types import SimpleNamespace

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from bridgeway.core.notify import email_person, language_for_address
from bridgeway.programs.invitations import invitation_send
from bridgeway.programs.models import ProgramInvitation
from tests.factories import PersonFactory

pytestmark = pytest.mark.django_db


def test_the_address_of_an_account_is_written_to_in_its_language() -> None:
    PersonFactory(email="samira@example.org", preferred_language="fr")
    assert language_for_address("SAMIRA@example.org", "en") == "fr"
    assert language_for_address("nobody@example.org", "fr") == "fr"
    assert language_for_address("nobody@example.org", "xx") == "en"


def test_a_sign_in_code_asked_for_from_an_english_page_comes_in_the_accounts_language(
    client: Client,
) -> None:
    PersonFactory(email="samira@example.org", preferred_language="fr")
    client.post(
        reverse("account_request_login_code"),
        {"email": "samira@example.org"},
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert len(mail.outbox) == 1
    body = mail.outbox[0].body
    assert "Bonjour" in body
    assert "Bridgeway" in body
    assert "Hello from" not in body


def test_a_program_invitation_to_someone_with_an_account_is_in_their_language(
    world: SimpleNamespace,
) -> None:
    PersonFactory(email="samira@example.org", preferred_language="fr")
    invitation = ProgramInvitation.objects.create(
        program=world.program_a,
        email="samira@example.org",
        role="mentee",
        details={"preferred_language": "en"},  # the agency's file said English
        invited_by=world.bob,
        expires_at=timezone.now() + timedelta(days=30),
    )
    with translation.override("en"):  # the staff member's page
        invitation_send(invitation_id=invitation.pk)
    assert mail.outbox[0].subject == "Agency A vous invite à Welcome Hosts A"


def test_sentences_built_for_an_email_are_in_the_recipients_language() -> None:
    person = PersonFactory(display_name="Samira", preferred_language="fr")
    with translation.override("en"):
        email_person(
            person=person,
            subject=gettext_lazy("Hello,"),
            template="programs/email/ready.txt",
            context=lambda: {"program_name": "X", "reason": _("Hello,")},
        )
    assert mail.outbox[0].subject == "Bonjour,"
    body = mail.outbox[0].body
    assert body.startswith("Bonjour Samira,")
    assert "Bonjour," in body  # the reason, built once French was active
