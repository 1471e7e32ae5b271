"""The API of recurring meetings and of the calendar address: a series proposed with `repeat`,
picked, cancelled from one of its meetings on; the caller's own calendar address made,
replaced and turned off. Someone outside the pair gets 404."""

from __future__ import annotations

from datetime import timedelta
from types import SimpleNamespace

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from bridgeway.relationships.models import Meeting, Relationship
from tests.relationships.test_meetings import pair  # noqa: F401 - the Manila-Toronto pair

pytestmark = pytest.mark.django_db


def test_a_series_is_proposed_picked_and_cancelled_from_a_meeting_on(
    pair: Relationship,  # noqa: F811
    cohort: SimpleNamespace,
) -> None:
    api = APIClient()
    api.force_authenticate(cohort.dana.person)
    url = reverse("api:relationship-meetings", args=[pair.pk])
    day = (timezone.localdate() + timedelta(days=3)).isoformat()
    body = {"kind": "phone", "times": [{"date": day, "time": "18:00"}]}
    wrong = api.post(url, {**body, "repeat": {"frequency": "weekly"}}, format="json")
    assert wrong.status_code == 400
    assert wrong.json() == {"repeat": ["Say how many times, or until which day."]}
    proposed = api.post(url, {**body, "repeat": {"frequency": "weekly", "times": 4}}, format="json")
    assert proposed.status_code == 201
    series = proposed.json()["series"]
    assert (series["frequency"], series["times_wanted"], series["status"]) == (
        "weekly",
        4,
        "proposed",
    )
    assert series["time_zone"] == "America/Toronto"
    api.force_authenticate(cohort.amal.person)
    picked = api.post(reverse("api:meeting-pick", args=[proposed.json()["id"]]), {"option": 0})
    assert picked.json()["series"]["count"] == 4
    listed = api.get(url).json()["results"]
    assert len(listed) == 4
    third = sorted(listed, key=lambda m: m["starts_at"])[2]
    api.force_authenticate(cohort.fay.person)  # outside the pair
    cancel = reverse("api:meeting-cancel-series", args=[third["id"]])
    assert api.post(cancel).status_code == 404
    api.force_authenticate(cohort.amal.person)
    cancelled = api.post(cancel)
    assert cancelled.status_code == 200
    assert len(cancelled.json()) == 2
    assert Meeting.objects.filter(status="scheduled").count() == 2
    again = api.post(cancel)
    assert again.json() == {"non_field_errors": ["This meeting is already cancelled."]}
    single = api.post(url, body, format="json").json()
    refused = api.post(reverse("api:meeting-cancel-series", args=[single["id"]]))
    assert refused.json() == {"non_field_errors": ["This meeting does not repeat."]}


def test_the_calendar_address_is_made_replaced_and_turned_off(
    client: Client, cohort: SimpleNamespace
) -> None:
    api = APIClient()
    url = reverse("api:calendar-feed")
    assert api.get(url).status_code in (401, 403)
    api.force_authenticate(cohort.amal.person)
    assert api.get(url).json()["active"] is False
    made = api.post(url)
    assert made.status_code == 201
    address = made.json()["url"]
    assert "/calendar/" in address
    assert api.get(url).json()["url"] == ""  # shown once
    assert client.get(address.split("8000", 1)[-1]).status_code == 200
    replaced = api.post(url).json()["url"]
    assert client.get(address.split("8000", 1)[-1]).status_code == 404
    assert api.delete(url).status_code == 204
    assert client.get(replaced.split("8000", 1)[-1]).status_code == 404
    assert api.get(url).json()["active"] is False
