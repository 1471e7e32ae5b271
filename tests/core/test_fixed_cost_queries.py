"""What every request asks before its own work, counted: whether the person must use two-step
sign-in (every API call) and whether they hold a staff role (the session's refresh, once a
minute) are one query each, kept compiled per process, and still answer exactly the rules —
staff of an active agency, network admins and partner contacts need two-step verification,
and the API refuses them without it. The dashboard reuses the header's row for the staff,
network-admin and partner-contact questions instead of asking them again."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from bridgeway.core import access
from bridgeway.reports.partners.models import Partner, PartnerContact
from tests.factories import MembershipFactory, PersonFactory, enable_mfa

pytestmark = pytest.mark.django_db


def _contact(world: SimpleNamespace, status: str = "active") -> Any:
    person = PersonFactory(email=f"dana-{status}@partner.example")
    partner, _created = Partner.objects.get_or_create(
        network=world.agency_a.network, organization=world.agency_a, name="Northern Steel"
    )
    PartnerContact.objects.create(
        partner=partner, email=person.email, name="Dana", person=person, status=status
    )
    return person


def _built(person: Any) -> tuple[bool, bool]:
    """The rules written out one by one, as they read before they were asked in one query."""
    staff = access.staff_memberships(person).exists() or access.is_network_admin(person)
    contact = PartnerContact.objects.filter(person=person, status="active").exists()
    return staff, staff or contact


def test_each_rule_is_one_query_and_answers_as_the_rules_written_out(
    world: SimpleNamespace,
) -> None:
    inactive = PersonFactory()
    MembershipFactory(organization=world.agency_b, person=inactive, role="coordinator")
    world.agency_b.is_active = False
    world.agency_b.save(update_fields=["is_active"])
    people = {
        **{name: getattr(world, name) for name in ("alice", "bob", "grace", "erin", "mallory")},
        "contact": _contact(world),
        "invited contact": _contact(world, status="invited"),
        "staff of a closed agency": inactive,
    }
    expected = {
        "alice": (True, True),
        "bob": (True, True),
        "grace": (True, True),
        "erin": (False, False),
        "mallory": (False, False),
        "contact": (False, True),
        "invited contact": (False, False),
        "staff of a closed agency": (False, False),
    }
    assert access._roles.compiled() is not None
    for name, person in people.items():
        with CaptureQueriesContext(connection) as queries:
            answer = (access.holds_staff_role(person), access.needs_two_step(person))
        assert len(queries) == 2, name  # one each
        assert answer == expected[name] == _built(person), name


def test_a_role_given_or_taken_is_seen_on_the_next_question(world: SimpleNamespace) -> None:
    person = world.mallory
    assert not access.needs_two_step(person)
    membership = MembershipFactory(organization=world.agency_a, person=person, role="coordinator")
    assert access.needs_two_step(person)
    assert access.holds_staff_role(person)
    membership.delete()
    assert not access.needs_two_step(person)
    assert not access.holds_staff_role(person)


@pytest.mark.parametrize("who", ["staff", "network admin", "partner contact"])
def test_the_api_still_refuses_each_two_step_role_without_it(
    world: SimpleNamespace, who: str
) -> None:
    if who == "staff":
        person = PersonFactory()
        MembershipFactory(organization=world.agency_a, person=person, role="coordinator")
    elif who == "network admin":
        from tests.factories import NetworkAdminFactory

        person = PersonFactory()
        NetworkAdminFactory(network=world.agency_a.network, person=person)
    else:
        person = _contact(world)
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=person).key}")
    refused = api.get(reverse("api:notification-list"))
    assert refused.status_code == 403
    assert "two-step" in refused.json()["detail"]
    enable_mfa(person)
    assert api.get(reverse("api:notification-list")).status_code == 200


def test_an_api_call_of_a_participant_asks_the_rules_once(world: SimpleNamespace) -> None:
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=world.erin).key}")
    api.get(reverse("api:me"))  # the throttle's first count
    with CaptureQueriesContext(connection) as queries:
        assert api.get(reverse("api:me")).status_code == 200
    rules = [q["sql"] for q in queries if "core_networkadmin" in q["sql"]]
    assert len(rules) == 1
    assert "reports_partnercontact" in rules[0]
    assert "core_membership" in rules[0]


def _dashboard_queries(client: Client, person: Any) -> list[str]:
    client.force_login(person)
    client.get(reverse("core:dashboard"))  # the session's first refresh
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("core:dashboard"))
    assert response.status_code == 200
    return [q["sql"] for q in queries]


def test_a_participants_dashboard_asks_no_role_twice(
    client: Client, world: SimpleNamespace
) -> None:
    asked = _dashboard_queries(client, world.erin)
    assert len([sql for sql in asked if "core_networkadmin" in sql]) == 1  # the header
    assert not [sql for sql in asked if sql.startswith('SELECT "core_membership"')]
    assert not [sql for sql in asked if sql.startswith('SELECT "reports_partner"')]


def test_the_dashboard_still_lists_agencies_network_and_partners(
    client: Client, world: SimpleNamespace
) -> None:
    client.force_login(world.alice)
    html = client.get(reverse("core:dashboard")).content.decode()
    assert reverse("core:agency_overview", args=["agency-a"]) in html
    asked = _dashboard_queries(client, world.alice)
    listed = [sql for sql in asked if sql.startswith('SELECT "core_membership"')]
    assert len(listed) == 1  # the header's list and the page's, read once

    client.force_login(world.grace)
    assert "Manage the network" in client.get(reverse("core:dashboard")).content.decode()

    contact = _contact(world)
    enable_mfa(contact)
    client.force_login(contact)
    html = client.get(reverse("core:dashboard")).content.decode()
    assert "Northern Steel" in html
    assert "Employers whose mentoring figures I read" in html
