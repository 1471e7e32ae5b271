"""The writing steps of the request flow (bench/locustfile_requests.py) make the same number of
queries in a program of 10 people as in one of 100: sending a request among many mentors,
accepting one of many waiting requests, closing a mentorship with many meetings to come."""

from __future__ import annotations

import itertools
from collections.abc import Callable
from datetime import timedelta
from types import SimpleNamespace
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from bridgeway.notifications.models import ContactSettings, Delivery, Notification
from bridgeway.notifications.preferences import contact_settings
from bridgeway.programs.models import Enrollment
from bridgeway.relationships.models import Meeting, MentorRequest, Relationship
from tests.matching.conftest import add_person, mentee_answers, mentor_answers
from tests.relationships.test_query_counts import _people, _relationships, _requests

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("steady_session")]
R = MentorRequest.Status
# What each writing step makes here at most: the queries of the change itself (its reads under
# lock, its rows, one statement for the audit rows, the notifications and their deliveries of
# the change together) and of the live update after it.
# The request's two timers written without a savepoint since 2026-12-07 (SEND was 46).
SEND, ACCEPT, CLOSE = 44, 29, 26  # 60, 39, 60 before the cuts of 2026-12-06 (commit 51b12df)
# Closing: 27 while the page read the mentorship, then the closing read it again under its lock.
# Closing: 32 while the mentee's and the mentor's changes of status (matched to closed, then
# the mentor ready again) wrote three history rows and three UPDATEs one by one, and the
# program's instruments were read for the mentor ready again and then for the closure.
# Sending: 50 while the proposal and its audit row had two savepoints of their own (the mentee
# is locked and has no open proposal: nothing for them to protect). Closing: 33 while the
# mentee going from matched to closed read their place in the waiting list (they hold none).
# Sending: 53 while it read the request's timers before writing them (the request is new: none
# can be there), read the requests it had just written again, and asked with two queries
# whether the mentee had requests on their way or a proposal waiting.
# Sending: 54 while the service read the mentee again that the page or the API had just read.
# Declining with a next choice waiting: the mentee and the next mentor locked once (they were
# locked again, with the engine built again, for the proposal to the next mentor). 66 here:
# the decline with its proposal, audit rows and notifications, and the next request opened.
DECLINE = 66
# Sending: 57 while it locked the mentee, then the program after the scoring; it now reads the
# mentee, scores, then locks the mentee and the mentors asked at once and reads the places
# their mentorships hold again under those locks, to give no place twice. Accepting and
# closing: 32 and 36 with the program's lock and the mentorship read again for the live update.
_numbers = itertools.count()


def _counted(call: Callable[[], Any]) -> tuple[Any, int]:
    with CaptureQueriesContext(connection) as queries:
        response = call()
    return response, len(queries)


def _mentors(program: Any, n: int) -> None:
    for _ in range(n):
        add_person(
            program,
            name=f"Pool mentor {next(_numbers)}",
            role="mentor",
            capacity=1,
            answers=mentor_answers(),
        )


def test_sending_a_request_among_10_or_100_mentors(cohort: SimpleNamespace) -> None:
    api = APIClient()
    counts = []
    for n in (10, 90):
        _mentors(cohort.program, n)
        mentee = add_person(
            cohort.program, name=f"Asker {next(_numbers)}", role="mentee", answers=mentee_answers()
        )
        api.force_authenticate(mentee.person)
        found = api.get(reverse("api:matching-suggestions", args=[mentee.pk])).json()
        first = found["suggestions"][0]["mentor"]["enrollment"]
        contact_settings(Enrollment.objects.get(pk=first).person)  # as for someone told before
        url = reverse("api:relationships-mentor-requests", args=[mentee.pk])
        response, count = _counted(
            lambda url=url, first=first: api.post(
                url, {"mentor_ids": [first], "message": "Hello"}, format="json"
            )
        )
        assert response.status_code == 201, response.content
        assert MentorRequest.objects.get(mentee=mentee).status == R.WAITING
        counts.append(count)
    assert counts[0] == counts[1]
    assert counts[0] <= SEND, counts


