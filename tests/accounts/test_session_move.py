"""The upgrade moves the sessions of Django's own table into `accounts.SignedInSession` with
their keys (migration 0006): whoever was signed in stays signed in, and their session now names
them; sessions past their end or signed out everywhere are not moved."""

from __future__ import annotations

import datetime as dt
import importlib
from types import SimpleNamespace

import pytest
from django.apps import apps
from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore as DjangoStore
from django.contrib.sessions.models import Session
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from bridgeway.accounts.models import Person, SignedInSession
from bridgeway.accounts.sessions import AGENT, GENERATION, SEEN_AT, SIGNED_IN_AT

pytestmark = pytest.mark.django_db

MOVE = importlib.import_module(
    "bridgeway.accounts.migrations.0006_move_sessions_to_signed_in_sessions"
)


def _old_session(person: Person, *, generation: int, agent: str = "") -> str:
    """A session as Django's own store wrote it before the upgrade."""
    store = DjangoStore()
    store[SESSION_KEY] = str(person.pk)
    store[BACKEND_SESSION_KEY] = settings.AUTHENTICATION_BACKENDS[0]
    store[HASH_SESSION_KEY] = person.get_session_auth_hash()
    store[SIGNED_IN_AT], store[SEEN_AT] = 1_700_000_000, 1_700_000_600
    store[GENERATION] = generation
    if agent:
        store[AGENT] = agent
    store.create()
    assert store.session_key is not None
    return store.session_key


def test_signed_in_people_stay_signed_in_and_their_sessions_name_them(
    world: SimpleNamespace,
) -> None:
    kept = _old_session(world.erin, generation=0, agent="Firefox/133.0")
    over = _old_session(world.mallory, generation=0)
    Person.objects.filter(pk=world.mallory.pk).update(session_generation=1)
    expired = _old_session(world.erin, generation=0)
    Session.objects.filter(pk=expired).update(expire_date=timezone.now() - dt.timedelta(days=1))

    MOVE.move(apps, None)

    assert not Session.objects.exists()
    assert list(SignedInSession.objects.values_list("session_key", flat=True)) == [kept]
    row = SignedInSession.objects.get()
    assert row.person_id == world.erin.pk
    assert row.user_agent == "Firefox/133.0"
    assert row.signed_in_at == dt.datetime.fromtimestamp(1_700_000_000, tz=dt.UTC)
    assert row.last_seen_at == dt.datetime.fromtimestamp(1_700_000_600, tz=dt.UTC)
    assert row.session_key != over
    browser = Client()
    browser.cookies["sessionid"] = kept
    assert browser.get(reverse("core:dashboard")).status_code == 200
