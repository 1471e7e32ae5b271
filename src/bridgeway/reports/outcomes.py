"""How mentorships end and what people say of them: concerns by category, closures by reason,
satisfaction and goals from the closure survey, mentors who come back and mentees who become
mentors, and mentorships started month by month. Aggregate queries only."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django.db.models import Avg, Count, Exists, F, OuterRef, Q, QuerySet
from django.db.models.functions import TruncMonth
from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _

from bridgeway.concerns.models import Category, Concern
from bridgeway.programs.models import Enrollment, EnrollmentRole, Program
from bridgeway.relationships.models import (
    AUTOMATIC,
    FINISHED,
    CloseReason,
    ClosureSurvey,
    Goal,
    Relationship,
)
from bridgeway.reports.figures import Figure, Grid, Table
from bridgeway.reports.scope import ReportFilter, participant_q

# A closure that reached its end; the others ended early.
COMPLETED = (*FINISHED, CloseReason.FLASH_HELD)


def concerns_table(programs: QuerySet[Program], chosen: ReportFilter) -> Table:
    start, end = chosen.window()
    concerns = Concern.objects.filter(
        program__in=programs, created_at__gte=start, created_at__lt=end
    )
    if chosen.filters_people:
        # Concerns about a mentorship, counted by its mentee.
        concerns = concerns.filter(participant_q(chosen, "relationship__mentee"))
    found = dict(concerns.values_list("category").annotate(n=Count("pk")).order_by())
    rows = [Figure(label, found.get(value, 0), key=value) for value, label in Category.choices]
    return Table(
        key="concerns",
        title=_("Concerns by category"),
        description=_("Concerns raised in the period, by what they are about."),
        rows=rows,
        total=Figure(_("All concerns"), sum(found.values()), key="total"),
        partition=True,
        column=_("Concerns"),
    )


def closures_table(programs: QuerySet[Program], chosen: ReportFilter) -> Table:
    start, end = chosen.window()
    closed = Relationship.objects.filter(
        program__in=programs,
        status=Relationship.Status.CLOSED,
        closed_at__gte=start,
        closed_at__lt=end,
    ).filter(participant_q(chosen, "mentee"))
    found = dict(closed.values_list("close_reason").annotate(n=Count("pk")).order_by())
    reasons = [value for value in CloseReason.values if value not in AUTOMATIC or found.get(value)]
    labels = dict(CloseReason.choices)
    rows = [
        Figure(
            (_("Completed: %(reason)s") if value in COMPLETED else _("Ended early: %(reason)s"))
            % {"reason": labels[value]},
            found.get(value, 0),
            key=value,
        )
        for value in reasons
    ]
    total = sum(found.values())
    completed = sum(found.get(value, 0) for value in COMPLETED)
    return Table(
        key="closures",
        title=_("Closures and their reasons"),
        description=_(
            "Mentorships that closed in the period: completed (at their planned end, their "
            "goals met, or the mentee moved on to a job or a new place) or ended early, by reason."
        ),
        rows=rows,
        total=Figure(_("All closures"), total, key="total"),
        partition=True,
        column=_("Mentorships"),
        extra=[
            Figure(
                _("Share of closures that completed"),
                100 * completed / total if total else None,
                unit="percent",
                n=total,
                key="completed_share",
                inputs=tuple(reasons),
            )
        ],
    )


def _surveys(programs: QuerySet[Program], chosen: ReportFilter) -> QuerySet[ClosureSurvey]:
    start, end = chosen.window()
    return ClosureSurvey.objects.filter(
        relationship__program__in=programs, created_at__gte=start, created_at__lt=end
    ).filter(participant_q(chosen, "relationship__mentee"))


def _survey_counts(programs: QuerySet[Program], chosen: ReportFilter) -> dict[str, Any]:
    """What the satisfaction and the goals tables count in the period's closure surveys, in
    one pass over them."""
    mentee = Q(person_id=F("relationship__mentee__person_id"))
    return _surveys(programs, chosen).aggregate(
        total=Count("pk"),
        mentees=Count("pk", filter=mentee),
        mentors=Count("pk", filter=~mentee),
        mentee_mean=Avg("satisfaction", filter=mentee),
        mentor_mean=Avg("satisfaction", filter=~mentee),
        recommend=Count("pk", filter=Q(would_recommend=True)),
        **{f"s{score}": Count("pk", filter=Q(satisfaction=score)) for score in range(1, 6)},
        **{
            f"goals_{value}": Count("pk", filter=Q(goals_achieved=value))
            for value in ClosureSurvey.Achieved.values
        },
    )


def survey_tables(programs: QuerySet[Program], chosen: ReportFilter) -> list[Table | Grid]:
    """Satisfaction and goals achieved, from one read of the period's closure surveys."""
    counts = _survey_counts(programs, chosen)
    return [_satisfaction(counts), _goals(programs, chosen, counts)]