def test_accepting_one_of_10_or_100_waiting_requests(cohort: SimpleNamespace) -> None:
    dana = cohort.dana
    Enrollment.objects.filter(pk=dana.pk).update(status="matched", capacity=500)
    api = APIClient()
    api.force_authenticate(dana.person)
    counts = []
    for n in (10, 90):
        _requests(_people(cohort.program, "mentee", n, "ready", "asker"), [dana] * n, R.WAITING)
        request = MentorRequest.objects.filter(mentor=dana, status=R.WAITING).latest("pk")
        contact_settings(request.mentee.person)
        url = reverse("api:relationships-request-accept", args=[dana.pk, request.pk])
        response, count = _counted(lambda url=url: api.post(url))
        assert response.status_code == 201, response.content
        assert response.json()["hours"] == 0
        counts.append(count)
    assert counts[0] == counts[1]
    assert counts[0] <= ACCEPT, counts


def test_accepting_for_a_mentee_never_told_before_creates_their_settings_in_one_statement(
    cohort: SimpleNamespace,
) -> None:
    """The first notification of someone creates their contact settings with the defaults: one
    statement for everyone told of the change (it was a read, a savepoint and an insert each)."""
    dana = cohort.dana
    Enrollment.objects.filter(pk=dana.pk).update(status="matched", capacity=5)
    _requests(_people(cohort.program, "mentee", 1, "ready", "first"), [dana], R.WAITING)
    request = MentorRequest.objects.filter(mentor=dana, status=R.WAITING).latest("pk")
    assert not ContactSettings.objects.filter(person=request.mentee.person).exists()
    api = APIClient()
    api.force_authenticate(dana.person)
    url = reverse("api:relationships-request-accept", args=[dana.pk, request.pk])
    response, count = _counted(lambda: api.post(url))
    assert response.status_code == 201, response.content
    assert count <= ACCEPT + 1, count
    settings = ContactSettings.objects.get(person=request.mentee.person)
    assert settings.phone == ""
    assert Delivery.objects.filter(notification__person=request.mentee.person).exists()


def test_sending_and_accepting_write_their_notifications_without_a_savepoint(
    cohort: SimpleNamespace,
) -> None:
    # The request and the mentorship are written by the same change as their notifications:
    # no other transaction can hold one named after them, so nothing is there to step over.
    api = APIClient()
    api.force_authenticate(cohort.amal.person)
    url = reverse("api:relationships-mentor-requests", args=[cohort.amal.pk])
    with CaptureQueriesContext(connection) as sending:
        response = api.post(url, {"mentor_ids": [cohort.dana.pk]}, format="json")
    assert response.status_code == 201, response.content
    request = MentorRequest.objects.get(mentee=cohort.amal, status=R.WAITING)
    api.force_authenticate(cohort.dana.person)
    url = reverse("api:relationships-request-accept", args=[cohort.dana.pk, request.pk])
    with CaptureQueriesContext(connection) as accepting:
        response = api.post(url)
    assert response.status_code == 201, response.content
    for queries in (sending, accepting):
        sql = [q["sql"] for q in queries]
        [insert] = [
            i for i, q in enumerate(sql) if q.startswith('INSERT INTO "notifications_notif')
        ]
        assert not sql[insert - 1].startswith("SAVEPOINT"), sql[insert - 1]
    kinds = {
        (n.person_id, n.kind, n.language)
        for n in Notification.objects.filter(person__in=[cohort.amal.person, cohort.dana.person])
    }
    assert kinds == {
        (cohort.dana.person_id, "relationships.request_new", ""),
        (cohort.amal.person_id, "relationships.started", ""),
    }
    assert Delivery.objects.filter(notification__person=cohort.amal.person).exists()
    assert Delivery.objects.filter(notification__person=cohort.dana.person).exists()


