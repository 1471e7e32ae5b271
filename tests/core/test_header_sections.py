"""The header of every page: the query each process keeps compiled answers for every person
exactly what the query built for that person answers, and what each part of the header would
ask on its own (links to the community and the library, the person's agencies and the network,
unread messages and notifications), in one query."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from bridgeway.core.access import is_network_admin, staff_memberships
from bridgeway.dashboard import context_processors as header
from bridgeway.messaging.selectors import unread_total
from bridgeway.notifications.models import Notification
from bridgeway.notifications.selectors import unread_count
from bridgeway.reports.partners.selectors import partners_of_contact
from tests.community.conftest import spaces  # noqa: F401 - the community's spaces fixture

pytestmark = pytest.mark.django_db

PEOPLE = ("alice", "bob", "carol", "dave", "grace", "mallory", "erin", "frank")


def _built(person: Any) -> dict[str, Any]:
    row = header._query(person).first() or {}
    answer = {
        "community": bool(row.get("spaces") or row.get("topics") or row.get("expert")),
        "library": bool(row.get("resources")),
        "staff": staff_memberships(person).exists(),
        "network_admin": is_network_admin(person),
        "partner_contact": partners_of_contact(person).exists(),
        "messages_unread": unread_total(person=person),
        "notifications_unread": unread_count(person=person),
    }
    columns = (
        "staff",
        "network_admin",
        "partner_contact",
        "messages_unread",
        "notifications_unread",
    )
    for name in columns:
        assert row[name] == answer[name], name  # the built query agrees with each part alone
    return answer


def test_the_kept_query_is_used_and_answers_as_the_built_one(world: SimpleNamespace) -> None:
    assert header._header.compiled() is not None
    for name in PEOPLE:
        person = getattr(world, name)
        assert header._sections(person) == _built(person), name


def test_with_spaces_each_person_is_answered_for_themselves(
    world: SimpleNamespace,
    spaces: SimpleNamespace,  # noqa: F811 - the fixture
) -> None:
    answers = {}
    for name in PEOPLE:
        person = getattr(world, name)
        with CaptureQueriesContext(connection) as queries:
            answers[name] = header._sections(person)
        assert len(queries) == 1
        assert answers[name] == _built(person), name
    assert answers["erin"]["community"]
    assert not answers["mallory"]["community"]


def test_the_header_links_to_the_community_only_for_those_it_reaches(
    client: Client,
    world: SimpleNamespace,
    spaces: SimpleNamespace,  # noqa: F811 - the fixture
) -> None:
    link = f'href="{reverse("community:home")}"'
    client.force_login(world.erin)
    assert link in client.get(reverse("core:dashboard")).content.decode()
    client.force_login(world.mallory)
    assert link not in client.get(reverse("core:dashboard")).content.decode()


def test_unread_counts_are_each_persons_own(world: SimpleNamespace) -> None:
    for kind, read in (("a", False), ("b", False), ("c", True)):
        Notification.objects.create(
            person=world.erin,
            kind=kind,
            event=f"event-{kind}",
            read_at=timezone.now() if read else None,
        )
    Notification.objects.create(person=world.frank, kind="a", event="event-a")
    assert header._sections(world.erin)["notifications_unread"] == 2
    assert header._sections(world.frank)["notifications_unread"] == 1
    assert header._sections(world.mallory)["notifications_unread"] == 0
    for name in PEOPLE:
        assert header._sections(getattr(world, name)) == _built(getattr(world, name)), name


def test_the_header_lists_agencies_and_the_network_only_to_their_staff(
    client: Client, world: SimpleNamespace
) -> None:
    agency_a = f'href="{reverse("core:agency_overview", args=["agency-a"])}"'
    network = f'href="{reverse("core:network_agencies")}"'
    client.force_login(world.alice)
    html = client.get(reverse("notifications:list")).content.decode()
    assert agency_a in html
    assert network not in html
    client.force_login(world.grace)
    html = client.get(reverse("notifications:list")).content.decode()
    assert network in html
    assert agency_a not in html
    client.force_login(world.mallory)
    html = client.get(reverse("notifications:list")).content.decode()
    assert network not in html
    assert agency_a not in html


def test_someone_made_staff_sees_their_agency_on_the_next_page(
    client: Client, world: SimpleNamespace
) -> None:
    from tests.factories import MembershipFactory

    agency_b = f'href="{reverse("core:agency_overview", args=["agency-b"])}"'
    client.force_login(world.mallory)
    assert agency_b not in client.get(reverse("notifications:list")).content.decode()
    MembershipFactory(organization=world.agency_b, person=world.mallory, role="coordinator")
    assert agency_b in client.get(reverse("notifications:list")).content.decode()


def test_the_header_of_a_participant_asks_one_query(
    rf: Any, world: SimpleNamespace, django_assert_num_queries: Any
) -> None:
    request = rf.get("/")
    request.user = world.erin
    context = header.navigation(request)
    with django_assert_num_queries(1):
        values = [
            bool(context["nav_community"]),
            bool(context["nav_library"]),
            context["nav_memberships"](),
            bool(context["nav_is_network_admin"]),
            str(context["messages_unread"]),
            str(context["notifications_unread"]),
        ]
    assert values[2:] == [[], False, "0", "0"]
