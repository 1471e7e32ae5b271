"""Reads for matching: the program's rows adapted to the pure engine, and proposals, each scoped
to the acting person.

A program's engine is built from a handful of queries whatever its size: its questions, the
enrollments in the pools, every answer (free text with its stored vector), and the proposals
that take places or exclude pairs."""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.db.models import (
    Count,
    Exists,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    prefetch_related_objects,
)
from django.db.models.functions import Coalesce
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.module_loading import import_string

from bridgeway.core.access import ANY_STAFF
from bridgeway.core.http import id_or_404
from bridgeway.core.kept_queries import KeptObjects, KeptRows
from bridgeway.matching.answers_cache import mentee_answers, mentor_side
from bridgeway.matching.engine import (
    Assignment,
    Engine,
    Exclusion,
    FormatError,
    GapGroup,
    PairScore,
    Participant,
    ProgramSpec,
)
from bridgeway.matching.engine.budget import parse_memory
from bridgeway.matching.models import MatchProposal
from bridgeway.privacy.consent.models import Purpose
from bridgeway.privacy.consent.selectors import withdrawn_q
from bridgeway.programs.models import (
    Enrollment,
    EnrollmentRole,
    EnrollmentStatus,
    Program,
    WaitlistEntry,
)
from bridgeway.programs.questionnaires.models import Question
from bridgeway.programs.questionnaires.newcomer_rules import mentor_question_ok, readable_levels
from bridgeway.programs.questionnaires.rules import criterion_spec, engine_levels
from bridgeway.programs.questionnaires.selectors import answers_and_vectors_for_program
from bridgeway.programs.selectors import program_get_for_staff

if TYPE_CHECKING:
    from bridgeway.accounts.models import Person
    from bridgeway.core.models import Organization

S = EnrollmentStatus
# What the engine needs of an enrollment (a page about one mentee loads its mentors so).
# In the order of the model's fields (Model.from_db reads them so).
SLIM_FIELDS = ("pk", "program_id", "person_id", "role", "status", "capacity", "paused_until")
SLIM_ATTNAMES = ["id", *SLIM_FIELDS[1:]]
MENTEE_POOL = (S.READY, S.WAITLISTED)
MENTOR_POOL = (S.READY, S.MATCHED)
OBJECTIVES = ("score", "count")

# Earlier pairs come from the relationships a later part of the product records; it registers a
# source here: source(program) -> iterable of (mentee enrollment id, mentor enrollment id).
EarlierPairs = Callable[[Program], Iterable[tuple[int, int]]]
_earlier_pair_sources: list[EarlierPairs] = []


def register_earlier_pairs(source: EarlierPairs) -> None:
    if source not in _earlier_pair_sources:
        _earlier_pair_sources.append(source)


def mentee_key(enrollment_id: int) -> str:
    return f"e-{enrollment_id}"


def mentor_key(enrollment_id: int) -> str:
    return f"m-{enrollment_id}"


def enrollment_id_of(key: str) -> int:
    return int(key.split("-", 1)[1])


