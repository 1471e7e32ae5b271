"""Staff read what a failed job was, in their language, and retry it; every kind of timer has
a label (a new handler without one fails here)."""

from __future__ import annotations

from typing import Any

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from bridgeway.accounts.models import Person
from bridgeway.notifications.models import Timer
from bridgeway.notifications.timers import TIMER_LABELS

pytestmark = pytest.mark.django_db


def test_every_timer_handler_has_a_label() -> None:
    assert set(settings.BRIDGEWAY_TIMER_HANDLERS) <= set(TIMER_LABELS)


def test_a_failed_job_reads_as_words_and_can_be_retried(
    client: Client, bob: Person, agency_a: Any
) -> None:
    timer = Timer.objects.create(
        kind="relationships.request_expire",
        key="request:1:expire",
        due_at=timezone.now(),
        state=Timer.State.FAILED,
        organization=agency_a,
        attempts=6,
        last_error="RuntimeError: boom",
    )
    client.force_login(bob)
    url = reverse("notifications:staff_jobs", args=[agency_a.slug])
    page = client.get(url).content.decode()
    assert "End of a request&#x27;s answer window" in page
    assert "relationships.request_expire" not in page
    client.post(url, {"timer": str(timer.pk)})
    timer.refresh_from_db()
    assert (timer.state, timer.attempts) == ("pending", 0)
