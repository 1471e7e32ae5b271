"""The API of what groups gained after forming: a member answers check-ins and leaves; staff
read a group with its members, reasons, answers and contacts, add and take out members, record
contacts and send a mentee to look again — with the pages' rules and messages."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from bridgeway.programs.models import EnrollmentStatus
from bridgeway.relationships.groups.models import GroupCheckIn, GroupMember, MentoringGroup
from tests.relationships.test_groups import circle, form, sign_all  # noqa: F401

pytestmark = pytest.mark.django_db
S = EnrollmentStatus


@pytest.fixture
def api() -> APIClient:
    return APIClient()


@pytest.fixture
def active(circle: SimpleNamespace) -> MentoringGroup:  # noqa: F811
    group = form(circle)
    sign_all(group)
    return group


def test_a_member_answers_a_check_in_once_and_leaves(
    api: APIClient,
    active: MentoringGroup,
    circle: SimpleNamespace,  # noqa: F811
) -> None:
    api.force_authenticate(circle.bea.person)
    url = reverse("api:group-check-in", args=[active.pk])
    body = {"kind": "pulse", "round": "2026-12", "score": 2, "needs_help": True}
    bad = api.post(url, {**body, "score": 9}, format="json")
    assert bad.status_code == 400
    assert bad.json() == {"score": ["Choose a number from 1 to 5."]}
    created = api.post(url, body, format="json")
    assert created.status_code == 201
    assert created.json()["score"] == 2
    again = api.post(url, body, format="json")
    assert again.status_code == 400
    assert "already answered" in str(again.json())
    assert GroupCheckIn.objects.count() == 1
    leave = reverse("api:group-leave", args=[active.pk])
    assert api.post(leave, {"reason": "staff"}, format="json").status_code == 400
    left = api.post(leave, {"reason": "no_time", "wants_another": True}, format="json")
    assert left.status_code == 200
    assert left.json()["role"] == ""
    assert "Bea" not in [m["name"] for m in left.json()["members"]]
    twice = api.post(leave, {"reason": "no_time"}, format="json")
    assert twice.json() == {"non_field_errors": ["You have already left this group."]}
    circle.bea.refresh_from_db()
    assert circle.bea.status == S.READY


def test_staff_read_a_group_add_take_out_contact_and_rematch(
    api: APIClient,
    active: MentoringGroup,
    circle: SimpleNamespace,  # noqa: F811
) -> None:
    api.force_authenticate(circle.world.bob)
    detail = reverse("api:staff-group-detail", args=[active.pk])
    data = api.get(detail).json()
    assert [m["name"] for m in data["members"]] == ["Maya", "Amir", "Bea", "Cleo"]
    assert data["needs_attention"] == []
    members = reverse("api:staff-group-members", args=[active.pk])
    added = api.post(members, {"enrollment": circle.dev.pk}, format="json")
    assert added.status_code == 201
    dev = next(m for m in added.json()["members"] if m["name"] == "Dev")
    assert dev["must_sign"] is True
    repeat = api.post(members, {"enrollment": circle.dev.pk}, format="json")
    assert repeat.json() == {"enrollment": ["Dev is already in this group."]}
    contacts = reverse("api:staff-group-contacts", args=[active.pk])
    assert api.post(contacts, {"note": " "}, format="json").status_code == 400
    noted = api.post(contacts, {"note": "Visited the group."}, format="json")
    assert noted.json()["contacts"][0]["note"] == "Visited the group."
    amir = GroupMember.objects.get(group=active, enrollment=circle.amir)
    out = reverse("api:staff-group-member-leave", args=[active.pk, amir.pk])
    note_needed = api.post(out, {"reason": "other"}, format="json")
    assert note_needed.json() == {"note": ["Say in a few words why."]}
    taken = api.post(out, {"reason": "staff", "note": "Moved to Calgary"}, format="json").json()
    gone = next(m for m in taken["members"] if m["name"] == "Amir")
    assert (gone["left_reason"], gone["left_note"]) == ("staff", "Moved to Calgary")
    rematch = reverse("api:staff-group-member-rematch", args=[active.pk, amir.pk])
    assert api.post(rematch).status_code == 200
    circle.amir.refresh_from_db()
    assert circle.amir.status == S.READY
    assert "already looking again" in str(api.post(rematch).json())
    # A member, or staff of another agency, cannot use the staff addresses.
    for person in (circle.maya.person, circle.world.carol):
        api.force_authenticate(person)
        assert api.get(detail).status_code == 404
        assert api.post(members, {"enrollment": circle.dev.pk}, format="json").status_code == 404


def test_the_schema_lists_the_group_endpoints(api: APIClient) -> None:
    schema = api.get(reverse("api:schema")).content.decode()
    for path in (
        "/api/v1/groups/{id}/check-ins/",
        "/api/v1/groups/{id}/leave/",
        "/api/v1/staff/groups/{id}/",
        "/api/v1/staff/groups/{id}/members/",
        "/api/v1/staff/groups/{id}/members/{member_pk}/leave/",
        "/api/v1/staff/groups/{id}/members/{member_pk}/rematch/",
        "/api/v1/staff/groups/{id}/contacts/",
    ):
        assert path in schema
