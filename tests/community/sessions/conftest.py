"""Sessions of agency A's world (tests/conftest.py): Alice and Bob are A's staff, Carol and
Dave B's, Grace the network admin; Erin is a mentee and Frank a mentor of A's program.
`schedule` makes a session through the service, for A's program's everyone by default,
next week at 18:00 in Toronto."""

from __future__ import annotations

from collections.abc import Callable
from datetime import time, timedelta
from types import SimpleNamespace
from typing import Any

import pytest
from django.core import mail
from django.utils import timezone

from bridgeway.community.news.models import PostScope
from bridgeway.community.news.selectors import Scope
from bridgeway.community.sessions import services
from bridgeway.community.sessions.models import Session
from bridgeway.notifications.outbox import deliveries_send_due


def program_scope(world: SimpleNamespace) -> Scope:
    return Scope(
        level=PostScope.PROGRAM,
        network=world.agency_a.network,
        organization=world.agency_a,
        program=world.program_a,
    )


def fields(**changes: Any) -> services.SessionFields:
    values: dict[str, Any] = {
        "title": "Job search in Canada",
        "description": "Bring your **résumé**.",
        "audience": "everyone",
        "language": "en",
        "day": timezone.localdate() + timedelta(days=7),
        "at": time(18, 0),
        "time_zone": "America/Toronto",
        "duration_minutes": 60,
        "capacity": 20,
        "join_kind": "link",
        "join_link": "https://meet.example.org/job-search",
    }
    values.update(changes)
    return services.SessionFields(**values)


@pytest.fixture
def schedule(world: SimpleNamespace) -> Callable[..., Session]:
    def make(by: Any = None, scope: Scope | None = None, **changes: Any) -> Session:
        return services.session_create(
            by=by or world.bob, scope=scope or program_scope(world), fields=fields(**changes)
        )[0]

    return make


def send_emails() -> list[Any]:
    """Send everything due (a day ahead: past anyone's quiet hours); the emails sent."""
    deliveries_send_due(now=timezone.now() + timedelta(days=1))
    return list(mail.outbox)
