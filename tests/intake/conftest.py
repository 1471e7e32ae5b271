from __future__ import annotations

from typing import Any

import pytest

from tests.factories import OrganizationFactory, ProgramFactory


@pytest.fixture
def hosts(agency_a: Any) -> Any:
    """A pre-arrival hosting program of agency A, in Arabic and French."""
    return ProgramFactory(
        organization=agency_a,
        name="Welcome Before Arrival",
        slug="before",
        purpose="hosting",
        is_pre_arrival=True,
        languages=["ar", "fr"],
    )


@pytest.fixture
def careers(agency_b: Any) -> Any:
    """A professional program of agency B for health occupations."""
    return ProgramFactory(
        organization=agency_b,
        name="Health Careers",
        slug="health",
        purpose="professional",
        occupations=["3"],
    )


@pytest.fixture
def agency_c(network: Any) -> Any:
    return OrganizationFactory(network=network, name="Agency C", slug="agency-c", city="Halifax")
