"""The coordinator's relationships list: "only overdue" (with each reason on its row) and a
cohort, combined with "Show", kept in the address and in the page links, on the page and in
the API; the number of queries does not grow with the rows."""

from __future__ import annotations

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

from bridgeway.notifications.models import Timer
from bridgeway.relationships.models import CheckIn, Goal, Meeting, MentorRequest, Relationship
from bridgeway.relationships.overdue import overdue_relationships
from bridgeway.relationships.staff_filters import month_value
from tests.relationships.test_query_counts import _people, _relationships, _requests

pytestmark = pytest.mark.django_db


def _pair(program: Any, tag: str, **fields: Any) -> Relationship:
    [mentee] = _people(program, "mentee", 1, "matched", tag)
    [mentor] = _people(program, "mentor", 1, "matched", f"{tag}-mentor")
    [relationship] = _relationships([mentee], [mentor])
    Relationship.objects.filter(pk=relationship.pk).update(**fields)
    relationship.refresh_from_db()
    return relationship


@pytest.fixture
def pairs(cohort: SimpleNamespace) -> SimpleNamespace:
    """Six pairs of agency A's program: four overdue for one reason each, one on time that
    started two months ago, one closed long after its planned end."""
    program, now = cohort.program, timezone.now()
    late_end = _pair(program, "lateend", planned_end=(now - timedelta(days=3)).date())
    unsigned = _pair(program, "unsigned", status="agreement", started_at=now - timedelta(days=70))
    unanswered = _pair(program, "unanswered")
    Meeting.objects.create(
        relationship=unanswered,
        proposed_by=unanswered.mentor.person,
        kind="phone",
        status="scheduled",
        starts_at=now - timedelta(days=10),
    )
    behind = _pair(program, "behind")
    Goal.objects.create(
        relationship=behind, title="Send five applications", due_date=now.date() - timedelta(days=2)
    )
    earlier = _pair(program, "earlier", started_at=now - timedelta(days=62))
    closed = _pair(
        program,
        "closed",
        status="closed",
        closed_at=now,
        planned_end=(now - timedelta(days=30)).date(),
    )
    return SimpleNamespace(
        late_end=late_end,
        unsigned=unsigned,
        unanswered=unanswered,
        behind=behind,
        earlier=earlier,
        closed=closed,
        program=program,
    )


def _names(page: str, pairs: SimpleNamespace) -> set[str]:
    return {
        name
        for name, relationship in vars(pairs).items()
        if isinstance(relationship, Relationship)
        and reverse("relationships:staff_relationship", args=[relationship.pk]) in page
    }


def test_each_overdue_pair_has_its_reason(pairs: SimpleNamespace) -> None:
    found = overdue_relationships(program=pairs.program)
    assert set(found) == {
        pairs.late_end.pk,
        pairs.unsigned.pk,
        pairs.unanswered.pk,
        pairs.behind.pk,
    }
    assert "has passed and it is not closed" in found[pairs.late_end.pk][0]
    assert found[pairs.unsigned.pk] == ["The agreement is not signed 60 days after the start."]
    assert "1 meeting has no “did you meet?” answer" in found[pairs.unanswered.pk][0]
    assert found[pairs.behind.pk] == ["1 goal is past its date and not met."]


def test_a_check_in_nobody_answered_is_overdue_until_one_answers(pairs: SimpleNamespace) -> None:
    asked = timezone.now() - timedelta(days=9)
    pair = pairs.earlier
    Timer.objects.create(
        kind="relationships.check_in",
        key=f"relationship:{pair.pk}:pulse:1",
        due_at=asked,
        state=Timer.State.DONE,
        finished_at=asked,
        payload={"relationship": pair.pk, "kind": "pulse", "n": 1},
        organization=pairs.program.organization,
    )
    assert "A check-in asked on" in overdue_relationships(program=pairs.program)[pair.pk][0]
    CheckIn.objects.create(
        relationship=pair,
        person=pair.mentee.person,
        kind="pulse",
        round=asked.strftime("%Y-%m"),
        score=4,
    )
    assert pair.pk not in overdue_relationships(program=pairs.program)


