"""The circles API: participants list (theirs, the joinable ones with the reason when not),
read one, join and leave; staff open, change, close and manage members; in the schema."""

from __future__ import annotations

from collections.abc import Callable
from types import SimpleNamespace

import pytest
from django.test import Client
from django.urls import reverse

from bridgeway.community.circles.models import Circle, CircleMember
from tests.community.circles.conftest import complete_mentorship

pytestmark = pytest.mark.django_db


def test_a_participant_lists_joins_reads_and_leaves(
    client: Client, people: SimpleNamespace, open_circle: Callable[..., Circle]
) -> None:
    circle = open_circle()
    open_circle(kind="mentors", name="Peer circle")
    client.force_login(people.erin)
    listed = client.get(reverse("api:community-circles"), {"show": "joinable"}).json()["results"]
    by_name = {item["circle"]["name"]: item for item in listed}
    assert by_name["Job search in health care"]["can_join"] is True
    assert by_name["Peer circle"]["can_join"] is False
    assert by_name["Peer circle"]["reason"] == "This circle is for the mentors of Welcome Hosts A."
    assert client.get(reverse("api:community-circles"), {"show": "mine"}).json()["count"] == 0

    url = reverse("api:community-circle-membership", args=[circle.pk])
    answer = client.post(url, {}, content_type="application/json").json()
    client.post(url, {}, content_type="application/json")  # twice: once
    circle.refresh_from_db()
    assert answer["my_status"] == "active"
    assert answer["space"] == circle.space_id
    assert answer["conversation"] == circle.conversation_id
    assert [p["name"] for p in answer["people"]] == ["Frank", "Erin"]
    [mine] = client.get(reverse("api:community-circles"), {"show": "mine"}).json()["results"]
    assert mine["circle"]["members"] == 1
    assert mine["circle"]["leader"] == "Frank"

    left = client.delete(url).json()
    assert left["my_status"] == "left"
    assert left["space"] is None
    assert left["people"] == []


def test_joining_what_one_may_not_is_a_clear_400_and_other_agencies_get_404(
    client: Client, people: SimpleNamespace, open_circle: Callable[..., Circle]
) -> None:
    circle = open_circle(capacity=2)
    url = reverse("api:community-circle-membership", args=[circle.pk])
    client.force_login(people.ivan)
    answer = client.post(url, {}, content_type="application/json")
    assert answer.status_code == 400
    assert "once your application" in str(answer.json())
    client.force_login(people.carol)
    assert client.post(url, {}, content_type="application/json").status_code == 404
    assert client.get(reverse("api:community-circle", args=[circle.pk])).status_code == 404
    assert CircleMember.objects.filter(circle=circle).count() == 1


def test_staff_open_invite_approve_and_close_through_the_api(
    client: Client, people: SimpleNamespace
) -> None:
    complete_mentorship(people.frank, people.program_a)
    client.force_login(people.bob)
    body = {
        "scope": f"program:{people.program_a.pk}",
        "kind": "mentees",
        "name": "Newcomers in IT",
        "need": "First job in IT",
        "sector": "2",
        "language": "fr",
        "capacity": 6,
        "joining": "approval",
        "leader": people.frank.pk,
        "client_key": "api-1",
        "status": "closed",  # not the caller's to set
    }
    manage = reverse("api:community-circles-manage")
    created = client.post(manage, body, content_type="application/json")
    assert created.status_code == 201, created.json()
    again = client.post(manage, body, content_type="application/json").json()
    circle_id = created.json()["id"]
    assert again["id"] == circle_id
    assert created.json()["status"] == "active"
    assert created.json()["leader_name"] == "Frank"

    members = reverse("api:community-circles-manage-members", args=[circle_id])
    rows = client.post(
        members, {"action": "invite", "email": "erin@example.org"}, content_type="application/json"
    ).json()
    assert {r["name"]: r["status"] for r in rows} == {"Frank": "active", "Erin": "invited"}
    bad = client.post(
        members, {"action": "invite", "email": "ivan@example.org"}, content_type="application/json"
    )
    assert bad.status_code == 400

    changed = client.put(
        reverse("api:community-circles-manage-circle", args=[circle_id]),
        {**body, "capacity": 9, "leader": people.gina.pk},
        content_type="application/json",
    ).json()
    assert changed["capacity"] == 9
    assert changed["leader_name"] == "Gina"

    closed = client.post(
        reverse("api:community-circles-manage-close", args=[circle_id]),
        {"note": "Done"},
        content_type="application/json",
    ).json()
    assert closed["status"] == "closed"
    client.force_login(people.carol)
    assert client.get(reverse("api:community-circles-manage")).json()["count"] == 0
    assert (
        client.get(reverse("api:community-circles-manage-circle", args=[circle_id])).status_code
        == 404
    )


def test_the_circles_endpoints_are_in_the_schema(client: Client, people: SimpleNamespace) -> None:
    client.force_login(people.bob)
    schema = client.get(reverse("api:schema")).content.decode()
    for path in (
        "/api/v1/community/circles/",
        "/api/v1/community/circles/{id}/membership/",
        "/api/v1/community/circles/manage/{id}/close/",
        "/api/v1/community/circles/manage/{id}/members/",
    ):
        assert path in schema
