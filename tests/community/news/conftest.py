"""Posts of agency A's world (tests/conftest.py): Alice and Bob are A's staff, Carol and Dave
B's, Grace the network admin; Erin is a mentee and Frank a mentor of A's program. `write`
makes a draft through the service, in English and French unless told otherwise."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from types import SimpleNamespace
from typing import Any

import pytest
from django.core import mail
from django.utils import timezone

from bridgeway.community.news import services
from bridgeway.community.news.models import Post
from bridgeway.notifications.outbox import deliveries_send_due

EN = services.Version(title="Spring news", summary="What is new", body="Hello **everyone**.")
FR = services.Version(
    title="Nouvelles du printemps", summary="Quoi de neuf", body="Bonjour **à tous**."
)


@pytest.fixture
def write(world: SimpleNamespace) -> Callable[..., Post]:
    def make(
        by: Any = None,
        *,
        program: Any = None,
        organization: Any = None,
        network_wide: bool = False,
        versions: dict[str, services.Version] | None = None,
        **fields: Any,
    ) -> Post:
        if not network_wide and program is None and organization is None:
            organization = world.agency_a
        fields.setdefault("kind", "newsletter")
        fields.setdefault("default_language", "en")
        return services.post_create(
            by=by or (world.grace if network_wide else world.alice),
            network=world.agency_a.network,
            organization=organization,
            program=program,
            versions=versions if versions is not None else {"en": EN, "fr": FR},
            **fields,
        )

    return make


def send_emails() -> list[Any]:
    """Send everything due (a day ahead: past anyone's quiet hours); the emails sent."""
    deliveries_send_due(now=timezone.now() + timedelta(days=1))
    return list(mail.outbox)
