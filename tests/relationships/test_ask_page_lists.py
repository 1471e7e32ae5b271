"""The ask page reads the mentee's enrollment with whether each of its lists has anything, and
reads only the lists that do: the same lists as the selectors give, in one query for a mentee
who has not asked yet, and the same 404 for anyone else's enrollment."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

import pytest
from django.db import connection
from django.http import Http404
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from bridgeway.matching.models import MatchProposal
from bridgeway.matching.selectors import mentee_enrollment_get, open_proposal_for_mentee
from bridgeway.programs.models import Enrollment
from bridgeway.relationships import ask_page, services
from bridgeway.relationships.models import MentorRequest
from bridgeway.relationships.selectors import (
    open_requests_of_mentee,
    relationships_for_enrollments,
    requests_of_mentee,
)

pytestmark = pytest.mark.django_db


def _as_selectors_give(mentee: Enrollment) -> dict[str, Any]:
    return {
        "open_requests": [r.pk for r in open_requests_of_mentee(mentee=mentee)],
        "history": [r.pk for r in requests_of_mentee(mentee=mentee)],
        "relationships": [
            r.pk for r in relationships_for_enrollments(enrollment_ids=[mentee.pk])[mentee.pk]
        ],
        "proposal": getattr(open_proposal_for_mentee(mentee=mentee), "pk", None),
    }


def _read(mentee: Enrollment) -> dict[str, Any]:
    found, lists = ask_page.mentee_and_lists(person=mentee.person, enrollment_id=mentee.pk)
    same = mentee_enrollment_get(person=mentee.person, enrollment_id=mentee.pk)
    # The enrollment as the other readers give it: same fields, people and program loaded.
    assert found.pk == same.pk
    assert set(vars(found)) == set(vars(same))
    assert found.program.organization == same.program.organization
    assert found.person == same.person
    return {
        "open_requests": [r.pk for r in lists["open_requests"]],
        "history": [r.pk for r in lists["history"]],
        "relationships": [r.pk for r in lists["relationships"]],
        "proposal": getattr(lists["proposal"], "pk", None),
    }


def test_the_query_is_compiled_once() -> None:
    assert ask_page._mentee_and_flags.compiled() is not None


def test_a_mentee_who_has_not_asked_is_read_in_one_query(cohort: SimpleNamespace) -> None:
    amal = cohort.amal
    assert _read(amal) == {
        "open_requests": [],
        "history": [],
        "relationships": [],
        "proposal": None,
    }
    with CaptureQueriesContext(connection) as queries:
        ask_page.mentee_and_lists(person=amal.person, enrollment_id=amal.pk)
    assert len(queries) == 1


def test_each_list_is_the_selectors_one_as_the_requests_go(cohort: SimpleNamespace) -> None:
    amal, dana, eli, fay = cohort.amal, cohort.dana, cohort.eli, cohort.fay
    first, second, third = services.requests_send(
        mentee=amal, mentor_ids=[dana.pk, eli.pk, fay.pk], message="Hello", by=amal.person
    )
    seen = _read(amal)
    assert seen == _as_selectors_give(amal)
    assert seen["open_requests"] == [first.pk, second.pk, third.pk]
    services.request_decline(request=first, by=dana.person, reason="no_time")
    seen = _read(amal)
    assert seen == _as_selectors_give(amal)
    assert first.pk in seen["history"]
    assert seen["open_requests"]
    waiting = MentorRequest.objects.get(mentee=amal, status=MentorRequest.Status.WAITING)
    relationship = services.request_accept(request=waiting, by=waiting.mentor.person)
    seen = _read(amal)
    assert seen == _as_selectors_give(amal)
    assert seen["relationships"] == [relationship.pk]
    assert seen["open_requests"] == []


def test_a_coordinators_proposal_is_read(cohort: SimpleNamespace) -> None:
    chen = cohort.chen
    proposal = MatchProposal.objects.create(
        program=cohort.program,
        mentee=chen,
        mentor=cohort.dana,
        score=50,
        reasons=[],
        created_by=cohort.world.bob,
    )
    assert proposal.status == MatchProposal.Status.PROPOSED
    seen = _read(chen)
    assert seen == _as_selectors_give(chen)
    assert seen["proposal"] == proposal.pk


def test_anyone_elses_enrollment_is_not_found(client: Client, cohort: SimpleNamespace) -> None:
    for person, enrollment_id in (
        (cohort.bo.person, cohort.amal.pk),  # another mentee's
        (cohort.dana.person, cohort.dana.pk),  # a mentor's own
        (cohort.amal.person, 10**30),  # past the database's range
        (cohort.amal.person, 0),
    ):
        with pytest.raises(Http404):
            ask_page.mentee_and_lists(person=person, enrollment_id=enrollment_id)
    client.force_login(cohort.bo.person)
    assert client.get(reverse("relationships:ask", args=[cohort.amal.pk])).status_code == 404


def test_the_page_shows_the_requests_and_the_history(
    client: Client, cohort: SimpleNamespace
) -> None:
    amal, dana, eli = cohort.amal, cohort.dana, cohort.eli
    first, _second = services.requests_send(
        mentee=amal, mentor_ids=[dana.pk, eli.pk], message="", by=amal.person
    )
    services.request_decline(request=first, by=dana.person, reason="no_time")
    client.force_login(amal.person)
    page = client.get(reverse("relationships:ask", args=[amal.pk])).content.decode()
    assert "Earlier requests" in page
    shown = [*open_requests_of_mentee(mentee=amal), *requests_of_mentee(mentee=amal)]
    assert first in shown
    for request in shown:
        if request.status != MentorRequest.Status.QUEUED:
            url = reverse("relationships:mentee_request", args=[amal.pk, request.pk])
            assert f'href="{url}"' in page
