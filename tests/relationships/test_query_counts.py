"""Every list of requests and relationships, on the pages and in the API, makes the same number
of queries with 10 rows as with 100: a coordinator with a large program, a mentor with many
requests waiting, a pair with a long history never wait on one query per row."""

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

from bridgeway.accounts.models import Person
from bridgeway.programs.models import Enrollment
from bridgeway.relationships import agreements, services
from bridgeway.relationships.models import (
    Agreement,
    CheckIn,
    ClosureSurvey,
    Goal,
    GoalNote,
    Meeting,
    MeetingLog,
    MentorRequest,
    Relationship,
    StaffContact,
)
from tests.matching.conftest import add_person, mentor_answers

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("steady_session")]
R = MentorRequest.Status
_numbers = itertools.count()


def _people(program: Any, role: str, n: int, status: str, tag: str) -> list[Enrollment]:
    """n people enrolled in the program in one role (rows written in bulk: only their number
    matters here)."""
    first = next(_numbers)
    for _ in range(n - 1):
        next(_numbers)
    people = Person.objects.bulk_create(
        Person(
            email=f"{tag}{first + i}@crowd.example",
            display_name=f"{tag.title()} {first + i}",
            time_zone="Asia/Manila" if i % 2 else "America/Toronto",
        )
        for i in range(n)
    )
    people = list(
        Person.objects.filter(email__in=[f"{tag}{first + i}@crowd.example" for i in range(n)])
    )
    Enrollment.objects.bulk_create(
        Enrollment(program=program, person=p, role=role, status=status, capacity=50) for p in people
    )
    return list(
        Enrollment.objects.filter(program=program, person__in=people).select_related("person")
    )


def _requests(mentees: list[Enrollment], mentors: list[Enrollment], status: str) -> None:
    now = timezone.now()
    MentorRequest.objects.bulk_create(
        MentorRequest(
            program=mentee.program,
            mentee=mentee,
            mentor=mentor,
            source=MentorRequest.Source.MENTEE,
            status=status,
            message=f"Hello from {mentee.person.display_name}",
            sent_at=now - timedelta(days=1),
            due_at=now + timedelta(days=13),
            answered_at=None if status == R.WAITING else now,
            decline_reason="no_time" if status == R.DECLINED else "",
        )
        for mentee, mentor in zip(mentees, mentors, strict=True)
    )


def _relationships(
    mentees: list[Enrollment], mentors: list[Enrollment], status: str = "active"
) -> list[Relationship]:
    now = timezone.now()
    made = Relationship.objects.bulk_create(
        Relationship(
            program=mentee.program,
            mentee=mentee,
            mentor=mentor,
            status=status,
            started_at=now - timedelta(days=90),
            activated_at=now - timedelta(days=85),
            closed_at=now if status == "closed" else None,
            planned_end=(now + timedelta(days=90)).date(),
        )
        for mentee, mentor in zip(mentees, mentors, strict=True)
    )
    Agreement.objects.bulk_create(Agreement(relationship=r, channels=["video"]) for r in made)
    return made


def _same_count(fill: Callable[[int], None], *views: Callable[[], Any]) -> None:
    """Fill to 10 rows, count each view's queries; fill to 100, count again: the same."""

    def counts() -> list[int]:
        found = []
        for view in views:
            with CaptureQueriesContext(connection) as queries:
                response = view()
                assert response.status_code == 200, response.content[:500]
            found.append(len(queries))
        return found

    fill(10)
    few = counts()
    fill(90)
    assert counts() == few


@pytest.fixture
def pair(cohort: SimpleNamespace) -> Relationship:
    """Amal and Dana, under way."""
    [request] = services.requests_send(
        mentee=cohort.amal, mentor_ids=[cohort.dana.pk], message="", by=cohort.amal.person
    )
    relationship = services.request_accept(request=request, by=cohort.dana.person)
    agreements.agreement_waive(agreement=relationship.agreement, by=cohort.world.bob, reason="x")
    relationship.refresh_from_db()
    return relationship


def test_the_coordinators_requests_and_relationships(
    client: Client, cohort: SimpleNamespace
) -> None:
    program = cohort.program

    def fill(n: int) -> None:
        mentees = _people(program, "mentee", 2 * n, "matched", "mentee")
        mentors = _people(program, "mentor", 2 * n, "matched", "mentor")
        _requests(mentees[:n], mentors[:n], R.DECLINED)
        _requests(mentees[n:], mentors[n:], R.ACCEPTED)
        _relationships(mentees[n:], mentors[n:])

    url = reverse("relationships:staff_list", args=[program.pk])
    client.force_login(cohort.world.bob)
    _same_count(fill, lambda: client.get(url), lambda: client.get(url, {"page": 2}))


