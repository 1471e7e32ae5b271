"""The pages about one mentee keep the program's mentors compiled between requests: what they
show is exactly what an engine built from everyone at this request shows, and any change a
mentor, a coordinator or another server process makes is seen on the next request."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from bridgeway.matching import answers_cache
from bridgeway.matching.engine import Engine
from bridgeway.matching.selectors import matching_context, mentee_key
from bridgeway.programs.questionnaires.models import Answer, Question
from bridgeway.programs.questionnaires.profiles import answers_changed
from tests.matching.conftest import add_person, mentee_answers, mentor_answers

pytestmark = pytest.mark.django_db

ABOUT = [
    "Nurse from Beirut, ten years in intensive care, preparing the licensing exam.",
    "Software developer who moved from Lagos; likes open source and mentoring juniors.",
    "Accountant, CPA candidate, interested in public sector finance and volunteering.",
]


def _one_mentee(cohort: Any, mentee: Any) -> Any:
    return matching_context(program=cohort.program, include_mentee=mentee, mentee_ids=[mentee.pk])


def _whole_engine(context: Any) -> Engine:
    """The engine as every page built it before mentors were kept: all compiled now."""
    engine = context.engine
    mentors = [replace(p, capacity=context.free[p.id]) for p in engine.mentors]
    return Engine(engine.spec, engine.mentees, mentors, validate=False)


def _suggested(client: Client, enrollment: Any) -> str:
    response = client.get(reverse("matching:suggestions", args=[enrollment.pk]))
    assert response.status_code == 200
    return response.content.decode()


@pytest.fixture
def larger(cohort: Any) -> Any:
    """The cohort with more mentors, free texts and places, so rankings have ties to break."""
    for n in range(9):
        add_person(
            cohort.program,
            name=f"Helper {n}",
            role="mentor",
            capacity=1 + n % 3,
            answers=mentor_answers(
                languages={"ar": "native", "en": "fluent"} if n % 2 else {"en": "native"},
                career_goals=[["licensing"], ["job_search", "networking"], ["interviews"]][n % 3],
                about=ABOUT[n % 3],
            ),
        )
    for n in range(3):
        add_person(
            cohort.program,
            name=f"Waiting {n}",
            role="mentee",
            answers=mentee_answers(about=ABOUT[(n + 1) % 3]),
        )
    return cohort


def test_kept_mentors_give_exactly_the_suggestions_of_a_whole_engine(larger: Any) -> None:
    answers_cache.forget()
    mentees = list(larger.program.enrollments.filter(role="mentee").order_by("pk"))
    for mentee in mentees * 2:  # the second round reads the kept mentors
        context = _one_mentee(larger, mentee)
        whole = _whole_engine(context)
        key = mentee_key(mentee.pk)
        assert context.engine.suggest(key, k=5, shown={}, record=False) == whole.suggest(
            key, k=5, shown={}, record=False
        )
        for mentor in context.mentors:
            assert context.engine.score(key, mentor) == whole.score(key, mentor)


def test_the_same_mentors_are_compiled_once_per_process(cohort: Any) -> None:
    answers_cache.forget()
    first = _one_mentee(cohort, cohort.amal).engine
    again = _one_mentee(cohort, cohort.chen).engine
    assert first is not again
    assert first.mentors is again.mentors  # one compiled side served both mentees


def test_a_mentor_who_leaves_the_pool_is_gone_at_once(cohort: Any) -> None:
    client = Client()
    client.force_login(cohort.amal.person)
    assert "Why Dana" in _suggested(client, cohort.amal)
    cohort.dana.status = "withdrawn"
    cohort.dana.save(update_fields=["status"])
    assert "Why Dana" not in _suggested(client, cohort.amal)
    cohort.dana.status = "ready"
    cohort.dana.save(update_fields=["status"])
    assert "Why Dana" in _suggested(client, cohort.amal)


def test_a_changed_matching_rule_is_applied_at_once(cohort: Any) -> None:
    """Chen speaks only Farsi: while a shared language is a must, nobody fits."""
    client = Client()
    client.force_login(cohort.chen.person)
    assert "Why Dana" not in _suggested(client, cohort.chen)
    languages = Question.objects.get(program=cohort.program, key="languages")
    languages.rule = "none"
    languages.save()
    assert "Why Dana" in _suggested(client, cohort.chen)


def test_an_answer_changed_by_another_process_is_seen_here(cohort: Any) -> None:
    """Each process keeps its own copy; the shared version token tells them all."""
    client = Client()
    client.force_login(cohort.amal.person)
    assert "Why Dana" in _suggested(client, cohort.amal)
    # Another process saves Dana's profile: the rows change and so does the token in the
    # shared cache (answers_write does both); this process learns of it from the token.
    Answer.objects.filter(enrollment=cohort.dana, question__key="languages").update(
        value={"fr": "native"}
    )
    answers_changed(program_ids=[cohort.program.pk])
    assert "Why Dana" not in _suggested(client, cohort.amal)
