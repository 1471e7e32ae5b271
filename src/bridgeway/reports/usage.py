"""Resource use: how many of the programs' mentors and mentees opened the library in the
period, how many views that made, and the resources they opened most.

A view is what the library counts (learning/library): one person, one resource, one day,
however often it was opened that day. A view counts for a role when the person was enrolled in
one of the report's programs in that role by that day (the participant filters apply to that
enrollment); a person who mentors in one program and is a mentee in another counts in both
rows. Only the resources of the report's agencies and of their network count, so that a report
never names another agency's resource. Three queries, whatever the number of views."""

from __future__ import annotations

from django.db.models import Count, F, Q, QuerySet
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from bridgeway.learning.library.models import ResourceVersion, ResourceView
from bridgeway.programs.models import Enrollment, EnrollmentRole, Program
from bridgeway.programs.reach import Level
from bridgeway.reports.figures import Figure, Table
from bridgeway.reports.scope import ReportFilter, participant_q

TOP = 10


def counted_views(programs: QuerySet[Program], chosen: ReportFilter) -> QuerySet[ResourceView]:
    """The period's views of the scope's resources, one row per view and role its person held
    in the report's programs by that day (`role`); views by people in neither role are left
    out. The database joins each view to its person's enrollments (one hash join) instead of
    looking them up view by view."""
    own = Q(resource__organization_id__in=programs.values("organization_id")) | Q(
        resource__level=Level.NETWORK,
        resource__network_id__in=programs.values("organization__network_id"),
    )
    enrolled = Enrollment.objects.filter(
        program__in=programs, role__in=[EnrollmentRole.MENTOR, EnrollmentRole.MENTEE]
    ).filter(participant_q(chosen))
    return (
        ResourceView.objects.filter(own, day__gte=chosen.start, day__lte=chosen.end)
        .filter(
            person__enrollments__in=enrolled,
            person__enrollments__created_at__date__lte=F("day"),
        )
        .annotate(role=F("person__enrollments__role"))
    )


def resources_table(programs: QuerySet[Program], chosen: ReportFilter) -> Table:
    mentor, mentee = Q(role=EnrollmentRole.MENTOR), Q(role=EnrollmentRole.MENTEE)
    # A person enrolled twice in one role (two programs) joins a view twice: counted once.
    counts = counted_views(programs, chosen).aggregate(
        mentors=Count("person", distinct=True, filter=mentor),
        mentees=Count("person", distinct=True, filter=mentee),
        mentor_views=Count("pk", distinct=True, filter=mentor),
        mentee_views=Count("pk", distinct=True, filter=mentee),
    )
    return Table(
        key="resources",
        title=_("Resource use"),
        description=_(
            "Mentees and mentors of the programs who opened a resource of the library in the "
            "period, and their views: a person opening a resource counts once a day, however "
            "often they open it that day."
        ),
        rows=[
            Figure(_("Mentees who opened a resource"), counts["mentees"], key="mentees"),
            Figure(_("Mentors who opened a resource"), counts["mentors"], key="mentors"),
            Figure(_("Views by mentees"), counts["mentee_views"], key="mentee_views"),
            Figure(_("Views by mentors"), counts["mentor_views"], key="mentor_views"),
        ],
        column=_("Figure"),
    )


def _titles(resource_ids: list[int]) -> dict[int, str]:
    """Each resource's title in the reader's language, else in its first language."""
    language = (translation.get_language() or "en").split("-")[0]
    titles: dict[int, str] = {}
    versions = ResourceVersion.objects.filter(resource_id__in=resource_ids).order_by(
        "resource_id", "language", "pk"
    )
    for resource_id, version_language, title in versions.values_list(
        "resource_id", "language", "title"
    ):
        if resource_id not in titles or version_language == language:
            titles[resource_id] = title
    return titles


def top_resources_table(programs: QuerySet[Program], chosen: ReportFilter) -> Table:
    """The ten resources with the most views in the period (ties: the older resource)."""
    top = list(
        counted_views(programs, chosen)
        .values("resource_id")
        .annotate(views=Count("pk", distinct=True))
        .order_by("-views", "resource_id")[:TOP]
    )
    titles = _titles([row["resource_id"] for row in top])
    return Table(
        key="resources_top",
        title=_("Most viewed resources"),
        description=_(
            "The resources of the library the programs' mentees and mentors opened most in "
            "the period (at most ten), with their views."
        ),
        rows=[
            Figure(
                titles.get(row["resource_id"], str(row["resource_id"])),
                row["views"],
                key=f"resource-{row['resource_id']}",
            )
            for row in top
        ],
        column=_("Resource"),
        empty=_("No resource of the library was opened in the period."),
    )