def _satisfaction(counts: dict[str, Any]) -> Table:
    total = counts["total"]
    return Table(
        key="satisfaction",
        title=_("Satisfaction at closure"),
        description=_(
            "Answers to the closure survey given in the period: “How satisfied are you?”, "
            "from 1 (not at all) to 5 (very)."
        ),
        rows=[
            Figure(_("%(score)s out of 5") % {"score": score}, counts[f"s{score}"], key=f"s{score}")
            for score in range(5, 0, -1)
        ],
        total=Figure(_("All answers"), total, key="total"),
        partition=True,
        column=_("Answers"),
        extra=[
            Figure(
                _("Mean satisfaction of mentees"),
                counts["mentee_mean"],
                unit="score",
                n=counts["mentees"],
                key="mentee_mean",
            ),
            Figure(
                _("Mean satisfaction of mentors"),
                counts["mentor_mean"],
                unit="score",
                n=counts["mentors"],
                key="mentor_mean",
            ),
            Figure(
                _("Would recommend the program"),
                100 * counts["recommend"] / total if total else None,
                unit="percent",
                n=total,
                key="recommend",
            ),
        ],
    )


def _goals(programs: QuerySet[Program], chosen: ReportFilter, counts: dict[str, Any]) -> Table:
    start, end = chosen.window()
    met = (
        Goal.objects.filter(
            relationship__program__in=programs,
            status=Goal.Status.MET,
            met_at__gte=start,
            met_at__lt=end,
        )
        .filter(participant_q(chosen, "relationship__mentee"))
        .count()
    )
    labels = {
        "yes": _("Reached their goals"),
        "partly": _("Partly reached their goals"),
        "no": _("Did not reach their goals"),
    }
    return Table(
        key="goals",
        title=_("Goals achieved"),
        description=_(
            "Answers to “Did you reach your goals?” in the closure surveys of the period, and "
            "the goals pairs marked as met in the period."
        ),
        rows=[
            Figure(labels[value], counts[f"goals_{value}"], key=value)
            for value in ("yes", "partly", "no")
        ],
        total=Figure(_("All answers"), counts["total"], key="total"),
        partition=True,
        column=_("Answers"),
        extra=[Figure(_("Goals marked as met"), met, key="goals_met")],
    )


def mentors_table(programs: QuerySet[Program], chosen: ReportFilter) -> Table:
    """Mentor applications, mentors who took a mentee in the period and how many had mentored
    before, and mentees of the scope who applied to mentor in the period."""
    start, end = chosen.window()
    applied = Enrollment.objects.filter(
        program__in=programs,
        role=EnrollmentRole.MENTOR,
        created_at__gte=start,
        created_at__lt=end,
    ).filter(participant_q(chosen))
    former_mentee = Enrollment.objects.filter(
        program__in=programs,
        role=EnrollmentRole.MENTEE,
        person_id=OuterRef("person_id"),
        created_at__lt=OuterRef("created_at"),
    )
    applications = applied.aggregate(
        total=Count("pk"),
        alumni=Count("person", distinct=True, filter=Q(Exists(former_mentee))),
    )
    started = Relationship.objects.filter(
        program__in=programs, started_at__gte=start, started_at__lt=end
    ).filter(participant_q(chosen, "mentor"))
    earlier = Relationship.objects.filter(
        program__in=programs,
        mentor__person_id=OuterRef("mentor__person_id"),
        started_at__lt=OuterRef("started_at"),
    )
    mentors = started.aggregate(
        total=Count("mentor__person", distinct=True),
        repeat=Count("mentor__person", distinct=True, filter=Q(Exists(earlier))),
    )
    return Table(
        key="mentors",
        title=_("Mentors and alumni"),
        description=_(
            "Mentor applications in the period; mentors who started a mentorship in the period, "
            "and how many of them had mentored here before; mentees who applied to mentor."
        ),
        rows=[
            Figure(_("Mentor applications"), applications["total"], key="applications"),
            Figure(_("Mentors who started a mentorship"), mentors["total"], key="mentors"),
            Figure(_("Of them, mentors who had mentored before"), mentors["repeat"], key="repeat"),
            Figure(_("Former mentees who applied to mentor"), applications["alumni"], key="alumni"),
        ],
        column=_("People"),
    )


def _months(first: date, last: date) -> list[date]:
    months, current = [], first.replace(day=1)
    while current <= last:
        months.append(current)
        current = (current.replace(day=28) + timedelta(days=4)).replace(day=1)
    return months


def monthly_table(programs: QuerySet[Program], chosen: ReportFilter) -> Table:
    """Mentorships started month by month: the rows split the period's total."""
    start, end = chosen.window()
    zone = timezone.get_current_timezone()
    started = (
        Relationship.objects.filter(program__in=programs, started_at__gte=start, started_at__lt=end)
        .filter(participant_q(chosen, "mentee"))
        .annotate(month=TruncMonth("started_at", tzinfo=zone))
        .values_list("month")
        .annotate(n=Count("pk"))
        .order_by()
    )
    found = {moment.date(): n for moment, n in started}
    rows = [
        Figure(
            formats.date_format(month, "YEAR_MONTH_FORMAT"),
            found.get(month, 0),
            key=month.isoformat(),
        )
        for month in _months(chosen.start, chosen.end)
    ]
    return Table(
        key="monthly",
        title=_("Mentorships started each month"),
        description=_("New mentorships by the month they started, in the period."),
        rows=rows,
        total=Figure(_("All mentorships started"), sum(found.values()), key="total"),
        partition=True,
        column=_("Mentorships"),
    )