def test_closing_a_mentorship_with_10_or_100_meetings_to_come(
    client: Client, cohort: SimpleNamespace
) -> None:
    pages, closes = [], []
    for n in (10, 100):
        [mentee] = _people(cohort.program, "mentee", 1, "matched", "closer")
        mentor = add_person(
            cohort.program,
            name=f"Closing mentor {next(_numbers)}",
            role="mentor",
            status="matched",
            answers=mentor_answers(),
        )
        [relationship] = _relationships([mentee], [mentor])
        soon = timezone.now() + timedelta(days=1)
        Meeting.objects.bulk_create(
            Meeting(
                relationship=relationship,
                proposed_by=mentor.person,
                kind="phone",
                status="scheduled",
                starts_at=soon + timedelta(weeks=i),
            )
            for i in range(n)
        )
        for person in (mentee.person, mentor.person):
            contact_settings(person)
        client.force_login(mentee.person)
        url = reverse("relationships:close", args=[relationship.pk])
        page, count = _counted(lambda url=url: client.get(url))
        assert page.status_code == 200
        pages.append(count)
        response, count = _counted(lambda url=url: client.post(url, {"reason": "no_time"}))
        assert response.status_code == 302, response.content[:500]
        relationship.refresh_from_db()
        assert relationship.status == Relationship.Status.CLOSED
        assert not Meeting.objects.filter(relationship=relationship, status="scheduled").exists()
        closes.append(count)
    assert pages[0] == pages[1]
    assert closes[0] == closes[1]
    assert closes[0] <= CLOSE, closes


