"""The engine reads the vectors kept with free-text answers instead of analysing the texts, and
scores exactly as it would from the texts."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from bridgeway.matching.engine import text_vector
from bridgeway.matching.selectors import MatchContext, matching_context
from bridgeway.programs.questionnaires.models import Answer
from tests.matching.conftest import add_person, mentee_answers, mentor_answers

pytestmark = pytest.mark.django_db

NURSE = "I was a nurse in Aleppo for ten years, in a children's hospital."
DEVELOPER = "I write software for banks; I like chess and hiking with my kids."


@pytest.fixture
def writers(cohort: SimpleNamespace) -> SimpleNamespace:
    """A mentee and two mentors of the cohort who wrote about themselves."""
    program = cohort.program
    return SimpleNamespace(
        program=program,
        rania=add_person(program, name="Rania", role="mentee", answers=mentee_answers(about=NURSE)),
        nurse=add_person(
            program,
            name="Nour",
            role="mentor",
            answers=mentor_answers(about="Nurse at a children's hospital in Toronto."),
        ),
        developer=add_person(
            program, name="Dev", role="mentor", answers=mentor_answers(about=DEVELOPER)
        ),
    )


def _every_score(context: MatchContext) -> list[tuple[str, str, float, tuple]]:
    return [
        (pair.mentee, pair.mentor, pair.score, pair.reasons)
        for mentee in context.mentees.values()
        for mentor in context.mentors.values()
        for pair in [context.score(mentee, mentor)]
    ]


def _vectors_given(context: MatchContext) -> dict[str, dict[str, str]]:
    assert context.engine is not None
    people = [*context.engine.mentees, *context.engine.mentors]
    return {p.id: dict(p.text_vectors) for p in people if p.text_vectors}


def test_the_engine_gets_the_vector_saved_with_each_text(writers) -> None:
    context = matching_context(program=writers.program)
    given = _vectors_given(context)
    assert given == {
        f"e-{writers.rania.pk}": {"about": text_vector(NURSE)},
        f"m-{writers.nurse.pk}": {
            "about": text_vector("Nurse at a children's hospital in Toronto.")
        },
        f"m-{writers.developer.pk}": {"about": text_vector(DEVELOPER)},
    }


def test_scores_are_the_same_with_and_without_vectors(writers) -> None:
    cached = matching_context(program=writers.program)
    Answer.objects.update(text_vector="")
    fresh = matching_context(program=writers.program)
    assert _vectors_given(fresh) == {}
    assert _every_score(cached) == _every_score(fresh)
    assert cached.assign("score").pairs == fresh.assign("score").pairs
    # The texts count: the nurse mentor earns more for Rania than the developer does.
    assert cached.score(writers.rania, writers.nurse).score > (
        cached.score(writers.rania, writers.developer).score
    )


def test_a_vector_from_an_older_engine_is_not_given_to_the_engine(writers) -> None:
    cached = matching_context(program=writers.program)
    Answer.objects.filter(enrollment=writers.rania, question__key="about").update(
        text_vector="c0:AAAA"
    )
    context = matching_context(program=writers.program)
    assert f"e-{writers.rania.pk}" not in _vectors_given(context)
    assert f"m-{writers.nurse.pk}" in _vectors_given(context)
    assert _every_score(context) == _every_score(cached)
