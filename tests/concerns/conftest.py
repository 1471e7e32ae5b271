"""Erin (mentee) and Frank (mentor) of agency A's program are in a mentorship; Alice (admin) and
Bob (coordinator) are A's staff; Carol and Dave are agency B's staff."""

from __future__ import annotations

from datetime import timedelta
from types import SimpleNamespace
from typing import Any

import pytest
from django.utils import timezone

from bridgeway.concerns import services
from bridgeway.concerns.models import Concern
from bridgeway.programs.models import Enrollment
from bridgeway.relationships.models import Relationship


@pytest.fixture
def pair(world: SimpleNamespace) -> Relationship:
    now = timezone.now()
    return Relationship.objects.create(
        program=world.program_a,
        mentee=Enrollment.objects.get(person=world.erin),
        mentor=Enrollment.objects.get(person=world.frank),
        status=Relationship.Status.ACTIVE,
        activated_at=now,
        planned_end=(now + timedelta(weeks=16)).date(),
    )


def raise_concern(world: SimpleNamespace, pair: Relationship, **kwargs: Any) -> Concern:
    """Erin raises a concern about Frank."""
    values: dict[str, Any] = {
        "by": world.erin,
        "category": "language",
        "description": "He only writes in idioms I cannot follow.",
        "relationship": pair,
        "about": world.frank,
    }
    values.update(kwargs)
    return services.concern_raise(**values)