def test_the_list_shows_only_the_overdue_with_their_reasons(
    client: Client, cohort: SimpleNamespace, pairs: SimpleNamespace
) -> None:
    client.force_login(cohort.world.bob)
    url = reverse("relationships:staff_list", args=[pairs.program.pk])
    page = client.get(url, {"overdue": "on"}).content.decode()
    assert _names(page, pairs) == {"late_end", "unsigned", "unanswered", "behind"}
    assert "The agreement is not signed 60 days after the start." in page
    assert "1 goal is past its date and not met." in page
    everything = client.get(url).content.decode()
    assert _names(everything, pairs) == set(vars(pairs)) - {"program"}
    assert "1 goal is past its date and not met." in everything  # the reason on its row


def test_the_filters_combine_and_a_cohort_is_a_month(
    client: Client, cohort: SimpleNamespace, pairs: SimpleNamespace
) -> None:
    client.force_login(cohort.world.bob)
    url = reverse("relationships:staff_list", args=[pairs.program.pk])
    page = client.get(url, {"overdue": "on", "show": "agreement"}).content.decode()
    assert _names(page, pairs) == {"unsigned"}
    started = timezone.localtime(pairs.earlier.started_at).date()
    page = client.get(url, {"cohort": month_value(started)}).content.decode()
    assert "earlier" in _names(page, pairs)
    assert "behind" not in _names(page, pairs)
    assert f'<option value="{month_value(started)}" selected>' in page
    nothing = client.get(url, {"cohort": month_value(started), "overdue": "on"})
    assert "Nothing to show with this choice." in nothing.content.decode()


def test_an_unknown_cohort_is_said_and_the_list_shows_all(
    client: Client, cohort: SimpleNamespace, pairs: SimpleNamespace
) -> None:
    client.force_login(cohort.world.bob)
    url = reverse("relationships:staff_list", args=[pairs.program.pk])
    response = client.get(url, {"cohort": "1999-01"})
    assert response.status_code == 200
    page = response.content.decode()
    assert "Select a valid choice" in page
    assert _names(page, pairs) == set(vars(pairs)) - {"program"}


def test_the_page_links_keep_the_filters(
    client: Client, cohort: SimpleNamespace, pairs: SimpleNamespace
) -> None:
    mentees = _people(pairs.program, "mentee", 30, "ready", "waiting")
    mentors = _people(pairs.program, "mentor", 30, "ready", "asked")
    _requests(mentees, mentors, MentorRequest.Status.WAITING)
    client.force_login(cohort.world.bob)
    url = reverse("relationships:staff_list", args=[pairs.program.pk])
    page = client.get(url, {"overdue": "on", "show": "active"}).content.decode()
    assert 'href="?overdue=on&amp;show=active&amp;page=2" rel="next"' in page


def test_the_api_lists_a_programs_pairs_with_the_same_filters(
    cohort: SimpleNamespace, pairs: SimpleNamespace
) -> None:
    api = APIClient()
    api.force_authenticate(cohort.world.bob)
    url = reverse("api:staff-relationship-list", args=[pairs.program.pk])
    found = api.get(url, {"overdue": "true"}).json()
    rows = {row["id"]: row for row in found["results"]}
    assert set(rows) == {
        pairs.late_end.pk,
        pairs.unsigned.pk,
        pairs.unanswered.pk,
        pairs.behind.pk,
    }
    assert rows[pairs.behind.pk]["overdue"] == ["1 goal is past its date and not met."]
    for off in ("0", "false", "no"):  # not only "false" turns the filter off
        everyone = api.get(url, {"overdue": off}).json()["results"]
        assert len(everyone) > len(rows)
    started = timezone.localtime(pairs.earlier.started_at).date()
    found = api.get(url, {"cohort": month_value(started), "show": "active"}).json()
    assert pairs.earlier.pk in {row["id"] for row in found["results"]}
    assert all(row["cohort"] == month_value(started) for row in found["results"])
    refused = api.get(url, {"cohort": "1999-01"})
    assert refused.status_code == 400
    assert "cohort" in refused.json()


