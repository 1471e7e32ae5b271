"""Reading requests and relationships, each only by the people it belongs to."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, tzinfo
from typing import Any

from django.db.models import Count, IntegerField, OuterRef, Q, QuerySet, Subquery, Sum, Value
from django.db.models.functions import Coalesce, TruncMonth
from django.http import Http404
from django.utils import timezone

from bridgeway.accounts.models import Person
from bridgeway.core.http import id_or_404
from bridgeway.core.kept_queries import KeptObjects, KeptRows, person_by_id
from bridgeway.programs.models import Enrollment, EnrollmentRole, Program
from bridgeway.relationships.models import (
    Agreement,
    CheckIn,
    ClosureSurvey,
    FlashSurvey,
    Goal,
    Meeting,
    MeetingLog,
    MentorRequest,
    Relationship,
    RequestMessage,
    StaffContact,
)

R = MentorRequest.Status


# The ask page and the API's requests ask these on every view and after every request sent:
# compiled once per process (core.kept_queries), run with the mentee's id.
_answered_requests = KeptObjects(
    lambda mentee_id: (
        MentorRequest.objects.filter(mentee_id=mentee_id, source=MentorRequest.Source.MENTEE)
        .exclude(status__in=[R.WAITING, R.QUEUED])
        .select_related("mentor__person")
        .order_by("-created_at", "rank")[:12]
    ),
    int,
)
_open_requests = KeptObjects(
    lambda mentee_id: (
        MentorRequest.objects.filter(mentee_id=mentee_id, status__in=[R.WAITING, R.QUEUED])
        .select_related("mentor__person")
        .order_by("rank", "pk")
    ),
    int,
)


def requests_of_mentee(*, mentee: Enrollment) -> list[MentorRequest]:
    """The mentee's answered requests (the newest twelve): what happened to each."""
    found: list[MentorRequest] = _answered_requests.list(mentee.pk)
    return found


def open_requests_of_mentee(*, mentee: Enrollment) -> list[MentorRequest]:
    found: list[MentorRequest] = _open_requests.list(mentee.pk)
    return found


# One mentor's waiting requests, asked by the mentor's list of requests to answer at every
# visit: compiled once per process (core/kept_queries.py).
_waiting_for_mentor = KeptObjects(
    lambda mentor_id: (
        MentorRequest.objects.filter(mentor_id=mentor_id, status=R.WAITING)
        .select_related("mentee__person")
        .order_by("due_at", "pk")
    ),
    int,
)


def waiting_requests_for_mentors(*, mentor_ids: list[int]) -> dict[int, list[MentorRequest]]:
    """Requests waiting for each of these mentor enrollments' answer, oldest first."""
    if len(mentor_ids) == 1:  # one mentor's list, as the API asks it: the kept query
        return {mentor_ids[0]: _waiting_for_mentor.list(mentor_ids[0])}
    found: dict[int, list[MentorRequest]] = {pk: [] for pk in mentor_ids}
    for request in (
        MentorRequest.objects.filter(mentor_id__in=mentor_ids, status=R.WAITING)
        .select_related("mentee__person")
        .order_by("due_at", "pk")
    ):
        found[request.mentor_id].append(request)
    return found


# A coordinator's proposal still waiting for the mentee's own answer (where both confirm).
PROPOSAL_TO_CONFIRM = Q(status=R.WAITING, mentee_confirms=True, mentee_accepted_at__isnull=True)


def proposals_to_confirm_for_mentees(*, mentee_ids: list[int]) -> dict[int, list[MentorRequest]]:
    """Coordinators' proposals waiting for each of these mentee enrollments' own answer."""
    found: dict[int, list[MentorRequest]] = {pk: [] for pk in mentee_ids}
    for request in (
        MentorRequest.objects.filter(PROPOSAL_TO_CONFIRM, mentee_id__in=mentee_ids)
        .select_related("mentor__person")
        .order_by("due_at", "pk")
    ):
        found[request.mentee_id].append(request)
    return found


