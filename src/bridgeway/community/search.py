"""Search in the forums, in any language, among the posts the person may read.

On SQLite an FTS5 table (`community_post_fts`, unicode61 tokenizer without diacritics, so
"reunion" finds "réunion") holds every topic and reply; triggers made by the first migration
keep it in step with the tables, in the order the posts are written. On PostgreSQL the topics
and replies are searched with `to_tsvector('community_unaccent', …)` (the 'simple'
configuration with the unaccent dictionary: every language alike, no stemming, accents ignored)
behind GIN indexes. Held, refused and hidden posts are found only by their author and the
space's moderators. Each word the person types must appear; a word of three letters or more
may also be the start of a longer one ("certif" finds "certificate"), a shorter one is a whole
word (so "a" does not ask for every word that starts with an a).

The result: the `LIMIT` topics whose matching posts are the newest, most recently active
first. The spaces the person reads (and moderates) are read first, as two short lists of ids,
and the search itself is one statement that filters by them: on SQLite it walks the matches
newest first and stops at `LIMIT` topics, looking through the `SCAN` newest matching posts at
most; on PostgreSQL the indexes find every matching post and the newest `LIMIT` topics are
kept. Words found in more than `SCAN` posts are therefore searched among the newest posts on
SQLite (ask with more words to reach older ones)."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from django.db import connection
from django.db.models import QuerySet

from bridgeway.community.access import space_ids_moderated, space_ids_readable
from bridgeway.community.models import Topic

if TYPE_CHECKING:
    from bridgeway.accounts.models import Person

LIMIT = 200
SCAN = 20_000
# 'simple' with the unaccent dictionary (community/migrations/0006_moderation.py).
CONFIG = "community_unaccent"
WORD = re.compile(r"\w+", re.UNICODE)
PREFIX_FROM = 3  # letters a word needs to match the start of longer words too


def _words(text: str) -> list[str]:
    return WORD.findall(text)[:12]


def _in(ids: list[int]) -> str:
    """Placeholders for a list of ids (never empty: the callers return early)."""
    return ", ".join(["%s"] * len(ids))


def _shown(post: str) -> str:
    """SQL: the post (alias `post`) is published and not hidden, or it is the person's own
    (parameter: the person's id)."""
    return f"(({post}.state = 'published' AND {post}.hidden_at IS NULL) OR {post}.author_id = %s)"


def _where(readable: list[int], moderated: list[int], reply: str) -> str:
    """SQL: the topic `t` is in a space the person reads, and the match counts: the person
    moderates the space, or the topic and the matching post (`reply`: a condition on the
    matching reply, true for a match in the topic itself) are shown to them. Parameters: the
    readable ids, the moderated ids, the person's id twice."""
    shown = f"{_shown('t')} AND {reply}"
    if moderated:
        shown = f"(t.space_id IN ({_in(moderated)}) OR ({shown}))"
    return f"t.space_id IN ({_in(readable)}) AND {shown}"


def _fts5_topic_ids(
    words: list[str], person: Person, readable: list[int], moderated: list[int]
) -> list[int]:
    match = " ".join(f'"{w}"*' if len(w) >= PREFIX_FROM else f'"{w}"' for w in words)
    # The newest matches first (the table's rowid follows the order posts were written in),
    # each topic and reply looked up by primary key, until LIMIT topics are found.
    reply = f"(m.kind = 't' OR {_shown('r')})"
    # Only placeholders and fixed SQL are formatted in; every value is a parameter.
    sql = (
        "SELECT m.topic_id FROM (SELECT rowid, kind, post_id, topic_id"  # noqa: S608  # nosec B608
        " FROM community_post_fts"
        " WHERE community_post_fts MATCH %s ORDER BY rowid DESC LIMIT %s) AS m"
        " JOIN community_topic t ON t.id = m.topic_id"
        " LEFT JOIN community_reply r ON m.kind = 'r' AND r.id = m.post_id"
        f" WHERE {_where(readable, moderated, reply)}"
    )
    params: list[int | str] = [match, SCAN, *readable, *moderated, person.pk, person.pk]
    found: dict[int, None] = {}
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        while len(found) < LIMIT:
            rows = cursor.fetchmany(LIMIT)
            if not rows:
                break
            found.update((topic_id, None) for (topic_id,) in rows)
    return list(found)[:LIMIT]


# The expressions of the GIN indexes (community/migrations/0006_moderation.py), so that
# PostgreSQL uses them.
TOPIC_DOCUMENT = (
    f"to_tsvector('{CONFIG}'::regconfig, COALESCE((title)::text, '') || ' ' ||"
    " COALESCE((body)::text, ''))"
)
REPLY_DOCUMENT = f"to_tsvector('{CONFIG}'::regconfig, COALESCE((body)::text, ''))"


def _postgres_topic_ids(
    words: list[str], person: Person, readable: list[int], moderated: list[int]
) -> list[int]:
    query = " & ".join(f"{w}:*" if len(w) >= PREFIX_FROM else w for w in words)
    # Every matching post through the indexes (a match in a topic counts as a shown "reply"),
    # then the topics with the newest matching posts.
    # Only placeholders and fixed SQL are formatted in; every value is a parameter.
    sql = (
        "SELECT t.id FROM ("  # noqa: S608  # nosec B608
        "SELECT id AS topic_id, created_at, 'published' AS state,"
        " NULL::timestamptz AS hidden_at, author_id FROM community_topic"
        f" WHERE {TOPIC_DOCUMENT} @@ to_tsquery('{CONFIG}', %s)"
        " UNION ALL SELECT topic_id, created_at, state, hidden_at, author_id"
        f" FROM community_reply WHERE {REPLY_DOCUMENT} @@ to_tsquery('{CONFIG}', %s)"
        ") AS m JOIN community_topic t ON t.id = m.topic_id"
        f" WHERE {_where(readable, moderated, _shown('m'))}"
        " GROUP BY t.id ORDER BY max(m.created_at) DESC, t.id DESC LIMIT %s"
    )
    params: list[int | str] = [query, query, *readable, *moderated, person.pk, person.pk, LIMIT]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return [topic_id for (topic_id,) in cursor.fetchall()]


def topics_matching(*, person: Person, text: str) -> QuerySet[Topic]:
    """Topics whose title, text or replies hold every word, in the spaces the person reads:
    the LIMIT with the newest matching posts, most recently active first."""
    words = _words(text)
    readable = space_ids_readable(person) if words else []
    if not readable:
        return Topic.objects.none()
    moderated = space_ids_moderated(person, readable=readable)
    if connection.vendor == "postgresql":
        ids = _postgres_topic_ids([w.lower() for w in words], person, readable, moderated)
    else:
        ids = _fts5_topic_ids(words, person, readable, moderated)
    return (
        Topic.objects.filter(pk__in=ids, space_id__in=readable)
        .select_related("space", "author")
        .order_by("-last_activity_at", "-pk")
    )
