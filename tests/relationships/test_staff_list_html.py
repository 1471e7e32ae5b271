"""A program's mentorships page for coordinators writes its rows in one pass
(`relationships/staff_list_html.py`): byte for byte what `relationships/_staff_pair_rows.html`
and `relationships/_staff_request_rows.html` write, for every status of a pair and of a request,
each source, the reasons to act, groups, threads of questions, and names and texts that need
escaping, in English and French and in the reader's time zone; and the page itself says each
row as before (names, statuses, reasons, threads, the empty states)."""

from __future__ import annotations

from datetime import timedelta
from types import SimpleNamespace
from typing import Any

import pytest
from django.template.loader import get_template
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.safestring import mark_safe

from bridgeway.accounts.models import Person
from bridgeway.relationships.models import (
    Goal,
    Meeting,
    MentorRequest,
    Relationship,
    RequestMessage,
)
from bridgeway.relationships.staff_list_html import pair_rows_html, request_rows_html
from tests.relationships.test_query_counts import _people, _relationships

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("steady_session")]
R = MentorRequest.Status
TRICKY = 'Dana <O\'Brien> & "co"'


@pytest.fixture
def listed(cohort: SimpleNamespace) -> SimpleNamespace:
    """A program with a pair of each status (one overdue, one needing attention, one named to
    need escaping) and a request of each status and source, some declined by either side with a
    note, some with a thread of questions over several lines."""
    program, now = cohort.program, timezone.now()
    mentees = _people(program, "mentee", 12, "matched", "row")
    mentors = _people(program, "mentor", 12, "matched", "row-mentor")
    Person.objects.filter(pk=mentees[0].person_id).update(display_name=TRICKY)
    Person.objects.filter(pk=mentors[1].person_id).update(display_name="<b>Bold</b> & co")
    pairs = [
        *_relationships(mentees[:2], mentors[:2]),
        *_relationships(mentees[2:3], mentors[2:3], status="agreement"),
        *_relationships(mentees[3:4], mentors[3:4], status="closed"),
    ]
    Relationship.objects.filter(pk=pairs[1].pk).update(planned_end=(now - timedelta(days=3)).date())
    Relationship.objects.filter(pk=pairs[2].pk).update(started_at=now - timedelta(days=70))
    Goal.objects.create(
        relationship=pairs[0], title="Five <applications>", due_date=now.date() - timedelta(days=2)
    )
    Meeting.objects.create(
        relationship=pairs[0],
        proposed_by=pairs[0].mentor.person,
        kind="phone",
        status="scheduled",
        starts_at=now - timedelta(days=10),
    )
    requests = []
    statuses = [R.WAITING, R.ACCEPTED, R.DECLINED, R.DECLINED, R.EXPIRED, R.WITHDRAWN, R.SKIPPED]
    sources = list(MentorRequest.Source.values)
    for n, status in enumerate(statuses):
        requests.append(
            MentorRequest.objects.create(
                program=program,
                mentee=mentees[4 + n % 8],
                mentor=mentors[n],
                source=sources[n % len(sources)],
                status=status,
                message="Hello",
                sent_at=now - timedelta(days=n + 1),
                due_at=None if n == 5 else now + timedelta(days=13),
                answered_at=None if status == R.WAITING else now,
                mentee_confirms=n in (1, 4, 6),
                mentor_accepted_at=now if n in (1, 4) else None,
                mentee_accepted_at=now if n == 1 else None,
                decline_reason="no_time" if n == 2 else ("other" if n == 3 else ""),
                declined_by="mentee" if n == 3 else ("mentor" if n == 2 else ""),
                decline_note='Not <now> & "later"' if n == 3 else "",
            )
        )
    RequestMessage.objects.create(
        request=requests[0], side="mentor", text="A question <b>?</b>\nOn two & lines"
    )
    RequestMessage.objects.create(
        request=requests[0],
        side="mentee",
        text="An answer",
        created_at=now + timedelta(minutes=5),
    )
    RequestMessage.objects.create(request=requests[2], side="mentee", text="Just one")
    return SimpleNamespace(program=program, pairs=pairs, requests=requests, world=cohort.world)