def test_a_mentors_waiting_requests_on_the_dashboard_the_request_and_the_api(
    client: Client, cohort: SimpleNamespace
) -> None:
    dana = cohort.dana
    first: list[MentorRequest] = []

    def fill(n: int) -> None:
        mentees = _people(cohort.program, "mentee", n, "ready", "mentee")
        _requests(mentees, [dana] * n, R.WAITING)
        first[:] = [MentorRequest.objects.filter(mentor=dana).order_by("pk").first()]

    api = APIClient()
    api.force_authenticate(dana.person)
    client.force_login(dana.person)
    _same_count(
        fill,
        lambda: client.get(reverse("core:dashboard")),
        lambda: client.get(reverse("relationships:request", args=[dana.pk, first[0].pk])),
        lambda: api.get(reverse("api:relationships-requests-received", args=[dana.pk])),
    )


def test_a_mentee_asking_among_many_mentors_and_with_a_long_history(
    client: Client, cohort: SimpleNamespace
) -> None:
    amal = cohort.amal
    made = [0]

    def fill(n: int) -> None:
        for _ in range(n):
            made[0] += 1
            add_person(
                cohort.program,
                name=f"Mentor{made[0]}",
                role="mentor",
                capacity=2,
                answers=mentor_answers(),
            )

    def history(n: int) -> None:
        mentors = _people(cohort.program, "mentor", n, "ready", "mentor")
        _requests([amal] * n, mentors, R.DECLINED)

    api = APIClient()
    api.force_authenticate(amal.person)
    client.force_login(amal.person)
    _same_count(fill, lambda: client.get(reverse("relationships:ask", args=[amal.pk])))
    _same_count(
        history,
        lambda: client.get(reverse("relationships:ask", args=[amal.pk])),
        lambda: api.get(reverse("api:relationships-mentor-requests", args=[amal.pk])),
        lambda: api.get(reverse("api:matching-suggestions", args=[amal.pk])),
    )


def test_a_mentor_with_many_mentorships_in_the_api(client: Client, cohort: SimpleNamespace) -> None:
    dana = cohort.dana

    def fill(n: int) -> None:
        mentees = _people(cohort.program, "mentee", n, "closed", "mentee")
        for relationship in _relationships(mentees, [dana] * n, status="closed"):
            meeting = Meeting.objects.create(
                relationship=relationship,
                proposed_by=dana.person,
                kind="phone",
                status="scheduled",
                starts_at=timezone.now() - timedelta(days=3),
            )
            MeetingLog.objects.create(meeting=meeting, person=dana.person, minutes=45)

    api = APIClient()
    api.force_authenticate(dana.person)
    client.force_login(dana.person)
    _same_count(
        fill,
        lambda: api.get(reverse("api:relationship-list") + "?page=1"),  # the paginator's
        lambda: client.get(reverse("core:dashboard")),
    )
    # The first page without a page number: a list no longer than a page is not counted
    # (one query less), a longer one is, as the paginator counts it (test_close_reads.py).
    with CaptureQueriesContext(connection) as paged:
        api.get(reverse("api:relationship-list") + "?page=1")
    with CaptureQueriesContext(connection) as first:
        assert len(api.get(reverse("api:relationship-list")).json()["results"]) == 50
    assert len(first) == len(paged)


def test_a_mentor_with_many_mentorships_under_way_on_the_dashboard(
    client: Client, cohort: SimpleNamespace
) -> None:
    """Each mentorship under way is listed on the mentor's card (closed ones are not), in the
    same number of queries for 10 as for 100."""
    dana = cohort.dana
    Enrollment.objects.filter(pk=dana.pk).update(status="matched", capacity=500)
    made: list[Relationship] = []

    def fill(n: int) -> None:
        mentees = _people(cohort.program, "mentee", n, "matched", "paired")
        made.extend(_relationships(mentees, [dana] * n))
        closed = _people(cohort.program, "mentee", 1, "closed", "former")
        _relationships(closed, [dana], status="closed")

    client.force_login(dana.person)
    _same_count(fill, lambda: client.get(reverse("core:dashboard")))
    html = client.get(reverse("core:dashboard")).content.decode()
    card = html.split(f'id="enrollment-{dana.pk}"')[1]  # Dana's only card, to the end
    assert len(made) == 100
    for relationship in made:
        assert reverse("relationships:detail", args=[relationship.pk]) in card
    assert "Former" not in card


def test_my_mentorship_with_many_meetings_and_goals(
    client: Client, cohort: SimpleNamespace, pair: Relationship
) -> None:
    amal, dana = cohort.amal.person, cohort.dana.person

    def fill(n: int) -> None:
        now = timezone.now()
        meetings = Meeting.objects.bulk_create(
            Meeting(
                relationship=pair,
                proposed_by=amal if i % 2 else dana,
                kind="video",
                link="https://meet.example/x",
                options=[(now + timedelta(days=i + 1)).isoformat()],
                starts_at=now + timedelta(days=i + 1) if i % 3 else None,
                status="scheduled" if i % 3 else "proposed",
            )
            for i in range(n)
        )
        MeetingLog.objects.bulk_create(
            MeetingLog(meeting=m, relationship=pair, person=amal, minutes=30) for m in meetings[::2]
        )
        goals = Goal.objects.bulk_create(
            Goal(relationship=pair, title=f"Goal {i}", created_by=amal, measure="Done")
            for i in range(n)
        )
        GoalNote.objects.bulk_create(
            GoalNote(goal=goal, author=dana if i % 2 else amal, text="Progress")
            for i, goal in enumerate(goals)
        )

    api = APIClient()
    api.force_authenticate(amal)
    client.force_login(amal)
    _same_count(
        fill,
        lambda: client.get(reverse("relationships:detail", args=[pair.pk])),
        lambda: client.get(reverse("relationships:goals", args=[pair.pk])),
        lambda: api.get(reverse("api:relationship-detail", args=[pair.pk])),
        lambda: api.get(reverse("api:relationship-meetings", args=[pair.pk])),
        lambda: api.get(reverse("api:relationship-list")),
    )


