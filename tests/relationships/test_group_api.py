"""The groups API, driven as the pages are: members list and read their groups, sign, set
goals, a mentor schedules a meeting (typed in their zone) and cancels it, members log it; staff
list their agencies' groups. Another group's id is the same 404 as a missing one."""

from __future__ import annotations

from datetime import timedelta
from types import SimpleNamespace

import pytest
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from bridgeway.relationships.groups.models import GroupMeeting, MentoringGroup
from tests.relationships.test_groups import circle, form  # noqa: F401

pytestmark = pytest.mark.django_db
MISSING = 987654321


def test_members_read_sign_and_plan_their_group_through_the_api(
    circle: SimpleNamespace,  # noqa: F811
) -> None:
    group = form(circle)
    api = APIClient()
    api.force_authenticate(circle.bea.person)
    [row] = api.get(reverse("api:group-list")).json()["results"]
    assert (row["id"], row["name"], row["status"]) == (group.pk, "Spring nurses", "agreement")
    detail = api.get(reverse("api:group-detail", args=[group.pk])).json()
    assert detail["role"] == "mentee"
    assert next((m["name"], m["role"]) for m in detail["members"]) == ("Maya", "mentor")
    assert "email" not in detail["members"][0]
    assert detail["agreement"]["text"]
    sign = reverse("api:group-sign", args=[group.pk])
    assert api.post(sign, {"typed_name": " "}, format="json").status_code == 400
    signed = api.post(sign, {"typed_name": "Bea Santos"}, format="json").json()
    assert [m["signed"] for m in signed["members"] if m["name"] == "Bea"] == [True]
    twice = api.post(sign, {"typed_name": "Bea"}, format="json")
    assert twice.status_code == 400
    assert "already signed" in str(twice.json())
    for enrollment in (circle.maya, circle.amir, circle.cleo):
        api.force_authenticate(enrollment.person)
        api.post(sign, {"typed_name": enrollment.person.name}, format="json")
    group.refresh_from_db()
    assert group.status == MentoringGroup.Status.ACTIVE
    # Goals.
    goals = reverse("api:group-goals", args=[group.pk])
    created = api.post(goals, {"title": "Pass the NCLEX", "measure": "a pass"}, format="json")
    assert created.status_code == 201
    past = api.post(goals, {"title": "Late", "due_date": "2020-01-01"}, format="json")
    assert "due_date" in past.json()
    assert [g["title"] for g in api.get(goals).json()] == ["Pass the NCLEX"]
    # Meetings: a mentee cannot schedule; a mentor can, typed in Vancouver.
    meetings_url = reverse("api:group-meetings", args=[group.pk])
    day = (timezone.localdate() + timedelta(days=4)).isoformat()
    body = {"kind": "phone", "date": day, "time": "17:00"}
    assert api.post(meetings_url, body, format="json").status_code == 400
    api.force_authenticate(circle.maya.person)
    scheduled = api.post(meetings_url, body, format="json")
    assert scheduled.status_code == 201
    assert scheduled.json()["starts_at"].endswith("Z")
    meeting = GroupMeeting.objects.get()
    skipped = api.post(meetings_url, {**body, "date": "2027-03-14", "time": "02:30"}, format="json")
    assert "does not exist in Vancouver" in str(skipped.json())
    assert len(api.get(meetings_url).json()["results"]) == 1
    # A member logs it after it started.
    GroupMeeting.objects.filter(pk=meeting.pk).update(starts_at=timezone.now() - timedelta(hours=1))
    api.force_authenticate(circle.cleo.person)
    log = api.post(
        reverse("api:group-meeting-log", args=[meeting.pk]),
        {"outcome": "met", "minutes": 45},
        format="json",
    )
    assert (log.status_code, log.json()["hours"]) == (201, 0.8)
    api.force_authenticate(circle.maya.person)
    cancelled = api.post(reverse("api:group-meeting-cancel", args=[meeting.pk]))
    assert (cancelled.json()["status"], cancelled.json()["sequence"]) == ("cancelled", 1)


def test_outsiders_get_404_and_staff_list_only_their_agencies_groups(
    circle: SimpleNamespace,  # noqa: F811
) -> None:
    group = form(circle)
    meeting = GroupMeeting.objects.create(
        group=group,
        kind="phone",
        starts_at=timezone.now() + timedelta(days=2),
    )
    api = APIClient()
    api.force_authenticate(circle.dev.person)  # a mentee of the program, not in this group
    assert api.get(reverse("api:group-list")).json()["results"] == []
    for url in (
        reverse("api:group-detail", args=[group.pk]),
        reverse("api:group-goals", args=[group.pk]),
        reverse("api:group-meetings", args=[group.pk]),
    ):
        assert api.get(url).status_code == 404
    assert api.post(reverse("api:group-meeting-cancel", args=[meeting.pk])).status_code == 404
    assert api.get(reverse("api:group-detail", args=[MISSING])).status_code == 404
    api.force_authenticate(circle.world.bob)
    [row] = api.get(reverse("api:staff-group-list")).json()["results"]
    assert row["id"] == group.pk
    api.force_authenticate(circle.world.dave)
    assert api.get(reverse("api:staff-group-list")).json()["results"] == []


def test_the_schema_describes_the_groups_api() -> None:
    api = APIClient()
    paths = api.get(reverse("api:schema"), {"format": "json"}).json()["paths"]
    for path in (
        "/api/v1/groups/",
        "/api/v1/groups/{id}/",
        "/api/v1/groups/{id}/agreement/sign/",
        "/api/v1/groups/{id}/goals/",
        "/api/v1/groups/{id}/meetings/",
        "/api/v1/group-meetings/{id}/cancel/",
        "/api/v1/group-meetings/{id}/log/",
        "/api/v1/staff/groups/",
    ):
        assert path in paths