# Asked by every answer of a mentor through the API: compiled once per process.
_request_to_mentor = KeptRows(
    lambda person_id, mentor_id, request_id: (
        MentorRequest.objects.filter(
            pk=request_id,
            mentor_id=mentor_id,
            mentor__person_id=person_id,
            mentor__role=EnrollmentRole.MENTOR,
        )
        .exclude(status=R.QUEUED)
        .values_list("pk")[:1]
    ),
    int,
    int,
    int,
)


def request_to_mentor_exists(*, person: Person, mentor_id: int, request_id: int) -> bool:
    """Whether `request_id` went out to the person's mentor enrollment `mentor_id` (the test of
    `request_get_for_mentor` after `mentor_enrollment_get`, without reading the rows)."""
    return bool(_request_to_mentor.list(person.pk, mentor_id, request_id))


def request_get_for_mentor(*, mentor: Enrollment, request_id: int) -> MentorRequest:
    """One request to this mentor (any state: an answered one says so); another's is a 404."""
    request = (
        MentorRequest.objects.filter(pk=request_id, mentor=mentor)
        .exclude(status=R.QUEUED)
        .select_related("mentee__person", "mentor__person", "program__organization", "proposal")
        .first()
    )
    if request is None:
        raise Http404
    return request


def request_get_for_mentee(*, mentee: Enrollment, request_id: int) -> MentorRequest:
    """One request of this mentee that has gone out (its thread, its answer); another's is a
    404."""
    request = (
        MentorRequest.objects.filter(pk=request_id, mentee=mentee)
        .exclude(status=R.QUEUED)
        .select_related("mentee__person", "mentor__person", "program__organization", "proposal")
        .first()
    )
    if request is None:
        raise Http404
    return request


def relationships_of(*, person: Person) -> QuerySet[Relationship]:
    # One filter with both sides (rather than two querysets joined with |, which Django
    # combines at a cost on every request): the same SQL.
    return Relationship.objects.filter(
        Q(mentee__person=person) | Q(mentor__person=person)
    ).select_related("mentee__person", "mentor__person", "program__organization")


def relationships_listed_for(*, person: Person) -> QuerySet[Relationship]:
    """The person's relationships, the newest first, each with the minutes of meetings this
    person has logged in it (``logged_minutes``): a list of any length in one query."""
    minutes = (
        MeetingLog.objects.filter(meeting__relationship=OuterRef("pk"), person=person)
        .order_by()
        .values("meeting__relationship")
        .annotate(total=Sum("minutes"))
        .values("total")
    )
    return (
        relationships_of(person=person)
        .annotate(logged_minutes=Coalesce(Subquery(minutes, output_field=IntegerField()), Value(0)))
        .order_by("-started_at", "-pk")
    )


# The API's list of a person's mentorships, as far as its first page and one row more (to
# know whether there is a second): compiled once per process, run with the person's id.
LISTED_FIRST_PAGE = 50  # the API's page (REST_FRAMEWORK["PAGE_SIZE"])
_listed_first = KeptObjects(
    lambda pk: relationships_listed_for(person=person_by_id(pk))[: LISTED_FIRST_PAGE + 1], int
)


def relationships_listed_first(*, person: Person) -> list[Relationship]:
    """`relationships_listed_for`'s first LISTED_FIRST_PAGE + 1 rows, the same rows in the
    same order, each with its ``logged_minutes``."""
    found: list[Relationship] = _listed_first.list(person.pk)
    return found


# Every page and API call of one mentorship reads it so: compiled once per process.
_relationship = KeptObjects(
    lambda pk: (
        Relationship.objects.filter(pk=pk)
        .select_related("mentee__person", "mentor__person", "program__organization")
        .order_by("pk")[:1]
    ),
    int,
)


def relationship_get_for_party(*, person: Person, relationship_id: int) -> Relationship:
    """One relationship of the person's, as mentee or mentor; anyone else's is a 404."""
    found: Relationship | None = _relationship.first(id_or_404(relationship_id))
    if found is None or person.pk not in (found.mentee.person_id, found.mentor.person_id):
        raise Http404
    return found


