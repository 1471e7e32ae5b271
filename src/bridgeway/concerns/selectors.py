"""Reading concerns: by the person who raised them, or by the staff of their agency. Someone
else's concern — the person it is about, another participant, another agency's staff — is the
same 404 as one that does not exist."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from django.db.models import Count, Q, QuerySet
from django.db.models.functions import TruncMonth
from django.http import Http404
from django.utils import timezone

from bridgeway.accounts.models import Person
from bridgeway.concerns.models import Block, Concern, ConcernEvent
from bridgeway.core.access import staff_organizations
from bridgeway.core.kept_queries import KeptObjects
from bridgeway.core.models import Membership, Organization, StaffRole
from bridgeway.programs.models import Enrollment, Program
from bridgeway.relationships.models import Relationship

# --- Blocks (messaging asks this one) ---------------------------------------------------------


# Every message sent and conversation page asks it: compiled once per process.
_block = KeptObjects(
    lambda relationship_id, person_id: (
        Block.objects.filter(relationship_id=relationship_id, lifted_at__isnull=True)
        .filter(Q(blocker_id=person_id) | Q(blocked_id=person_id))
        .only("pk")
        .order_by("pk")[:1]
    ),
    int,
    int,
)


def is_blocked(*, relationship: Relationship, person: Person) -> bool:
    """Whether `person` and the other person of `relationship` may not write to each other:
    either blocked the other and staff have not lifted it."""
    return _block.first(relationship.pk, person.pk) is not None


def block_in_force(*, relationship: Relationship) -> Block | None:
    return (
        Block.objects.filter(relationship=relationship, lifted_at__isnull=True)
        .select_related("blocker", "blocked")
        .first()
    )


def blocks_of(*, concern: Concern) -> list[Block]:
    return list(concern.blocks.select_related("blocker", "blocked", "lifted_by"))


# --- The person who raised it -----------------------------------------------------------------


def concerns_of_reporter(*, person: Person) -> QuerySet[Concern]:
    return Concern.objects.filter(reporter=person).select_related("program__organization")


def concern_get_for_reporter(*, person: Person, concern_id: int) -> Concern:
    found = (
        concerns_of_reporter(person=person)
        .select_related("relationship", "about")
        .filter(pk=concern_id)
        .first()
    )
    if found is None:
        raise Http404
    return found


def events_for_reporter(*, concern: Concern) -> list[ConcernEvent]:
    return list(concern.events.filter(for_reporter=True).select_related("author", "concern"))


@dataclass(frozen=True)
class Subject:
    """Something a participant can raise a concern about: one of their mentorships (with the
    other person) or one of their programs in general."""

    key: str
    program: Program
    relationship: Relationship | None = None
    other: Person | None = None


def subjects_for_participant(*, person: Person) -> list[Subject]:
    """The person's newest twenty mentorships (a closed one too: a concern can come after the
    end) and the programs they are or were in."""
    found: list[Subject] = []
    relationships = (
        Relationship.objects.filter(Q(mentee__person=person) | Q(mentor__person=person))
        .select_related("program__organization", "mentee__person", "mentor__person")
        .order_by("-started_at")[:20]
    )
    for relationship in relationships:
        is_mentee = relationship.mentee.person_id == person.pk
        other = relationship.mentor.person if is_mentee else relationship.mentee.person
        found.append(Subject(f"r{relationship.pk}", relationship.program, relationship, other))
    for enrollment in (
        # Any enrollment: someone who withdrew may be the one with something to say.
        Enrollment.objects.filter(person=person)
        .select_related("program__organization")
        .order_by("program__name")[:20]
    ):
        found.append(Subject(f"p{enrollment.program_id}", enrollment.program))
    unique: dict[str, Subject] = {}
    for subject in found:
        unique.setdefault(subject.key, subject)
    return list(unique.values())


# --- Staff ------------------------------------------------------------------------------------


def _for_staff(person: Person) -> QuerySet[Concern]:
    # A staff member never reads a concern about themselves (a coordinator who also mentors).
    return Concern.objects.filter(organization__in=staff_organizations(person)).exclude(
        about=person
    )


def concern_get_for_staff(*, person: Person, concern_id: int) -> Concern:
    found = (
        _for_staff(person)
        .filter(pk=concern_id)
        .select_related("organization", "program", "relationship", "reporter", "about", "assignee")
        .first()
    )
    if found is None:
        raise Http404
    return found


def concerns_for_organization(
    *,
    organization: Organization,
    person: Person,
    status: str = "",
    category: str = "",
    program_id: int | None = None,
    assignee_id: int | None = None,
    unassigned: bool = False,
    priority: str = "",
) -> QuerySet[Concern]:
    """The agency's concerns for one of its staff (the caller resolved the agency), filtered;
    open ones first, then the newest."""
    rows = (
        Concern.objects.filter(organization=organization)
        .exclude(about=person)
        .select_related("program", "assignee", "reporter")
    )
    if status == "open":
        rows = rows.filter(status__in=Concern.OPEN)
    elif status:
        rows = rows.filter(status=status)
    if category:
        rows = rows.filter(category=category)
    if program_id:
        rows = rows.filter(program_id=program_id)
    if unassigned:
        rows = rows.filter(assignee__isnull=True)
    elif assignee_id:
        rows = rows.filter(assignee_id=assignee_id)
    if priority:
        rows = rows.filter(priority=priority)
    return rows.order_by("-created_at", "-pk")


def concerns_for_staff(*, person: Person) -> QuerySet[Concern]:
    """Every concern of the person's agencies (the API's staff list)."""
    return _for_staff(person).select_related("program", "assignee", "reporter", "about")


def events_for_staff(*, concern: Concern) -> list[ConcernEvent]:
    return list(concern.events.select_related("author", "concern"))


def staff_of(*, organization: Organization) -> list[Person]:
    """The agency's staff, by name (who a concern can be assigned to)."""
    return [
        m.person
        for m in Membership.objects.filter(organization=organization)
        .select_related("person")
        .order_by("person__display_name", "person__email")
    ]


