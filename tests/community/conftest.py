"""Spaces of agency A's world: one for the whole network, one for agency A, one for its
program's mentors and one for its alumni, and one of agency B. Erin is a mentee and Frank a
mentor of agency A's program; Alice and Bob are A's staff; Carol and Dave B's; Grace is the
network admin; Mallory is in no program."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from bridgeway.community import services
from bridgeway.community.models import Space


@pytest.fixture
def spaces(world: SimpleNamespace) -> SimpleNamespace:
    network = world.agency_a.network
    make = services.space_create
    return SimpleNamespace(
        network=make(by=world.grace, network=network, name="Welcome to Canada"),
        agency=make(
            by=world.alice, network=network, organization=world.agency_a, name="Agency A lounge"
        ),
        mentors=make(
            by=world.bob,
            network=network,
            program=world.program_a,
            name="Mentors' corner",
            audience="mentors",
        ),
        alumni=make(
            by=world.bob,
            network=network,
            program=world.program_a,
            name="Alumni circle",
            audience="alumni",
        ),
        b=make(
            by=world.carol, network=network, organization=world.agency_b, name="Agency B lounge"
        ),
    )


def names(queryset: object) -> set[str]:
    return {space.name for space in queryset}  # type: ignore[attr-defined]


__all__ = ["Space", "names", "spaces"]
