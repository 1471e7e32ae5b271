"""Who a post reaches and who counts as a member of its scope.

A segment is a scope — one program, one agency with its programs, or the whole network — and
filters on the people enrolled there: role, enrollment status (by default every status but
withdrawn and declined, so people on a waiting list and alumni are in), cohort, language,
occupation group (NOC 2021 broad category, from the profile's occupation or NOC code answers),
country and time zone. `segment_people` is one query whatever the size of the segment."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING

from django.db.models import Count, Exists, OuterRef, Q, QuerySet, TextField
from django.db.models.functions import Cast

from bridgeway.accounts.models import Person
from bridgeway.community.news.models import Post, PostScope
from bridgeway.core.models import Membership, NetworkAdmin
from bridgeway.programs.models import Enrollment, EnrollmentStatus
from bridgeway.programs.questionnaires.models import Answer, QuestionKind

if TYPE_CHECKING:
    from collections.abc import Sequence

# A person who withdrew or was declined has left the program: no news unless asked for.
GONE = (EnrollmentStatus.WITHDRAWN, EnrollmentStatus.DECLINED)


@dataclass(frozen=True)
class Segment:
    scope: str
    network_id: int
    organization_id: int | None = None
    program_id: int | None = None
    roles: Sequence[str] = field(default_factory=tuple)
    statuses: Sequence[str] = field(default_factory=tuple)
    cohort_start: date | None = None
    languages: Sequence[str] = field(default_factory=tuple)
    sectors: Sequence[str] = field(default_factory=tuple)
    countries: Sequence[str] = field(default_factory=tuple)
    time_zones: Sequence[str] = field(default_factory=tuple)

    @classmethod
    def of_post(cls, post: Post) -> Segment:
        return cls(
            scope=post.scope,
            network_id=post.network_id,
            organization_id=post.organization_id,
            program_id=post.program_id,
            roles=tuple(post.roles),
            statuses=tuple(post.statuses),
            cohort_start=post.cohort_start,
            languages=tuple(post.languages),
            sectors=tuple(post.sectors),
            countries=tuple(post.countries),
            time_zones=tuple(post.time_zones),
        )


def scope_enrollments(segment: Segment) -> QuerySet[Enrollment]:
    enrollments = Enrollment.objects.filter(program__organization__is_active=True)
    if segment.scope == PostScope.PROGRAM:
        return enrollments.filter(program_id=segment.program_id or 0)
    if segment.scope == PostScope.AGENCY:
        return enrollments.filter(program__organization_id=segment.organization_id or 0)
    return enrollments.filter(program__organization__network_id=segment.network_id)


def _answers(kind: str) -> QuerySet[Answer]:
    """The answers of an enrollment to questions of one kind, with their value as JSON text
    ('"3"', '"31301"') so that the same lookups work on SQLite and PostgreSQL."""
    return Answer.objects.filter(enrollment=OuterRef("pk"), question__kind=kind).annotate(
        text=Cast("value", TextField())
    )


def _sector_q(sectors: Sequence[str]) -> Q:
    groups = Q(text__in=[f'"{code}"' for code in sectors])
    codes = Q()
    for code in sectors:
        codes |= Q(text__startswith=f'"{code}')
    return Q(Exists(_answers(QuestionKind.OCCUPATION).filter(groups))) | Q(
        Exists(_answers(QuestionKind.NOC_CODE).filter(codes))
    )


def _country_q(countries: Sequence[str]) -> Q:
    answered = _answers(QuestionKind.COUNTRY).filter(
        text__in=[f'"{c}"' for c in countries]  # type: ignore[misc]
    )
    return Q(person__country__in=list(countries)) | Q(Exists(answered))


def segment_enrollments(segment: Segment) -> QuerySet[Enrollment]:
    enrollments = scope_enrollments(segment)
    if segment.roles:
        enrollments = enrollments.filter(role__in=list(segment.roles))
    if segment.statuses:
        enrollments = enrollments.filter(status__in=list(segment.statuses))
    else:
        enrollments = enrollments.exclude(status__in=GONE)
    if segment.cohort_start is not None:
        enrollments = enrollments.filter(program__cohort_start=segment.cohort_start)
    if segment.sectors:
        enrollments = enrollments.filter(_sector_q(segment.sectors))
    if segment.countries:
        enrollments = enrollments.filter(_country_q(segment.countries))
    return enrollments


def segment_people(segment: Segment) -> QuerySet[Person]:
    """The active people of the segment, each once, by id."""
    people = Person.objects.filter(
        is_active=True, pk__in=segment_enrollments(segment).values("person_id")
    )
    if segment.languages:
        people = people.filter(preferred_language__in=list(segment.languages))
    if segment.time_zones:
        people = people.filter(time_zone__in=list(segment.time_zones))
    return people.order_by("pk")


def segment_count(segment: Segment) -> int:
    return segment_people(segment).count()


def segment_count_by_language(segment: Segment) -> dict[str, int]:
    """How many people of the segment prefer each language: one query."""
    rows = (
        segment_people(segment)
        .order_by()
        .values_list("preferred_language")
        .annotate(people=Count("pk"))
    )
    return {str(language): int(people) for language, people in rows}


def member_q(person: Person) -> Q:
    """The posts whose scope the person belongs to: enrolled there (not withdrawn or declined),
    on the staff of its agency, or admin of its network."""
    enrollments = Enrollment.objects.filter(
        person=person, program__organization__is_active=True
    ).exclude(status__in=GONE)
    staff = Membership.objects.filter(person=person, organization__is_active=True)
    agencies = enrollments.values("program__organization_id")
    staff_agencies = staff.values("organization_id")
    return (
        Q(scope=PostScope.PROGRAM, program_id__in=enrollments.values("program_id"))
        | Q(scope__in=[PostScope.PROGRAM, PostScope.AGENCY], organization_id__in=staff_agencies)
        | Q(scope=PostScope.AGENCY, organization_id__in=agencies)
        | Q(
            scope=PostScope.NETWORK,
            network_id__in=enrollments.values("program__organization__network_id"),
        )
        | Q(scope=PostScope.NETWORK, network_id__in=staff.values("organization__network_id"))
        | Q(
            scope=PostScope.NETWORK,
            network_id__in=NetworkAdmin.objects.filter(person=person).values("network_id"),
        )
    )


def managed_q(person: Person) -> Q:
    """The posts the person may write and send: their agency's and its programs' (agency
    staff), their network's (network admins)."""
    staff = Membership.objects.filter(person=person, organization__is_active=True)
    admin = NetworkAdmin.objects.filter(person=person)
    return Q(
        scope__in=[PostScope.AGENCY, PostScope.PROGRAM],
        organization_id__in=staff.values("organization_id"),
    ) | Q(scope=PostScope.NETWORK, network_id__in=admin.values("network_id"))
