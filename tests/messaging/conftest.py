from __future__ import annotations

from types import SimpleNamespace

import pytest

from bridgeway.messaging.models import Conversation
from bridgeway.relationships import agreements, services
from bridgeway.relationships.models import Relationship
from tests.matching.conftest import cohort  # noqa: F401 - the matching cohort, shared


@pytest.fixture
def pair(cohort: SimpleNamespace) -> Relationship:  # noqa: F811
    """Amal (mentee) and Dana (mentor), agreement signed: their mentorship is under way."""
    [request] = services.requests_send(
        mentee=cohort.amal, mentor_ids=[cohort.dana.pk], message="", by=cohort.amal.person
    )
    relationship = services.request_accept(request=request, by=cohort.dana.person)
    agreement = relationship.agreement
    agreements.agreement_sign(agreement=agreement, by=cohort.amal.person, typed_name="Amal")
    agreements.agreement_sign(agreement=agreement, by=cohort.dana.person, typed_name="Dana")
    relationship.refresh_from_db()
    return relationship


@pytest.fixture
def chat(pair: Relationship) -> Conversation:
    return Conversation.objects.get(relationship=pair)
