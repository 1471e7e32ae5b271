"""A staff invitation is written in the invited person's language, not the inviter's."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from tests.factories import PersonFactory

pytestmark = pytest.mark.django_db


def invite(client: Client, email: str, **extra: str) -> None:
    client.post(
        reverse("core:agency_staff", args=["agency-a"]),
        {"email": email, "role": "coordinator", **extra},
    )


@pytest.mark.parametrize(
    ("inviter", "invitee", "expected", "not_expected"),
    [
        ("fr", "en", "You are invited", "Vous êtes invité"),
        ("en", "fr", "Vous êtes invité", "You are invited"),
    ],
)
def test_it_writes_to_an_existing_account_in_its_own_language(
    client: Client,
    world: SimpleNamespace,
    django_capture_on_commit_callbacks: Any,
    inviter: str,
    invitee: str,
    expected: str,
    not_expected: str,
) -> None:
    world.alice.preferred_language = inviter
    world.alice.save(update_fields=["preferred_language"])
    PersonFactory(email="lea@example.org", preferred_language=invitee)
    client.force_login(world.alice)
    with django_capture_on_commit_callbacks(execute=True):
        invite(client, "lea@example.org", language=inviter)  # the form's choice yields
    (message,) = mail.outbox
    assert expected in message.body
    assert not_expected not in message.body


def test_it_offers_the_sites_language_for_a_new_address_not_the_inviters(
    client: Client, world: SimpleNamespace, django_capture_on_commit_callbacks: Any
) -> None:
    world.alice.preferred_language = "fr"
    world.alice.save(update_fields=["preferred_language"])
    client.force_login(world.alice)
    page = client.get(reverse("core:agency_staff", args=["agency-a"])).content.decode()
    assert '<option value="en" selected>' in page
    with django_capture_on_commit_callbacks(execute=True):
        invite(client, "new@example.org")  # the language left out, as an old form would
        invite(client, "nouveau@example.org", language="fr")
    english, french = mail.outbox
    assert "You are invited" in english.body
    assert "Vous êtes invité" in french.body
