"""The match board's reads: who is in the program's pools and how many places are free, in a
few queries of plain values, without building the engine (the board shows the pool and the
hand-set form; scoring happens in a run, a POST, or in the preview of one pair)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from django.db.models import Case, Count, Exists, OuterRef, Q, QuerySet, When
from django.utils import timezone

from bridgeway.core.kept_queries import KeptRows
from bridgeway.matching.models import MatchProposal
from bridgeway.matching.selectors import (
    MENTEE_POOL,
    MENTOR_POOL,
    add_places_held,
    mentor_places,
    program_questions,
    program_spec,
)
from bridgeway.privacy.consent.models import Purpose
from bridgeway.privacy.consent.selectors import withdrawn_q
from bridgeway.programs.models import Enrollment, EnrollmentRole, Program
from bridgeway.programs.questionnaires.models import Question

# A side of the hand-set form with more people than this is searched by name, not listed: a
# list of thousands is slow to send and to read, with a keyboard or a screen reader alike.
POOL_LISTED = 300
SEARCH_SHOWN = 50  # matches listed for one search (the form says when there are more)
SEARCH_MAX = 100  # characters of a search kept


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
    proposed: int = 0  # open proposals, what the board pages through

    @property
    def numbers(self) -> dict[str, Any]:
        return {
            "mentees": self.mentees.total,
            "mentors": self.mentors.total,
            "free_places": self.free_places,
        }


def _mentor_pool(program_id: int) -> QuerySet[Enrollment]:
    # People who withdrew their consent to sharing the matching profile leave the board.
    return Enrollment.objects.filter(
        program_id=program_id, role=EnrollmentRole.MENTOR, status__in=MENTOR_POOL
    ).exclude(withdrawn_q(Purpose.MATCHING_PROFILE))


def _mentee_pool(program_id: int) -> QuerySet[Enrollment]:
    """The mentees waiting without an open proposal who have not withdrawn their consent."""
    open_for_mentee = MatchProposal.objects.filter(
        mentee=OuterRef("pk"), status=MatchProposal.Status.PROPOSED
    )
    return (
        Enrollment.objects.filter(
            program_id=program_id, role=EnrollmentRole.MENTEE, status__in=MENTEE_POOL
        )
        .exclude(Exists(open_for_mentee))
        .exclude(withdrawn_q(Purpose.MATCHING_PROFILE))
    )


LISTED_FIELDS = ("pk", "person__display_name", "person__email")

# The board asks these on every view: compiled once per process.
_proposed = KeptRows(
    lambda program_id: MatchProposal.objects.filter(
        program_id=program_id, status=MatchProposal.Status.PROPOSED
    ).values_list("mentee_id", "mentor_id"),
    int,
)
# Every mentor of the pool with their places and their name: one read gives the places (for
# the free places) and the hand-set form's list (when it fits).
_mentors_read = KeptRows(
    lambda program_id: _mentor_pool(program_id).values_list(
        "pk", "status", "capacity", "paused_until", *LISTED_FIELDS[1:]
    ),
    int,
)
# The waiting mentees, one more than the form lists: when they fit, the same read counts them;
# only a larger pool is counted on its own (`_mentees_counted`).
_MENTEES_READ = POOL_LISTED + 1  # fixed when the module loads: the kept SQL's limit
_mentees_listed = KeptRows(
    lambda program_id: _mentee_pool(program_id).values_list(*LISTED_FIELDS)[:_MENTEES_READ],
    int,
)
_mentees_counted = KeptRows(
    lambda program_id: (
        _mentee_pool(program_id)
        .order_by()
        .values("program")
        .annotate(n=Count("pk"))
        .values_list("n")
    ),
    int,
)


def _mentees_side(program_id: int) -> tuple[int, list[Any] | None]:
    """How many mentees wait, and all of them when they fit in the list (else None): one read
    when they fit."""
    listed = _mentees_listed.list(program_id)
    if len(listed) < _MENTEES_READ and len(listed) <= POOL_LISTED:
        return len(listed), listed
    counted = _mentees_counted.list(program_id)
    return (int(counted[0][0]) if counted else 0), None


def pool_get(
    *,
    program: Program,
    search: Mapping[str, str] | None = None,
    chosen: Mapping[str, int | None] | None = None,
) -> Pool:
    """The mentees waiting without an open proposal and the mentors of the pool with their
    free places (as `matching_context` counts them), in five queries when both sides fit in the
    form's lists (compiled once per process), one more to count a larger side of mentees and
    one to search each larger side.
    `search` ({"mentee": text, "mentor": text}) finds people by name or email on a side too
    large to list; `chosen` ({"mentee": id, "mentor": id}) is kept among the choices."""
    search = search or {}
    chosen = chosen or {}
    questions = program_questions(program_id=program.pk)
    # The open proposals give both the mentees to leave out and the places they take: one
    # small read instead of a subquery for each of thousands of mentees.
    proposed = _proposed.list(program.pk)
    taken = dict(Counter(mentor for _mentee, mentor in proposed))
    add_places_held(program, taken)
    # Every mentor of the pool is read for their places, with their names (the form lists
    # them when they fit).
    places_of: dict[int, tuple[int, int]] = {}
    mentors_listed: list[Any] = []
    today = timezone.localdate()
    for pk, status, capacity, paused_until, *named in _mentors_read.list(program.pk):
        places_of[pk] = mentor_places(
            program,
            status=status,
            capacity=capacity,
            paused_until=paused_until,
            taken=taken.get(pk, 0),
            today=today,
        )
        mentors_listed.append((pk, *named))
    mentees, listed = _mentees_side(program.pk)
    # The pools as querysets are built only for a side too large to list (a search).
    return Pool(
        program=program,
        questions={q.key: q for q in questions},
        can_match=program_spec(program=program, questions=questions) is not None,
        mentees=_side(
            lambda: _mentee_pool(program.pk),
            mentees,
            search.get("mentee", ""),
            chosen.get("mentee"),
            listed=listed,
        ),
        mentors=_side(
            lambda: _mentor_pool(program.pk),
            len(places_of),
            search.get("mentor", ""),
            chosen.get("mentor"),
            places=places_of,
            listed=mentors_listed if len(places_of) <= POOL_LISTED else None,
        ),
        free_places=sum(free for _places, free in places_of.values()),
        proposed=len(proposed),
    )


def _side(
    pool: Callable[[], QuerySet[Enrollment]],
    total: int,
    query: str,
    chosen: int | None,
    *,
    places: Mapping[int, tuple[int, int]] | None = None,
    listed: list[Any] | None = None,
) -> Side:
    """One side of the form from the pool (`total` of them, `pool()` builds its queryset):
    everyone (`listed`, when already read), or those whose name or email holds `query`, with
    `chosen`. A mentor's label
    says their free places and places (`places`: enrollment id -> (places, free))."""
    fields = LISTED_FIELDS
    if total <= POOL_LISTED:
        rows = listed if listed is not None else list(pool().values_list(*fields))
        return Side(sorted(_labelled(rows, places), key=_by_name), total)
    people = pool()
    query = query.strip()[:SEARCH_MAX]
    wanted = Q(pk=chosen) if chosen else Q(pk__in=[])
    if query:
        wanted |= Q(person__display_name__icontains=query) | Q(person__email__icontains=query)
    found = list(
        people.filter(wanted)
        .annotate(first=Case(When(pk=chosen or 0, then=0), default=1))
        .order_by("first", "person__display_name", "pk")
        .values_list(*fields)[: SEARCH_SHOWN + 2]
    )
    matches = [r for r in found if r[0] != chosen] if query else []
    listed = [r for r in found if r[0] == chosen] + matches[:SEARCH_SHOWN]
    return Side(
        sorted(_labelled(listed, places), key=_by_name),
        total,
        searched=True,
        query=query,
        found=len(matches),
    )


def _labelled(
    rows: list[tuple[int, str, str]], places: Mapping[int, tuple[int, int]] | None
) -> list[tuple[str, str]]:
    if places is None:
        return [(str(pk), _name(shown, email)) for pk, shown, email in rows]
    return [
        (str(pk), f"{_name(shown, email)} ({places[pk][1]}/{places[pk][0]})")
        for pk, shown, email in rows
    ]


def _by_name(choice: tuple[str, ...]) -> str:
    return choice[1].casefold()


def _name(display_name: str, email: str) -> str:
    """Person.name from the two columns it reads."""
    return display_name or email.split("@")[0]
