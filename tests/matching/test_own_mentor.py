"""A person who mentors in a program and is also mentored in it is never suggested, proposed or
paired as their own mentor: before, they could ask themselves, accept, and the mentorship's
conversation failed to open (an error page for both sides of the same person)."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from bridgeway.core.services import DomainError
from bridgeway.matching import services
from bridgeway.matching.selectors import matching_context
from bridgeway.matching.suggestions import mentee_context, suggested_mentor_ids
from bridgeway.programs.models import Enrollment
from bridgeway.relationships.models import MentorRequest
from bridgeway.relationships.services import requests_send
from tests.factories import EnrollmentFactory
from tests.matching.conftest import mentee_answers

pytestmark = pytest.mark.django_db


@pytest.fixture
def dana_as_mentee(cohort: SimpleNamespace) -> Enrollment:
    """Dana mentors in the program and now wants a mentor of her own in it too."""
    from bridgeway.programs.questionnaires.models import Answer, Question
    from bridgeway.programs.questionnaires.profiles import answers_write

    enrollment = EnrollmentFactory(
        program=cohort.program, person=cohort.dana.person, role="mentee", status="ready"
    )
    questions = {q.key: q for q in Question.objects.filter(program=cohort.program)}
    answers_write(
        new=[
            Answer(enrollment=enrollment, question=questions[key], value=value)
            for key, value in mentee_answers().items()
        ]
    )
    return enrollment


def test_she_is_never_among_her_own_suggestions(
    cohort: SimpleNamespace, dana_as_mentee: Enrollment
) -> None:
    suggested = suggested_mentor_ids(
        mentee=dana_as_mentee, context=mentee_context(mentee=dana_as_mentee), k=10
    )
    assert cohort.dana.pk not in suggested
    assert suggested  # the program's other mentors still are


def test_asking_herself_is_refused_and_nothing_is_sent(
    cohort: SimpleNamespace, dana_as_mentee: Enrollment
) -> None:
    with pytest.raises(DomainError):
        requests_send(
            mentee=dana_as_mentee, mentor_ids=[cohort.dana.pk], message="", by=cohort.dana.person
        )
    assert not MentorRequest.objects.filter(mentee=dana_as_mentee).exclude(status="skipped")


def test_a_coordinator_cannot_pair_her_with_herself_even_with_a_reason(
    cohort: SimpleNamespace, dana_as_mentee: Enrollment
) -> None:
    with pytest.raises(DomainError) as refused:
        services.proposal_set(
            program=cohort.program,
            by=cohort.world.bob,
            mentee_id=dana_as_mentee.pk,
            mentor_id=cohort.dana.pk,
            reason="They get along so well",
        )
    assert "cannot be their own mentor" in refused.value.message


def test_the_assignment_never_pairs_her_with_herself(
    cohort: SimpleNamespace, dana_as_mentee: Enrollment
) -> None:
    assignment = matching_context(program=cohort.program).assign("score")
    pairs = {(p.mentee, p.mentor) for p in assignment.pairs}
    assert (f"e-{dana_as_mentee.pk}", f"m-{cohort.dana.pk}") not in pairs
