"""Search in the forums, in any language, among the posts the person may read.

On SQLite an FTS5 table (`community_post_fts`, unicode61 tokenizer without diacritics, so
"reunion" finds "réunion") holds every topic and reply; triggers made by the first migration
keep it in step with the tables. On PostgreSQL the topics and replies are searched with
`to_tsvector('simple', …)` (every language alike, no stemming) behind GIN indexes. Each word
the person types must appear, as a word or the start of one."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from django.contrib.postgres.search import SearchQuery, SearchVector
from django.db import connection
from django.db.models import QuerySet

from bridgeway.community.access import spaces_readable
from bridgeway.community.models import Reply, Topic

if TYPE_CHECKING:
    from bridgeway.accounts.models import Person

LIMIT = 200
WORD = re.compile(r"\w+", re.UNICODE)


def _words(text: str) -> list[str]:
    return WORD.findall(text)[:12]


def _fts5_topic_ids(words: list[str]) -> list[int]:
    match = " ".join(f'"{word}"*' for word in words)
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT topic_id FROM community_post_fts WHERE community_post_fts MATCH %s"
            " ORDER BY rank LIMIT %s",
            [match, LIMIT * 5],
        )
        found: list[int] = []
        for (topic_id,) in cursor.fetchall():
            if topic_id not in found:
                found.append(topic_id)
    return found


def _postgres_topic_ids(words: list[str]) -> list[int]:
    query = SearchQuery(" & ".join(f"{w}:*" for w in words), config="simple", search_type="raw")
    topics = Topic.objects.annotate(document=SearchVector("title", "body", config="simple")).filter(
        document=query
    )
    replies = Reply.objects.annotate(document=SearchVector("body", config="simple")).filter(
        document=query
    )
    ids = list(topics.values_list("pk", flat=True)[: LIMIT * 5])
    ids += [t for t in replies.values_list("topic_id", flat=True)[: LIMIT * 5] if t not in ids]
    return ids


def topics_matching(*, person: Person, text: str) -> QuerySet[Topic]:
    """Topics whose title, text or replies hold every word, in the spaces the person reads;
    the most recently active first."""
    words = _words(text)
    if not words:
        return Topic.objects.none()
    if connection.vendor == "postgresql":
        ids = _postgres_topic_ids([w.lower() for w in words])
    else:
        ids = _fts5_topic_ids(words)
    return (
        Topic.objects.filter(pk__in=ids, space__in=spaces_readable(person))
        .select_related("space", "author")
        .order_by("-last_activity_at", "-pk")[:LIMIT]
    )
