"""Profile cards rendered once and kept in the process, for the pages that show the same
mentors' cards to many readers (a mentee's suggested mentors, their ask page).

A card shows one participant's own data only — their name, time zone, needs and contact
preference, and their answers to the program's questions — in the reader's language; never
anything of the reader. So the HTML rendered for one reader is the HTML every reader of the
same language gets, and it is kept under a key made of everything the card shows or depends
on:

- the participant's enrollment and role, and the person's fields the card shows;
- the program's answers version (`profiles.answers_version`: every write or removal of an
  answer of the program gives it a new token, on every server process) and the questions
  asked of the role as read for this request (one added, removed or saved changes them): an
  answer or a question changed, and the card is rendered again;
- whether the person withdrew their consent to sensitive information (read at each request);
- the program's name and content language, the reader's language, the heading level;
- the quarter of an hour: a time zone's offset ("Toronto (UTC−05:00)") follows daylight
  saving time, whose changes fall on a quarter of an hour.

A card whose key does not match is rendered from the database again; nothing is ever written
for a page view. Each process keeps its own copies (at most `KEPT` cards, the oldest dropped),
and drops them all at each new quarter of an hour: a card changed or erased since is not kept
in memory longer than that.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Hashable, Sequence
from typing import Any

from django.db.models import Exists, OuterRef
from django.utils import timezone
from django.utils.safestring import SafeString
from django.utils.translation import get_language

from bridgeway.accounts.models import Person
from bridgeway.privacy.consent.models import Purpose
from bridgeway.privacy.consent.selectors import withdrawn_people
from bridgeway.programs.models import Enrollment
from bridgeway.programs.questionnaires.card_html import profile_card_html
from bridgeway.programs.questionnaires.models import Audience, Question
from bridgeway.programs.questionnaires.profiles import answers_version
from bridgeway.programs.questionnaires.selectors import profile_cards

KEPT = 4096

_kept: OrderedDict[Hashable, SafeString] = OrderedDict()
_quarter: list[tuple[int, ...]] = [()]  # the quarter of an hour of the copies kept
_lock = threading.Lock()


def _quarter_hour() -> tuple[int, ...]:
    now = timezone.now()
    return (now.year, now.month, now.day, now.hour, now.minute // 15)


def _key(enrollment: Enrollment, hidden: bool, shared: tuple[Any, ...]) -> tuple[Any, ...]:
    person = enrollment.person
    return (
        enrollment.pk,
        enrollment.role,
        person.pk,
        str(person.name),
        person.time_zone,
        repr(person.accessibility_needs),
        person.contact_mode,
        hidden,
        *shared,
    )


def people_for_cards(*, enrollments: Sequence[Enrollment]) -> set[int]:
    """Load the person of each enrollment, and say who among them withdrew their consent to
    sensitive information (their cards hide it), in one query: the `hidden` of
    `rendered_profile_cards` for a page that has not loaded the people yet."""
    withdrawn = withdrawn_people(Purpose.SENSITIVE).filter(person_id=OuterRef("pk"))
    people = {
        person.pk: person
        for person in Person.objects.filter(pk__in={e.person_id for e in enrollments}).annotate(
            sensitive_withdrawn=Exists(withdrawn)
        )
    }
    for enrollment in enrollments:
        enrollment.person = people[enrollment.person_id]
    return {pk for pk, person in people.items() if person.sensitive_withdrawn}


def rendered_profile_cards(
    *,
    enrollments: Sequence[Enrollment],
    questions: Sequence[Question],
    heading_level: int = 2,
    hidden: set[int] | None = None,
) -> dict[int, SafeString]:
    """{enrollment id: the card's HTML} for enrollments of one program and role (their
    people loaded), as `{% include "questionnaires/_profile_card.html" %}` renders
    `profile_cards(...)`, from the kept copies while their keys hold. `questions`: the
    program's questions in order, as read for this request; `hidden`: the people among them
    who withdrew their consent to sensitive information, when the caller read it
    (`people_for_cards`)."""
    if not enrollments:
        return {}
    first = enrollments[0]
    program = first.program
    asked = [q for q in questions if q.audience in (first.role, Audience.BOTH)]
    shared = (
        program.pk,
        str(program.name),
        program.content_language,
        answers_version(program_id=program.pk),
        tuple((q.pk, q.updated_at) for q in asked),
        get_language(),
        heading_level,
        _quarter_hour(),
    )
    if hidden is None:
        hidden = set(
            withdrawn_people(Purpose.SENSITIVE).filter(
                person_id__in=[e.person_id for e in enrollments]
            )
        )
    keys = {e.pk: _key(e, e.person_id in hidden, shared) for e in enrollments}
    found: dict[int, SafeString] = {}
    with _lock:
        if _quarter[0] != shared[-1]:
            _kept.clear()
            _quarter[0] = shared[-1]
        for pk, key in keys.items():
            html = _kept.get(key)
            if html is not None:
                _kept.move_to_end(key)
                found[pk] = html
    missing = [e for e in enrollments if e.pk not in found]
    if not missing:
        return found
    cards = profile_cards(
        enrollments=missing, heading_level=heading_level, questions=asked, hidden=hidden
    )
    # Written in one pass: the HTML the card's template gives (card_html.py).
    made = {pk: profile_card_html(card) for pk, card in cards.items()}
    with _lock:
        for pk, html in made.items():
            _kept[keys[pk]] = html
            _kept.move_to_end(keys[pk])
        while len(_kept) > KEPT:
            _kept.popitem(last=False)
    return {**found, **made}


def forget() -> None:
    """Drop every kept card (tests)."""
    with _lock:
        _kept.clear()