def _open_relationships(enrollments: Q) -> QuerySet[Relationship]:
    return (
        Relationship.objects.filter(enrollments)
        .exclude(status=Relationship.Status.CLOSED)
        .select_related("mentee__person", "mentor__person", "program")
    )


# One enrollment's (the ask page, a mentee's pages): compiled once per process.
_open_relationships_of_one = KeptObjects(
    lambda pk: _open_relationships(Q(mentee_id=pk) | Q(mentor_id=pk)), int
)


def relationships_for_enrollments(*, enrollment_ids: list[int]) -> dict[int, list[Relationship]]:
    """Each enrollment's mentorships that are not closed, in one query (one filter on either
    side: combining two querysets costs the ORM several times as much to compile)."""
    found: dict[int, list[Relationship]] = {pk: [] for pk in enrollment_ids}
    if not enrollment_ids:
        return found
    rows: list[Relationship]
    if len(found) == 1:
        rows = _open_relationships_of_one.list(next(iter(found)))
    else:
        rows = list(
            _open_relationships(Q(mentee_id__in=enrollment_ids) | Q(mentor_id__in=enrollment_ids))
        )
    for relationship in rows:
        for pk in (relationship.mentee_id, relationship.mentor_id):
            if pk in found:
                found[pk].append(relationship)
    return found


def relationships_for_program(
    *,
    program: Program,
    status: str | None = None,
    ids: set[int] | None = None,
    month: date | None = None,
    reader: Person | None = None,
) -> QuerySet[Relationship]:
    """The program's relationships, the newest first: of one status, among `ids`, and started
    in the `month` (in the reader's time zone) when given. A staff `reader` never finds their
    own mentorship among them (its staff page is not theirs to open)."""
    # The list shows each pair's names, not their program (the caller's): no program read.
    found = Relationship.objects.filter(program=program).select_related(
        "mentee__person", "mentor__person"
    )
    if reader is not None:
        found = found.exclude(mentee__person=reader).exclude(mentor__person=reader)
    if status is not None:
        found = found.filter(status=status)
    if ids is not None:
        found = found.filter(pk__in=ids)
    if month is not None:
        found = found.filter(started_at__year=month.year, started_at__month=month.month)
    return found.order_by("-started_at", "-pk")


def _all_pairs_for_staff(program_id: int, reader_id: int) -> QuerySet[Relationship]:
    """`relationships_for_program` unfiltered for a staff reader, from their ids."""
    return relationships_for_program(program=Program(pk=program_id), reader=person_by_id(reader_id))


# The coordinators' list of a program's pairs and the staff API's, unfiltered (how they open):
# counted, and the first page of each list's columns read, by SQL compiled once per process.
_all_pairs_counted = KeptRows(
    lambda program_id, reader_id: (
        _all_pairs_for_staff(program_id, reader_id)
        .order_by()
        .values("program")
        .annotate(n=Count("pk"))
        .values_list("n")
    ),
    int,
    int,
)
_FIRST_PAGES: dict[tuple[tuple[str, ...], int], KeptObjects] = {}


def _first_page(columns: tuple[str, ...], per_page: int) -> KeptObjects:
    key = (columns, per_page)
    if key not in _FIRST_PAGES:
        _FIRST_PAGES[key] = KeptObjects(
            lambda program_id, reader_id: _all_pairs_for_staff(program_id, reader_id).only(
                *columns
            )[:per_page],
            int,
            int,
        )
    return _FIRST_PAGES[key]