def with_open_proposals(mentors: QuerySet[Enrollment]) -> QuerySet[Enrollment]:
    """The mentors' rows with `open_proposals`, the proposals to them waiting for an answer
    (places they hold), in the same query: for `MatchContext.refresh_places`."""
    waiting = (
        MatchProposal.objects.filter(mentor=OuterRef("pk"), status=MatchProposal.Status.PROPOSED)
        .order_by()
        .values("mentor")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return mentors.annotate(open_proposals=Coalesce(Subquery(waiting), 0))


@dataclass
class MatchContext:
    """One program's engine and the rows behind it. `engine` is None when the program has no
    question with a matching rule (nothing to match on yet)."""

    program: Program
    questions: dict[str, Question]
    engine: Engine | None
    mentees: dict[str, Enrollment]
    mentors: Mapping[str, Enrollment]
    free: dict[str, int] = field(default_factory=dict)
    places: dict[str, int] = field(default_factory=dict)

    @property
    def can_match(self) -> bool:
        return self.engine is not None

    def score(self, mentee: Enrollment, mentor: Enrollment) -> PairScore:
        assert self.engine is not None
        return self.engine.score(mentee_key(mentee.pk), mentor_key(mentor.pk))

    def assign(self, objective: str) -> Assignment:
        """The optimal assignment within the site's budgets (BRIDGEWAY_MATCHING_BUDGET_*):
        past them its stats say it is not proved optimal and by how much it could improve."""
        assert self.engine is not None
        return self.engine.assign(
            objective=objective,
            candidates=settings.BRIDGEWAY_MATCHING_CANDIDATES,
            budget_seconds=settings.BRIDGEWAY_MATCHING_BUDGET_SECONDS,
            budget_memory=parse_memory(str(settings.BRIDGEWAY_MATCHING_BUDGET_MEMORY)),
        )

    def refresh_places(self, mentors: Iterable[Enrollment]) -> None:
        """Bring the free places of these mentors up to date, from their rows read with
        `with_open_proposals` and the places their relationships hold now (one query). For a
        caller that built the context before locking these mentors and holds them now: the
        engine (answers, rules, scores) stays as built, only the places change. A mentor who
        left the pool since has none."""
        rows = list(mentors)
        taken = {row.pk: int(getattr(row, "open_proposals", 0)) for row in rows}
        add_places_held(self.program, taken)
        today = timezone.localdate()
        for row in rows:
            key = mentor_key(row.pk)
            if row.status not in MENTOR_POOL:
                self.free[key] = 0
                continue
            self.places[key], self.free[key] = mentor_places(
                self.program,
                status=row.status,
                capacity=row.capacity,
                paused_until=row.paused_until,
                taken=taken[row.pk],
                today=today,
            )

    def with_people(self, *enrollments: Enrollment | None) -> None:
        """Load the person of each enrollment given (one query for all), for the ones a page
        shows when the context was built for one mentee."""
        prefetch_related_objects([e for e in enrollments if e is not None], "person")

    def gap(self, assignment: Assignment | None = None) -> list[GapGroup]:
        assert self.engine is not None
        return self.engine.recruitment_gap(assignment)


def program_spec(*, program: Program, questions: Iterable[Question]) -> ProgramSpec | None:
    """The engine's spec from the program's questions with a matching rule, or None when no
    question has one. Value labels are left out on purpose: reasons then carry answer codes,
    which the app puts in the reader's language when it shows them (reasons.py)."""
    criteria = []
    questions = list(questions)
    kinds = {question.key: question.kind for question in questions}
    for question in questions:
        criterion = criterion_spec(question)
        if criterion is None or not mentor_question_ok(
            question.rule, question.rule_params or {}, kinds
        ):
            continue
        criterion.pop("labels", None)
        criterion["attribute"] = question.key
        criteria.append(criterion)
    if not criteria:
        return None
    try:
        return ProgramSpec.from_dict(
            {
                "format_version": 1,
                "name": program.slug,
                "levels": engine_levels(),
                "criteria": criteria,
            }
        )
    except FormatError:
        # A rule the builder let through but the engine refuses: match on nothing rather than
        # break every matching page; the builder shows the rule for the staff to fix.
        return None


def _pool_filter(include_mentee_id: int | None, mentee_ids: Collection[int] | None) -> Q:
    mentees = Q(role=EnrollmentRole.MENTEE, status__in=MENTEE_POOL)
    if mentee_ids is not None:
        mentees &= Q(pk__in=list(mentee_ids))
    pool = mentees | Q(role=EnrollmentRole.MENTOR, status__in=MENTOR_POOL) | Q(pk=include_mentee_id)
    # Someone who withdrew their consent to sharing the matching profile is never scored.
    return pool & ~withdrawn_q(Purpose.MATCHING_PROFILE)


def add_places_held(program: Program, taken: dict[int, int]) -> None:
    """Add the places held by relationships (BRIDGEWAY_PLACES_TAKEN: mentor enrollment id ->
    count) to `taken`."""
    for path in settings.BRIDGEWAY_PLACES_TAKEN:
        for mentor_id, count in import_string(path)(program).items():
            taken[mentor_id] = taken.get(mentor_id, 0) + count


def mentor_places(
    program: Program,
    *,
    status: str,
    capacity: int | None,
    paused_until: date | None,
    taken: int,
    today: date | None = None,
) -> tuple[int, int]:
    """(places, free places) of a mentor of the pool with `taken` places held; a matched
    mentor's first place counts as taken, a mentor on a break (until the day they chose,
    included) has none free. `today`: the local date (read once for many mentors)."""
    places = capacity or program.mentor_capacity_default
    used = max(taken, 1) if status == S.MATCHED else taken
    paused = paused_until is not None and paused_until >= (today or timezone.localdate())
    return places, 0 if paused else max(0, places - used)


# A page about one mentee (their suggestions, their ask page, sending their request) reads the
# same five things each time but for the program and the mentee: compiled once per process
# (core/kept_queries.py) and run with their ids. The same queries, the same rows.
_questions = KeptObjects(
    lambda program_id: Question.objects.filter(program_id=program_id).order_by("position", "id"),
    int,
)
_one_mentee_pool = KeptRows(
    lambda program_id, mentee_id: (
        Enrollment.objects.filter(program_id=program_id)
        .filter(_pool_filter(mentee_id, [mentee_id]))
        .values_list(*SLIM_FIELDS)
        .order_by("created_at", "pk")
    ),
    int,
    int,
)
_proposals = KeptRows(
    lambda program_id: MatchProposal.objects.filter(
        program_id=program_id,
        status__in=[MatchProposal.Status.PROPOSED, MatchProposal.Status.DECLINED],
    ).values_list("mentee_id", "mentor_id", "status"),
    int,
)


def program_questions(*, program_id: int) -> list[Question]:
    """`questions_for_program` of a program by its id, through the kept SQL (the same rows)."""
    found: list[Question] = _questions.list(program_id)
    return found


def _one_mentee(
    include_mentee: Enrollment | None, mentee_ids: Collection[int] | None
) -> int | None:
    """The mentee's id when the context is built for that mentee alone (their own pages)."""
    if include_mentee is None or mentee_ids is None:
        return None
    ids = list(mentee_ids)
    return include_mentee.pk if ids == [include_mentee.pk] else None


def matching_context(
    *,
    program: Program,
    include_mentee: Enrollment | None = None,
    pool_only: bool = True,
    mentee_ids: Collection[int] | None = None,
) -> MatchContext:
    """Build the engine for the program's pools.

    Mentees: ready or waiting, without an open proposal (`pool_only`), plus `include_mentee`
    (a mentee looking at their own suggestions). Mentors: ready or matched, with places =
    their capacity (or the program's default) minus their open proposals; a matched mentor's
    first place counts as taken until matches are recorded as rows of their own.

    `mentee_ids` keeps only those mentees of the pool: a page about one mentee (their
    suggestions, a pair's preview) then loads and scores every mentor against them alone,
    whatever the size of the waiting list. Free-text similarity weighs a word by how rare it
    is among the texts loaded, so a score may differ by a fraction of a point from the one a
    run over the whole pool gives the same pair."""
    questions: list[Question] = _questions.list(program.pk)
    spec = program_spec(program=program, questions=questions)
    slim = None
    enrollments: Iterable[Enrollment] = ()
    one_mentee = _one_mentee(include_mentee, mentee_ids)
    if one_mentee is not None:
        slim = SlimEnrollments(_one_mentee_pool.list(program.pk, one_mentee))
    else:
        pool = Enrollment.objects.filter(program=program).filter(
            _pool_filter(include_mentee.pk if include_mentee else None, mentee_ids)
        )
        if mentee_ids is None:
            enrollments = list(pool.select_related("person").order_by("created_at", "pk"))
        else:
            # Thousands of mentors, of whom a page shows a few: rows of plain values, made
            # into enrollments when asked for; their people are loaded by
            # `MatchContext.with_people`.
            slim = SlimEnrollments(pool.values_list(*SLIM_FIELDS).order_by("created_at", "pk"))
    proposals = _proposals.list(program.pk)
    proposed_mentees = {m for m, _n, status in proposals if status == MatchProposal.Status.PROPOSED}
    taken: dict[int, int] = {}
    exclusions: dict[int, list[Exclusion]] = {}
    for mentee_id, mentor_id, status in proposals:
        if status == MatchProposal.Status.PROPOSED:
            taken[mentor_id] = taken.get(mentor_id, 0) + 1
        else:
            exclusions.setdefault(mentee_id, []).append(
                Exclusion(mentor_key(mentor_id), "declined")
            )
    add_places_held(program, taken)
    for source in _earlier_pair_sources:
        for mentee_id, mentor_id in source(program):
            exclusions.setdefault(mentee_id, []).append(
                Exclusion(mentor_key(mentor_id), "earlier_pair")
            )
    # Free-text answers come with the vectors computed when they were saved, so building the
    # engine does not analyse every text again.
    if slim is None:
        answers, text_vectors = answers_and_vectors_for_program(program=program)
        readable_levels(questions, answers)
    else:
        answers, text_vectors = mentee_answers(
            program=program,
            questions=questions,
            mentee_ids=[row[0] for row in slim.mentee_rows],
        )
    mentees: dict[str, Enrollment] = {}
    mentors: Mapping[str, Enrollment]
    full: dict[str, Enrollment] = {}
    free: dict[str, int] = {}
    places: dict[str, int] = {}
    today = timezone.localdate()
    if slim is not None:
        mentors = slim.mentors(program)
        for key, row in slim.mentor_rows.items():
            places[key], free[key] = mentor_places(
                program,
                status=row[4],
                capacity=row[5],
                paused_until=row[6],
                taken=taken.get(row[0], 0),
                today=today,
            )
        enrollments = slim.mentees(program)
    else:
        mentors = full
    for enrollment in enrollments:
        enrollment.program = program  # the caller's program row; saves a query per person
        if enrollment.role == EnrollmentRole.MENTEE:
            wanted = include_mentee is not None and enrollment.pk == include_mentee.pk
            if pool_only and enrollment.pk in proposed_mentees and not wanted:
                continue
            mentees[mentee_key(enrollment.pk)] = enrollment
        else:
            key = mentor_key(enrollment.pk)
            full[key] = enrollment
            places[key], free[key] = mentor_places(
                program,
                status=enrollment.status,
                capacity=enrollment.capacity,
                paused_until=enrollment.paused_until,
                taken=taken.get(enrollment.pk, 0),
                today=today,
            )
    # A person who both mentors and is mentored in the program is never their own mentor.
    own_mentor_keys: dict[int, list[str]] = {}
    if slim is not None:
        for key, row in slim.mentor_rows.items():
            own_mentor_keys.setdefault(row[2], []).append(key)
    for key, mentor in full.items():
        own_mentor_keys.setdefault(mentor.person_id, []).append(key)
    engine = None
    mentee_side = [
        Participant(
            id=key,
            role="mentee",
            answers=answers.get(e.pk, {}),
            exclude=(
                *exclusions.get(e.pk, ()),
                *(Exclusion(mine, "other") for mine in own_mentor_keys.get(e.person_id, ())),
            ),
            text_vectors=text_vectors.get(e.pk, {}),
        )
        for key, e in mentees.items()
    ]
    if spec is not None and slim is not None:
        # The mentors compiled once per process and kept while nothing they depend on
        # changes (answers_cache.py); only this page's mentees are compiled now.
        side = mentor_side(
            program=program,
            questions=questions,
            spec=spec,
            mentor_ids=[row[0] for row in slim.mentor_rows.values()],
            key=mentor_key,
        )
        engine = Engine.from_side(
            side, mentee_side, capacity=[free[key] for key in mentors], validate=False
        )
    elif spec is not None:
        engine = Engine(
            spec,
            mentee_side,
            [
                Participant(
                    id=key,
                    role="mentor",
                    answers=answers.get(pk, {}),
                    capacity=free[key],
                    text_vectors=text_vectors.get(pk, {}),
                )
                for key, pk in ((key, enrollment_id_of(key)) for key in mentors)
            ],
            validate=False,  # answers were checked when saved (questionnaires/values.py)
        )
    return MatchContext(
        program=program,
        questions={q.key: q for q in questions},
        engine=engine,
        mentees=mentees,
        mentors=mentors,
        free=free,
        places=places,
    )


class SlimEnrollments:
    """The pool's rows as plain values (SLIM_FIELDS): the few mentees as enrollments, the
    mentors as a mapping that makes an enrollment of a row only when a page asks for it."""

    def __init__(self, rows: Iterable[tuple[Any, ...]]) -> None:
        self.mentee_rows: list[tuple[Any, ...]] = []
        self.mentor_rows: dict[str, tuple[Any, ...]] = {}
        for row in rows:
            if row[3] == EnrollmentRole.MENTEE:
                self.mentee_rows.append(row)
            else:
                self.mentor_rows[mentor_key(row[0])] = row

    def mentees(self, program: Program) -> list[Enrollment]:
        return [_slim(row, program) for row in self.mentee_rows]

    def mentors(self, program: Program) -> Mapping[str, Enrollment]:
        return _LazyEnrollments(self.mentor_rows, program)


class _LazyEnrollments(Mapping[str, Enrollment]):
    def __init__(self, rows: dict[str, tuple[Any, ...]], program: Program) -> None:
        self._rows = rows
        self._program = program
        self._made: dict[str, Enrollment] = {}

    def __getitem__(self, key: str) -> Enrollment:
        made = self._made.get(key)
        if made is None:
            made = self._made[key] = _slim(self._rows[key], self._program)
        return made

    def __iter__(self) -> Iterator[str]:
        return iter(self._rows)

    def __len__(self) -> int:
        return len(self._rows)


def _slim(row: tuple[Any, ...], program: Program) -> Enrollment:
    """An enrollment of SLIM_FIELDS values (the others deferred, as `.only()` leaves them)."""
    enrollment = Enrollment.from_db("default", SLIM_ATTNAMES, row)
    enrollment.program = program
    return enrollment


# ---- scoped reads -------------------------------------------------------------------------


def program_get_for_matching(*, person: Person, program_id: int) -> Program:
    """A program of an agency where the person is an admin or coordinator; anything else is the
    same 404 as a missing id."""
    return program_get_for_staff(person=person, program_id=program_id, roles=ANY_STAFF)


# Every page and API call of a mentee's requests asks it first: compiled once per process.
_mentee_enrollment = KeptObjects(
    lambda enrollment_id, person_id: (
        Enrollment.objects.filter(pk=enrollment_id, person_id=person_id, role=EnrollmentRole.MENTEE)
        .select_related("program__organization", "person")
        .order_by("pk")[:1]
    ),
    int,
    int,
)


def mentee_enrollment_get(*, person: Person, enrollment_id: int) -> Enrollment:
    """The person's own mentee enrollment; anyone else's is the same 404 as a missing id."""
    # An id past the database's range (a page's address) is the same 404 as a missing one.
    enrollment: Enrollment | None = _mentee_enrollment.first(id_or_404(enrollment_id), person.pk)
    if enrollment is None:
        raise Http404
    return enrollment


# The mentor's pages and API calls of their requests ask it first (the pending requests at
# every visit): compiled once per process, as the mentee's.
_mentor_enrollment = KeptObjects(
    lambda enrollment_id, person_id: (
        Enrollment.objects.filter(pk=enrollment_id, person_id=person_id, role=EnrollmentRole.MENTOR)
        .select_related("program__organization", "person")
        .order_by("pk")[:1]
    ),
    int,
    int,
)


def mentor_enrollment_get(*, person: Person, enrollment_id: int) -> Enrollment:
    """The person's own mentor enrollment; anyone else's is the same 404 as a missing id."""
    enrollment: Enrollment | None = _mentor_enrollment.first(id_or_404(enrollment_id), person.pk)
    if enrollment is None:
        raise Http404
    return enrollment


def _open_proposals(program_id: int) -> QuerySet[MatchProposal]:
    return (
        MatchProposal.objects.filter(program_id=program_id, status=MatchProposal.Status.PROPOSED)
        .select_related("mentee__person", "mentor__person", "created_by")
        .order_by("-created_at", "-id")
    )


def open_proposals_for_program(*, program: Program) -> QuerySet[MatchProposal]:
    return _open_proposals(program.pk)


PROPOSALS_SHOWN = 25  # open proposals on a page of the match board
# The board's first page of open proposals, asked on most views: compiled once per process.
_first_open_proposals = KeptObjects(
    lambda program_id: _open_proposals(program_id)[:PROPOSALS_SHOWN], int
)


class OpenProposals:
    """A program's open proposals for a paginator, `count` of them (the caller has counted
    them): the first page read through the kept SQL, any other through the ORM."""

    ordered = True

    def __init__(self, program: Program, count: int) -> None:
        self.program, self._count = program, count

    def count(self) -> int:
        return self._count

    def __len__(self) -> int:
        return self._count

    def __getitem__(self, bounds: slice) -> list[MatchProposal]:
        start, stop = bounds.start or 0, bounds.stop
        if stop is not None and stop <= start:
            return []
        if start == 0 and stop is not None and stop <= PROPOSALS_SHOWN:
            found: list[MatchProposal] = _first_open_proposals.list(self.program.pk)
            return found[:stop]
        return list(open_proposals_for_program(program=self.program)[bounds])


def open_proposals_for_mentor(*, mentor: Enrollment) -> QuerySet[MatchProposal]:
    return (
        MatchProposal.objects.filter(mentor=mentor, status=MatchProposal.Status.PROPOSED)
        .select_related("mentee__person", "mentee__program")
        .order_by("-created_at", "-id")
    )


def open_proposals_for_mentors(*, mentors: Sequence[Enrollment]) -> QuerySet[MatchProposal]:
    """`open_proposals_for_mentor` of many mentor enrollments, in one query."""
    return (
        MatchProposal.objects.filter(
            mentor__in=[m.pk for m in mentors], status=MatchProposal.Status.PROPOSED
        )
        .select_related("mentee__person", "mentee__program")
        .order_by("-created_at", "-id")
    )


def _declined_to_rematch() -> QuerySet[MatchProposal]:
    """Declined proposals whose mentee still waits with no open proposal: the coordinator
    has to find them another mentor."""
    open_for_mentee = MatchProposal.objects.filter(
        mentee=OuterRef("mentee"), status=MatchProposal.Status.PROPOSED
    )
    return MatchProposal.objects.filter(
        status=MatchProposal.Status.DECLINED, mentee__status__in=MENTEE_POOL
    ).exclude(Exists(open_for_mentee))


def _declines_of(program_id: int) -> QuerySet[MatchProposal]:
    return (
        _declined_to_rematch()
        .filter(program_id=program_id)
        .select_related("mentee__person", "mentor__person")
        .order_by("-closed_at", "-id")
    )


def declines_to_rematch(*, program: Program) -> QuerySet[MatchProposal]:
    """The program's mentor declines still to act on, newest first, with the mentor's reason
    (the caller resolved the program for its agency's staff)."""
    return _declines_of(program.pk)


DECLINES_SHOWN = 20  # mentor declines listed on the match board, newest first
_declines_shown = KeptObjects(lambda program_id: _declines_of(program_id)[:DECLINES_SHOWN], int)


def declines_to_rematch_shown(*, program: Program) -> list[MatchProposal]:
    """The first DECLINES_SHOWN of `declines_to_rematch`, through the kept SQL."""
    found: list[MatchProposal] = _declines_shown.list(program.pk)
    return found


def declines_for_enrollment(*, enrollment: Enrollment) -> QuerySet[MatchProposal]:
    """Every proposal declined by a mentor where this enrollment is the mentee or the mentor,
    newest first, with the mentor's reason (the caller resolved the enrollment for its
    agency's staff; a proposal never leaves its program)."""
    return (
        MatchProposal.objects.filter(
            Q(mentee=enrollment) | Q(mentor=enrollment),
            status=MatchProposal.Status.DECLINED,
        )
        .select_related("mentee__person", "mentor__person")
        .order_by("-closed_at", "-id")
    )


def _per_program(rows: QuerySet[Any], counted: str) -> Subquery:
    return Subquery(
        rows.filter(program=OuterRef("pk"))
        .order_by()
        .values("program")
        .annotate(n=Count(counted, distinct=True))
        .values("n")
    )


def matching_todo(*, organization: Organization) -> QuerySet[Program]:
    """The agency's programs with, in one query: `declined` (mentees to match again after a
    mentor declined), `unanswered` (proposals waiting for the mentor's reply) and `unplaced`
    (mentees on the waiting list with no open proposal)."""
    open_for_mentee = MatchProposal.objects.filter(
        mentee=OuterRef("enrollment"), status=MatchProposal.Status.PROPOSED
    )
    unplaced = WaitlistEntry.objects.exclude(Exists(open_for_mentee))
    unanswered = MatchProposal.objects.filter(status=MatchProposal.Status.PROPOSED)
    return (
        Program.objects.filter(organization=organization)
        .annotate(
            declined=Coalesce(_per_program(_declined_to_rematch(), "mentee"), 0),
            unanswered=Coalesce(_per_program(unanswered, "pk"), 0),
            unplaced=Coalesce(_per_program(unplaced, "pk"), 0),
        )
        .order_by("name", "pk")
    )


_open_proposal_of_mentee = KeptObjects(
    lambda mentee_id: (
        MatchProposal.objects.filter(mentee_id=mentee_id, status=MatchProposal.Status.PROPOSED)
        .select_related("mentor__person")
        .order_by("-created_at", "-id")[:1]
    ),
    int,
)


def open_proposal_for_mentee(*, mentee: Enrollment) -> MatchProposal | None:
    proposal: MatchProposal | None = _open_proposal_of_mentee.first(mentee.pk)
    return proposal


def proposal_get_for_mentor(*, mentor: Enrollment, proposal_id: int) -> MatchProposal:
    """One of the mentor's open proposals; any other id is the same 404 as a missing one."""
    return get_object_or_404(open_proposals_for_mentor(mentor=mentor), pk=proposal_id)


def proposal_get_for_program(*, program: Program, proposal_id: int) -> MatchProposal:
    return get_object_or_404(open_proposals_for_program(program=program), pk=proposal_id)


def summary_numbers(context: MatchContext) -> dict[str, Any]:
    return {
        "mentees": len(context.mentees),
        "mentors": len(context.mentors),
        "free_places": sum(context.free.values()),
    }
