"""The sessions API: participants list, register and cancel; staff schedule, change, cancel
and mark attendance."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from types import SimpleNamespace

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from bridgeway.community.sessions.models import Registration, Session

pytestmark = pytest.mark.django_db


def test_a_participant_lists_registers_and_cancels(
    client: Client, world: SimpleNamespace, schedule: Callable[..., Session]
) -> None:
    session = schedule(capacity=1)
    client.force_login(world.erin)
    [item] = client.get(reverse("api:community-sessions")).json()["results"]
    assert item["join_url"] == ""
    url = reverse("api:community-session-registration", args=[session.pk])
    answer = client.post(url).json()
    client.post(url)  # twice: once
    assert answer["my_status"] == "registered"
    assert answer["join_url"] == "https://meet.example.org/job-search"
    client.force_login(world.frank)
    assert client.post(url).json()["my_status"] == "waiting"
    client.force_login(world.erin)
    assert client.delete(url).json()["my_status"] == "cancelled"
    assert Registration.objects.get(person=world.frank).status == "registered"
    client.force_login(world.carol)
    assert client.post(url).status_code == 404


def test_staff_schedule_a_series_change_cancel_and_mark_attendance(
    client: Client, world: SimpleNamespace
) -> None:
    client.force_login(world.bob)
    day = (timezone.localdate() + timedelta(days=5)).isoformat()
    body = {
        "scope": f"program:{world.program_a.pk}",
        "title": "Case session",
        "audience": "mentors",
        "language": "en",
        "day": day,
        "at": "17:30",
        "duration_minutes": 90,
        "capacity": 5,
        "join_kind": "call",
        "repeat": "monthly",
        "repeat_count": 3,
    }
    created = client.post(
        reverse("api:community-sessions-manage"), body, content_type="application/json"
    )
    assert created.status_code == 201, created.json()
    assert Session.objects.count() == 3
    first = Session.objects.order_by("starts_at").first()
    assert first is not None
    assert first.conversation_id is not None
    detail = reverse("api:community-sessions-manage-session", args=[first.pk])
    changed = client.put(
        detail, {**body, "capacity": 4, "at": "18:00"}, content_type="application/json"
    )
    assert changed.json()["sequence"] == 1
    bad = client.post(
        reverse("api:community-sessions-manage"),
        {**body, "join_kind": "call", "capacity": 50},
        content_type="application/json",
    )
    assert bad.status_code == 400
    assert "join_kind" in bad.json()
    attendance = reverse("api:community-sessions-attendance", args=[first.pk])
    assert (
        client.post(attendance, {"attended": []}, content_type="application/json").status_code
        == 400
    )
    assert client.delete(detail).json()["status"] == "cancelled"
    client.force_login(world.carol)
    assert client.get(detail).status_code == 404


def test_the_schema_lists_the_sessions_endpoints(client: Client, world: SimpleNamespace) -> None:
    client.force_login(world.erin)
    schema = client.get(reverse("api:schema")).content.decode()
    assert "/api/v1/community/sessions/{id}/registration/" in schema
    assert "/api/v1/community/sessions/manage/{id}/attendance/" in schema
