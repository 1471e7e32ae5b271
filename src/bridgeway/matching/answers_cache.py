"""The mentors of a program, kept in the process between requests: their answers, and their
side of the engine compiled (engine/mentor_side.py).

A page about one mentee (their suggestions, the preview of a pair) scores that mentee against
every mentor: reading thousands of mentors' answers and compiling them at each request would
cost far more than the scoring. Both are kept per program and checked at each request:

- the answers, against a stamp: the program's answers version (one read of the shared cache;
  `answers_write` and every removal of answers give it a new token, now and again on commit)
  and the program's questions as read for this request (a question added, removed or saved
  changes it). Another stamp and the answers are read again;
- the compiled mentors, kept with those answers, against the engine's spec (the matching
  rules), the mentors of the pool in order (read for this request) and the day (time zones
  are read on a day). Any change and they are compiled again.

What changes often is never kept: each mentor's free places (capacity, breaks, proposals,
relationships), declines and the mentee's own answers are read at each request and given to
the engine beside the kept side. A page view writes nothing (the copy lives in the server
process; each process keeps its own, and the shared version token tells every process when
the answers changed)."""

from __future__ import annotations

import datetime as dt
import threading
from collections import OrderedDict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db.models import QuerySet

from bridgeway.core.kept_queries import KeptRows
from bridgeway.matching.engine import MentorSide, Participant, ProgramSpec
from bridgeway.programs.models import Enrollment, EnrollmentRole, Program
from bridgeway.programs.questionnaires.models import Question
from bridgeway.programs.questionnaires.newcomer_rules import readable_levels
from bridgeway.programs.questionnaires.profiles import answers_version
from bridgeway.programs.questionnaires.selectors import (
    answer_rows_for_program,
    answers_and_vectors_for_program,
    answers_and_vectors_from_rows,
)

Answers = dict[int, dict[str, Any]]
Vectors = dict[int, dict[str, str]]

PROGRAMS_KEPT = 16
SIDES_KEPT = 1  # compiled sides kept per program: the last one (a few MB to tens of MB)


@dataclass
class _Kept:
    stamp: tuple[Any, ...]
    answers: Answers
    vectors: Vectors
    sides: list[tuple[tuple[Any, ...], MentorSide]] = field(default_factory=list)


_kept: OrderedDict[int, _Kept] = OrderedDict()
_lock = threading.Lock()


def _mentors(program: Program) -> QuerySet[Enrollment]:
    return Enrollment.objects.filter(program=program, role=EnrollmentRole.MENTOR)


def _stamp(program: Program, questions: list[Question]) -> tuple[Any, ...]:
    asked = tuple((q.pk, q.key, q.kind, q.updated_at) for q in questions)
    return (answers_version(program_id=program.pk), asked)


def _entry(program: Program, questions: list[Question]) -> _Kept:
    stamp = _stamp(program, questions)
    with _lock:
        hit = _kept.get(program.pk)
        if hit is not None and hit.stamp == stamp:
            _kept.move_to_end(program.pk)
            return hit
    answers, vectors = answers_and_vectors_for_program(
        program=program, enrollments=_mentors(program)
    )
    readable_levels(questions, answers)  # once per copy: it depends on the questions alone
    entry = _Kept(stamp, answers, vectors)
    with _lock:
        _kept[program.pk] = entry
        _kept.move_to_end(program.pk)
        while len(_kept) > PROGRAMS_KEPT:
            _kept.popitem(last=False)
    return entry


def mentor_answers(*, program: Program, questions: list[Question]) -> tuple[Answers, Vectors]:
    """{enrollment id: {question key: value}} and the stored text vectors of every mentor of
    the program, from the process's copy while its stamp holds."""
    entry = _entry(program, questions)
    return entry.answers, entry.vectors


def _mentees(ids: Sequence[int]) -> QuerySet[Enrollment]:
    return Enrollment.objects.filter(pk__in=list(ids)).exclude(role=EnrollmentRole.MENTOR)


# A mentee's own pages read their answers alone: compiled once per process (core/kept_queries.py).
_one_mentee_answers = KeptRows(
    lambda program_id, mentee_id: answer_rows_for_program(program_id, _mentees([mentee_id])),
    int,
    int,
)


def mentee_answers(
    *, program: Program, questions: list[Question], mentee_ids: Sequence[int]
) -> tuple[Answers, Vectors]:
    """The answers of the mentees `mentee_ids` (enrollments, read now; a mentor's are left
    out), with the language levels the questions no longer hold left out (`readable_levels`)."""
    if len(mentee_ids) == 1:
        rows = _one_mentee_answers.list(program.pk, mentee_ids[0])
    else:
        rows = list(answer_rows_for_program(program.pk, _mentees(mentee_ids)))
    own, own_vectors = answers_and_vectors_from_rows(rows)
    readable_levels(questions, own)
    return own, own_vectors


def mentor_side(
    *,
    program: Program,
    questions: list[Question],
    spec: ProgramSpec,
    mentor_ids: Sequence[int],
    key: Callable[[int], str],
) -> MentorSide:
    """The mentors `mentor_ids` (enrollment ids, in this order; engine ids from `key`)
    compiled for `spec`, from the process's copy while the answers' stamp, the spec, these
    mentors and the day hold. Its capacities are 0: the caller gives the free places."""
    entry = _entry(program, questions)
    on = spec.reference_date or dt.date.today()
    wanted = (spec, tuple(mentor_ids), on)
    with _lock:
        for kept_key, side in entry.sides:
            if kept_key == wanted:
                return side
    answers, vectors = entry.answers, entry.vectors
    side = MentorSide(
        spec,
        [
            Participant(
                id=key(pk),
                role="mentor",
                answers=answers.get(pk, {}),
                capacity=0,
                text_vectors=vectors.get(pk, {}),
            )
            for pk in mentor_ids
        ],
        on=on,
        validate=False,  # answers were checked when saved (questionnaires/values.py)
    )
    with _lock:
        entry.sides = [(wanted, side), *entry.sides[: SIDES_KEPT - 1]]
    return side


def forget() -> None:
    """Drop every kept copy (tests)."""
    with _lock:
        _kept.clear()
