"""The match board asks a fixed number of queries, and its pool's reads say the same as the
ORM's querysets when a side is too large to list."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from bridgeway.matching import pool

pytestmark = pytest.mark.django_db

# The match board of a program whose two sides fit in the hand-set form's lists: the session
# and person (2), the header's row with two-step (1: 2 before), the program, the questions, the open
# proposals (mentees left out, places they take), the places held by pairs and groups, the
# mentors with their places and names (1: 2 before), the waiting mentees listed and counted
# (1: 2 before), the first page of open proposals, the declines to act on, the header's
# community link, and the person's agencies.
BOARD_QUERIES = 12


def test_the_board_asks_a_fixed_number_of_queries(
    client: Client, cohort: Any, settings: Any
) -> None:
    # The session in the database on every engine: with Redis (the PostgreSQL run) the
    # session is read from the cache, one query fewer, which is not what this counts.
    settings.SESSION_ENGINE = "bridgeway.accounts.session_engines.db"
    client.force_login(cohort.world.bob)
    url = reverse("matching:board", args=[cohort.program.pk])
    client.get(url)  # the session's first save
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    assert len(queries) == BOARD_QUERIES, "\n".join(q["sql"][:120] for q in queries)
    assert response.context["numbers"] == {"mentees": 3, "mentors": 3, "free_places": 4}


def test_a_pool_larger_than_the_list_is_counted_and_searched(
    cohort: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    listed = pool.pool_get(program=cohort.program)
    assert listed.mentees.total == 3
    assert not listed.mentees.searched
    assert [label for _pk, label in listed.mentees.choices] == sorted(
        (label for _pk, label in listed.mentees.choices), key=str.casefold
    )
    monkeypatch.setattr(pool, "POOL_LISTED", 2)
    searched = pool.pool_get(program=cohort.program)
    # Counted in full, and nobody listed until a name is searched.
    assert searched.mentees.total == searched.mentors.total == 3
    assert searched.mentees.searched
    assert searched.mentors.searched
    assert searched.mentees.choices == searched.mentors.choices == []
    assert searched.numbers == listed.numbers
