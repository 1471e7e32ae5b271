"""The participant dashboard reads a constant number of times, however many enrollments the
person holds: every panel fetches for all the person's enrollments at once."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from bridgeway.accounts.models import Person
from bridgeway.matching.models import MatchProposal
from bridgeway.programs.models import Enrollment, EnrollmentStatus, WaitlistEntry
from bridgeway.programs.questionnaires.models import Question
from bridgeway.programs.screening.models import (
    ScreeningCheck,
    ScreeningItem,
    SelfAssessment,
    SelfAssessmentQuestion,
)
from tests.factories import EnrollmentFactory, OrganizationFactory, PersonFactory, ProgramFactory
from tests.learning.conftest import make_module

pytestmark = pytest.mark.django_db

STATUSES = [
    EnrollmentStatus.APPLIED,
    EnrollmentStatus.SCREENING,
    EnrollmentStatus.TRAINING,
    EnrollmentStatus.READY,
    EnrollmentStatus.WAITLISTED,
    EnrollmentStatus.MATCHED,
]


def _program_with_everything(network: Any, number: int) -> Any:
    """A program whose every app has something to show on a participant's card."""
    agency = OrganizationFactory(network=network, slug=f"agency-{number}")
    program = ProgramFactory(organization=agency, name=f"Program {number}")
    item = ScreeningItem.objects.create(program=program, label={"en": "Police check"})
    ScreeningItem.objects.create(program=program, label={"en": "Reference"}, kind="reference")
    Question.objects.create(
        program=program, key="goal", kind="text", text={"en": "Your goal?"}, is_required=True
    )
    make_module(program, audience="mentee", title="Mentee basics", lessons=1)
    make_module(program, audience="mentor", title="Mentor basics", lessons=1)
    assessment = SelfAssessment.objects.create(program=program, threshold=1)
    SelfAssessmentQuestion.objects.create(assessment=assessment, text={"en": "Why mentor?"})
    return program, item


def _enroll(person: Person, network: Any, number: int, role: str, status: str) -> Enrollment:
    program, item = _program_with_everything(network, number)
    enrollment = EnrollmentFactory(program=program, person=person, role=role, status=status)
    ScreeningCheck.objects.create(
        enrollment=enrollment,
        item=item,
        status=ScreeningCheck.Status.PASSED,
        completed_at=timezone.now() - timedelta(days=400),
        expires_at=timezone.now() - timedelta(days=1),
    )
    if role == "mentee" and status in (EnrollmentStatus.READY, EnrollmentStatus.WAITLISTED):
        other = EnrollmentFactory(program=program, role="mentee", status=status)
        WaitlistEntry.objects.create(program=program, enrollment=other, position=1)
        WaitlistEntry.objects.create(program=program, enrollment=enrollment, position=2)
    if role == "mentor":
        mentee = EnrollmentFactory(program=program, role="mentee", status="ready")
        MatchProposal.objects.create(
            program=program, mentee=mentee, mentor=enrollment, score=50, source="manual"
        )
    return enrollment


def _count(client: Client) -> int:
    client.get(reverse("core:dashboard"))
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("core:dashboard"))
    assert response.status_code == 200
    return len(queries)


@pytest.mark.parametrize(
    ("role", "status"),
    [("mentee", "waitlisted"), ("mentee", "screening"), ("mentor", "ready")],
)
def test_the_dashboard_reads_as_often_for_twenty_enrollments_as_for_one(
    client: Client, network: Any, role: str, status: str
) -> None:
    person = PersonFactory()
    client.force_login(person)
    _enroll(person, network, 0, role, status)
    one = _count(client)
    for number in range(1, 20):
        _enroll(person, network, number, role, status)
    response = client.get(reverse("core:dashboard"))
    assert response.content.count(b'class="card" id="enrollment-') == 20
    assert _count(client) == one


def test_every_kind_of_enrollment_together_reads_a_fixed_number_of_times(
    client: Client, network: Any
) -> None:
    """One mentee and one mentor, then twenty of every status and both roles."""
    person = PersonFactory()
    client.force_login(person)
    _enroll(person, network, 0, "mentee", "waitlisted")
    _enroll(person, network, 1, "mentor", "ready")
    two = _count(client)
    for number in range(2, 22):
        role = "mentee" if (number // len(STATUSES)) % 2 else "mentor"
        _enroll(person, network, number, role, STATUSES[number % len(STATUSES)])
    assert _count(client) == two