def _page(client: Client, listed: SimpleNamespace, **query: str) -> Any:
    client.force_login(listed.world.bob)
    response = client.get(reverse("relationships:staff_list", args=[listed.program.pk]), query)
    assert response.status_code == 200
    return response


def _groups() -> list[SimpleNamespace]:
    """Rows as `groups_for_list` gives them, with their reasons, names needing escaping."""
    now = timezone.now()

    def group(pk: int, name: str, count: int, risks: Any, late: Any) -> SimpleNamespace:
        return SimpleNamespace(
            pk=pk,
            name=name,
            mentee_count=count,
            mentor_names="Eli, <Fay> & co",
            get_status_display=lambda: "Active",
            started_at=now - timedelta(days=40),
            planned_end=None if count == 1 else (now + timedelta(days=40)).date(),
            listed_risks=risks,
            listed_late=late,
        )

    return [
        group(7, 'Circle <one> & "two"', 1, None, None),
        group(8, "Nurses", 3, ["Quiet for 3 weeks.", mark_safe("<em>Low</em> mood")], []),
        group(9, "Empty", 0, [], ["A <goal> is past its date.", "No answer."]),
    ]


@pytest.mark.parametrize("language", ["en", "fr"])
@pytest.mark.parametrize("zone", ["UTC", "Asia/Manila"])
def test_the_rows_in_one_pass_are_the_templates_byte_for_byte(
    client: Client, listed: SimpleNamespace, language: str, zone: str
) -> None:
    context = _page(client, listed).context
    pairs = list(context["relationships"].object_list)
    requests = list(context["requests"].object_list)
    assert len(pairs) == 4
    assert len(requests) == 7
    assert any(pair.listed_risks or pair.listed_late for pair in pairs)
    groups = _groups()
    with translation.override(language), timezone.override(zone):
        wanted_pairs = get_template("relationships/_staff_pair_rows.html").render(
            {"groups": groups, "relationships": pairs}
        )
        wanted_requests = get_template("relationships/_staff_request_rows.html").render(
            {"requests": SimpleNamespace(object_list=requests)}
        )
        assert pair_rows_html(groups, pairs) == wanted_pairs
        assert request_rows_html(requests) == wanted_requests
        assert pair_rows_html([], []) == get_template("relationships/_staff_pair_rows.html").render(
            {"groups": [], "relationships": []}
        )
    assert "&lt;O&#x27;Brien&gt; &amp; &quot;co&quot;" in wanted_pairs
    assert "<details><summary>" in wanted_requests
    assert "<br>" in wanted_requests


def test_the_page_says_each_row_as_before(client: Client, listed: SimpleNamespace) -> None:
    page = _page(client, listed).content.decode()
    for pair in listed.pairs:
        assert reverse("relationships:staff_relationship", args=[pair.pk]) in page
    assert "&lt;O&#x27;Brien&gt; &amp; &quot;co&quot;" in page
    assert "&lt;b&gt;Bold&lt;/b&gt; &amp; co" in page
    assert "<b>Bold</b>" not in page
    for words in ("Starting: agreement to sign", "Active", "Closed", "Declined", "Withdrawn"):
        assert words in page
    assert "1 goal is past its date and not met." in page
    assert "The mentee declined:" in page
    assert "Not &lt;now&gt; &amp; &quot;later&quot;" in page
    assert "2 messages" in page
    assert "1 message" in page
    assert "A question &lt;b&gt;?&lt;/b&gt;<br>On two &amp; lines" in page
    assert "The coordinator&#x27;s proposal" in page


def test_the_empty_states_are_as_before(client: Client, cohort: SimpleNamespace) -> None:
    client.force_login(cohort.world.bob)
    url = reverse("relationships:staff_list", args=[cohort.program.pk])
    page = client.get(url).content.decode()
    assert "No relationship has started in this program yet." in page
    assert "No request has been sent in this program yet." in page
    assert "<tbody>" not in page
    filtered = client.get(url, {"overdue": "on"}).content.decode()
    assert "Nothing to show with this choice." in filtered
