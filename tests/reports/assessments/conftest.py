"""An active pair in agency A's program whose program asks the ready-made instruments."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

import pytest

from bridgeway.programs.models import Enrollment
from bridgeway.relationships import agreements, services
from bridgeway.relationships.models import Relationship
from bridgeway.reports.assessments.models import Assessment, Instrument
from bridgeway.reports.assessments.moments import assessment_send
from bridgeway.reports.assessments.services import assessment_submit, instrument_add_ready_made
from tests.factories import EnrollmentFactory, PersonFactory
from tests.matching.conftest import cohort  # noqa: F401 - the matching cohort, shared


@pytest.fixture
def instruments(cohort: SimpleNamespace) -> SimpleNamespace:  # noqa: F811
    program, alice = cohort.program, cohort.world.alice
    return SimpleNamespace(
        mentee=instrument_add_ready_made(program=program, name="mentee", by=alice),
        mentor=instrument_add_ready_made(program=program, name="mentor", by=alice),
    )


@pytest.fixture
def pair(cohort: SimpleNamespace, instruments: SimpleNamespace) -> Relationship:  # noqa: F811
    [request] = services.requests_send(
        mentee=cohort.amal, mentor_ids=[cohort.dana.pk], message="", by=cohort.amal.person
    )
    relationship = services.request_accept(request=request, by=cohort.dana.person)
    agreements.agreement_waive(agreement=relationship.agreement, by=cohort.world.bob, reason="x")
    relationship.refresh_from_db()
    return relationship


def answered(
    instrument: Instrument, enrollment: Enrollment, moment: str, answers: dict[str, Any]
) -> Assessment:
    """The instrument sent at `moment` and answered, through the services people use."""
    sent = assessment_send(instrument=instrument, enrollment=enrollment, moment=moment)
    assert sent is not None
    return assessment_submit(assessment=sent, by=enrollment.person, answers=answers)


# Five mentees' confidence (1-5) before and at closure: changes 2, 1, 2, 0, 3.
KNOWN = [(1, 3), (2, 3), (3, 5), (2, 2), (1, 4)]


@pytest.fixture
def known(world: SimpleNamespace) -> SimpleNamespace:
    """Agency A's program with the ready-made mentee instrument and the KNOWN answers."""
    instrument = instrument_add_ready_made(program=world.program_a, name="mentee", by=world.alice)
    people = []
    for number, (before, after) in enumerate(KNOWN, start=1):
        enrollment = EnrollmentFactory(
            program=world.program_a,
            person=PersonFactory(display_name=f"Mentee {number}"),
            role="mentee",
        )
        answered(instrument, enrollment, "before", {"confidence_skills": before})
        answered(instrument, enrollment, "closure", {"confidence_skills": after})
        people.append(enrollment)
    return SimpleNamespace(instrument=instrument, people=people, world=world)
