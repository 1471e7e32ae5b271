"""Search in the forums, in any language, among the posts the person may read.

On SQLite an FTS5 table (`community_post_fts`, unicode61 tokenizer without diacritics, so
"reunion" finds "réunion") holds every topic and reply; triggers made by the first migration
keep it in step with the tables. On PostgreSQL the topics and replies are searched with
`to_tsvector('community_unaccent', …)` (the 'simple' configuration with the unaccent
dictionary: every language alike, no stemming, accents ignored) behind GIN indexes. Held,
refused and hidden posts are found only by their author and the space's moderators. Each word
the person types must appear, as a word or the start of one."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from django.contrib.postgres.search import SearchQuery, SearchVector
from django.db import connection
from django.db.models import Q, QuerySet

from bridgeway.community.access import spaces_moderated, spaces_readable
from bridgeway.community.models import PostState, Reply, Topic
from bridgeway.community.rules import visible_topics_q

if TYPE_CHECKING:
    from bridgeway.accounts.models import Person

LIMIT = 200
# 'simple' with the unaccent dictionary (community/migrations/0006_moderation.py).
CONFIG = "community_unaccent"
WORD = re.compile(r"\w+", re.UNICODE)


def _words(text: str) -> list[str]:
    return WORD.findall(text)[:12]


def _shown_reply_q(person: Person) -> Q:
    """Replies whose words may find a topic: published and not hidden, or one's own."""
    return Q(state=PostState.PUBLISHED, hidden_at__isnull=True) | Q(author=person)


def _fts5_topic_ids(words: list[str], person: Person) -> list[int]:
    match = " ".join(f'"{word}"*' for word in words)
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT kind, post_id, topic_id FROM community_post_fts"
            " WHERE community_post_fts MATCH %s ORDER BY rank LIMIT %s",
            [match, LIMIT * 5],
        )
        rows = cursor.fetchall()
    replies = [post_id for kind, post_id, _topic in rows if kind == "r"]
    shown = set(
        Reply.objects.filter(_shown_reply_q(person), pk__in=replies).values_list("pk", flat=True)
    )
    found: list[int] = []
    for kind, post_id, topic_id in rows:
        if (kind == "t" or post_id in shown) and topic_id not in found:
            found.append(topic_id)
    return found


def _postgres_topic_ids(words: list[str], person: Person) -> list[int]:
    query = SearchQuery(" & ".join(f"{w}:*" for w in words), config=CONFIG, search_type="raw")
    topics = Topic.objects.annotate(document=SearchVector("title", "body", config=CONFIG)).filter(
        document=query
    )
    replies = (
        Reply.objects.annotate(document=SearchVector("body", config=CONFIG))
        .filter(document=query)
        .filter(_shown_reply_q(person))
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
        ids = _postgres_topic_ids([w.lower() for w in words], person)
    else:
        ids = _fts5_topic_ids(words, person)
    moderated = spaces_moderated(person).values("pk")
    return (
        Topic.objects.filter(pk__in=ids, space__in=spaces_readable(person))
        .filter(visible_topics_q(person, moderator=False) | Q(space__in=moderated))
        .select_related("space", "author")
        .order_by("-last_activity_at", "-pk")[:LIMIT]
    )
