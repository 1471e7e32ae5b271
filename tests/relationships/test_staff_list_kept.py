"""A program's list of pairs as it opens (unfiltered), on the coordinators' page and in the
staff API: counted and its first page read by SQL compiled once per process, with the same
rows, pages and answers as the ORM's queryset; a filter or another page goes through the ORM."""

from __future__ import annotations

import re
from types import SimpleNamespace
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from rest_framework.test import APIClient

from bridgeway.relationships import selectors
from bridgeway.relationships.models import Relationship
from bridgeway.relationships.selectors import AllPairsForStaff, relationships_for_program
from bridgeway.relationships.staff_api import _LISTED_COLUMNS
from bridgeway.relationships.views import _PAIR_COLUMNS
from tests.relationships.test_query_counts import _people, _relationships
from tests.relationships.test_staff_filters import pairs  # noqa: F401 - a fixture

pytestmark = pytest.mark.django_db


def _without_kept(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every kept read of the list through the ORM, as before."""
    monkeypatch.setattr(selectors._all_pairs_counted, "compiled", lambda: None)
    for kept in selectors._FIRST_PAGES.values():
        monkeypatch.setattr(kept, "compiled", lambda: None)


@pytest.mark.parametrize("columns", [_PAIR_COLUMNS, _LISTED_COLUMNS])
def test_the_kept_list_is_the_orms_count_and_first_page(
    cohort: SimpleNamespace,
    pairs: SimpleNamespace,  # noqa: F811
    columns: tuple[str, ...],
) -> None:
    reader = cohort.world.bob
    kept = AllPairsForStaff(program=pairs.program, reader=reader, columns=columns, per_page=4)
    orm = relationships_for_program(program=pairs.program, reader=reader).only(*columns)
    assert selectors._all_pairs_counted.compiled() is not None
    assert kept.count() == orm.count() == 6
    first = kept[0:4]
    assert selectors._first_page(tuple(columns), 4).compiled() is not None
    assert [p.pk for p in first] == [p.pk for p in orm[0:4]]
    for one, other in zip(first, orm[0:4], strict=True):
        assert one.get_deferred_fields() == other.get_deferred_fields()
        assert (one.status, one.started_at, one.planned_end) == (
            other.status,
            other.started_at,
            other.planned_end,
        )
        assert (one.mentee.person.name, one.mentor.person.name) == (
            other.mentee.person.name,
            other.mentor.person.name,
        )
    assert [p.pk for p in kept[4:8]] == [p.pk for p in orm[4:8]]
    assert kept[0:0] == []


def test_a_staff_readers_own_mentorship_is_not_counted_or_listed(
    cohort: SimpleNamespace,
    pairs: SimpleNamespace,  # noqa: F811
) -> None:
    program = pairs.program
    [mentee] = _people(program, "mentee", 1, "matched", "own")
    [own] = _relationships([mentee], [pairs.earlier.mentor])
    reader = pairs.earlier.mentor.person
    kept = AllPairsForStaff(program=program, reader=reader, columns=_PAIR_COLUMNS, per_page=50)
    listed = {p.pk for p in kept[0:50]}
    assert own.pk not in listed
    assert pairs.earlier.pk not in listed
    assert kept.count() == len(listed) == 5
    other = AllPairsForStaff(
        program=cohort.world.program_b, reader=reader, columns=_PAIR_COLUMNS, per_page=50
    )
    assert other.count() == 0
    assert other[0:50] == []


def _page(client: Client, url: str, **query: Any) -> str:
    page = client.get(url, query).content.decode()
    # The CSRF token is masked afresh on each page.
    page = re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", page)
    return re.sub(r'data-csrf="[^"]+"', "", page)


@pytest.mark.parametrize("language", ["en", "fr"])
def test_the_page_and_the_api_answer_as_with_the_orms_reads(
    client: Client,
    cohort: SimpleNamespace,
    pairs: SimpleNamespace,  # noqa: F811
    monkeypatch: pytest.MonkeyPatch,
    language: str,
) -> None:
    bob = cohort.world.bob
    bob.preferred_language = language
    bob.save(update_fields=["preferred_language"])
    client.force_login(bob)
    api = APIClient()
    api.force_authenticate(bob)
    url = reverse("relationships:staff_list", args=[pairs.program.pk])
    api_url = reverse("api:staff-relationship-list", args=[pairs.program.pk])
    kept_page, kept_api = _page(client, url), api.get(api_url).json()
    assert kept_api["count"] == 6
    assert reverse("relationships:staff_relationship", args=[pairs.closed.pk]) in kept_page
    _without_kept(monkeypatch)
    assert _page(client, url) == kept_page
    assert api.get(api_url).json() == kept_api


def test_the_list_pages_beyond_the_first_as_before(
    client: Client,
    cohort: SimpleNamespace,
    pairs: SimpleNamespace,  # noqa: F811
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    program = pairs.program
    mentees = _people(program, "mentee", 50, "matched", "more")
    mentors = _people(program, "mentor", 50, "matched", "more-mentor")
    _relationships(mentees, mentors)
    assert Relationship.objects.filter(program=program).count() == 56
    client.force_login(cohort.world.bob)
    api = APIClient()
    api.force_authenticate(cohort.world.bob)
    url = reverse("relationships:staff_list", args=[program.pk])
    api_url = reverse("api:staff-relationship-list", args=[program.pk])
    kept = [
        _page(client, url),
        _page(client, url, pairs_page=2),
        api.get(api_url).json(),
        api.get(api_url, {"page": 2}).json(),
    ]
    assert len(kept[2]["results"]) == 50
    assert len(kept[3]["results"]) == 6
    assert api.get(api_url, {"page": 3}).status_code == 404
    _without_kept(monkeypatch)
    assert [
        _page(client, url),
        _page(client, url, pairs_page=2),
        api.get(api_url).json(),
        api.get(api_url, {"page": 2}).json(),
    ] == kept
