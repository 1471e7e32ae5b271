"""A mentor with two places who accepts two requests at the same moment (two tabs, or the app
and the API), or accepts one while another of their mentorships closes, gets both done; a
request answered and expiring at the same moment is answered once; a mentor's last place goes
to one taker whoever asks for it (two mentees, a coordinator, the re-offer of a freed place).
Each change runs in its own thread with its own database connection, as two requests to the
server do (on SQLite here, where the database takes one writer at a time; on PostgreSQL in the
run with the servers, where only the rows each change locks keep them apart:
programs.services.enrollments_lock)."""

from __future__ import annotations

import threading
from collections.abc import Callable
from datetime import timedelta
from types import SimpleNamespace
from typing import Any

import pytest
from django.db import connection, transaction
from django.utils import timezone

from bridgeway.core.services import DomainError
from bridgeway.matching.models import MatchProposal
from bridgeway.matching.services import PairChoice, proposals_accept
from bridgeway.notifications.models import Timer
from bridgeway.notifications.timers import timers_run_due
from bridgeway.programs.models import Enrollment, StatusChange
from bridgeway.relationships import agreements, closure, deadlines, services
from bridgeway.relationships.models import MentorRequest, Relationship
from bridgeway.relationships.reoffer import reoffer_soon
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
    # Her row was locked by each accept in turn: the second saw her matched already.
    assert StatusChange.objects.filter(enrollment=hana, to_status="matched").count() == 1


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
    # Each request scores its mentee before its locks and reads the mentor's places
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


def _places_held(mentor: Enrollment) -> int:
    """The places a mentor's open proposals and open mentorships hold (a mentorship replaces
    its proposal in one commit)."""
    return (
        MatchProposal.objects.filter(mentor=mentor, status=MatchProposal.Status.PROPOSED).count()
        + Relationship.objects.filter(mentor=mentor)
        .exclude(status=Relationship.Status.CLOSED)
        .count()
    )


def test_an_accept_and_the_expiry_at_the_same_moment_answer_the_request_once(
    cohort: SimpleNamespace, hana: Any
) -> None:
    waiting = _ask(cohort.amal, hana)
    expiry = Timer.objects.get(key=f"request:{waiting.pk}:expire")

    def expire() -> None:
        with transaction.atomic():
            deadlines.expire(expiry)

    errors = _at_once(lambda: services.request_accept(request=waiting, by=hana.person), expire)

    waiting.refresh_from_db()
    started = Relationship.objects.filter(request=waiting).count()
    if waiting.status == MentorRequest.Status.ACCEPTED:  # the mentor was first
        assert errors == []
        assert started == 1
        assert waiting.proposal is not None
        assert waiting.proposal.status == MatchProposal.Status.ACCEPTED
    else:  # the deadline was first: the mentor is told, nothing starts
        assert waiting.status == MentorRequest.Status.EXPIRED
        assert [str(error) for error in errors] == [
            "This request expired before your answer; it went to the mentee's next choice."
        ]
        assert started == 0
        assert waiting.proposal is not None
        assert waiting.proposal.status == MatchProposal.Status.EXPIRED


def test_a_coordinator_and_a_mentee_after_the_last_place_at_once_one_gets_it(
    cohort: SimpleNamespace, gita: Any
) -> None:
    # The mentee's own request locks the people it concerns, not the program; the
    # coordinator's proposal locks the program and the same people: they meet on the
    # mentor's row.
    ivo = add_person(
        cohort.program, name="Ivo", role="mentor", capacity=1, answers=mentor_answers()
    )

    errors = _at_once(
        lambda: _ask(cohort.amal, ivo),
        lambda: proposals_accept(
            program=cohort.program,
            by=cohort.world.alice,
            pairs=[PairChoice(gita.pk, ivo.pk, "She asked for him at the info session.")],
        ),
    )

    assert len(errors) == 1
    assert isinstance(errors[0], DomainError)
    assert str(errors[0]) in {
        "None of these mentors has a free place any more. Choose again.",
        "Ivo has no free place left.",
    }
    assert _places_held(ivo) == 1


def test_a_place_freed_beside_an_accept_is_offered_once(
    cohort: SimpleNamespace, gita: Any, hana: Any
) -> None:
    # Hana (two places) mentors Amal and is asked by Gita; Amal's mentorship closes as Hana
    # accepts Gita. The freed place is re-offered once, to one waiting mentee: never a third.
    cohort.program.reoffer_freed_places = True
    cohort.program.save()
    started = services.request_accept(request=_ask(cohort.amal, hana), by=hana.person)
    assert started is not None
    agreements.agreement_waive(agreement=started.agreement, by=cohort.world.bob, reason="paper")
    waiting = _ask(gita, hana)

    errors = _at_once(
        lambda: closure.relationship_close(
            relationship=started, by=cohort.amal.person, reason="no_time"
        ),
        lambda: services.request_accept(request=waiting, by=hana.person),
    )
    assert errors == []
    jo = add_person(cohort.program, name="Jo", role="mentee", answers=mentee_answers())
    # Two re-offer timers at once for the same place (the close's, and a second as if the
    # place had been freed twice): each runs under the program's and Hana's locks.
    with transaction.atomic():
        reoffer_soon(mentor=Enrollment.objects.select_related("program").get(pk=hana.pk), why="x")
    later = timezone.now() + timedelta(seconds=1)
    _at_once(lambda: timers_run_due(now=later), lambda: timers_run_due(now=later))

    hana.refresh_from_db()
    assert hana.status == "matched"
    offers = MentorRequest.objects.filter(mentor=hana, source=MentorRequest.Source.REOFFER)
    assert offers.count() == 1
    assert offers.get().mentee_id == jo.pk
    assert _places_held(hana) == 2  # Gita's mentorship and the offer: her two places


def test_the_reoffer_and_a_mentee_asking_for_the_last_place_at_once_one_gets_it(
    cohort: SimpleNamespace, gita: Any, hana: Any
) -> None:
    cohort.program.reoffer_freed_places = True
    cohort.program.save()
    # Hana mentors Gita; Amal's mentorship with her closed: one place of two is free.
    for mentee in (cohort.amal, gita):
        started = services.request_accept(request=_ask(mentee, hana), by=hana.person)
        assert started is not None
    closure.relationship_close(
        relationship=Relationship.objects.get(mentee=cohort.amal),
        by=cohort.amal.person,
        reason="no_time",
    )
    jo = add_person(cohort.program, name="Jo", role="mentee", answers=mentee_answers())
    later = timezone.now() + timedelta(seconds=1)

    errors = _at_once(lambda: timers_run_due(now=later), lambda: _ask(jo, hana))

    # Jo's request first (the offer then finds no place), or the offer first: to someone
    # waiting before Jo, or to Jo, who then has a request on its way already.
    assert [str(error) for error in errors] in (
        [],
        ["None of these mentors has a free place any more. Choose again."],
        ["Your requests are already on their way."],
    )
    assert _places_held(hana) == 2
