"""The mentors' answers of a program, kept in the process between requests.

A page about one mentee (their suggestions, the preview of a pair) scores that mentee against
every mentor: reading and decoding thousands of mentors' answers at each request would cost
more than the scoring. The answers are kept per program with a stamp checked at each request:
the program's answers version (one read of the shared cache; `answers_write` and every removal
of answers give it a new token, now and again on commit) and the program's questions. A
profile saved, an answer removed or added, or a question changed gives another stamp, and the
answers are read again. Only answers are kept: who is in the pool, places, proposals and
declines are read fresh each time. A page view writes nothing (the copy lives in the server
process; each process keeps its own)."""

from __future__ import annotations

import threading
from collections import OrderedDict
from typing import Any

from django.db.models import QuerySet

from bridgeway.programs.models import Enrollment, EnrollmentRole, Program
from bridgeway.programs.questionnaires.models import Question
from bridgeway.programs.questionnaires.newcomer_rules import readable_levels
from bridgeway.programs.questionnaires.profiles import answers_version
from bridgeway.programs.questionnaires.selectors import answers_and_vectors_for_program

Answers = dict[int, dict[str, Any]]
Vectors = dict[int, dict[str, str]]

PROGRAMS_KEPT = 16
_kept: OrderedDict[int, tuple[tuple[Any, ...], Answers, Vectors]] = OrderedDict()
_lock = threading.Lock()


def _mentors(program: Program) -> QuerySet[Enrollment]:
    return Enrollment.objects.filter(program=program, role=EnrollmentRole.MENTOR)


def _stamp(program: Program, questions: list[Question]) -> tuple[Any, ...]:
    asked = tuple((q.pk, q.key, q.kind) for q in questions)
    return (answers_version(program_id=program.pk), asked)


def mentor_answers(*, program: Program, questions: list[Question]) -> tuple[Answers, Vectors]:
    """{enrollment id: {question key: value}} and the stored text vectors of every mentor of
    the program, from the process's copy while its stamp holds."""
    stamp = _stamp(program, questions)
    with _lock:
        hit = _kept.get(program.pk)
        if hit is not None and hit[0] == stamp:
            _kept.move_to_end(program.pk)
            return hit[1], hit[2]
    answers, vectors = answers_and_vectors_for_program(
        program=program, enrollments=_mentors(program)
    )
    readable_levels(questions, answers)  # once per copy: it depends on the questions alone
    with _lock:
        _kept[program.pk] = (stamp, answers, vectors)
        _kept.move_to_end(program.pk)
        while len(_kept) > PROGRAMS_KEPT:
            _kept.popitem(last=False)
    return answers, vectors


def pool_answers(
    *, program: Program, questions: list[Question], mentees: QuerySet[Enrollment]
) -> tuple[Answers, Vectors]:
    """The mentors' answers (kept) and those of the `mentees` enrollments (read now), with
    the language levels the questions no longer hold left out (`readable_levels`)."""
    answers, vectors = mentor_answers(program=program, questions=questions)
    own, own_vectors = answers_and_vectors_for_program(
        program=program, enrollments=mentees.exclude(role=EnrollmentRole.MENTOR)
    )
    readable_levels(questions, own)
    return {**answers, **own}, {**vectors, **own_vectors}


def forget() -> None:
    """Drop every kept copy (tests)."""
    with _lock:
        _kept.clear()
