"""Who a request is from: the person of the session, read with SQL compiled once per process
(accounts/middleware.py `session_user`), answers exactly as Django's `auth.get_user` does —
the same person, the same refusals, the session verified against the password's hash and the
fallback secrets."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib import auth
from django.contrib.auth.models import AnonymousUser
from django.db import connection
from django.test import Client, RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from bridgeway.accounts.middleware import session_user
from tests.factories import PersonFactory

pytestmark = pytest.mark.django_db

BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]


def request_of(client: Client) -> Any:
    """A request carrying the client's session, as SessionMiddleware gives it."""
    from importlib import import_module

    from django.conf import settings

    request = RequestFactory().get("/")
    engine = import_module(settings.SESSION_ENGINE)
    request.session = engine.SessionStore(client.cookies[settings.SESSION_COOKIE_NAME].value)
    return request


def both(client: Client) -> tuple[Any, Any]:
    """(Django's answer, this project's answer), each for its own request on the session."""
    return auth.get_user(request_of(client)), session_user(request_of(client))


@pytest.mark.parametrize("backend", BACKENDS)
def test_the_signed_in_person_is_read_as_django_reads_them(client: Client, backend: str) -> None:
    person = PersonFactory(time_zone="Europe/Paris", preferred_language="fr")
    client.force_login(person, backend=backend)
    django_user, ours = both(client)
    assert ours == django_user == person
    # Every field as the ORM gives it (the page reads the name, language, time zone...).
    for field in type(person)._meta.concrete_fields:
        assert getattr(ours, field.attname) == getattr(django_user, field.attname)
    with CaptureQueriesContext(connection) as queries:
        session_user(request_of(client))
    assert len([q for q in queries if "accounts_person" in q["sql"]]) == 1


def test_nobody_signed_in_an_inactive_person_and_a_deleted_one_are_anonymous(
    client: Client,
) -> None:
    request = RequestFactory().get("/")
    request.session = Client().session
    assert isinstance(session_user(request), AnonymousUser)

    person = PersonFactory()
    client.force_login(person)
    type(person).objects.filter(pk=person.pk).update(is_active=False)
    django_user, ours = both(client)
    assert isinstance(ours, AnonymousUser)
    assert isinstance(django_user, AnonymousUser)

    other = PersonFactory()
    client.force_login(other)
    other.delete()
    assert isinstance(session_user(request_of(client)), AnonymousUser)


def test_a_changed_password_ends_the_session(client: Client) -> None:
    person = PersonFactory()
    client.force_login(person)
    person.set_password("another-long-passphrase-42")
    person.save()
    request = request_of(client)
    assert isinstance(session_user(request), AnonymousUser)
    assert request.session.is_empty()  # flushed, as Django does
    # And over a page: sent to sign in.
    response = client.get(reverse("core:dashboard"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_a_session_signed_under_a_former_secret_key_stays_and_is_signed_again(
    client: Client, settings: Any
) -> None:
    person = PersonFactory()
    old_secret = "an-older-secret-key-for-this-test-only-0123456789"
    settings.SECRET_KEY = old_secret
    client.force_login(person)
    settings.SECRET_KEY = "the-new-secret-key-for-this-test-only-9876543210"
    settings.SECRET_KEY_FALLBACKS = [old_secret]
    request = request_of(client)
    old_key = request.session.session_key
    assert session_user(request) == person
    assert request.session.session_key != old_key  # cycled, as Django does
    assert request.session[auth.HASH_SESSION_KEY] == person.get_session_auth_hash()

    settings.SECRET_KEY_FALLBACKS = []
    client.force_login(person)
    settings.SECRET_KEY = "yet-another-secret-key-for-this-test-only-000000"
    assert isinstance(session_user(request_of(client)), AnonymousUser)


def test_a_backend_no_longer_configured_signs_nobody_in(client: Client, settings: Any) -> None:
    person = PersonFactory()
    client.force_login(person, backend=BACKENDS[1])
    settings.AUTHENTICATION_BACKENDS = BACKENDS[:1]
    django_user, ours = both(client)
    assert isinstance(ours, AnonymousUser)
    assert isinstance(django_user, AnonymousUser)


def test_pages_and_the_api_see_the_person(client: Client) -> None:
    person = PersonFactory(display_name="Sam Lee")
    client.force_login(person)
    response = client.get(reverse("core:dashboard"))
    assert response.status_code == 200
    assert response.wsgi_request.user == person
    assert client.get("/api/v1/notifications/").status_code == 200