def test_a_place_taken_while_the_request_was_scored_is_not_offered_again(
    cohort: SimpleNamespace, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Sending scores the mentee before its locks (so that other requests for the same mentors
    # do not wait for the scoring) and reads the places of the mentors asked again under
    # them: a place taken in between is not given twice.
    from bridgeway.matching.services import proposal_from_choice
    from bridgeway.relationships import services

    api = APIClient()
    mentee = cohort.amal
    api.force_authenticate(mentee.person)
    found = api.get(reverse("api:matching-suggestions", args=[mentee.pk])).json()
    mentor = Enrollment.objects.get(pk=found["suggestions"][0]["mentor"]["enrollment"])
    Enrollment.objects.filter(pk=mentor.pk).update(capacity=1)
    other = add_person(cohort.program, name="Quicker", role="mentee", answers=mentee_answers())
    scored = services.mentee_context

    def scored_then_taken(*, mentee: Enrollment) -> Any:
        context = scored(mentee=mentee)
        proposal_from_choice(mentee=other, mentor=mentor, by=other.person)  # the last place
        return context

    monkeypatch.setattr(services, "mentee_context", scored_then_taken)
    response = api.post(
        reverse("api:relationships-mentor-requests", args=[mentee.pk]),
        {"mentor_ids": [mentor.pk], "message": "Hello"},
        format="json",
    )

    assert response.status_code == 400, response.content
    assert "None of these mentors has a free place any more" in response.content.decode()
    assert not MentorRequest.objects.filter(mentee=mentee).exclude(status=R.SKIPPED).exists()


def test_a_decline_passes_the_request_on_with_the_enrollments_locked_once(
    cohort: SimpleNamespace, monkeypatch: pytest.MonkeyPatch
) -> None:
    from bridgeway.matching import services as matching_services
    from bridgeway.programs.services import enrollments_lock
    from bridgeway.relationships import services

    locks: list[list[int]] = []

    def counted_lock(ids: Any) -> Any:
        locks.append(sorted(set(ids)))
        return enrollments_lock(ids)

    api = APIClient()
    counts = []
    for n in (10, 90):
        _mentors(cohort.program, n)
        mentee = add_person(
            cohort.program, name=f"Asker {next(_numbers)}", role="mentee", answers=mentee_answers()
        )
        api.force_authenticate(mentee.person)
        found = api.get(reverse("api:matching-suggestions", args=[mentee.pk])).json()
        first, second = (item["mentor"]["enrollment"] for item in found["suggestions"][:2])
        sent = api.post(
            reverse("api:relationships-mentor-requests", args=[mentee.pk]),
            {"mentor_ids": [first, second], "message": "Hello"},
            format="json",
        )
        assert sent.status_code == 201, sent.content
        request = MentorRequest.objects.get(mentee=mentee, mentor_id=first)
        mentor = Enrollment.objects.select_related("person").get(pk=first)
        for person in (mentee.person, mentor.person):
            contact_settings(person)
        api.force_authenticate(mentor.person)
        url = reverse("api:relationships-request-decline", args=[first, request.pk])
        locks.clear()
        with monkeypatch.context() as patched:
            patched.setattr(services, "enrollments_lock", counted_lock)
            patched.setattr(matching_services, "enrollments_lock", counted_lock)
            response, count = _counted(lambda url=url: api.post(url, {"reason": "no_time"}))
        assert response.status_code == 200, response.content
        request.refresh_from_db()
        assert request.status == R.DECLINED
        assert MentorRequest.objects.get(mentee=mentee, mentor_id=second).status == R.WAITING
        # The mentee and the next mentor, once, by id.
        assert locks == [sorted([mentee.pk, second])], locks
        counts.append(count)
    assert counts[0] == counts[1]
    assert counts[0] <= DECLINE, counts


@pytest.mark.parametrize("change", ["accept", "close"])
def test_the_live_update_of_a_mentorship_shows_its_text_without_reading_it_again(
    cohort: SimpleNamespace,
    monkeypatch: pytest.MonkeyPatch,
    django_capture_on_commit_callbacks: Any,
    change: str,
) -> None:
    # The bell of both people updates after the commit with the notification's text; the
    # change gave the rows it held (the mentorship with both people and the program).
    from bridgeway.notifications import outbox
    from bridgeway.relationships import closure, services

    events: list[tuple[int, dict[str, Any]]] = []
    monkeypatch.setattr(
        outbox, "notify_person", lambda *, person_id, event: events.append((person_id, event))
    )
    [request] = services.requests_send(
        mentee=cohort.amal, mentor_ids=[cohort.dana.pk], message="", by=cohort.amal.person
    )
    with django_capture_on_commit_callbacks() as callbacks:
        relationship = services.request_accept(request=request, by=cohort.dana.person)
        assert relationship is not None
        if change == "close":
            callbacks.clear()
            closure.relationship_close(
                relationship=relationship, by=cohort.amal.person, reason="no_time"
            )
    kind = "relationships.started" if change == "accept" else "relationships.closed"
    live = [
        c
        for c in callbacks
        if c.__qualname__.startswith("notify_many.")
        and any(n.kind == kind for _p, n, _v in c.__closure__[0].cell_contents)  # type: ignore[index]
    ]
    assert len(live) == 1
    with CaptureQueriesContext(connection) as queries:
        live[0]()

    texts = {person: event["text"] for person, event in events if event["type"] == "notification"}
    if change == "accept":  # the mentor who accepted knows: the mentee is told
        assert texts == {
            cohort.amal.person_id: "Your mentorship with Dana in Welcome Hosts A begins."
        }
    else:
        assert texts[cohort.amal.person_id].startswith("Your mentorship with Dana in ")
        assert texts[cohort.dana.person_id].startswith("Your mentorship with Amal in ")
    assert len(queries) == 1  # the unread counts; the mentorship is not read again


def test_the_reads_of_sending_and_accepting_are_compiled_once() -> None:
    # Each is compiled once per process: a queryset that stopped fitting (and went back to
    # the ORM on every request) shows here rather than as CPU in the benchmark.
    from bridgeway.relationships import agreements, selectors, services
    from bridgeway.relationships.models import MAX_CHOICES

    kept = [
        services._on_its_way,
        *(services._mentors_asked[n] for n in range(1, MAX_CHOICES + 1)),
        selectors._request_to_mentor,
        agreements._template_current,
    ]
    assert all(query.compiled() is not None for query in kept)
