"""The header's links to the community and the library: the query each process keeps compiled
answers for every person exactly what the query built for that person answers, in one query."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from bridgeway.dashboard import context_processors as header
from tests.community.conftest import spaces  # noqa: F401 - the community's spaces fixture

pytestmark = pytest.mark.django_db

PEOPLE = ("alice", "bob", "carol", "dave", "grace", "mallory", "erin", "frank")


def _built(person: object) -> dict[str, bool]:
    row = header._query(person).first() or {}
    return {
        "community": bool(row.get("spaces") or row.get("topics") or row.get("expert")),
        "library": bool(row.get("resources")),
    }


def test_the_kept_query_is_used_and_answers_as_the_built_one(world: SimpleNamespace) -> None:
    assert header._kept_query() is not None
    for name in PEOPLE:
        person = getattr(world, name)
        assert header._sections(person) == _built(person), name


def test_with_spaces_each_person_is_answered_for_themselves(
    world: SimpleNamespace,
    spaces: SimpleNamespace,  # noqa: F811 - the fixture
) -> None:
    answers = {}
    for name in PEOPLE:
        person = getattr(world, name)
        with CaptureQueriesContext(connection) as queries:
            answers[name] = header._sections(person)
        assert len(queries) == 1
        assert answers[name] == _built(person), name
    assert answers["erin"]["community"]
    assert not answers["mallory"]["community"]


def test_the_header_links_to_the_community_only_for_those_it_reaches(
    client: Client,
    world: SimpleNamespace,
    spaces: SimpleNamespace,  # noqa: F811 - the fixture
) -> None:
    link = f'href="{reverse("community:home")}"'
    client.force_login(world.erin)
    assert link in client.get(reverse("core:dashboard")).content.decode()
    client.force_login(world.mallory)
    assert link not in client.get(reverse("core:dashboard")).content.decode()