def test_the_api_list_writes_each_pair_as_its_declared_fields_would(
    cohort: SimpleNamespace, pairs: SimpleNamespace
) -> None:
    """The list writes its rows directly: each row is what DRF writes from the declared fields
    (ids, names, the status, each moment in UTC or null, the cohort and the reasons)."""
    from rest_framework import serializers

    from bridgeway.relationships import checkins
    from bridgeway.relationships.selectors import relationships_for_program
    from bridgeway.relationships.staff_api import StaffListedRelationshipSerializer

    api = APIClient()
    api.force_authenticate(cohort.world.bob)
    url = reverse("api:staff-relationship-list", args=[pairs.program.pk])
    rows = {row["id"]: row for row in api.get(url).json()["results"]}
    listed = list(relationships_for_program(program=pairs.program))
    serializer = StaffListedRelationshipSerializer(
        context={
            "risks": checkins.at_risk(program=pairs.program),
            "late": overdue_relationships(program=pairs.program),
        }
    )
    assert {relationship.pk for relationship in listed} == set(rows)
    assert any(relationship.closed_at is not None for relationship in listed)
    assert any(relationship.closed_at is None for relationship in listed)
    assert any(rows[relationship.pk]["overdue"] for relationship in listed)
    for relationship in listed:
        declared = serializers.Serializer.to_representation(serializer, relationship)
        assert serializer.to_representation(relationship) == declared
        assert rows[relationship.pk] == declared


def test_the_api_list_is_for_the_programs_own_staff(
    cohort: SimpleNamespace, pairs: SimpleNamespace
) -> None:
    api = APIClient()
    url = reverse("api:staff-relationship-list", args=[pairs.program.pk])
    api.force_authenticate(cohort.amal.person)
    assert api.get(url).status_code == 404
    api.force_authenticate(cohort.world.carol)  # agency B's admin
    assert api.get(url).status_code == 404


def test_the_filtered_list_reads_as_often_for_10_as_for_100_overdue_pairs(
    client: Client, cohort: SimpleNamespace
) -> None:
    program, now = cohort.program, timezone.now()
    api = APIClient()
    api.force_authenticate(cohort.world.bob)
    client.force_login(cohort.world.bob)
    page = reverse("relationships:staff_list", args=[program.pk])
    listed = reverse("api:staff-relationship-list", args=[program.pk])
    calls = [
        lambda month: client.get(page, {"overdue": "on", "show": "active", "cohort": month}),
        lambda month: api.get(listed, {"overdue": "true", "cohort": month}),
    ]

    def fill(n: int) -> list[int]:
        mentees = _people(program, "mentee", n, "matched", "many")
        mentors = _people(program, "mentor", n, "matched", "many-mentor")
        made = _relationships(mentees, mentors)
        Relationship.objects.filter(pk__in=[r.pk for r in made]).update(
            planned_end=(now - timedelta(days=1)).date()
        )
        Goal.objects.bulk_create(
            Goal(relationship=r, title="Late", due_date=now.date() - timedelta(days=3))
            for r in made
        )
        month = month_value(timezone.localtime(made[0].started_at).date())
        counts = []
        for call in calls:
            with CaptureQueriesContext(connection) as queries:
                assert call(month).status_code == 200
            counts.append(len(queries))
        return counts

    assert fill(10) == fill(90)


def test_the_list_pages_through_every_pair_beyond_fifty_keeping_the_filters(
    client: Client, cohort: SimpleNamespace
) -> None:
    program = cohort.program
    mentees = _people(program, "mentee", 60, "matched", "many")
    mentors = _people(program, "mentor", 60, "matched", "many-mentor")
    made = _relationships(mentees, mentors)
    client.force_login(cohort.world.bob)
    url = reverse("relationships:staff_list", args=[program.pk])
    first = client.get(url, {"show": "active"}).content.decode()
    second = client.get(url, {"show": "active", "pairs_page": "2"}).content.decode()
    links = [reverse("relationships:staff_relationship", args=[r.pk]) for r in made]
    on_first = {link for link in links if link in first}
    on_second = {link for link in links if link in second}
    assert len(on_first) == 50
    assert len(on_second) == 10
    assert on_first.isdisjoint(on_second)
    assert "show=active&amp;pairs_page=2" in first  # the next page keeps the choice
    assert 'aria-label="Pages of relationships"' in first