class AllPairsForStaff:
    """`relationships_for_program(program=program, reader=reader).only(*columns)` for a
    paginator of `per_page`: counted and its first page read through kept SQL, any other page
    through the ORM; the same rows either way."""

    ordered = True  # newest first, as relationships_for_program orders them

    def __init__(
        self, *, program: Program, reader: Person, columns: Sequence[str], per_page: int
    ) -> None:
        self.program, self.reader = program, reader
        self.program_id, self.reader_id = program.pk, reader.pk
        self.columns, self.per_page = tuple(columns), per_page

    def count(self) -> int:
        found = _all_pairs_counted.list(self.program_id, self.reader_id)
        return int(found[0][0]) if found else 0

    def __getitem__(self, bounds: slice) -> list[Relationship]:
        start, stop = bounds.start or 0, bounds.stop
        if stop is not None and stop <= start:
            return []
        if start == 0 and stop is not None and stop <= self.per_page:
            first = _first_page(self.columns, self.per_page)
            found: list[Relationship] = first.list(self.program_id, self.reader_id)
            return found[:stop]
        # Built only for another page: most views read the first alone.
        listed = relationships_for_program(program=self.program, reader=self.reader)
        return list(listed.only(*self.columns)[bounds])


def _months_of(zone: tzinfo) -> KeptRows:
    """The distinct months (in `zone`) the program's pairs and groups started in: one read."""
    from bridgeway.relationships.groups.models import MentoringGroup

    def started(model: type[Any], program_id: int) -> QuerySet[Any]:
        return (
            model.objects.filter(program_id=program_id)
            .annotate(month=TruncMonth("started_at", tzinfo=zone))
            .order_by()  # the model's ordering would make each row distinct: months alone
            .values_list("month")
            .distinct()
        )

    return KeptRows(
        lambda program_id: started(Relationship, program_id).union(
            started(MentoringGroup, program_id)
        ),
        int,
    )


# {time zone name: its months' read}: the SQL depends on the reader's time zone, so each
# zone's is compiled once per process.
_MONTHS: dict[str, KeptRows] = {}


def cohort_months(*, program: Program) -> list[date]:
    """The months the program's pairs and groups started in (the reader's time zone), the
    newest first: the cohorts the coordinator's list can show. One query."""
    zone = timezone.get_current_timezone()
    key = str(zone)
    if key not in _MONTHS:
        _MONTHS[key] = _months_of(zone)
    started = _MONTHS[key].list(program.pk)
    months = {timezone.localtime(month).date() for (month,) in started if month}
    return sorted(months, reverse=True)


def requests_for_program(*, program: Program) -> QuerySet[MentorRequest]:
    return _requests_of(program.pk).prefetch_related("thread")


def _requests_of(program_id: int) -> QuerySet[MentorRequest]:
    """`requests_for_program` without its threads, from the program's id."""
    return (
        MentorRequest.objects.filter(program_id=program_id)
        .exclude(status=R.QUEUED)
        .select_related("mentee__person", "mentor__person")
        .order_by("-sent_at", "-pk")
    )


# The coordinators' list of a program's requests: counted, and its first page and that page's
# threads of questions read, by SQL compiled once per process (the first page's threads found
# by a subquery of that page, rather than a list of its ids: other SQL for each length).
_all_requests_counted = KeptRows(
    lambda program_id: (
        _requests_of(program_id)
        .order_by()
        .values("program")
        .annotate(n=Count("pk"))
        .values_list("n")
    ),
    int,
)
_FIRST_REQUEST_PAGES: dict[tuple[tuple[str, ...], int], tuple[KeptObjects, KeptObjects]] = {}


def _first_request_page(columns: tuple[str, ...], per_page: int) -> tuple[KeptObjects, KeptObjects]:
    """The first page of `columns` and its requests' threads (in the order prefetching reads
    them: the model's), compiled once per process for each list that asks."""
    key = (columns, per_page)
    if key not in _FIRST_REQUEST_PAGES:
        _FIRST_REQUEST_PAGES[key] = (
            KeptObjects(lambda program_id: _requests_of(program_id).only(*columns)[:per_page], int),
            KeptObjects(
                lambda program_id: RequestMessage.objects.filter(
                    request__in=_requests_of(program_id).values("pk")[:per_page]
                ),
                int,
            ),
        )
    return _FIRST_REQUEST_PAGES[key]


