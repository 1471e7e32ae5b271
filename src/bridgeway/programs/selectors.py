"""Reads of programs and enrollments, each scoped to the acting person."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.db.models import Count, Q, QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy as _

from bridgeway.core.access import staff_organizations
from bridgeway.core.kept_queries import KeptObjects, person_by_id
from bridgeway.programs.models import (
    Enrollment,
    EnrollmentRole,
    EnrollmentStatus,
    Program,
    WaitlistEntry,
)

if TYPE_CHECKING:
    from django.utils.functional import _StrOrPromise as StrOrPromise

    from bridgeway.accounts.models import Person
    from bridgeway.core.models import Organization


def program_list_public(*, query: str = "", kind: str = "", purpose: str = "") -> QuerySet[Program]:
    """The network directory: listed programs of active agencies."""
    programs = Program.objects.filter(is_published=True, organization__is_active=True)
    if query:
        programs = programs.filter(
            Q(name__icontains=query)
            | Q(summary__icontains=query)
            | Q(organization__name__icontains=query)
        )
    if kind:
        programs = programs.filter(kind=kind)
    if purpose:
        programs = programs.filter(purpose=purpose)
    return programs.select_related("organization").order_by("name", "pk")


def program_get_public(*, program_id: int) -> Program:
    return get_object_or_404(program_list_public(), pk=program_id)


def program_list_for_staff(*, person: Person) -> QuerySet[Program]:
    return Program.objects.filter(organization__in=staff_organizations(person)).select_related(
        "organization"
    )


def _program_of_staff(roles: tuple[str, ...] | None) -> KeptObjects:
    """The program, with its agency, if the person holds one of `roles` (any role: None) in its
    active agency: what every staff page of a program asks first, compiled once per process
    for each set of roles."""

    def build(person_id: int, program_id: int) -> QuerySet[Program]:
        return (
            Program.objects.filter(
                pk=program_id, organization__in=staff_organizations(person_by_id(person_id), roles)
            )
            .select_related("organization")
            .order_by("pk")[:1]
        )

    return KeptObjects(build, int, int)


_programs_of_staff: dict[tuple[str, ...] | None, KeptObjects] = {}
# Ids the kept SQL takes as they are; another id (past a 32-bit integer) is left to the ORM,
# which answers the same 404 for an id past the database's range.
_KEPT_IDS = range(1, 2**31)


def program_get_for_staff(
    *, person: Person, program_id: int, roles: tuple[str, ...] | None = None
) -> Program:
    """The same 404 for a program that does not exist and another agency's program."""
    key = None if roles is None else tuple(roles)
    if (
        person.is_authenticated
        and type(program_id) is int
        and program_id in _KEPT_IDS
        and isinstance(person.pk, int)
    ):
        if key not in _programs_of_staff:
            _programs_of_staff[key] = _program_of_staff(key)
        program: Program | None = _programs_of_staff[key].first(person.pk, program_id)
        if program is None:
            raise Http404("No Program matches the given query.")  # as get_object_or_404 says
        return program
    return get_object_or_404(
        Program.objects.filter(organization__in=staff_organizations(person, key)).select_related(
            "organization"
        ),
        pk=program_id,
    )


def program_list_for_organization(*, organization: Organization) -> QuerySet[Program]:
    """An agency's programs by name, for its own staff (the caller resolved the agency)."""
    return Program.objects.filter(organization=organization).order_by("name", "pk")


@dataclass(frozen=True)
class StatusBucket:
    """One column of the enrollment counts: the statuses (and, for the waiting list, the
    role) it holds. The buckets part every enrollment: each is counted once, in one bucket,
    and the buckets add up to the total."""

    key: str
    label: StrOrPromise
    statuses: tuple[str, ...]
    role: str = ""

    def condition(self, prefix: str = "") -> Q:
        condition = Q(**{f"{prefix}status__in": self.statuses})
        if self.role:
            condition &= Q(**{f"{prefix}role": self.role})
        return condition


S = EnrollmentStatus
STATUS_BUCKETS = (
    StatusBucket("applied", _("Applied"), (S.APPLIED,)),
    StatusBucket("screening", _("Screening"), (S.SCREENING,)),
    StatusBucket("training", _("Training"), (S.TRAINING,)),
    # A ready mentee holds a place on the waiting list (docs/waiting-list.md): counted there,
    # never also as ready; mentors are never on it.
    StatusBucket("ready", _("Mentors ready"), (S.READY, S.WAITLISTED), EnrollmentRole.MENTOR),
    StatusBucket("waiting", _("Mentees waiting"), (S.READY, S.WAITLISTED), EnrollmentRole.MENTEE),
    StatusBucket("matched", _("Matched"), (S.MATCHED,)),
    StatusBucket("closed", _("Closed or alumni"), (S.CLOSED, S.ALUMNI)),
    StatusBucket("left", _("Withdrawn or declined"), (S.WITHDRAWN, S.DECLINED)),
)


