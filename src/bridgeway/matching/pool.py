"""The match board's reads: who is in the program's pools and how many places are free, in a
few queries of plain values, without building the engine (the board shows the pool and the
hand-set form; scoring happens in a run, a POST, or in the preview of one pair)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.db.models import Case, Exists, OuterRef, Q, When
from django.utils import timezone

from bridgeway.matching.models import MatchProposal
from bridgeway.matching.selectors import (
    MENTEE_POOL,
    MENTOR_POOL,
    add_places_held,
    mentor_places,
    program_spec,
)
from bridgeway.programs.models import Enrollment, EnrollmentRole, Program
from bridgeway.programs.questionnaires.models import Question
from bridgeway.programs.questionnaires.selectors import questions_for_program


# A side of the hand-set form with more people than this is searched by name, not listed: a
# list of thousands is slow to send and to read, with a keyboard or a screen reader alike.
POOL_LISTED = 300
SEARCH_SHOWN = 50  # matches listed for one search (the form says when there are more)


@dataclass(frozen=True)
class Side:
    """The people one side of the hand-set form offers: (enrollment id, label) sorted by
    name. `total` people are in the pool; when there are more than POOL_LISTED, `searched`
    is true and only those matching `query` are offered (`found` of them, at most
    SEARCH_SHOWN listed), with the one already chosen."""

    choices: list[tuple[str, str]]
    total: int
    searched: bool = False
    query: str = ""
    found: int = 0

    @property
    def more(self) -> bool:
        return self.found > SEARCH_SHOWN


@dataclass(frozen=True)
class Pool:
    """A program's pools as the board shows them."""

    program: Program
    questions: dict[str, Question]
    can_match: bool
    mentees: Side
    mentors: Side
    free_places: int

    @property
    def numbers(self) -> dict[str, Any]:
        return {
            "mentees": self.mentees.total,
            "mentors": self.mentors.total,
            "free_places": self.free_places,
        }


def pool_get(
    *,
    program: Program,
    search: Mapping[str, str] | None = None,
    chosen: Mapping[str, int | None] | None = None,
) -> Pool:
    """The mentees waiting without an open proposal and the mentors of the pool with their
    free places (as `matching_context` counts them), in the same few queries whatever the
    size. `search` ({"mentee": text, "mentor": text}) finds people by name or email on a side
    too large to list; `chosen` ({"mentee": id, "mentor": id}) is kept among the choices."""
    search = search or {}
    chosen = chosen or {}
    questions = list(questions_for_program(program=program))
    # The open proposals give both the mentees to leave out and the places they take: one
    # small read instead of a subquery for each of thousands of mentees.
    proposed = list(
        MatchProposal.objects.filter(
            program=program, status=MatchProposal.Status.PROPOSED
        ).values_list("mentee_id", "mentor_id")
    )
    taken = dict(Counter(mentor for _mentee, mentor in proposed))
    add_places_held(program, taken)
    mentors = []
    free_places = 0
    today = timezone.localdate()
    for pk, status, capacity, paused_until, shown, email in Enrollment.objects.filter(
        program=program, role=EnrollmentRole.MENTOR, status__in=MENTOR_POOL
    ).values_list(
        "pk", "status", "capacity", "paused_until", "person__display_name", "person__email"
    ):
        places, free = mentor_places(
            program,
            status=status,
            capacity=capacity,
            paused_until=paused_until,
            taken=taken.get(pk, 0),
            today=today,
        )
        free_places += free
        name = _name(shown, email)
        mentors.append((str(pk), f"{name} ({free}/{places})", f"{name}\n{email}".casefold()))
    return Pool(
        program=program,
        questions={q.key: q for q in questions},
        can_match=program_spec(program=program, questions=questions) is not None,
        mentees=_mentee_side(
            program, {m for m, _n in proposed}, search.get("mentee", ""), chosen.get("mentee")
        ),
        mentors=_mentor_side(mentors, search.get("mentor", ""), chosen.get("mentor")),
        free_places=free_places,
    )


def _mentee_side(program: Program, with_proposal: set[int], query: str, chosen: int | None) -> Side:
    """The waiting mentees without an open proposal: counted, then all listed or searched."""
    pool = Enrollment.objects.filter(
        program=program, role=EnrollmentRole.MENTEE, status__in=MENTEE_POOL
    )
    total = pool.exclude(
        Exists(
            MatchProposal.objects.filter(mentee=OuterRef("pk"), status=MatchProposal.Status.PROPOSED)
        )
    ).count()
    fields = ("pk", "person__display_name", "person__email")
    if total <= POOL_LISTED:
        rows = [r for r in pool.values_list(*fields) if r[0] not in with_proposal]
        return Side(sorted(_labelled(rows), key=_by_name), total)
    query = query.strip()
    wanted = Q(pk=chosen) if chosen else Q(pk__in=[])
    if query:
        wanted |= Q(person__display_name__icontains=query) | Q(person__email__icontains=query)
    found = list(
        pool.filter(wanted)
        .annotate(first=Case(When(pk=chosen or 0, then=0), default=1))
        .order_by("first", "person__display_name", "pk")
        .values_list(*fields)[: SEARCH_SHOWN + 2]
    )
    rows = [r for r in found if r[0] not in with_proposal]
    matches = sum(1 for r in rows if r[0] != chosen)
    return Side(
        sorted(_labelled(rows[: SEARCH_SHOWN + (1 if chosen else 0)]), key=_by_name),
        total,
        searched=True,
        query=query,
        found=matches if query else 0,
    )


def _mentor_side(rows: list[tuple[str, str, str]], query: str, chosen: int | None) -> Side:
    """The mentors of the pool (all read for their places): all listed, or searched by name
    or email (`rows`: id, label, name and email)."""
    everyone = sorted(rows, key=_by_name)
    if len(rows) <= POOL_LISTED:
        return Side([(pk, label) for pk, label, _who in everyone], len(rows))
    query = query.strip()
    folded = query.casefold()
    matches = [(pk, label) for pk, label, who in everyone if folded and folded in who]
    listed = matches[:SEARCH_SHOWN]
    if chosen is not None and str(chosen) not in {pk for pk, _label in listed}:
        listed += [(pk, label) for pk, label, _who in everyone if pk == str(chosen)]
    return Side(sorted(listed, key=_by_name), len(rows), True, query, len(matches))


def _labelled(rows: list[tuple[int, str, str]]) -> list[tuple[str, str]]:
    return [(str(pk), _name(shown, email)) for pk, shown, email in rows]


def _by_name(choice: tuple[str, ...]) -> str:
    return choice[1].casefold()


def _name(display_name: str, email: str) -> str:
    """Person.name from the two columns it reads."""
    return display_name or email.split("@")[0]
