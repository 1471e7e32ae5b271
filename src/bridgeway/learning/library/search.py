"""Finding resources: words in any language, and filters by language, sector, topic and kind,
among the resources the person sees.

Search follows the community's (community/search.py). On SQLite an FTS5 table
(`learning_resource_fts`, unicode61 tokenizer without diacritics, so "emploi" and "medecin"
find "médecin") holds every version's title and summary, and an expert answer's question and
answer; triggers made by the migrations keep it in step. On PostgreSQL versions are searched
with `to_tsvector('simple', …)` (every language alike, no stemming) behind a GIN index. Each
word typed must appear in one version, as a word or the start of one; search syntax in what
people type is inert."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.contrib.postgres.search import SearchQuery, SearchVector
from django.db import connection
from django.db.models import QuerySet

from bridgeway.learning.library.access import resources_listed
from bridgeway.learning.library.models import Resource, ResourceVersion

if TYPE_CHECKING:
    from bridgeway.accounts.models import Person

LIMIT = 500
WORD = re.compile(r"\w+", re.UNICODE)


@dataclass(frozen=True)
class Filters:
    text: str = ""
    language: str = ""
    sector: str = ""
    topic: str = ""
    kind: str = ""

    @property
    def any(self) -> bool:
        return any((self.text, self.language, self.sector, self.topic, self.kind))


def _words(text: str) -> list[str]:
    return WORD.findall(text)[:12]


def _fts5_resource_ids(words: list[str]) -> list[int]:
    match = " ".join(f'"{word}"*' for word in words)
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT DISTINCT resource_id FROM learning_resource_fts"
            " WHERE learning_resource_fts MATCH %s LIMIT %s",
            [match, LIMIT],
        )
        return [row[0] for row in cursor.fetchall()]


def _postgres_resource_ids(words: list[str]) -> list[int]:
    query = SearchQuery(" & ".join(f"{w}:*" for w in words), config="simple", search_type="raw")
    versions = ResourceVersion.objects.annotate(
        document=SearchVector("title", "summary", "question_text", "answer_text", config="simple")
    ).filter(document=query)
    return list(versions.values_list("resource_id", flat=True).distinct()[:LIMIT])


def resource_ids_with_words(text: str) -> list[int]:
    words = _words(text)
    if not words:
        return []
    if connection.vendor == "postgresql":
        return _postgres_resource_ids([w.lower() for w in words])
    return _fts5_resource_ids(words)


def resources_found(*, person: Person, filters: Filters) -> QuerySet[Resource]:
    """The resources the person sees that hold every word (in one of their versions) and fit
    every filter; the newest first."""
    found = resources_listed(person)
    if filters.text:
        found = found.filter(pk__in=resource_ids_with_words(filters.text))
    if filters.language:
        found = found.filter(versions__language=filters.language)
    if filters.sector:
        found = found.filter(sector=filters.sector)
    if filters.topic:
        found = found.filter(topics__topic=filters.topic)
    if filters.kind:
        found = found.filter(kind=filters.kind)
    return (
        found.select_related("program", "organization")
        .prefetch_related("versions", "topics")
        .order_by("-created_at", "-pk")
    )
