"""The session's row read with SQL compiled once per process (accounts/session_engines) answers
as Django's database store answers: the same data for a live session, nothing for one past its
end or deleted (and a new key on the next save), on both engines."""

from __future__ import annotations

import datetime as dt
from importlib import import_module
from types import MethodType
from typing import Any

import pytest
from django.contrib.sessions.backends.db import SessionStore as DjangoStore
from django.core.cache import caches
from django.utils import timezone

from bridgeway.accounts import session_engines
from bridgeway.accounts.models import SignedInSession

pytestmark = pytest.mark.django_db


def _django_read(store: Any, key: str) -> Any:
    """The same store reading its row as Django's database store does, to compare with."""
    session = store(key)
    session._get_session_from_db = MethodType(DjangoStore._get_session_from_db, session)
    return session


@pytest.fixture(params=["db", "cached_db"])
def store(request: pytest.FixtureRequest, settings: Any) -> Any:
    settings.SESSION_ENGINE = f"bridgeway.accounts.session_engines.{request.param}"
    return import_module(settings.SESSION_ENGINE).SessionStore


def _saved(store: Any, **data: Any) -> str:
    session = store()
    session.update(data)
    session.save()
    return str(session.session_key)


def test_a_live_session_reads_as_djangos(store: Any, settings: Any) -> None:
    key = _saved(store, visits=3, name="Zoé")
    caches[settings.SESSION_CACHE_ALIAS].clear()  # read from the row, not the cache
    ours = store(key)
    theirs = _django_read(store, key)
    assert dict(ours.items()) == dict(theirs.items()) == {"visits": 3, "name": "Zoé"}
    assert ours.session_key == key
    row = session_engines.PersonSessionStore(key)._get_session_from_db()
    assert row is not None
    expected = SignedInSession.objects.get(session_key=key)
    assert (row.session_key, row.session_data, row.expire_date) == (
        expected.session_key,
        expected.session_data,
        expected.expire_date,
    )
    assert session_engines._session is not None
    assert session_engines._session.compiled() is not None  # the SQL is kept


def test_a_session_past_its_end_reads_empty(store: Any, settings: Any) -> None:
    key = _saved(store, visits=1)
    SignedInSession.objects.filter(session_key=key).update(
        expire_date=timezone.now() - dt.timedelta(seconds=1)
    )
    caches[settings.SESSION_CACHE_ALIAS].clear()
    ours, theirs = store(key), _django_read(store, key)
    assert dict(ours.items()) == dict(theirs.items()) == {}
    assert ours.session_key is None
    assert theirs.session_key is None
    ours["visits"] = 2
    ours.save()
    assert ours.session_key != key  # a new session, as Django makes one


def test_a_deleted_or_unknown_session_reads_empty(store: Any, settings: Any) -> None:
    key = _saved(store, visits=1)
    SignedInSession.objects.filter(session_key=key).delete()
    caches[settings.SESSION_CACHE_ALIAS].clear()
    assert dict(store(key).items()) == {}
    assert dict(store("a" * 32).items()) == {}
    assert dict(store(None).items()) == {}


def test_another_session_is_not_read(store: Any, settings: Any) -> None:
    mine = _saved(store, who="me")
    _saved(store, who="someone else")
    caches[settings.SESSION_CACHE_ALIAS].clear()
    assert dict(store(mine).items()) == {"who": "me"}
