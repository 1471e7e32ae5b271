"""In a large program the hand-set form does not list thousands of people: the coordinator
finds a mentee or a mentor by name or email and chooses among those found, with or without
JavaScript. (The cohort is small; the size from which a side is searched is lowered.)"""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from bridgeway.matching import pool
from bridgeway.matching.models import MatchProposal
from tests.matching.conftest import add_person, mentee_answers, mentor_answers

pytestmark = pytest.mark.django_db


@pytest.fixture
def searched(monkeypatch: pytest.MonkeyPatch, cohort: Any, client: Client) -> Any:
    monkeypatch.setattr(pool, "POOL_LISTED", 1)  # three mentees and three mentors: searched
    client.force_login(cohort.world.bob)
    return cohort


def _options(page: str, name: str) -> list[str]:
    select = re.search(rf'<select[^>]*name="{name}".*?</select>', page, re.S)
    assert select, f"no {name} select"
    return re.findall(r">([^<]*)</option>", select.group(0))


def _find(client: Client, cohort: Any, **query: Any) -> str:
    response = client.get(
        reverse("matching:pair_set", args=[cohort.program.pk]), {"find": "mentee", **query}
    )
    assert response.status_code == 200
    return response.content.decode()


def test_the_board_offers_a_search_instead_of_everyone(client: Client, searched: Any) -> None:
    response = client.get(reverse("matching:board", args=[searched.program.pk]))
    page = response.content.decode()
    assert response.status_code == 200
    assert _options(page, "mentee") == ["Find a mentee by name first"]
    assert _options(page, "mentor") == ["Find a mentor by name first"]
    assert '<label for="id_mentee_q">Find a mentee' in page
    assert "3 mentees are waiting: type part of a name or an email address." in page
    assert "3 mentors are in the pool" in page
    # The numbers still count everyone.
    assert response.context["numbers"] == {"mentees": 3, "mentors": 3, "free_places": 4}


def test_people_are_found_by_name_or_email_on_each_side(client: Client, searched: Any) -> None:
    page = _find(client, searched, mentee_q="ama", mentor_q="ELI@")
    assert _options(page, "mentee") == ["Choose among the people found", "Amal"]
    assert _options(page, "mentor") == ["Choose among the people found", "Eli (2/2)"]
    assert "1 person matches “ama”." in page
    assert 'value="ama"' in page  # what was typed stays in the field
    assert not MatchProposal.objects.exists()


def test_a_search_says_when_nobody_or_too_many_match(
    client: Client, searched: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    page = _find(client, searched, mentee_q="zz")
    assert "No waiting mentee matches “zz”." in page
    monkeypatch.setattr(pool, "SEARCH_SHOWN", 1)
    monkeypatch.setattr("bridgeway.matching.forms.SEARCH_SHOWN", 1)
    page = _find(client, searched, mentee_q="example.org")
    assert len(_options(page, "mentee")) == 2  # the prompt and the first one found
    assert "More than 1 match “example.org”: the first 1 are listed." in page


def test_a_mentee_with_an_open_proposal_is_not_found(client: Client, searched: Any) -> None:
    MatchProposal.objects.create(
        program=searched.program, mentee=searched.amal, mentor=searched.eli, score=50
    )
    assert _options(_find(client, searched, mentee_q="amal"), "mentee") == [
        "Choose among the people found"
    ]


def test_the_pair_chosen_among_those_found_is_previewed_and_proposed(
    client: Client, searched: Any
) -> None:
    url = reverse("matching:pair_set", args=[searched.program.pk])
    # The person chosen stays a choice whatever is typed next, so the pair can be sent.
    chosen = {"mentee": searched.amal.pk, "mentor": searched.dana.pk, "mentee_q": "x"}
    page = client.get(url, {**chosen, "run": ""}).content.decode()
    assert "Amal with Dana" in page
    assert "Amal" in _options(page, "mentee")
    response = client.post(url, {**chosen, "reason": ""})
    assert response.status_code == 302
    assert MatchProposal.objects.get().mentee == searched.amal


def test_the_live_search_gets_the_list_and_its_count(client: Client, searched: Any) -> None:
    """The search field asks the same page (HTMX) and takes its list and count from it."""
    page = client.get(reverse("matching:board", args=[searched.program.pk])).content.decode()
    field = re.search(r'<input type="search" name="mentee_q".*?>', page, re.S)
    assert field
    assert 'hx-select="#id_mentee"' in field.group(0)
    assert "#id_mentee_helptext:innerHTML" in field.group(0)
    assert 'role="status"' in page
    found = _find(client, searched, mentee_q="bo")
    assert re.search(r'<select[^>]*id="id_mentee"', found)
    assert 'id="id_mentee_helptext" role="status">1 person matches “bo”.' in found


def test_the_board_reads_as_many_queries_whatever_the_size(client: Client, searched: Any) -> None:
    url = reverse("matching:board", args=[searched.program.pk])
    client.get(url)
    with CaptureQueriesContext(connection) as small:
        client.get(url, {"mentee_q": "a"})
    for n in range(5):
        add_person(searched.program, name=f"Waiting {n}", role="mentee", answers=mentee_answers())
        add_person(searched.program, name=f"Helper {n}", role="mentor", answers=mentor_answers())
    with CaptureQueriesContext(connection) as large:
        page = client.get(url).content.decode()
    assert len(large.captured_queries) == len(small.captured_queries)
    assert "Waiting 0" not in page  # nobody listed until searched