def admins_of(*, organization: Organization) -> list[Person]:
    return [
        m.person
        for m in Membership.objects.filter(
            organization=organization, role=StaffRole.ADMIN
        ).select_related("person")
    ]


def programs_of(*, organization: Organization) -> QuerySet[Program]:
    return Program.objects.filter(organization=organization).order_by("name", "pk")


def staff_programs(*, organization: Organization) -> list[Program]:
    return list(programs_of(organization=organization))


def relationship_for_staff(
    *, organization: Organization, relationship_id: int | None
) -> Relationship | None:
    if relationship_id is None:
        return None
    return (
        Relationship.objects.filter(pk=relationship_id, program__organization=organization)
        .select_related("program", "mentee__person", "mentor__person")
        .first()
    )


def concerns_waiting(*, organization: Organization) -> QuerySet[Concern]:
    """Concerns no staff member has picked up yet (new, or escalated and still open)."""
    return Concern.objects.filter(organization=organization, status__in=Concern.OPEN).filter(
        Q(status=Concern.Status.NEW) | Q(escalated_at__isnull=False)
    )


def waiting_count(*, organization: Organization) -> int:
    return concerns_waiting(organization=organization).count()


# --- Counts over time ------------------------------------------------------------------------


def months_back(today: date, count: int) -> list[date]:
    """The first day of this month and of the `count - 1` months before it, oldest first."""
    year, month = today.year, today.month
    found = []
    for _i in range(count):
        found.append(date(year, month, 1))
        year, month = (year - 1, 12) if month == 1 else (year, month - 1)
    return list(reversed(found))


def counts_by_month(
    *, organization: Organization, program_id: int | None = None, months: int = 12
) -> tuple[list[date], dict[tuple[date, str], int]]:
    """Concerns raised per month and category over the last `months` months (in the site's
    time zone), in one query: (months, {(month, category): count})."""
    now = timezone.localtime()
    first = months_back(now.date(), months)
    start = timezone.make_aware(datetime.combine(first[0], datetime.min.time()))
    rows = Concern.objects.filter(organization=organization, created_at__gte=start)
    if program_id:
        rows = rows.filter(program_id=program_id)
    counts: dict[tuple[date, str], int] = {}
    for month, category, n in (
        rows.annotate(month=TruncMonth("created_at"))
        .values("month", "category")
        .annotate(n=Count("pk"))
        .values_list("month", "category", "n")
    ):
        day = month.date() if isinstance(month, datetime) else month
        counts[(day, category)] = counts.get((day, category), 0) + n
    return first, counts