def test_the_reasons_reads_are_kept_compiled_and_answer_as_before(
    pairs: SimpleNamespace,
) -> None:
    """The reads behind the reasons (open and active pairs with their meetings, goals and
    answers, the check-ins asked) take the program, moments and days, not lists of pair ids:
    compiled once, and the same rows as the ORM's querysets."""
    from datetime import datetime

    from bridgeway.relationships import checkins, overdue

    now = timezone.now()
    answer_by = now - timedelta(days=overdue.ANSWER_DAYS)
    kept = [
        (overdue._OPEN[Relationship], (pairs.program.pk, answer_by, timezone.localdate(now))),
        (checkins._active_pairs, (pairs.program.pk,)),
        (checkins._recent_answers, (pairs.program.pk, now - checkins.RECENT)),
    ]
    for rows, values in kept:
        assert rows.compiled() is not None
        assert sorted(rows.list(*values)) == sorted(rows.build(*values))
    counts = {row[0]: (row[4], row[6]) for row in overdue._OPEN[Relationship].list(*kept[0][1])}
    assert counts[pairs.unanswered.pk] == (1, 0)
    assert counts[pairs.behind.pk] == (0, 1)
    assert pairs.closed.pk not in counts
    asked = (
        "relationships.check_in",
        pairs.program.organization_id,
        now - checkins.RECENT,
        answer_by,
    )
    assert overdue._asked.compiled() is not None
    assert isinstance(asked[2], datetime)
    assert [t.pk for t in overdue._asked.list(*asked)] == [
        t.pk for t in overdue._asked.build(*asked)
    ]


def test_a_mentorships_notifications_read_it_with_its_people_as_before(
    pairs: SimpleNamespace,
) -> None:
    """The summaries of a page of notifications about one mentorship (read by a kept query) and
    about several (read together): each as its own summary says it; a mentorship that is gone
    fails as before."""
    from bridgeway.notifications.models import Notification
    from bridgeway.notifications.render import summaries_in, summary_in
    from bridgeway.relationships import notifications

    def notice(relationship: Relationship, n: int) -> Notification:
        return Notification.objects.create(
            kind="relationships.active",
            event=f"test:{relationship.pk}:{n}",
            person=relationship.mentee.person,
            params={"relationship": relationship.pk},
        )

    one = [notice(pairs.behind, n) for n in range(3)]
    several = [notice(pairs.behind, 9), notice(pairs.earlier, 9), notice(pairs.unsigned, 9)]
    assert notifications._one.compiled() is not None
    for page in (one, several):
        page = list(Notification.objects.filter(pk__in=[n.pk for n in page]).order_by("pk"))
        expected = [summary_in(n) for n in page]
        assert summaries_in(page) == expected
        assert pairs.behind.mentor.person.name in expected[0]
    gone = Notification.objects.create(
        kind="relationships.active",
        event="test:gone",
        person=pairs.behind.mentee.person,
        params={"relationship": pairs.closed.pk + 1000},
    )
    with pytest.raises(Relationship.DoesNotExist):
        summaries_in([gone])


def test_the_cohorts_months_are_each_readers_own(pairs: SimpleNamespace) -> None:
    """The cohorts' months, kept compiled per time zone: a pair that started late on the last
    day of a month in UTC is in the next month for a reader in Manila and not for one in
    Toronto, whichever reads first."""
    from datetime import UTC, datetime

    from bridgeway.relationships.selectors import cohort_months

    started = datetime(2026, 10, 31, 20, 0, tzinfo=UTC)
    Relationship.objects.filter(pk=pairs.behind.pk).update(started_at=started)
    found = {}
    for zone in ("Asia/Manila", "America/Toronto", "Asia/Manila", "UTC"):
        with timezone.override(zone):
            found[zone] = cohort_months(program=pairs.program)
            months = {
                timezone.localtime(r.started_at).date().replace(day=1)
                for r in Relationship.objects.filter(program=pairs.program)
            }
            assert found[zone] == sorted(months, reverse=True)
    assert started.date().replace(month=11, day=1) in found["Asia/Manila"]
    assert started.date().replace(month=11, day=1) not in found["America/Toronto"]
    assert started.date().replace(day=1) in found["America/Toronto"]
