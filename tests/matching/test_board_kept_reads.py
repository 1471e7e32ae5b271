"""The match board's fixed reads (the program's questions, the pool's two sides and its count of
mentees, the first page of open proposals, the declines to act on) are compiled once per
process and give the rows the ORM's querysets give; the page says the same."""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from bridgeway.matching import pool, selectors
from bridgeway.matching.models import MatchProposal
from bridgeway.programs.models import EnrollmentRole
from bridgeway.programs.questionnaires.selectors import questions_for_program
from tests.factories import EnrollmentFactory, PersonFactory

pytestmark = pytest.mark.django_db


def _propose(cohort: Any, count: int, tag: str = "", **fields: Any) -> list[MatchProposal]:
    """`count` proposals to Eli, each for a new mentee, a minute apart (the newest last)."""
    start = timezone.now() - timedelta(hours=1)
    made = []
    for n in range(count):
        mentee = EnrollmentFactory(
            program=cohort.program,
            person=PersonFactory(
                display_name=f"Mentee {tag}{n:02d}", email=f"m{tag}{n}@example.org"
            ),
            role=EnrollmentRole.MENTEE,
            status="ready",
        )
        made.append(
            MatchProposal.objects.create(
                program=cohort.program,
                mentee=mentee,
                mentor=cohort.eli,
                score="61.50",
                reasons=[],
                source=MatchProposal.Source.MANUAL,
                created_by=cohort.world.bob,
                created_at=start + timedelta(minutes=n),
                **fields,
            )
        )
    return made


def _same(kept: list[Any], orm: list[Any]) -> None:
    """The same rows, each with the same values and the same people read with it."""
    assert [p.pk for p in kept] == [p.pk for p in orm]
    for one, other in zip(kept, orm, strict=True):
        assert (one.score, one.reasons, one.status, one.created_at) == (
            other.score,
            other.reasons,
            other.status,
            other.created_at,
        )
        assert one.mentee.person.name == other.mentee.person.name
        assert one.mentor.person.name == other.mentor.person.name


def test_the_boards_reads_are_kept_and_answer_as_the_orm(cohort: Any) -> None:
    program = cohort.program
    _propose(cohort, 3)
    _propose(cohort, 2, "declined ", status=MatchProposal.Status.DECLINED, closed_at=timezone.now())
    for kept in (
        pool._mentees_counted,
        pool._mentees_listed,
        pool._mentors_read,
        selectors._first_open_proposals,
        selectors._declines_shown,
    ):
        assert kept.compiled() is not None
    mentees = pool._mentee_pool(program.pk)
    assert pool._mentees_counted.list(program.pk) == [(mentees.count(),)]
    assert pool._mentees_listed.list(program.pk) == list(mentees.values_list(*pool.LISTED_FIELDS))
    assert pool._mentors_read.list(program.pk) == list(
        pool._mentor_pool(program.pk).values_list(
            "pk", "status", "capacity", "paused_until", "person__display_name", "person__email"
        )
    )
    assert [q.pk for q in selectors.program_questions(program_id=program.pk)] == [
        q.pk for q in questions_for_program(program=program)
    ]
    _same(
        selectors._first_open_proposals.list(program.pk),
        list(selectors.open_proposals_for_program(program=program)[:25]),
    )
    _same(
        selectors.declines_to_rematch_shown(program=program),
        list(selectors.declines_to_rematch(program=program)[:20]),
    )
    # Another program's rows are not among them.
    assert pool._mentees_counted.list(cohort.world.program_b.pk) == []
    assert selectors._first_open_proposals.list(cohort.world.program_b.pk) == []


def test_a_program_with_no_waiting_mentee_counts_none(client: Client, cohort: Any) -> None:
    for mentee in (cohort.amal, cohort.bo, cohort.chen):
        mentee.status = "matched"
        mentee.save(update_fields=["status"])
    client.force_login(cohort.world.bob)
    response = client.get(reverse("matching:board", args=[cohort.program.pk]))
    assert response.context["numbers"]["mentees"] == 0


KEPT = (
    (pool, "_mentees_counted"),
    (pool, "_mentees_listed"),
    (pool, "_mentors_read"),
    (selectors, "_questions"),
    (selectors, "_first_open_proposals"),
    (selectors, "_declines_shown"),
)


def _page(client: Client, url: str) -> str:
    page = client.get(url).content.decode()
    # The CSRF token is masked afresh on each page.
    page = re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", page)
    return re.sub(r'data-csrf="[^"]+"', "", page)


@pytest.mark.parametrize("language", ["en", "fr"])
def test_the_board_is_the_same_page_as_with_the_orms_reads(
    client: Client, cohort: Any, monkeypatch: pytest.MonkeyPatch, language: str
) -> None:
    _propose(cohort, 3)
    _propose(cohort, 2, "declined ", status=MatchProposal.Status.DECLINED, closed_at=timezone.now())
    cohort.world.bob.preferred_language = language
    cohort.world.bob.save(update_fields=["preferred_language"])
    client.force_login(cohort.world.bob)
    url = reverse("matching:board", args=[cohort.program.pk])
    kept = _page(client, url)
    assert "Mentee 02" in kept
    assert "Mentee declined 01" in kept
    assert ("Open proposals" in kept) == (language == "en")
    for module, name in KEPT:
        monkeypatch.setattr(getattr(module, name), "compiled", lambda: None)
    assert _page(client, url) == kept


def test_the_board_pages_through_open_proposals_newest_first(client: Client, cohort: Any) -> None:
    _propose(cohort, 27)
    client.force_login(cohort.world.bob)
    url = reverse("matching:board", args=[cohort.program.pk])
    first = client.get(url)
    second = client.get(url, {"page": 2})
    assert first.status_code == second.status_code == 200
    assert first.context["page"].paginator.count == 27
    shown = [p.mentee.person.name for p, _reasons in first.context["proposals"]]
    assert shown == [f"Mentee {n:02d}" for n in range(26, 1, -1)]
    rest = [p.mentee.person.name for p, _reasons in second.context["proposals"]]
    assert rest == ["Mentee 01", "Mentee 00"]
    assert "Page 1 of 2" in first.content.decode()
    # A page past the last gives the last.
    past = client.get(url, {"page": 9})
    assert [p.pk for p, _r in past.context["proposals"]] == [
        p.pk for p, _r in second.context["proposals"]
    ]


def test_the_board_reads_as_often_with_2_as_with_27_open_proposals(
    client: Client, cohort: Any
) -> None:
    client.force_login(cohort.world.bob)
    url = reverse("matching:board", args=[cohort.program.pk])
    _propose(cohort, 2)
    client.get(url)  # compiled
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    _propose(cohort, 25, "more ")
    with CaptureQueriesContext(connection) as many:
        client.get(url)
    assert len(many.captured_queries) == len(few.captured_queries)
