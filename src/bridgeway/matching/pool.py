"""The match board's reads: who is in the program's pools and how many places are free, in a
few queries of plain values, without building the engine (the board shows the pool and the
hand-set form; scoring happens in a run, a POST, or in the preview of one pair)."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Any

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


@dataclass(frozen=True)
class Pool:
    """A program's pools as the board shows them. `mentees` and `mentors` are the hand-set
    form's choices: (enrollment id, label), sorted by name."""

    program: Program
    questions: dict[str, Question]
    can_match: bool
    mentees: list[tuple[str, str]]
    mentors: list[tuple[str, str]]
    free_places: int

    @property
    def numbers(self) -> dict[str, Any]:
        return {
            "mentees": len(self.mentees),
            "mentors": len(self.mentors),
            "free_places": self.free_places,
        }

    def choices(self) -> dict[str, list[tuple[str, str]]]:
        return {"mentees": self.mentees, "mentors": self.mentors}


def pool_get(*, program: Program) -> Pool:
    """The mentees waiting without an open proposal and the mentors of the pool with their
    free places (as `matching_context` counts them), in five queries whatever the size."""
    questions = list(questions_for_program(program=program))
    # The open proposals give both the mentees to leave out and the places they take: one
    # small read instead of a subquery for each of thousands of mentees.
    proposed = list(
        MatchProposal.objects.filter(
            program=program, status=MatchProposal.Status.PROPOSED
        ).values_list("mentee_id", "mentor_id")
    )
    with_proposal = {mentee for mentee, _mentor in proposed}
    mentee_rows = Enrollment.objects.filter(
        program=program, role=EnrollmentRole.MENTEE, status__in=MENTEE_POOL
    ).values_list("pk", "person__display_name", "person__email")
    mentees = [
        (str(pk), shown or email.split("@")[0])
        for pk, shown, email in mentee_rows
        if pk not in with_proposal
    ]
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
        mentors.append((str(pk), f"{_name(shown, email)} ({free}/{places})"))
    return Pool(
        program=program,
        questions={q.key: q for q in questions},
        can_match=program_spec(program=program, questions=questions) is not None,
        mentees=sorted(mentees, key=_by_name),
        mentors=sorted(mentors, key=_by_name),
        free_places=free_places,
    )


def _by_name(choice: tuple[str, str]) -> str:
    return choice[1].casefold()


def _name(display_name: str, email: str) -> str:
    """Person.name from the two columns it reads."""
    return display_name or email.split("@")[0]