class AllRequestsForStaff:
    """`requests_for_program(program=program).only(*columns)` for a paginator of `per_page`,
    each request with its thread of questions as a list (`listed_thread`): counted, and its
    first page with the threads read, through kept SQL; any other page through the ORM (its
    threads prefetched); the same rows and threads either way."""

    ordered = True  # newest first, as requests_for_program orders them

    def __init__(self, *, program: Program, columns: Sequence[str], per_page: int) -> None:
        self.program, self.program_id = program, program.pk
        self.columns, self.per_page = tuple(columns), per_page

    def count(self) -> int:
        found = _all_requests_counted.list(self.program_id)
        return int(found[0][0]) if found else 0

    def __getitem__(self, bounds: slice) -> list[MentorRequest]:
        start, stop = bounds.start or 0, bounds.stop
        if stop is not None and stop <= start:
            return []
        if start == 0 and stop is not None and stop <= self.per_page:
            page, threads = _first_request_page(self.columns, self.per_page)
            found: list[MentorRequest] = page.list(self.program_id)[:stop]
            written: dict[int, list[RequestMessage]] = {item.pk: [] for item in found}
            if found:
                for message in threads.list(self.program_id):
                    if message.request_id in written:
                        written[message.request_id].append(message)
            for item in found:
                item.listed_thread = written[item.pk]  # type: ignore[attr-defined]
            return found
        # Built only for another page, as AllPairsForStaff's.
        found = list(requests_for_program(program=self.program).only(*self.columns)[bounds])
        for item in found:
            item.listed_thread = list(item.thread.all())  # type: ignore[attr-defined]
        return found


def _places_taken_rows(program_id: int) -> QuerySet[Relationship, tuple[int, int]]:
    from bridgeway.relationships.groups.models import GroupMember, MentoringGroup

    pairs = (
        Relationship.objects.filter(program_id=program_id)
        .exclude(status=Relationship.Status.CLOSED)
        .values("mentor_id")
        .annotate(n=Count("pk"))
        .values_list("mentor_id", "n")
        .order_by()
    )
    groups = (
        GroupMember.objects.filter(
            group__program_id=program_id, role="mentor", left_at__isnull=True
        )
        .exclude(group__status=MentoringGroup.Status.CLOSED)
        .values("enrollment_id")
        .annotate(n=Count("pk"))
        .values_list("enrollment_id", "n")
        .order_by()
    )
    return pairs.union(groups, all=True)


# Every page about one mentee's suggestions asks it: compiled once per process.
_places_taken = KeptRows(_places_taken_rows, int)


def places_taken(program: Program) -> dict[int, int]:
    """Places each mentor's open relationships and open groups hold (BRIDGEWAY_PLACES_TAKEN,
    for matching): a group takes one place of each of its mentors. One query."""
    taken: dict[int, int] = {}
    for mentor_id, count in _places_taken.list(program.pk):
        taken[mentor_id] = taken.get(mentor_id, 0) + count
    return taken


def relationship_get_for_staff(*, person: Person, relationship_id: int) -> Relationship:
    """A relationship of a program of the person's agencies; any other is the same 404. So is
    the person's own mentorship (a coordinator who also mentors, or is mentored, in a program
    of their agency): its staff page holds what the other person told staff alone — their
    closing survey, the debrief — and the actions staff take about the pair."""
    from bridgeway.core.access import staff_organizations

    found = (
        Relationship.objects.filter(
            pk=relationship_id, program__organization__in=staff_organizations(person)
        )
        .exclude(mentee__person=person)
        .exclude(mentor__person=person)
        .select_related("mentee__person", "mentor__person", "program__organization", "request")
        .first()
    )
    if found is None:
        raise Http404
    return found


def agreement_of(relationship: Relationship) -> Agreement | None:
    return Agreement.objects.filter(relationship=relationship).select_related("template").first()


def agreement_for_copy(relationship: Relationship) -> Agreement | None:
    """The agreement with everything its PDF copy shows, in one query."""
    return (
        Agreement.objects.filter(relationship=relationship)
        .select_related(
            "relationship__mentee__person",
            "relationship__mentor__person",
            "relationship__program__organization",
            "template",
            "waived_by",
        )
        .first()
    )


