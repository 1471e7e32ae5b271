"""The agency's concerns for its staff: filters, pages, the to-do list, the counts by category
and month, and recording a concern from a mentorship's staff page."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from bridgeway.concerns import services
from bridgeway.concerns.models import Concern
from bridgeway.notifications.models import Notification
from bridgeway.relationships.models import Relationship
from tests.concerns.conftest import raise_concern

pytestmark = pytest.mark.django_db


def _list(client: Client, **params: str) -> str:
    url = reverse("concerns:staff_list", args=["agency-a"])
    return client.get(url, params).content.decode()


def test_it_filters_the_concerns(
    client: Client, world: SimpleNamespace, pair: Relationship
) -> None:
    language = raise_concern(world, pair, category="language")
    safety = raise_concern(world, pair, category="safety", description="He followed me home.")
    services.concern_update(
        concern=safety, by=world.alice, assignee=world.bob, status="in_progress"
    )
    client.force_login(world.bob)
    detail = reverse("concerns:staff_detail", args=[language.pk])
    page = _list(client)
    assert "2 concerns" in page
    page = _list(client, category="language")
    assert detail in page
    assert reverse("concerns:staff_detail", args=[safety.pk]) not in page
    assert "1 concern" in _list(client, assignee=str(world.bob.pk))
    assert detail in _list(client, assignee="none")
    assert detail not in _list(client, status="in_progress")
    assert detail in _list(client, status="open", priority="normal")
    assert "No concern matches." in _list(client, status="closed")
    # Junk in the filters is ignored, not an error.
    assert "2 concerns" in _list(client, status="x", category="y", program="z", page="9")


def test_the_to_do_list_counts_concerns_waiting_for_staff(
    client: Client, world: SimpleNamespace, pair: Relationship
) -> None:
    raise_concern(world, pair)
    raise_concern(world, pair)
    client.force_login(world.bob)
    page = client.get(reverse("core:agency_overview", args=["agency-a"])).content.decode()
    assert "2 concerns are waiting for staff" in page
    assert reverse("concerns:staff_list", args=["agency-a"]) + "?status=open" in page


def test_counts_by_category_and_month(
    client: Client, world: SimpleNamespace, pair: Relationship
) -> None:
    raise_concern(world, pair, category="language")
    raise_concern(world, pair, category="language")
    raise_concern(world, pair, category="conduct")
    client.force_login(world.alice)
    url = reverse("concerns:staff_counts", args=["agency-a"])
    page = client.get(url).content.decode()
    assert "3 concerns raised in the last twelve months" in page
    assert page.count('<th scope="row">') == 13  # twelve months and the total
    assert "<td>2</td><td>0</td><td>0</td><td>0</td><td>3</td>" in page  # language, then total
    other = client.get(url, {"program": "987654321"}).content.decode()
    assert "3 concerns raised" in other  # an unknown program shows every program


def test_staff_record_a_concern_from_a_mentorship_page(
    client: Client, world: SimpleNamespace, pair: Relationship
) -> None:
    client.force_login(world.bob)
    page = client.get(reverse("relationships:staff_relationship", args=[pair.pk])).content.decode()
    url = reverse("concerns:staff_new", args=["agency-a"])
    assert f"{url}?relationship={pair.pk}" in page
    response = client.post(
        f"{url}?relationship={pair.pk}",
        {"category": "inactivity", "description": "No meeting since March.", "about": "mentor"},
    )
    concern = Concern.objects.get()
    assert response["Location"] == reverse("concerns:staff_detail", args=[concern.pk])
    assert (concern.reporter, concern.about, concern.relationship) == (world.bob, world.frank, pair)
    # Bob is not told about his own concern; Alice is; Frank (the one it is about) never.
    told = set(Notification.objects.values_list("person__email", flat=True))
    assert told == {"alice@agency-a.org"}


def test_staff_record_a_concern_for_a_program_and_see_errors(
    client: Client, world: SimpleNamespace
) -> None:
    client.force_login(world.alice)
    url = reverse("concerns:staff_new", args=["agency-a"])
    page = client.post(url, {"category": "other", "description": ""}).content.decode()
    assert "Tell us what happened, in your own words." in page
    assert not Concern.objects.exists()
    client.post(
        url, {"program": str(world.program_a.pk), "category": "accessibility", "description": "x"}
    )
    assert Concern.objects.get().program == world.program_a


def test_the_lists_read_the_same_number_of_times_for_2_and_12_concerns(
    client: Client, world: SimpleNamespace, pair: Relationship
) -> None:
    def count(url: str) -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        return len(queries)

    staff_url = reverse("concerns:staff_list", args=["agency-a"])
    mine_url = reverse("concerns:my_list")
    for _ in range(2):
        raise_concern(world, pair)
    client.force_login(world.bob)
    few_staff = count(staff_url)
    client.force_login(world.erin)
    few_mine = count(mine_url)
    for _ in range(10):
        raise_concern(world, pair)
    client.force_login(world.bob)
    assert count(staff_url) == few_staff
    client.force_login(world.erin)
    assert count(mine_url) == few_mine
