"""Answers an expert gave and staff published to the library, when the person who asked is
erased.

Publishing starts from the asker's own title and question (community/experts/staff_views.py,
`_publish_initial`): staff are asked to edit out the name, but nothing makes them, and the words
are often left as the person wrote them. So erasure reads each published version of the
asker's questions: a title, summary or question that still holds the asker's words (four words
in a row from their title, question or replies, or the whole of a shorter one), their name or
their address is replaced by a neutral sentence in that version's language. The expert's answer
stays: it is the agency's, and others rely on it. A question staff really rewrote stays as
published: it no longer holds anything of the person's.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from django.utils import translation
from django.utils.translation import gettext

from bridgeway.accounts.models import Person

WORD = re.compile(r"\w+", re.UNICODE)
RUN = 4  # words in a row that make a text the person's


def _words(text: str) -> list[str]:
    return WORD.findall(text.casefold())


def _runs(texts: Iterable[str]) -> set[tuple[str, ...]]:
    runs: set[tuple[str, ...]] = set()
    for text in texts:
        words = _words(text)
        if 0 < len(words) < RUN:
            runs.add(tuple(words))
        for i in range(len(words) - RUN + 1):
            runs.add(tuple(words[i : i + RUN]))
    return runs


def _names(person: Person) -> set[str]:
    """Words that name the person: their name's parts of three letters or more, their address
    and its part before the @."""
    names = {w for w in _words(person.display_name) if len(w) >= 3}
    if person.email:
        email = person.email.casefold()
        names |= {email, email.split("@", 1)[0]}
    return names


def holds_their_words(text: str, runs: set[tuple[str, ...]], names: set[str]) -> bool:
    """Whether `text` still holds a run of the person's words, their name or address."""
    folded = text.casefold()
    if any(name in folded for name in names if "@" in name):
        return True
    words = _words(text)
    if names & set(words):
        return True
    for size in {len(run) for run in runs}:
        for i in range(len(words) - size + 1):
            if tuple(words[i : i + size]) in runs:
                return True
    return False


def published_questions_anonymise(*, person: Person, question_ids: list[int]) -> int:
    """Replace, in every library version of these questions' published answers, the title,
    summary and question that still hold the person's words. Returns how many versions
    changed."""
    from bridgeway.community.experts.models import Question, QuestionPost
    from bridgeway.learning.library.models import ResourceVersion

    if not question_ids:
        return 0
    questions = Question.objects.filter(pk__in=question_ids)
    texts = [t for q in questions for t in (q.title, q.body)]
    texts += QuestionPost.objects.filter(question__in=questions, author=person).values_list(
        "body", flat=True
    )
    runs, names = _runs(texts), _names(person)
    changed = 0
    versions = ResourceVersion.objects.filter(
        resource__published_answer__question__in=questions
    ).order_by("pk")
    for version in versions:
        with translation.override(version.language):
            removed = gettext("The question was removed at the request of the person who asked it.")
            title = gettext("A question answered by an expert")
        values: dict[str, str] = {}
        if version.question_text and holds_their_words(version.question_text, runs, names):
            values["question_text"] = removed
            values["summary"] = removed  # the summary is the start of the question
        elif version.summary and holds_their_words(version.summary, runs, names):
            values["summary"] = removed
        if holds_their_words(version.title, runs, names):
            values["title"] = title
        if values:
            ResourceVersion.objects.filter(pk=version.pk).update(**values)
            changed += 1
    return changed