def programs_with_status_counts(*, programs: QuerySet[Program]) -> QuerySet[Program]:
    """Each program annotated, in one query, with `count_<bucket>` for each of STATUS_BUCKETS
    and `count_total`, their sum."""
    annotations = {
        f"count_{bucket.key}": Count("enrollments", filter=bucket.condition("enrollments__"))
        for bucket in STATUS_BUCKETS
    }
    return programs.annotate(count_total=Count("enrollments"), **annotations)


def status_bucket_counts(program: Program) -> list[tuple[StatusBucket, int]]:
    """Each bucket with its count, for a program from `programs_with_status_counts`."""
    return [(bucket, getattr(program, f"count_{bucket.key}")) for bucket in STATUS_BUCKETS]


def program_status_counts(*, program: Program) -> list[tuple[StatusBucket, int]]:
    """One program's enrollment counts per bucket, in one query."""
    counted = programs_with_status_counts(programs=Program.objects.filter(pk=program.pk)).get()
    return status_bucket_counts(counted)


def enrollment_list_for_program(
    *, program: Program, status: str = "", role: str = "", query: str = ""
) -> QuerySet[Enrollment]:
    enrollments = Enrollment.objects.filter(program=program).select_related("person")
    if status:
        enrollments = enrollments.filter(status=status)
    if role:
        enrollments = enrollments.filter(role=role)
    if query:
        enrollments = enrollments.filter(
            Q(person__display_name__icontains=query) | Q(person__email__icontains=query)
        )
    return enrollments.order_by("-created_at", "-id")


def enrollment_get_for_staff(*, person: Person, enrollment_id: int) -> Enrollment:
    return get_object_or_404(
        Enrollment.objects.filter(
            program__organization__in=staff_organizations(person)
        ).select_related("program__organization", "person"),
        pk=enrollment_id,
    )


def enrollment_get_for_reader(*, person: Person, enrollment_id: int) -> Enrollment:
    """The person's own enrollment, or one in a program of an agency they work for; anyone
    else gets the same 404 as for an id that does not exist. Whether it is their own is
    `enrollment.person_id == person.pk`."""
    return get_object_or_404(
        Enrollment.objects.filter(
            Q(person=person) | Q(program__organization__in=staff_organizations(person))
        ).select_related("program__organization", "person"),
        pk=enrollment_id,
    )


def enrollment_list_for_reader(*, person: Person | None) -> QuerySet[Enrollment]:
    """Enrollments the person may read: their own and those of their agencies' programs
    (none without a person, as when the API schema is built)."""
    if person is None:
        return Enrollment.objects.none()
    own = Enrollment.objects.filter(person=person)
    staff = Enrollment.objects.filter(program__organization__in=staff_organizations(person))
    return (own | staff).distinct().select_related("program", "person")


def waitlist_entry_get(*, program: Program, entry_id: int) -> WaitlistEntry | None:
    """A place on this program's waiting list (the program was resolved for the caller)."""
    return WaitlistEntry.objects.filter(program=program, pk=entry_id).first()


def enrollment_list_for_person(*, person: Person) -> QuerySet[Enrollment]:
    return _enrollments_of(person.pk)


def _enrollments_of(person_id: int) -> QuerySet[Enrollment]:
    return (
        Enrollment.objects.filter(person_id=person_id)
        .select_related("program__organization")
        .order_by("-created_at", "-id")
    )


_kept_enrollments = KeptObjects(_enrollments_of, int)


def enrollments_of_person(*, person: Person) -> list[Enrollment]:
    """`enrollment_list_for_person` as a list, its SQL compiled once per process (the
    dashboard reads it on every visit)."""
    return _kept_enrollments.list(person.pk)


def enrollment_get_for_person(*, person: Person, enrollment_id: int) -> Enrollment:
    enrollment = enrollment_list_for_person(person=person).filter(pk=enrollment_id).first()
    if enrollment is None:
        raise Http404
    return enrollment


def person_program_roles(person: Person) -> set[str]:
    """The roles (mentee, mentor) the person holds in any program, for their notifications."""
    return set(Enrollment.objects.filter(person=person).values_list("role", flat=True).distinct())