def meetings_of(*, relationship: Relationship) -> list[Meeting]:
    """The pair's scheduled meetings to come and the newest others (twenty at most)."""
    return list(
        Meeting.objects.filter(relationship=relationship, status=Meeting.Status.SCHEDULED).order_by(
            "starts_at"
        )[:20]
    )


def meeting_get_for_party(*, person: Person, meeting_id: int) -> Meeting:
    found = (
        Meeting.objects.filter(pk=meeting_id)
        .filter(Q(relationship__mentee__person=person) | Q(relationship__mentor__person=person))
        .select_related(
            "relationship__mentee__person",
            "relationship__mentor__person",
            "relationship__program__organization",
            "series",
        )
        .first()
    )
    if found is None:
        raise Http404
    return found


def meeting_logged(*, meeting: Meeting, person: Person) -> bool:
    return MeetingLog.objects.filter(meeting=meeting, person=person).exists()


def meeting_log_of(*, meeting: Meeting, person: Person) -> MeetingLog | None:
    return MeetingLog.objects.filter(meeting=meeting, person=person).first()


def meeting_for_answer(*, meeting_id: int, person_id: int) -> tuple[Meeting, Person] | None:
    """The meeting and person of a signed "did you meet?" link, when the person is one of the
    pair (None otherwise, as for a meeting that is gone)."""
    meeting = (
        Meeting.objects.filter(pk=meeting_id)
        .filter(
            Q(relationship__mentee__person_id=person_id)
            | Q(relationship__mentor__person_id=person_id)
        )
        .select_related(
            "relationship__mentee__person",
            "relationship__mentor__person",
            "relationship__program__organization",
        )
        .first()
    )
    if meeting is None:
        return None
    relationship = meeting.relationship
    person = (
        relationship.mentee.person
        if relationship.mentee.person_id == person_id
        else relationship.mentor.person
    )
    return meeting, person


def closure_survey_answered(*, relationship: Relationship, person: Person) -> bool:
    return ClosureSurvey.objects.filter(relationship=relationship, person=person).exists()


def closure_surveys_of(*, relationship: Relationship) -> list[ClosureSurvey]:
    return list(ClosureSurvey.objects.filter(relationship=relationship).select_related("person"))


def flash_surveys_of(*, relationship: Relationship) -> list[FlashSurvey]:
    return list(FlashSurvey.objects.filter(relationship=relationship).select_related("person"))


def flash_survey_answered(*, relationship: Relationship, person: Person) -> bool:
    return FlashSurvey.objects.filter(relationship=relationship, person=person).exists()


def meetings_of_pair(*, relationship: Relationship) -> QuerySet[Meeting]:
    """All the pair's meetings, proposed, scheduled and cancelled, the newest proposal first
    (the API lists them page by page)."""
    return (
        Meeting.objects.filter(relationship=relationship)
        .select_related("series")
        .order_by("-created_at", "-pk")
    )


def goals_of(*, relationship: Relationship) -> list[Goal]:
    return list(Goal.objects.filter(relationship=relationship).prefetch_related("notes__author"))


def goal_get(*, relationship: Relationship, goal_id: int | None) -> Goal | None:
    if goal_id is None:
        return None
    return (
        Goal.objects.filter(relationship=relationship, pk=goal_id)
        .select_related("relationship__mentee__person", "relationship__mentor__person")
        .first()
    )


def check_in_answered(*, relationship: Relationship, person: Person, round_: str) -> bool:
    return CheckIn.objects.filter(relationship=relationship, person=person, round=round_).exists()


def check_ins_of(*, relationship: Relationship) -> list[CheckIn]:
    return list(CheckIn.objects.filter(relationship=relationship).select_related("person")[:50])


def staff_contacts_of(*, relationship: Relationship) -> list[StaffContact]:
    return list(
        StaffContact.objects.filter(relationship=relationship).select_related("author")[:50]
    )
