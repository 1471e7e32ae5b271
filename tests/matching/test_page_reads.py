"""The matching pages people open most (a mentee's suggestions, the match board, the preview of
a pair) read and never write, and ask the database the same number of questions whatever the
size of the program: each pool is read in one query, not a query per person."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from bridgeway.matching.models import MatchProposal
from bridgeway.programs.questionnaires.models import Answer
from bridgeway.programs.questionnaires.profiles import answers_write, profile_save
from tests.matching.conftest import add_person, mentee_answers, mentor_answers

pytestmark = pytest.mark.django_db

WRITES = re.compile(r"^\s*(INSERT|UPDATE|DELETE|REPLACE)\b", re.IGNORECASE)


def _get(client: Client, url: str, data: dict[str, Any] | None = None, **extra: Any) -> list[str]:
    """The SQL of one GET, after a first one that warms what is loaded once per process."""
    client.get(url, data or {}, **extra)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, data or {}, **extra)
    assert response.status_code == 200
    return [q["sql"] for q in queries.captured_queries]


def _pages(cohort: Any) -> dict[str, Callable[[Client], list[str]]]:
    program = cohort.program
    preview = {"mentee": cohort.amal.pk, "mentor": cohort.eli.pk}
    return {
        "suggestions": lambda c: _get(c, reverse("matching:suggestions", args=[cohort.amal.pk])),
        "board": lambda c: _get(c, reverse("matching:board", args=[program.pk])),
        "preview": lambda c: _get(
            c, reverse("matching:preview", args=[program.pk]), preview, HTTP_HX_REQUEST="true"
        ),
        "pair_set": lambda c: _get(c, reverse("matching:pair_set", args=[program.pk]), preview),
    }


def _client_for(page: str, cohort: Any) -> Client:
    client = Client()
    client.force_login(cohort.amal.person if page == "suggestions" else cohort.world.bob)
    return client


def _grow(cohort: Any, mentees: int, mentors: int) -> None:
    for n in range(mentees):
        add_person(cohort.program, name=f"Waiting {n}", role="mentee", answers=mentee_answers())
    for n in range(mentors):
        add_person(
            cohort.program,
            name=f"Helper {n}",
            role="mentor",
            capacity=2,
            answers=mentor_answers(languages={"ar": "native"}),
        )


@pytest.mark.parametrize("page", ["suggestions", "board", "preview", "pair_set"])
def test_a_matching_page_writes_nothing(cohort, page: str) -> None:
    sql = _pages(cohort)[page](_client_for(page, cohort))
    assert sql, "the page read nothing"
    assert [q for q in sql if WRITES.match(q)] == []


def test_the_preview_of_a_run_writes_nothing_and_runs_nothing(cohort) -> None:
    client = _client_for("board", cohort)
    page = client.post(reverse("matching:board", args=[cohort.program.pk]), {"objective": "score"})
    token = re.search(r'name="run" value="([^"]+)"', page.content.decode())
    assert token
    url = reverse("matching:preview", args=[cohort.program.pk])
    data = {"mentee": cohort.amal.pk, "mentor": cohort.dana.pk, "run": token.group(1)}
    sql = _get(client, url, data, HTTP_HX_REQUEST="true")
    assert [q for q in sql if WRITES.match(q)] == []
    assert (
        b"This is the pair the proposed assignment chose."
        in client.get(url, data, HTTP_HX_REQUEST="true").content
    )


def _propose(cohort: Any, mentee: Any, mentor: Any, status: str) -> None:
    MatchProposal.objects.create(
        program=cohort.program,
        mentee=mentee,
        mentor=mentor,
        score=50,
        source="manual",
        status=status,
    )


@pytest.mark.parametrize("page", ["suggestions", "board", "preview", "pair_set"])
def test_query_counts_do_not_grow_with_the_program(cohort, page: str) -> None:
    # An open proposal and a mentor's decline from the start: rows the pages read too.
    _propose(cohort, cohort.bo, cohort.eli, MatchProposal.Status.PROPOSED)
    _propose(cohort, cohort.amal, cohort.fay, MatchProposal.Status.DECLINED)
    client = _client_for(page, cohort)
    small = _pages(cohort)[page](client)
    _grow(cohort, mentees=6, mentors=4)
    mentees = list(
        cohort.program.enrollments.filter(role="mentee", person__display_name__startswith="Waiting")
    )
    mentors = list(
        cohort.program.enrollments.filter(role="mentor", person__display_name__startswith="Helper")
    )
    _propose(cohort, mentees[0], mentors[0], MatchProposal.Status.PROPOSED)
    _propose(cohort, mentees[1], mentors[1], MatchProposal.Status.PROPOSED)
    _propose(cohort, mentees[2], mentors[0], MatchProposal.Status.DECLINED)
    _propose(cohort, cohort.amal, mentors[2], MatchProposal.Status.DECLINED)
    large = _pages(cohort)[page](client)
    assert len(large) == len(small), "\n".join(large)


def test_the_board_counts_the_pool_as_the_engine_does(client: Client, cohort) -> None:
    """The board's numbers come from plain reads; a run over the engine agrees with them."""
    MatchProposal.objects.create(
        program=cohort.program, mentee=cohort.bo, mentor=cohort.eli, score=50, source="manual"
    )
    client.force_login(cohort.world.bob)
    url = reverse("matching:board", args=[cohort.program.pk])
    shown = client.get(url).context["numbers"]
    ran = client.post(url, {"objective": "score"}).context["numbers"]
    assert shown == ran == {"mentees": 2, "mentors": 3, "free_places": 3}


