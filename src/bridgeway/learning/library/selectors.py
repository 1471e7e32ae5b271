"""Reads of the library. Every way from an id to a resource or a version goes through the
person's resources (access.py): the same 404 for what does not exist and what is not theirs."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from django.db.models import Count, Q, QuerySet
from django.http import Http404
from django.utils import timezone, translation

from bridgeway.core.models import NetworkAdmin
from bridgeway.learning.library.access import (
    can_manage,
    resources_listed,
    resources_managed,
    resources_readable,
)
from bridgeway.learning.library.models import Resource, ResourceVersion, ResourceView
from bridgeway.programs.models import Enrollment, EnrollmentRole, Program
from bridgeway.programs.reach import GONE, Level

if TYPE_CHECKING:
    from bridgeway.accounts.models import Person
    from bridgeway.core.models import Network, Organization


def has_resources(*, person: Person) -> bool:
    """Whether the person sees or manages any resource (one query: the header asks it)."""
    return resources_readable(person).exists()


def resource_get_for_reader(*, person: Person, resource_id: int) -> Resource:
    found = (
        resources_readable(person)
        .select_related("program", "organization")
        .prefetch_related("versions", "topics")
        .filter(pk=resource_id)
        .first()
    )
    if found is None:
        raise Http404
    return found


def resource_get_for_manager(*, person: Person, resource_id: int) -> Resource:
    found = (
        resources_managed(person)
        .select_related("program", "organization", "network")
        .prefetch_related("versions", "topics")
        .filter(pk=resource_id)
        .first()
    )
    if found is None:
        raise Http404
    return found


def version_of(*, resource: Resource, version_id: int) -> ResourceVersion:
    for version in resource.versions.all():
        if version.pk == version_id:
            version.resource = resource
            return version
    raise Http404


def version_for_reader(resource: Resource, person: Person) -> ResourceVersion:
    """The version in the page's language, else the person's preferred or spoken ones, else
    the first."""
    versions = list(resource.versions.all())
    wanted = [translation.get_language() or "", person.preferred_language]
    wanted += list(getattr(person, "spoken_languages", None) or [])
    for code in wanted:
        for version in versions:
            if version.language == code.split("-")[0]:
                return version
    return versions[0]


def may_manage(*, person: Person, resource: Resource) -> bool:
    return can_manage(person, resource)


def month_start() -> date:
    return timezone.localdate().replace(day=1)


def _with_counts(resources: QuerySet[Resource]) -> QuerySet[Resource]:
    return (
        resources.select_related("program", "organization")
        .prefetch_related("versions")
        .annotate(
            view_total=Count("views", distinct=True),
            month_views=Count("views", filter=Q(views__day__gte=month_start()), distinct=True),
        )
        .order_by("archived", "-created_at", "-pk")
    )


def resources_of_agency(*, organization: Organization) -> QuerySet[Resource]:
    """The agency's and its programs' resources, each with its views (all and this month)."""
    return _with_counts(Resource.objects.filter(organization=organization))


def resources_of_network(*, network: Network) -> QuerySet[Resource]:
    return _with_counts(Resource.objects.filter(network=network, level=Level.NETWORK))


@dataclass(frozen=True)
class Usage:
    mentors: int
    mentees: int
    views: int


def usage_this_month(
    *, organization: Organization | None = None, network: Network | None = None
) -> Usage:
    """How many of the agency's (or the network's) mentors and mentees opened a resource of
    the library this month, and how many views that made: the library's success metric."""
    views = ResourceView.objects.filter(day__gte=month_start())
    enrollments = Enrollment.objects.exclude(status__in=GONE)
    if organization is not None:
        enrollments = enrollments.filter(program__organization=organization)
    else:
        enrollments = enrollments.filter(program__organization__network=network)
    viewers = enrollments.filter(person_id__in=views.values("person_id"))

    def people(role: str) -> int:
        return viewers.filter(role=role).values("person_id").distinct().count()

    counted = views.filter(person_id__in=enrollments.values("person_id"))
    return Usage(
        mentors=people(EnrollmentRole.MENTOR),
        mentees=people(EnrollmentRole.MENTEE),
        views=counted.count(),
    )


def programs_of_agency(*, organization: Organization) -> QuerySet[Program]:
    return Program.objects.filter(organization=organization).order_by("name", "pk")


def network_of_admin(*, person: Person) -> Network | None:
    admin = NetworkAdmin.objects.filter(person=person).select_related("network").first()
    return admin.network if admin is not None else None


def languages_listed(*, person: Person) -> list[str]:
    """The languages the person's resources are in, for the language filter."""
    versions = ResourceVersion.objects.filter(resource__in=resources_listed(person))
    return sorted(set(versions.values_list("language", flat=True)))
