"""The flow's closing end reads each thing once: the close POST reads the mentorship only under
its lock, and the API's list of one's mentorships gives its first page (almost always the
whole list) without the paginator's count query. The answers, refusals and 404s are those of
before."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from rest_framework.test import APIClient

from bridgeway.relationships.models import Relationship
from bridgeway.relationships.selectors import LISTED_FIRST_PAGE
from tests.relationships.test_query_counts import _people, _relationships

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("steady_session")]


def _pair(cohort: SimpleNamespace) -> Relationship:
    [mentee] = _people(cohort.program, "mentee", 1, "matched", "closing")
    [mentor] = _people(cohort.program, "mentor", 1, "matched", "closer")
    [relationship] = _relationships([mentee], [mentor])
    return relationship


def test_someone_else_cannot_close_a_mentorship_by_the_page(
    client: Client, cohort: SimpleNamespace
) -> None:
    relationship = _pair(cohort)
    url = reverse("relationships:close", args=[relationship.pk])
    for outsider in (cohort.amal.person, cohort.world.alice):  # another mentee, the staff
        client.force_login(outsider)
        assert client.get(url).status_code == 404
        assert client.post(url, {"reason": "no_time"}).status_code == 404
        assert client.post(url, {"reason": ""}).status_code == 404
    missing = reverse("relationships:close", args=[relationship.pk + 1000])
    client.force_login(relationship.mentee.person)
    assert client.post(missing, {"reason": "no_time"}).status_code == 404
    relationship.refresh_from_db()
    assert relationship.status == Relationship.Status.ACTIVE


def test_the_page_closes_once_and_then_says_it_is_closed(
    client: Client, cohort: SimpleNamespace
) -> None:
    relationship = _pair(cohort)
    url = reverse("relationships:close", args=[relationship.pk])
    client.force_login(relationship.mentee.person)
    response = client.post(url, {"reason": "no_time"}, follow=True)
    assert response.redirect_chain == [
        (reverse("relationships:survey", args=[relationship.pk]), 302)
    ]
    assert "The mentorship is closed. You are both told." in response.content.decode()
    again = client.post(url, {"reason": "no_time"})
    assert again.status_code == 200
    assert "This mentorship is already closed." in again.content.decode()
    refused = client.post(url, {"reason": "other", "note": " "})
    assert refused.status_code == 200


def test_someone_elses_mentorship_is_a_404_in_the_api_before_its_data_is_checked(
    cohort: SimpleNamespace,
) -> None:
    relationship = _pair(cohort)
    url = reverse("api:relationship-close", args=[relationship.pk])
    api = APIClient()
    api.force_authenticate(cohort.amal.person)
    assert api.post(url, {"reason": "nonsense"}, format="json").status_code == 404
    assert api.post(url, {"reason": "no_time"}, format="json").status_code == 404
    api.force_authenticate(relationship.mentor.person)
    bad = api.post(url, {"reason": "nonsense"}, format="json")
    assert bad.status_code == 400
    assert bad.json()["reason"] == ["Choose a reason from the list."]
    closed = api.post(url, {"reason": "no_time"}, format="json")
    assert closed.status_code == 200
    assert closed.json()["status"] == "closed"
    assert api.post(url, {"reason": "no_time"}, format="json").status_code == 400


def test_the_list_of_ones_mentorships_is_the_paginators_without_its_count(
    cohort: SimpleNamespace,
) -> None:
    dana = cohort.dana
    api = APIClient()
    api.force_authenticate(dana.person)
    url = reverse("api:relationship-list")

    def counted(address: str) -> tuple[dict, int]:
        with CaptureQueriesContext(connection) as queries:
            response = api.get(address)
        assert response.status_code == 200
        return response.json(), len(queries)

    for n in (0, 3, LISTED_FIRST_PAGE - 3):  # then a whole page
        mentees = _people(cohort.program, "mentee", n, "closed", "listed")
        _relationships(mentees, [dana] * n, status="closed")
        kept, queries = counted(url)
        paged, paged_queries = counted(url + "?page=1")  # through DRF's paginator
        assert kept == paged
        # no count (an empty list: the paginator counts and reads no page, one query too)
        assert queries == paged_queries - (1 if n else 0)
    assert kept["count"] == LISTED_FIRST_PAGE
    assert kept["next"] is None
    # A list longer than a page goes through the paginator: its count and its next page.
    mentees = _people(cohort.program, "mentee", 1, "closed", "listed")
    _relationships(mentees, [dana], status="closed")
    longer, _queries = counted(url)
    assert longer == counted(url + "?page=1")[0]
    assert longer["count"] == LISTED_FIRST_PAGE + 1
    assert longer["next"].endswith("?page=2")
    assert len(longer["results"]) == LISTED_FIRST_PAGE