def _suggested(client: Client, cohort: Any) -> str:
    response = client.get(reverse("matching:suggestions", args=[cohort.amal.pk]))
    assert response.status_code == 200
    return response.content.decode()


def _change_answer(enrollment: Any, key: str, value: Any) -> None:
    answer = Answer.objects.select_related("question").get(enrollment=enrollment, question__key=key)
    answer.value = value
    answers_write(changed=[answer])


def test_a_mentor_who_changes_their_profile_is_scored_on_the_new_answers(cohort) -> None:
    """The mentors' answers kept between requests are read again once a profile changes."""
    client = _client_for("suggestions", cohort)
    assert "Why Dana" in _suggested(client, cohort)
    _change_answer(cohort.dana, "languages", {"fr": "native"})  # no language shared any more
    assert "Why Dana" not in _suggested(client, cohort)
    _change_answer(cohort.dana, "languages", {"ar": "native", "en": "native"})
    assert "Why Dana" in _suggested(client, cohort)


def test_a_new_mentor_and_a_removed_answer_are_seen_at_once(cohort) -> None:
    client = _client_for("suggestions", cohort)
    assert "Why Gus" not in _suggested(client, cohort)
    gus = add_person(
        cohort.program,
        name="Gus",
        role="mentor",
        capacity=3,
        answers=mentor_answers(languages={"ar": "native", "en": "native"}),
    )
    assert "Why Gus" in _suggested(client, cohort)
    # Gus clears his languages on his profile.
    profile_save(enrollment=gus, by=gus.person, answers={"languages": {}})
    assert not Answer.objects.filter(enrollment=gus, question__key="languages").exists()
    # Without a language, the rule that a language must be shared rules Gus out.
    assert "Why Gus" not in _suggested(client, cohort)


def test_places_breaks_and_declines_count_at_once(cohort) -> None:
    """What the process does not keep (places, breaks, declines) is read at each request."""
    client = _client_for("suggestions", cohort)
    assert "Why Dana" in _suggested(client, cohort)
    cohort.dana.paused_until = timezone.localdate() + timedelta(days=7)
    cohort.dana.save(update_fields=["paused_until"])
    assert "Why Dana" not in _suggested(client, cohort)
    cohort.dana.paused_until = None
    cohort.dana.capacity = 2
    cohort.dana.save(update_fields=["paused_until", "capacity"])
    assert "Why Dana" in _suggested(client, cohort)
    _propose(cohort, cohort.amal, cohort.dana, MatchProposal.Status.DECLINED)
    assert "Why Dana" not in _suggested(client, cohort)
