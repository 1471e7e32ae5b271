"""Reads of model rows kept compiled per process (core/kept_queries.py `KeptObjects`): the
conversation page's reads, the API's token. Each gives exactly what the ORM's queryset gives —
the rows, their related rows, annotations, nothing read again — and a queryset that cannot be
kept is built by the ORM on every call, with the same answer."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

import pytest
from django.db import connection
from django.db.models import Count, Exists, OuterRef
from django.http import Http404
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from bridgeway.concerns.models import Block
from bridgeway.concerns.selectors import is_blocked
from bridgeway.core.kept_queries import KeptObjects
from bridgeway.messaging import selectors
from bridgeway.messaging.models import Attachment, Conversation, Member, Message, MessageEdit
from tests.matching.conftest import cohort  # noqa: F401
from tests.messaging.conftest import chat, pair  # noqa: F401 - a mentorship under way

pytestmark = pytest.mark.django_db


def _fields(obj: Any) -> dict[str, Any]:
    return {k: v for k, v in obj.__dict__.items() if not k.startswith("_")}


def test_a_kept_read_gives_what_the_orm_gives(chat: Conversation) -> None:  # noqa: F811
    members = list(Member.objects.filter(conversation=chat).select_related("person"))
    assert selectors._member.compiled() is not None
    for member in members:
        expected = selectors._member_query(chat.pk, member.person_id).first()
        with CaptureQueriesContext(connection) as queries:
            found = selectors.member_get(person=member.person, conversation_id=chat.pk)
            # The related rows came with it: none is read again.
            names = (
                found.conversation.relationship.mentee.person.name,
                found.conversation.relationship.mentor.person.name,
                found.conversation.program.pk,
                found.conversation.organization.slug,
            )
        assert len(queries) == 1
        assert _fields(found) == _fields(expected)
        assert _fields(found.conversation) == _fields(expected.conversation)
        assert names[0] == expected.conversation.relationship.mentee.person.name
        assert names[1] == expected.conversation.relationship.mentor.person.name
    with pytest.raises(Http404):
        selectors.member_get(person=members[0].person, conversation_id=chat.pk + 1000)


def test_the_page_of_messages_counts_edits_and_reads_files_as_before(
    chat: Conversation,  # noqa: F811
    cohort: SimpleNamespace,  # noqa: F811
) -> None:
    amal = cohort.amal.person
    rows = Message.objects.bulk_create(
        Message(conversation=chat, author=amal, body=f"message {i}") for i in range(60)
    )
    for _i in range(3):
        MessageEdit.objects.create(message=rows[-1], body="before", replaced_at=timezone.now())
    MessageEdit.objects.create(message=rows[-2], body="before", replaced_at=timezone.now())
    orm = list(
        Message.objects.filter(conversation=chat)
        .select_related("author")
        .annotate(
            edit_count=Count("edits"),
            has_files=Exists(Attachment.objects.filter(message_id=OuterRef("pk"))),
        )
        .order_by("-pk")[: selectors.PAGE + 1]
    )
    page = selectors.messages_page(conversation=chat)
    assert [_fields(m) for m in page.messages] == [_fields(m) for m in reversed(orm[:50])]
    assert [m.edit_count for m in page.messages[-3:]] == [0, 1, 3]
    assert page.older == orm[49].pk
    older = selectors.messages_page(conversation=chat, before=page.older)
    assert [m.pk for m in older.messages] == sorted(m.pk for m in rows if m.pk < page.older)[-50:]
    after = selectors.messages_after(conversation=chat, after=rows[-5].pk)
    assert [m.pk for m in after] == [m.pk for m in rows[-4:]]
    with CaptureQueriesContext(connection) as queries:
        for message in page.messages:
            list(message.attachments.all())
            message.author.name  # noqa: B018 - read, not asked again
    assert len(queries) == 0
    members = selectors.members_of(chat)
    with CaptureQueriesContext(connection) as queries:
        assert all(m.conversation is chat and m.person.name for m in members)
    assert len(queries) == 0


def test_a_block_is_seen_by_both_and_a_lifted_one_by_neither(
    chat: Conversation,  # noqa: F811
    cohort: SimpleNamespace,  # noqa: F811
) -> None:
    relationship = chat.relationship
    amal, dana = cohort.amal.person, cohort.dana.person
    assert not is_blocked(relationship=relationship, person=amal)
    block = Block.objects.create(relationship=relationship, blocker=amal, blocked=dana)
    assert is_blocked(relationship=relationship, person=amal)
    assert is_blocked(relationship=relationship, person=dana)
    block.lifted_at = timezone.now()
    block.save()
    assert not is_blocked(relationship=relationship, person=dana)


def test_a_queryset_that_cannot_be_kept_is_built_each_time(
    chat: Conversation,  # noqa: F811
) -> None:
    # Prefetching is not kept; nor a value that reaches the SQL changed (here, as a pattern).
    prefetching = KeptObjects(
        lambda pk: Conversation.objects.filter(pk=pk).prefetch_related("members"), int
    )
    changed = KeptObjects(lambda text: Conversation.objects.filter(kind__contains=text), str)
    assert prefetching.compiled() is None
    assert changed.compiled() is None
    assert [c.pk for c in prefetching.list(chat.pk)] == [chat.pk]
    assert chat.pk in [c.pk for c in changed.list(chat.kind[1:])]


def test_the_conversation_page_still_shows_the_messages(
    client: Client,
    chat: Conversation,  # noqa: F811
    cohort: SimpleNamespace,  # noqa: F811
) -> None:
    client.force_login(cohort.dana.person)
    Message.objects.create(conversation=chat, author=cohort.amal.person, body="Hello Dana")
    html = client.get(reverse("messaging:conversation", args=[chat.pk])).content.decode()
    assert "Hello Dana" in html
    other = Conversation.objects.create(organization=chat.organization, kind="staff")
    assert client.get(reverse("messaging:conversation", args=[other.pk])).status_code == 404


def test_kept_rows_give_what_the_orm_gives(cohort: SimpleNamespace) -> None:  # noqa: F811
    """`KeptRows`: the matching pool's rows for one mentee (a date among them), the places the
    mentorships hold (a union) and the proposals, as their `values_list()` querysets give them."""
    from datetime import date

    from bridgeway.matching import selectors as matching
    from bridgeway.programs.models import Enrollment
    from bridgeway.relationships import selectors as relationships

    program, amal = cohort.program, cohort.amal
    Enrollment.objects.filter(pk=cohort.dana.pk).update(paused_until=date(2030, 1, 31))
    kept = [
        (matching._one_mentee_pool, (program.pk, amal.pk)),
        (matching._proposals, (program.pk,)),
        (relationships._places_taken, (program.pk,)),
    ]
    for rows, values in kept:
        assert rows.compiled() is not None
        assert rows.list(*values) == list(rows.build(*values))
    pool = matching._one_mentee_pool.list(program.pk, amal.pk)
    assert any(row[0] == cohort.dana.pk and row[6] == date(2030, 1, 31) for row in pool)
    assert any(row[0] == amal.pk for row in pool)


def test_kept_reads_take_moments_and_days_as_the_orm_does(
    chat: Conversation,  # noqa: F811
    cohort: SimpleNamespace,  # noqa: F811
) -> None:
    """A datetime (aware) and a date reach the SQL as the ORM sends them on this database (text
    in UTC on SQLite, as they are on PostgreSQL): the same rows either side of the moment and
    the day; a naive moment is left to the ORM, with the same answer."""
    from datetime import UTC, date, datetime, timedelta

    from bridgeway.core.kept_queries import KeptRows

    message = Message.objects.create(conversation=chat, author=cohort.amal.person, body="Asked")
    sent = Message.objects.get(pk=message.pk).created_at
    since = KeptRows(
        lambda pk, moment, day: Message.objects.filter(
            conversation_id=pk, created_at__gte=moment, created_at__date__lte=day
        ).values_list("pk", "created_at"),
        int,
        datetime,
        date,
    )
    assert since.compiled() is not None
    in_manila = sent.astimezone(timezone.get_fixed_timezone(8 * 60))
    for moment in (sent, sent + timedelta(microseconds=1), in_manila, sent - timedelta(days=1)):
        for day in (sent.date(), sent.date() - timedelta(days=1)):
            expected = list(since.build(chat.pk, moment, day))
            with CaptureQueriesContext(connection) as queries:
                assert since.list(chat.pk, moment, day) == expected
            assert len(queries) == 1
    assert since.list(chat.pk, sent, sent.date()) == [(message.pk, sent)]
    assert since.list(chat.pk, sent + timedelta(microseconds=1), sent.date()) == []
    naive = sent.astimezone(UTC).replace(tzinfo=None)
    assert since.list(chat.pk, naive.replace(year=2000), sent.date()) == list(
        since.build(chat.pk, naive.replace(year=2000), sent.date())
    )