def test_the_staff_page_of_a_relationship_with_a_long_history(
    client: Client, cohort: SimpleNamespace, pair: Relationship
) -> None:
    amal, dana, bob = cohort.amal.person, cohort.dana.person, cohort.world.bob
    month = [0]

    def fill(n: int) -> None:
        rounds = []
        for _ in range(n):
            month[0] += 1
            rounds.append(f"{2000 + month[0] // 12}-{month[0] % 12 + 1:02d}")
        CheckIn.objects.bulk_create(
            CheckIn(
                relationship=pair,
                person=amal if i % 2 else dana,
                kind="pulse",
                round=round_,
                score=1 + i % 5,
                comment="Fine",
            )
            for i, round_ in enumerate(rounds)
        )
        StaffContact.objects.bulk_create(
            StaffContact(relationship=pair, author=bob, note=f"Called them ({i})") for i in range(n)
        )
        others = _people(cohort.program, "mentee", n, "closed", "mentee")
        for relationship in _relationships(others, [cohort.dana] * n, status="closed"):
            ClosureSurvey.objects.create(
                relationship=relationship,
                person=dana,
                satisfaction=4,
                goals_achieved="yes",
                would_recommend=True,
                continue_informally=False,
            )

    client.force_login(bob)
    _same_count(
        fill,
        lambda: client.get(reverse("relationships:staff_relationship", args=[pair.pk])),
        lambda: client.get(reverse("relationships:staff_list", args=[cohort.program.pk])),
    )


# The coordinators' list of a program, as the coordinator of a program of a few pairs sees it:
# the session and person (2), the header's row with two-step (1: 2 before), the program, the
# cohorts' months (1: the pairs' and the groups' in one read, 2 before), the reasons to act and
# what is overdue (5: the open pairs with their unanswered
# meetings and late goals, the check-ins asked, the active pairs with their latest meeting
# answer and progress, the recent answers, the last messages; 9 before), the pairs (count and
# page), the requests (count, page and their messages), the header's community link, and the
# person's agencies (read once for the header and for whether they are an admin here).
STAFF_LIST_QUERIES = 17


def test_the_coordinators_list_asks_a_fixed_number_of_queries(
    client: Client, cohort: SimpleNamespace, settings: Any
) -> None:
    # The session in the database on every engine: with Redis (the PostgreSQL run) the
    # session is read from the cache, one query fewer, which is not what this counts.
    settings.SESSION_ENGINE = "bridgeway.accounts.session_engines.db"
    program = cohort.program
    mentees = _people(program, "mentee", 6, "matched", "mentee")
    mentors = _people(program, "mentor", 6, "matched", "mentor")
    _requests(mentees[:3], mentors[:3], R.DECLINED)
    _requests(mentees[3:], mentors[3:], R.ACCEPTED)
    _relationships(mentees[3:], mentors[3:])
    client.force_login(cohort.world.bob)
    url = reverse("relationships:staff_list", args=[program.pk])
    client.get(url)  # the session's first save
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    assert len(queries) == STAFF_LIST_QUERIES, "\n".join(q["sql"][:120] for q in queries)


def test_the_coordinators_list_says_each_status_and_links_the_agreement_for_admins(
    client: Client, cohort: SimpleNamespace
) -> None:
    from bridgeway.core.models import Membership, StaffRole

    world, program = cohort.world, cohort.program
    mentees = _people(program, "mentee", 2, "matched", "mentee")
    mentors = _people(program, "mentor", 2, "matched", "mentor")
    _requests(mentees[:1], mentors[:1], R.DECLINED)
    _requests(mentees[1:], mentors[1:], R.ACCEPTED)
    _relationships(mentees[1:], mentors[1:], status="closed")
    url = reverse("relationships:staff_list", args=[program.pk])
    agreement = reverse("relationships:agreement_template", args=[program.pk])

    client.force_login(world.alice)  # an admin of the program's agency
    page = client.get(url).content.decode()
    assert agreement in page
    for words in ("Closed", "Declined", "Accepted"):
        assert f"<td>{words}" in page, words

    # An admin of another agency who coordinates this one is not shown the agreement.
    Membership.objects.create(organization=world.agency_b, person=world.bob, role=StaffRole.ADMIN)
    client.force_login(world.bob)
    page = client.get(url).content.decode()
    assert agreement not in page
    assert "<td>Closed" in page
