"""Resource use: how many of the programs' mentors and mentees opened the library in the
period, how many views that made, and the resources they opened most.

A view is what the library counts (learning/library): one person, one resource, one day,
however often it was opened that day. A view counts for a role when the person was enrolled in
one of the report's programs in that role by that day (the participant filters apply to that
enrollment); a person who mentors in one program and is a mentee in another counts in both
rows. Only the resources of the report's agencies and of their network count, so that a report
never names another agency's resource. Both tables come from one pass over the views (and one
query for the titles), whatever the number of views."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db import connection
from django.db.models import Q, QuerySet
from django.db.models.functions import TruncDate
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from bridgeway.learning.library.models import ResourceVersion, ResourceView
from bridgeway.programs.models import Enrollment, EnrollmentRole, Program
from bridgeway.programs.reach import Level
from bridgeway.reports.figures import Figure, Grid, Table
from bridgeway.reports.scope import ReportFilter, participant_q

TOP = 10


def _views(programs: QuerySet[Program], chosen: ReportFilter) -> QuerySet[ResourceView, Any]:
    """The period's views of the scope's resources."""
    own = Q(resource__organization_id__in=programs.values("organization_id")) | Q(
        resource__level=Level.NETWORK,
        resource__network_id__in=programs.values("organization__network_id"),
    )
    return (
        ResourceView.objects.filter(own, day__gte=chosen.start, day__lte=chosen.end)
        .values("id", "person_id", "resource_id", "day")
        .order_by()  # joined, not listed: no sort
    )


def _enrolled(programs: QuerySet[Program], chosen: ReportFilter) -> QuerySet[Enrollment, Any]:
    """The mentors' and mentees' enrollments in the report's programs (the participant filters
    apply to them), each with its person, role and the day it was made (the report's time
    zone, as a view's day is)."""
    return (
        Enrollment.objects.filter(
            program__in=programs, role__in=[EnrollmentRole.MENTOR, EnrollmentRole.MENTEE]
        )
        .filter(participant_q(chosen))
        .annotate(since=TruncDate("created_at"))
        .values("person_id", "role", "since")
        .order_by()  # joined, not listed: no sort
    )


@dataclass(frozen=True)
class Use:
    """What the period's counted views add up to."""

    mentees: int
    mentors: int
    mentee_views: int
    mentor_views: int
    top: list[tuple[int, int]]  # (resource id, views), the most viewed first


def resource_use(programs: QuerySet[Program], chosen: ReportFilter) -> Use:
    """The people and views of each role and the most viewed resources, from one pass: the
    database joins the period's views to the enrollments by person (one hash join, without the
    people table between them), keeps one row per view with the roles its person held by that
    day (a person enrolled twice in one role, in two programs, joins a view twice: counted
    once), and reads the totals and the resources' counts from those rows."""
    views, view_params = _views(programs, chosen).query.sql_with_params()
    enrolled, enrolled_params = _enrolled(programs, chosen).query.sql_with_params()
    # The views and the enrollments are the ORM's own queries; only how they are joined and
    # what is read from them is written here. A row whose resource is empty holds the totals;
    # the others are the most viewed resources (ties: the older resource).
    sql = (
        "WITH counted AS ("  # noqa: S608  # nosec B608
        "SELECT v.id, v.person_id, v.resource_id, "
        "MAX(CASE WHEN e.role = %s THEN 1 ELSE 0 END) AS as_mentor, "
        "MAX(CASE WHEN e.role = %s THEN 1 ELSE 0 END) AS as_mentee "
        f"FROM ({views}) v INNER JOIN ({enrolled}) e "
        "ON e.person_id = v.person_id AND e.since <= v.day "
        "GROUP BY v.id, v.person_id, v.resource_id) "
        "SELECT NULL, COUNT(DISTINCT CASE WHEN as_mentee = 1 THEN person_id END), "
        "COUNT(DISTINCT CASE WHEN as_mentor = 1 THEN person_id END), "
        "SUM(as_mentee), SUM(as_mentor) FROM counted "
        "UNION ALL SELECT * FROM (SELECT resource_id, COUNT(*), 0, 0, 0 FROM counted "
        "GROUP BY resource_id ORDER BY COUNT(*) DESC, resource_id LIMIT %s) AS top"
    )
    params = (EnrollmentRole.MENTOR, EnrollmentRole.MENTEE, *view_params, *enrolled_params, TOP)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    totals = next(row for row in rows if row[0] is None)
    top = sorted(((row[0], row[1]) for row in rows if row[0] is not None), key=_most_viewed)
    return Use(
        mentees=totals[1] or 0,
        mentors=totals[2] or 0,
        mentee_views=totals[3] or 0,
        mentor_views=totals[4] or 0,
        top=top,
    )


def _most_viewed(row: tuple[int, int]) -> tuple[int, int]:
    resource_id, views = row
    return (-views, resource_id)


def resource_tables(programs: QuerySet[Program], chosen: ReportFilter) -> list[Table | Grid]:
    """Resource use and the most viewed resources, from one pass over the views."""
    use = resource_use(programs, chosen)
    return [resources_table(use), top_resources_table(use)]


def resources_table(use: Use) -> Table:
    return Table(
        key="resources",
        title=_("Resource use"),
        description=_(
            "Mentees and mentors of the programs who opened a resource of the library in the "
            "period, and their views: a person opening a resource counts once a day, however "
            "often they open it that day."
        ),
        rows=[
            Figure(_("Mentees who opened a resource"), use.mentees, key="mentees"),
            Figure(_("Mentors who opened a resource"), use.mentors, key="mentors"),
            Figure(_("Views by mentees"), use.mentee_views, key="mentee_views"),
            Figure(_("Views by mentors"), use.mentor_views, key="mentor_views"),
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


def top_resources_table(use: Use) -> Table:
    """The ten resources with the most views in the period (ties: the older resource)."""
    top = use.top
    titles = _titles([resource_id for resource_id, _views in top])
    return Table(
        key="resources_top",
        title=_("Most viewed resources"),
        description=_(
            "The resources of the library the programs' mentees and mentors opened most in "
            "the period (at most ten), with their views."
        ),
        rows=[
            Figure(titles.get(resource_id, str(resource_id)), views, key=f"resource-{resource_id}")
            for resource_id, views in top
        ],
        column=_("Resource"),
        empty=_("No resource of the library was opened in the period."),
    )
