"""The inbox: its first page read in one query when every conversation fits on it, and
counted and paged as before when they do not."""

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

from bridgeway.messaging import selectors, services
from bridgeway.messaging.models import Conversation, Member

pytestmark = pytest.mark.django_db


def _groups(cohort: SimpleNamespace, count: int) -> list[Conversation]:
    """`count` group conversations of Amal's, each with a message from Bo she has not read."""
    now = timezone.now()
    made = []
    for n in range(count):
        chat = Conversation.objects.create(
            organization=cohort.program.organization,
            program=cohort.program,
            kind=Conversation.Kind.GROUP,
            title=f"Group {n:02d}",
        )
        Member.objects.create(conversation=chat, person=cohort.amal.person)
        Member.objects.create(conversation=chat, person=cohort.bo.person)
        services.message_send(conversation=chat, author=cohort.bo.person, body=f"hi {n}")
        Conversation.objects.filter(pk=chat.pk).update(last_message_at=now - timedelta(hours=n))
        made.append(chat)
    return made


def _titles(html: str) -> list[str]:
    listed = html.split('<ul class="conversation-list">')[1].split("</ul>")[0]
    return [part.split("</a>")[0] for part in listed.split('">')[1:] if "</a>" in part]


def test_the_first_page_is_what_the_counted_pages_show(
    client: Client, cohort: SimpleNamespace
) -> None:
    _groups(cohort, 3)
    person = cohort.amal.person
    expected = list(selectors.conversations_of(person=person))
    kept = selectors.inbox_first_page(person=person)
    assert kept is not None
    assert [(m.pk, m.unread) for m in kept] == [(m.pk, m.unread) for m in expected]  # type: ignore[attr-defined]
    assert [m.conversation.title for m in kept] == ["Group 00", "Group 01", "Group 02"]
    client.force_login(person)
    html = client.get(reverse("messaging:inbox")).content.decode()
    assert _titles(html) == ["Group 00", "Group 01", "Group 02"]
    assert html.count('<span class="badge">1</span>') == 3
    assert 'class="pagination"' not in html
    # Asked for its page 1 by number: the same page.
    assert client.get(reverse("messaging:inbox") + "?page=1").content.decode().count("Group 0") == 3


def test_more_than_a_page_is_counted_and_paged(client: Client, cohort: SimpleNamespace) -> None:
    _groups(cohort, selectors.INBOX_PAGE + 2)
    assert selectors.inbox_first_page(person=cohort.amal.person) is None
    client.force_login(cohort.amal.person)
    first = client.get(reverse("messaging:inbox")).content.decode()
    assert len(_titles(first)) == selectors.INBOX_PAGE
    assert _titles(first)[0] == "Group 00"
    assert "Page 1 of 2" in first
    second = client.get(reverse("messaging:inbox") + "?page=2").content.decode()
    assert _titles(second) == ["Group 25", "Group 26"]
    assert "Page 2 of 2" in second


def test_a_first_page_that_fits_asks_one_query_fewer(
    client: Client, cohort: SimpleNamespace
) -> None:
    _groups(cohort, 2)
    client.force_login(cohort.amal.person)
    url = reverse("messaging:inbox")
    client.get(url)  # the session's first look
    with CaptureQueriesContext(connection) as fits:
        client.get(url)
    with CaptureQueriesContext(connection) as counted:
        client.get(url + "?page=2")  # past the end: the nearest page, counted
    assert len(fits) == len(counted) - 1
    assert not any('"__count"' in q["sql"] for q in fits.captured_queries)  # the paginator's


def _listed_by_api(client: Client, query: str = "") -> Any:
    response = client.get(reverse("api:conversation-list") + query)
    assert response.status_code == 200
    return response.json()


def test_the_apis_first_page_is_what_the_counted_pages_show(
    client: Client, cohort: SimpleNamespace
) -> None:
    _groups(cohort, 3)
    client.force_login(cohort.amal.person)
    first = _listed_by_api(client)
    assert first == _listed_by_api(client, "?page=1")
    assert first["count"] == 3
    assert first["next"] is None
    assert first["previous"] is None
    results = first["results"]
    assert isinstance(results, list)
    assert [r["title"] for r in results] == ["Group 00", "Group 01", "Group 02"]
    assert [r["unread"] for r in results] == [1, 1, 1]
    with CaptureQueriesContext(connection) as queries:
        _listed_by_api(client)
    assert not any('"__count"' in q["sql"] for q in queries.captured_queries)  # the paginator's


def test_the_api_counts_and_pages_more_than_a_page(client: Client, cohort: SimpleNamespace) -> None:
    now = timezone.now()
    chats = Conversation.objects.bulk_create(
        Conversation(
            organization=cohort.program.organization,
            program=cohort.program,
            kind=Conversation.Kind.GROUP,
            title=f"Group {n:02d}",
            last_message_at=now - timedelta(hours=n),
        )
        for n in range(51)
    )
    Member.objects.bulk_create(Member(conversation=c, person=cohort.amal.person) for c in chats)
    client.force_login(cohort.amal.person)
    first = _listed_by_api(client)
    assert first["count"] == 51
    assert first["next"] is not None
    results = first["results"]
    assert isinstance(results, list)
    assert len(results) == 50
    second = _listed_by_api(client, "?page=2")
    assert [r["title"] for r in second["results"]] == ["Group 50"]
