"""Signing up with an address that already has an account looks, and costs, the same as
signing up with a new one: the same page, one email, and one password hash."""

from __future__ import annotations

import re
from typing import Any
from unittest import mock

import pytest
from django.contrib.auth.hashers import get_hasher
from django.core import mail
from django.test import Client
from django.urls import reverse

from bridgeway.accounts.models import Person
from tests.factories import PersonFactory

pytestmark = pytest.mark.django_db

PASSPHRASE = "a-long-unique-passphrase-42"


def _sign_up(email: str) -> tuple[Any, Any, int]:
    """Sign up as a fresh visitor; the answer, the page it leads to, and how many times the
    configured password hasher ran."""
    client = Client()
    hasher = type(get_hasher())
    with mock.patch.object(hasher, "encode", autospec=True, side_effect=hasher.encode) as encode:
        response = client.post(
            reverse("account_signup"),
            {
                "email": email,
                "password1": PASSPHRASE,
                "password2": PASSPHRASE,
                "display_name": "Samira",
                "time_zone": "Asia/Amman",
            },
        )
    page = client.get(response["Location"])
    return response, page, encode.call_count


def _without_tokens(page: Any) -> str:
    """The page without what differs on every request: CSRF tokens and script nonces."""
    text = re.sub(r'nonce="[^"]*"', 'nonce=""', page.content.decode())
    return re.sub(r"\b[A-Za-z0-9]{64}\b", "TOKEN", text)


def test_it_hashes_the_password_once_whether_or_not_the_address_has_an_account() -> None:
    PersonFactory(email="taken@example.org")
    _taken, _, hashed_for_taken = _sign_up("taken@example.org")
    _new, _, hashed_for_new = _sign_up("new@example.org")
    assert hashed_for_taken == hashed_for_new == 1


def test_it_answers_an_address_with_an_account_like_a_new_one() -> None:
    PersonFactory(email="taken@example.org")
    taken, taken_page, _ = _sign_up("taken@example.org")
    [to_owner] = mail.outbox
    new, new_page, _ = _sign_up("new@example.org")
    [_, to_newcomer] = mail.outbox
    assert taken.status_code == new.status_code == 302
    assert taken["Location"] == new["Location"]
    assert taken_page.status_code == new_page.status_code == 200
    assert _without_tokens(taken_page).replace("taken@", "new@") == _without_tokens(new_page)
    assert (to_owner.to, to_newcomer.to) == (["taken@example.org"], ["new@example.org"])
    # The owner is told someone tried; nothing changed on their account.
    assert Person.objects.filter(email="taken@example.org").count() == 1
