"""Every email to a person is written in the recipient's language: their account's, else the
one chosen for them, else the site's; never the language of whoever caused it to be sent."""

from __future__ import annotations

from datetime import time, timedelta
from types import SimpleNamespace
from typing import Any

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation

from bridgeway.core.notify import language_for_address
from bridgeway.notifications.models import ContactSettings
from bridgeway.notifications.outbox import notify
from bridgeway.programs.invitations import invitation_send
from bridgeway.programs.models import ProgramInvitation
from tests.factories import EnrollmentFactory, PersonFactory

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
    world: SimpleNamespace, django_capture_on_commit_callbacks: Any
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
    with django_capture_on_commit_callbacks(execute=True), translation.override("en"):
        invitation_send(invitation_id=invitation.pk)  # on the staff member's English page
    assert mail.outbox[0].subject == "Agency A vous invite à Welcome Hosts A"


def test_sentences_built_for_an_email_are_in_the_recipients_language(
    world: SimpleNamespace, django_capture_on_commit_callbacks: Any
) -> None:
    person = PersonFactory(display_name="Samira", preferred_language="fr")
    # No quiet hours: the email goes at once whatever the hour in Toronto.
    ContactSettings.objects.create(person=person, quiet_start=time(0, 0), quiet_end=time(0, 0))
    enrollment = EnrollmentFactory(program=world.program_a, person=person, role="mentee")
    with django_capture_on_commit_callbacks(execute=True), translation.override("en"):
        notify(
            kind="programs.application_received",
            event="test",
            person=person,
            params={"enrollment": enrollment.pk, "with_next_steps": True},
        )
    [message] = mail.outbox
    assert message.subject == "Votre candidature à Welcome Hosts A est reçue"
    # The next steps are sentences built when the email is written: in French too.
    assert message.body.startswith("Bonjour Samira,")
    assert "La suite :" in message.body
    assert "What happens next" not in message.body
