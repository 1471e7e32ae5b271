"""Shared fixtures. Named people, as a reader would meet them:

- alice: admin of agency A (with MFA); bob: coordinator of agency A (with MFA)
- carol: admin of agency B (with MFA); dave: coordinator of agency B (with MFA)
- erin: a mentee in a program of agency A; frank: a mentor in a program of agency A
- grace: network admin (with MFA); mallory: signed-in person with no role anywhere
"""

from __future__ import annotations

from collections.abc import Iterator
from types import SimpleNamespace
from typing import Any

import pytest
from django.conf import settings as django_settings
from django.core.cache import cache
from django.test import Client
from django.utils import translation

from bridgeway.accounts.models import Person
from bridgeway.core.models import StaffRole
from tests.factories import (
    EnrollmentFactory,
    MembershipFactory,
    NetworkAdminFactory,
    NetworkFactory,
    OrganizationFactory,
    PersonFactory,
    ProgramFactory,
    enable_mfa,
)


@pytest.fixture(autouse=True)
def _redis_cache_starts_empty() -> None:
    """On SQLite the cache is a table of the test database, rolled back after every test; a
    Redis cache (REDIS_URL, tests/with_services.py) outlives the test, so counters such as rate
    limits would leak into later tests. Start every test with it empty."""
    if "redis" in django_settings.CACHES["default"]["BACKEND"].lower():
        cache.clear()


@pytest.fixture(autouse=True)
def _site_language_at_the_start() -> Iterator[None]:
    """Every test starts in the site's language: a page, a task or an ASGI request of an
    earlier test in the same process must not leave its person's language active."""
    translation.deactivate()
    yield
    translation.deactivate()


@pytest.fixture
def steady_session(monkeypatch: pytest.MonkeyPatch) -> None:
    """The session's once-a-minute refresh (last seen, staff) never falls inside a test: a
    query-count test that compares two counts would otherwise count it once when a loaded
    machine takes over a minute between them."""
    from bridgeway.accounts import sessions

    monkeypatch.setattr(sessions, "REFRESH_SECONDS", 10**10)


@pytest.fixture
def network() -> Any:
    return NetworkFactory()


@pytest.fixture
def agency_a(network: Any) -> Any:
    return OrganizationFactory(network=network, name="Agency A", slug="agency-a")


@pytest.fixture
def agency_b(network: Any) -> Any:
    return OrganizationFactory(network=network, name="Agency B", slug="agency-b")


def _staff(organization: Any, role: str, email: str, mfa: bool = True) -> Person:
    person = PersonFactory(email=email, display_name=email.split("@")[0].title())
    MembershipFactory(organization=organization, person=person, role=role)
    if mfa:
        enable_mfa(person)
    return person


@pytest.fixture
def alice(agency_a: Any) -> Person:
    return _staff(agency_a, StaffRole.ADMIN, "alice@agency-a.org")


@pytest.fixture
def bob(agency_a: Any) -> Person:
    return _staff(agency_a, StaffRole.COORDINATOR, "bob@agency-a.org")


@pytest.fixture
def carol(agency_b: Any) -> Person:
    return _staff(agency_b, StaffRole.ADMIN, "carol@agency-b.org")


@pytest.fixture
def dave(agency_b: Any) -> Person:
    return _staff(agency_b, StaffRole.COORDINATOR, "dave@agency-b.org")


@pytest.fixture
def grace(network: Any) -> Person:
    person = PersonFactory(email="grace@network.org", display_name="Grace")
    NetworkAdminFactory(network=network, person=person)
    enable_mfa(person)
    return person


@pytest.fixture
def mallory() -> Person:
    return PersonFactory(email="mallory@example.org", display_name="Mallory")


@pytest.fixture
def program_a(agency_a: Any) -> Any:
    return ProgramFactory(organization=agency_a, name="Welcome Hosts A", slug="hosts")


@pytest.fixture
def program_b(agency_b: Any) -> Any:
    return ProgramFactory(organization=agency_b, name="Career Bridge B", slug="career")


@pytest.fixture
def erin(program_a: Any) -> Person:
    person = PersonFactory(email="erin@example.org", display_name="Erin")
    EnrollmentFactory(program=program_a, person=person, role="mentee")
    return person


@pytest.fixture
def frank(program_a: Any) -> Person:
    person = PersonFactory(email="frank@example.org", display_name="Frank")
    EnrollmentFactory(program=program_a, person=person, role="mentor", capacity=1)
    return person


@pytest.fixture
def world(
    agency_a: Any,
    agency_b: Any,
    alice: Person,
    bob: Person,
    carol: Person,
    dave: Person,
    grace: Person,
    mallory: Person,
    program_a: Any,
    program_b: Any,
    erin: Person,
    frank: Person,
) -> SimpleNamespace:
    """Two agencies with staff, programs and participants."""
    return SimpleNamespace(**locals())


def signed_in(client: Client, person: Person) -> Client:
    client.force_login(person)
    return client
