"""Whether a person has two-step verification set up, asked with SQL compiled once per process
(core/access.py): the same answer as allauth's `is_mfa_enabled` for everyone, asked afresh on
every request (someone who has just added or removed their authenticator is treated
accordingly on their very next request), and a staff page (`mfa_required`) asks the staff
rule and the authenticator in one query."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

import pytest
from allauth.mfa.adapter import DefaultMFAAdapter
from allauth.mfa.models import Authenticator
from allauth.mfa.utils import is_mfa_enabled
from django.contrib.auth.models import AnonymousUser
from django.db import connection
from django.http import Http404, HttpRequest, HttpResponse
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext

from bridgeway.core import access
from tests.factories import MembershipFactory, PersonFactory, enable_mfa

pytestmark = pytest.mark.django_db


@access.mfa_required
def _staff_page(request: HttpRequest) -> HttpResponse:
    return HttpResponse("staff page")


def _asked(person: Any) -> str:
    """What a staff page answers the person: the page, the two-step notice or a 404."""
    request = RequestFactory().get("/staff/")
    request.user = person
    try:
        response = _staff_page(request)
    except Http404:
        return "404"
    if response.status_code == 302:
        return "redirect " + response["Location"]
    return response.content.decode()


def _expected(person: Any) -> str:
    """The rule as it read with allauth's own answer."""
    if not person.is_authenticated:
        return "redirect /accounts/login/?next=/staff/"
    if not access.holds_staff_role(person):
        return "404"
    if not is_mfa_enabled(person):
        return "redirect /account/two-step-required/"
    return "staff page"


def _people(world: SimpleNamespace) -> dict[str, Any]:
    without = PersonFactory(email="nomfa@agency-a.org")
    MembershipFactory(organization=world.agency_a, person=without, role="coordinator")
    codes_only = PersonFactory(email="codes@example.org")
    Authenticator.objects.create(
        user=codes_only, type=Authenticator.Type.RECOVERY_CODES, data={"seed": "x"}
    )
    participant_with_mfa = PersonFactory(email="careful@example.org")
    enable_mfa(participant_with_mfa)
    return {
        **{name: getattr(world, name) for name in ("alice", "bob", "carol", "grace", "erin")},
        "mallory": world.mallory,
        "staff without two-step": without,
        "recovery codes only": codes_only,
        "participant with two-step": participant_with_mfa,
        "nobody signed in": AnonymousUser(),
    }


def test_the_answers_are_allauths(world: SimpleNamespace) -> None:
    assert access._mfa.compiled() is not None
    assert access._roles_mfa.compiled() is not None
    for name, person in _people(world).items():
        assert access.mfa_enabled(person) == is_mfa_enabled(person), name
        assert _asked(person) == _expected(person), name


def test_a_staff_page_asks_one_query(world: SimpleNamespace) -> None:
    for person in (world.alice, world.mallory):
        with CaptureQueriesContext(connection) as queries:
            _asked(person)
        assert len(queries) == 1
    with CaptureQueriesContext(connection) as queries:
        assert access.mfa_enabled(world.alice)
    assert len(queries) == 1


def test_an_authenticator_added_or_removed_counts_on_the_next_request(
    world: SimpleNamespace,
) -> None:
    person = PersonFactory(email="new@agency-a.org")
    MembershipFactory(organization=world.agency_a, person=person, role="coordinator")
    assert not access.mfa_enabled(person)
    assert _asked(person) == "redirect /account/two-step-required/"
    enable_mfa(person)
    assert access.mfa_enabled(person)
    assert _asked(person) == "staff page"
    Authenticator.objects.filter(user=person).delete()
    assert not access.mfa_enabled(person)
    assert _asked(person) == "redirect /account/two-step-required/"


class _EveryoneHasIt(DefaultMFAAdapter):
    def is_mfa_enabled(self, user: Any, types: Any = None) -> bool:
        return True


def test_another_adapter_is_asked_itself(world: SimpleNamespace, settings: Any) -> None:
    settings.MFA_ADAPTER = f"{__name__}._EveryoneHasIt"
    person = PersonFactory(email="trusted@agency-a.org")
    MembershipFactory(organization=world.agency_a, person=person, role="coordinator")
    assert access.mfa_enabled(person) is True
    assert _asked(person) == "staff page"
    assert _asked(world.mallory) == "404"
