"""A mentor's self-assessment on the dashboard is read with SQL kept per process: the same
assessment and latest result as the ORM's reading, before and after answering, and none
while the program's self-assessment has no question."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

import pytest

from bridgeway.programs.models import Enrollment
from bridgeway.programs.screening import assessments, selectors
from bridgeway.programs.screening.models import SelfAssessment
from bridgeway.programs.screening.panels import (
    _assessments_and_results,
    _kept_latest_result,
    _kept_open_assessment,
    enrollment_panel,
)
from tests.factories import EnrollmentFactory
from tests.screening.conftest import best_answers, worst_answers

pytestmark = pytest.mark.django_db


def _as_orm(mentor: Enrollment) -> tuple[dict[int, Any], dict[int, Any]]:
    found = selectors.open_assessments_for_programs(program_ids={mentor.program_id})
    return found, selectors.latest_results(
        enrollments=[mentor] if mentor.program_id in found else []
    )


def test_it_keeps_the_sql(mentor: Enrollment, assessment: Any) -> None:
    _assessments_and_results(mentors=[mentor])
    assert _kept_open_assessment.compiled() is not None
    assert _kept_latest_result.compiled() is not None


def test_it_reads_what_the_orm_reads(mentor: Enrollment, assessment: Any) -> None:
    assert _assessments_and_results(mentors=[mentor]) == _as_orm(mentor) != ({}, {})
    assessments.assessment_submit(enrollment=mentor, answers=worst_answers(assessment))
    assessments.assessment_submit(enrollment=mentor, answers=best_answers(assessment))
    kept = _assessments_and_results(mentors=[mentor])
    assert kept == _as_orm(mentor)
    assert kept[1][mentor.pk].score == 100
    shown = enrollment_panel(enrollments=[mentor], person=mentor.person)
    assert shown[mentor.pk]["result"].score == 100
    assert shown[mentor.pk]["advice"]


def test_an_assessment_without_questions_is_not_shown(
    world: SimpleNamespace, mentor: Enrollment
) -> None:
    SelfAssessment.objects.create(program=world.program_a, threshold=60)
    assert _assessments_and_results(mentors=[mentor]) == _as_orm(mentor) == ({}, {})
    assert enrollment_panel(enrollments=[mentor], person=mentor.person) == {}


def test_several_mentor_enrollments_read_what_the_orm_reads(
    world: SimpleNamespace, mentor: Enrollment, assessment: Any
) -> None:
    other = EnrollmentFactory(
        program=world.program_b, person=mentor.person, role="mentor", status="screening"
    )
    assessments.assessment_submit(enrollment=mentor, answers=best_answers(assessment))
    found = selectors.open_assessments_for_programs(
        program_ids={mentor.program_id, other.program_id}
    )
    expected = (found, selectors.latest_results(enrollments=[mentor]))
    assert _assessments_and_results(mentors=[mentor, other]) == expected
    assert set(expected[0]) == {mentor.program_id}
