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

from django.db import connection
from django.db.models import QuerySet
from django.db.models.expressions import RawSQL

from bridgeway.learning.library.access import resources_listed
from bridgeway.learning.library.models import Resource

if TYPE_CHECKING:
    from bridgeway.accounts.models import Person

WORD = re.compile(r"\w+", re.UNICODE)
# The expression of the GIN index made by learning/migrations/0003_published_answers.py, word
# for word, so that PostgreSQL uses the index (Django's SearchVector writes it differently).
POSTGRES_DOCUMENT = (
    "to_tsvector('simple'::regconfig, COALESCE((title)::text, '') || ' ' ||"
    " COALESCE((summary)::text, '') || ' ' || COALESCE((question_text)::text, '') || ' ' ||"
    " COALESCE((answer_text)::text, ''))"
)


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


def resources_with_words(text: str) -> RawSQL | None:
    """A subquery of the resources one of whose versions holds every word (as a word or the
    start of one), for `pk__in`; None when the text holds no word. Every match is kept: the
    reader's access and the filters are applied to all of them in the same statement."""
    words = _words(text)
    if not words:
        return None
    if connection.vendor == "postgresql":
        query = " & ".join(f"{w.lower()}:*" for w in words)
        # The words go in as a parameter; the statement's only formatted part is a constant.
        return RawSQL(  # noqa: S611  # nosec B611
            "SELECT resource_id FROM learning_resourceversion"  # noqa: S608  # nosec B608
            f" WHERE {POSTGRES_DOCUMENT} @@ to_tsquery('simple'::regconfig, %s)",
            [query],
        )
    match = " ".join(f'"{word}"*' for word in words)
    return RawSQL(
        "SELECT resource_id FROM learning_resource_fts WHERE learning_resource_fts MATCH %s",
        [match],
    )


def resources_found(*, person: Person, filters: Filters) -> QuerySet[Resource]:
    """The resources the person sees that hold every word (in one of their versions) and fit
    every filter; the newest first."""
    found = resources_listed(person)
    if filters.text:
        holding = resources_with_words(filters.text)
        found = found.filter(pk__in=holding) if holding is not None else found.none()
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
