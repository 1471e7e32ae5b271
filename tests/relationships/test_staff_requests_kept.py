"""A program's requests on the coordinators' page as it opens: counted, and their first page
with each request's thread of questions read, by SQL compiled once per process, with the same
rows, threads and page as the ORM's queryset and its prefetch; another page goes through the
ORM."""

from __future__ import annotations

from datetime import timedelta
from types import SimpleNamespace

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from bridgeway.relationships import selectors
from bridgeway.relationships.models import MentorRequest, RequestMessage
from bridgeway.relationships.selectors import AllRequestsForStaff, requests_for_program
from bridgeway.relationships.views import _REQUEST_COLUMNS
from tests.relationships.test_query_counts import _people, _requests
from tests.relationships.test_staff_list_html import listed  # noqa: F401 - a fixture
from tests.relationships.test_staff_list_kept import _page

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("steady_session")]
R = MentorRequest.Status


def _without_kept(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every kept read of the requests through the ORM, as before."""
    monkeypatch.setattr(selectors._all_requests_counted, "compiled", lambda: None)
    for kept in selectors._FIRST_REQUEST_PAGES.values():
        for read in kept:
            monkeypatch.setattr(read, "compiled", lambda: None)


def _thread(messages: list[RequestMessage]) -> list[tuple[int, int, str, str, object]]:
    return [(m.pk, m.request_id, m.side, m.text, m.created_at) for m in messages]


@pytest.mark.parametrize("per_page", [25, 2])
def test_the_kept_requests_are_the_orms_count_first_page_and_threads(
    listed: SimpleNamespace,  # noqa: F811
    per_page: int,
) -> None:
    program = listed.program
    # Neither a queued request nor another program's is listed.
    [queued_mentee] = _people(program, "mentee", 1, "matched", "queued")
    [queued_mentor] = _people(program, "mentor", 1, "matched", "queued-mentor")
    _requests([queued_mentee], [queued_mentor], R.QUEUED)
    other = MentorRequest.objects.filter(program=program).exclude(status=R.QUEUED).first()
    assert other is not None
    RequestMessage.objects.create(request=other, side="mentor", text="A later question")
    kept = AllRequestsForStaff(program=program, columns=_REQUEST_COLUMNS, per_page=per_page)
    orm = requests_for_program(program=program).only(*_REQUEST_COLUMNS)
    assert kept.count() == orm.count() == 7
    first = kept[0:per_page]
    page, threads = selectors._first_request_page(_REQUEST_COLUMNS, per_page)
    assert page.compiled() is not None
    assert threads.compiled() is not None
    assert selectors._all_requests_counted.compiled() is not None
    wanted = list(orm[0:per_page])
    assert [r.pk for r in first] == [r.pk for r in wanted]
    for one, other_one in zip(first, wanted, strict=True):
        assert one.get_deferred_fields() == other_one.get_deferred_fields()
        assert (one.status, one.due_at, one.mentee.person.name, one.mentor.person.name) == (
            other_one.status,
            other_one.due_at,
            other_one.mentee.person.name,
            other_one.mentor.person.name,
        )
        assert _thread(one.listed_thread) == _thread(list(other_one.thread.all()))
    assert sum(len(r.listed_thread) for r in kept[0:25]) == 4
    later = kept[per_page : 2 * per_page]
    assert [r.pk for r in later] == [r.pk for r in orm[per_page : 2 * per_page]]
    for one in later:
        assert _thread(one.listed_thread) == _thread(list(one.thread.all()))
    assert kept[0:0] == []


def test_a_program_without_requests_counts_none(cohort: SimpleNamespace) -> None:
    kept = AllRequestsForStaff(program=cohort.program, columns=_REQUEST_COLUMNS, per_page=25)
    assert kept.count() == 0
    assert kept[0:25] == []


@pytest.mark.parametrize("language", ["en", "fr"])
def test_the_page_is_as_with_the_orms_reads(
    client: Client,
    listed: SimpleNamespace,  # noqa: F811
    monkeypatch: pytest.MonkeyPatch,
    language: str,
) -> None:
    bob = listed.world.bob
    bob.preferred_language = language
    bob.save(update_fields=["preferred_language"])
    client.force_login(bob)
    url = reverse("relationships:staff_list", args=[listed.program.pk])
    kept = _page(client, url)
    assert "A question &lt;b&gt;?&lt;/b&gt;<br>On two &amp; lines" in kept
    _without_kept(monkeypatch)
    assert _page(client, url) == kept


def test_the_requests_page_beyond_the_first_as_before(
    client: Client,
    listed: SimpleNamespace,  # noqa: F811
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    program = listed.program
    mentees = _people(program, "mentee", 30, "matched", "many")
    mentors = _people(program, "mentor", 30, "matched", "many-mentor")
    _requests(mentees, mentors, R.DECLINED)
    asked = MentorRequest.objects.filter(mentee=mentees[0]).get()
    MentorRequest.objects.filter(pk=asked.pk).update(sent_at=timezone.now() - timedelta(days=40))
    RequestMessage.objects.create(request=asked, side="mentor", text="On the second page")
    client.force_login(listed.world.bob)
    url = reverse("relationships:staff_list", args=[program.pk])
    kept = [_page(client, url), _page(client, url, page=2)]
    assert "On the second page" in kept[1]
    assert "On the second page" not in kept[0]
    _without_kept(monkeypatch)
    assert [_page(client, url), _page(client, url, page=2)] == kept
