"""A mentor with two places who accepts two requests at the same moment (two tabs, or the app
and the API), or accepts one while another of their mentorships closes, gets both done: each
answer runs in its own thread with its own database connection, as two requests to the server
do (on SQLite here, on PostgreSQL in the run with the servers)."""

from __future__ import annotations

import threading
from collections.abc import Callable
from types import SimpleNamespace
from typing import Any

import pytest
from django.db import connection

from bridgeway.relationships import agreements, closure, services
from bridgeway.relationships.models import MentorRequest, Relationship
from tests.matching.conftest import add_person, mentee_answers, mentor_answers

pytestmark = pytest.mark.django_db(transaction=True)


def _at_once(*calls: Callable[[], Any]) -> list[BaseException]:
    """Run the calls in threads released together; the errors they raised."""
    start = threading.Barrier(len(calls), timeout=30)
    errors: list[BaseException] = []

    def run(call: Callable[[], Any]) -> None:
        try:
            start.wait()
            call()
        except BaseException as error:  # reported to the test below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(call,)) for call in calls]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not any(thread.is_alive() for thread in threads)
    return errors


def _ask(mentee: Any, mentor: Any) -> MentorRequest:
    [request] = services.requests_send(
        mentee=mentee, mentor_ids=[mentor.pk], message="", by=mentee.person
    )
    return request


@pytest.fixture
def gita(cohort: SimpleNamespace) -> Any:
    """A second mentee like Amal."""
    return add_person(cohort.program, name="Gita", role="mentee", answers=mentee_answers())


@pytest.fixture
def hana(cohort: SimpleNamespace) -> Any:
    """A mentor with two places who fits Amal and Gita."""
    return add_person(
        cohort.program, name="Hana", role="mentor", capacity=2, answers=mentor_answers()
    )


def test_two_requests_accepted_at_once_both_start(
    cohort: SimpleNamespace, gita: Any, hana: Any
) -> None:
    first, second = _ask(cohort.amal, hana), _ask(gita, hana)

    errors = _at_once(
        lambda: services.request_accept(request=first, by=hana.person),
        lambda: services.request_accept(request=second, by=hana.person),
    )

    assert errors == []
    assert set(Relationship.objects.filter(mentor=hana).values_list("mentee", flat=True)) == {
        cohort.amal.pk,
        gita.pk,
    }
    hana.refresh_from_db()
    assert hana.status == "matched"


def test_an_accept_beside_a_closing_mentorship_keeps_the_mentor_matched(
    cohort: SimpleNamespace, gita: Any, hana: Any
) -> None:
    started = services.request_accept(request=_ask(cohort.amal, hana), by=hana.person)
    agreements.agreement_waive(agreement=started.agreement, by=cohort.world.bob, reason="paper")
    waiting = _ask(gita, hana)

    errors = _at_once(
        lambda: closure.relationship_close(
            relationship=started, by=cohort.amal.person, reason="no_time"
        ),
        lambda: services.request_accept(request=waiting, by=hana.person),
    )

    assert errors == []
    assert Relationship.objects.get(mentee=gita).status == "agreement"
    assert Relationship.objects.get(mentee=cohort.amal).status == "closed"
    hana.refresh_from_db()
    assert hana.status == "matched"  # not "ready": a mentee is with them


def test_two_mentees_asking_the_last_place_at_once_one_is_told_it_is_gone(
    cohort: SimpleNamespace, gita: Any
) -> None:
    # Each request scores its mentee before the program's lock and reads the mentor's places
    # again once it holds it: the second sees the place the first took.
    ivo = add_person(
        cohort.program, name="Ivo", role="mentor", capacity=1, answers=mentor_answers()
    )

    errors = _at_once(lambda: _ask(cohort.amal, ivo), lambda: _ask(gita, ivo))

    assert [str(error) for error in errors] == [
        "None of these mentors has a free place any more. Choose again."
    ]
    assert (
        MentorRequest.objects.filter(mentor=ivo, status=MentorRequest.Status.WAITING).count() == 1
    )
