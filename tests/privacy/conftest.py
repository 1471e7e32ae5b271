from __future__ import annotations

from typing import Any

import pytest

from bridgeway.accounts.models import Person
from bridgeway.privacy.consent.models import Consent, Purpose
from bridgeway.privacy.consent.services import consent_give


@pytest.fixture
def erin_agreed(erin: Person) -> Person:
    """Erin as the intake left her: agreed to taking part and to sharing her profile."""
    for purpose in (Purpose.PARTICIPATION, Purpose.MATCHING_PROFILE):
        consent_give(person=erin, purpose=purpose, source=Consent.Source.INTAKE)
    return erin


def current(person: Any, purpose: str) -> Consent:
    return Consent.objects.get(person=person, purpose=purpose, current=True)
