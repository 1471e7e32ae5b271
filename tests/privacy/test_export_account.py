"""The copy of a person's data holds their account's own records: addresses, two-step
verification methods, API token and signed-in devices — when and which, never a secret."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import zipfile
from typing import Any

import pytest
from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from django.utils import timezone
from rest_framework.authtoken.models import Token

from bridgeway.accounts.models import Person, SignedInSession
from bridgeway.accounts.session_engines.db import SessionStore
from bridgeway.accounts.sessions import (
    AGENT,
    GENERATION,
    SEEN_AT,
    SIGNED_IN_AT,
    sign_out_everywhere,
)
from bridgeway.privacy.exports.builder import export_write
from tests.factories import PersonFactory

pytestmark = pytest.mark.django_db


def _zip(person: Person) -> zipfile.ZipFile:
    out = io.BytesIO()
    export_write(person=person, out=out)
    return zipfile.ZipFile(io.BytesIO(out.getvalue()))


def _records(archive: zipfile.ZipFile, name: str) -> list[dict[str, Any]]:
    records: list[dict[str, Any]] = json.loads(archive.read(name))["Records"]
    return records


def _text(archive: zipfile.ZipFile) -> str:
    return "\n".join(archive.read(n).decode("utf-8", errors="replace") for n in archive.namelist())


FIREFOX = "Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0"


def _sign_in(person: Person, signed_in: int, seen: int) -> str:
    store = SessionStore()
    store["_auth_user_id"] = str(person.pk)
    store[SIGNED_IN_AT], store[SEEN_AT] = signed_in, seen
    store[AGENT] = FIREFOX
    store[GENERATION] = person.session_generation
    store.create()
    assert store.session_key is not None
    return store.session_key


@pytest.fixture
def nadia() -> Person:
    person = PersonFactory(email="nadia@example.org", preferred_language="en", time_zone="UTC")
    EmailAddress.objects.update_or_create(
        user=person, email="nadia@example.org", defaults={"verified": True, "primary": True}
    )
    EmailAddress.objects.create(user=person, email="nadia.work@example.org", verified=False)
    return person


def test_addresses_confirmed_or_not_and_which_one_is_written_to(nadia: Person) -> None:
    archive = _zip(nadia)
    rows = {r["Email address"]: r for r in _records(archive, "account/email-addresses.json")}
    assert rows["nadia@example.org"]["Verified"] is True
    assert rows["nadia@example.org"]["Primary"] is True
    assert rows["nadia.work@example.org"]["Verified"] is False
    table = archive.read("account/email-addresses.csv").decode("utf-8-sig")
    assert "nadia.work@example.org,no,no" in table
    readme = archive.read("README.txt").decode()
    assert "account/email-addresses.json, account/email-addresses.csv" in readme
    assert "Your email addresses" in readme


def test_two_step_methods_show_kind_and_dates_never_their_secrets(nadia: Person) -> None:
    used = timezone.now()
    Authenticator.objects.create(
        user=nadia, type="totp", data={"secret": "SECRETTOTPKEY42"}, last_used_at=used
    )
    Authenticator.objects.create(
        user=nadia, type="recovery_codes", data={"seed": "SEEDVALUE9", "used_mask": 0}
    )
    archive = _zip(nadia)
    rows = _records(archive, "mfa/authenticators.json")
    assert {r["Kind"] for r in rows} == {"TOTP Authenticator", "Recovery codes"}
    app = next(r for r in rows if r["Kind"] == "TOTP Authenticator")
    assert app["Added"]
    assert app["Last used"] == used.isoformat(timespec="seconds")
    assert set(app) == {"Number", "Kind", "Added", "Last used", "User"}
    text = _text(archive)
    assert "SECRETTOTPKEY42" not in text
    assert "SEEDVALUE9" not in text


def test_the_api_token_says_when_it_was_made_not_its_key(nadia: Person) -> None:
    token = Token.objects.create(user=nadia)
    archive = _zip(nadia)
    rows = _records(archive, "authtoken/tokens.json")
    assert rows == [
        {
            "Number": 1,
            "Made": timezone.localtime(token.created, dt.UTC).isoformat(timespec="seconds"),
            "User": "you",
        }
    ]
    assert token.key not in _text(archive)


def test_signed_in_devices_with_their_times_never_the_session_key(nadia: Person) -> None:
    now = int(timezone.now().timestamp())
    mine = _sign_in(nadia, now - 7200, now - 120)
    omar = PersonFactory(email="omar@example.org")
    theirs = _sign_in(omar, now - 50, now - 50)
    expired = _sign_in(nadia, now - 9000, now - 9000)
    SignedInSession.objects.filter(pk=expired).update(
        expire_date=timezone.now() - dt.timedelta(seconds=1)
    )
    archive = _zip(nadia)
    rows = _records(archive, "accounts/signed-in-sessions.json")
    assert len(rows) == 1  # the live one: the other has ended
    started = dt.datetime.fromtimestamp(now - 7200, tz=dt.UTC)
    assert rows[0]["Signed in"] == started.isoformat(timespec="seconds")
    seen = dt.datetime.fromtimestamp(now - 120, tz=dt.UTC)
    assert rows[0]["Last seen"] == seen.isoformat(timespec="seconds")
    assert rows[0]["Browser and device"] == FIREFOX
    assert rows[0]["Person"] == "you"
    assert rows[0]["Signed out automatically on"]
    table = archive.read("accounts/signed-in-sessions.csv").decode("utf-8-sig")
    header = next(csv.reader(io.StringIO(table)))
    assert header == [
        "Number",
        "Signed out automatically on",
        "Browser and device",
        "Signed in",
        "Last seen",
        "Person",
    ]
    text = _text(archive)
    assert mine not in text
    assert theirs not in text
    assert SignedInSession.objects.get(pk=mine).session_data not in text


def test_devices_signed_out_everywhere_are_not_listed_as_signed_in(nadia: Person) -> None:
    now = int(timezone.now().timestamp())
    _sign_in(nadia, now - 100, now - 100)
    sign_out_everywhere(person=nadia, revoke_token=False)
    nadia.refresh_from_db()
    assert not SignedInSession.objects.filter(person=nadia).exists()
    assert "accounts/signed-in-sessions.json" not in _zip(nadia).namelist()


def test_in_french_the_kinds_read_in_french(nadia: Person) -> None:
    """(The new column names are translated centrally after merging; the kinds come with
    allauth's own translations.)"""
    Person.objects.filter(pk=nadia.pk).update(preferred_language="fr")
    nadia.refresh_from_db()
    authenticator = Authenticator.objects.create(user=nadia, type="totp", data={"secret": "S"})
    rows = _records(_zip(nadia), "mfa/authenticators.json")
    assert rows[0]["Numéro"] == authenticator.pk
    assert "Authentificateur TOTP" in rows[0].values()
