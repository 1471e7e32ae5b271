"""What a partner's contacts read: aggregate figures about the partner's employees who mentor
and agreed to be counted, over the programs of the partner's agency (or of the whole network),
in a period, with the period split by calendar quarter. Never a name, never a participant's
answer: counts, hours and means only, with the network's rule for small counts
(reports/figures.py) — and nothing at all while fewer than five employees share their figures,
since any figure would then describe one of a handful of known colleagues.

Hours are what the employees logged themselves after each meeting, in their pairs and their
groups; meetings are those at least one of them said took place; satisfaction is the closure
survey (1 to 5) of the employees themselves and of their mentees. A fixed number of queries,
whatever the number of people (tests/reports/partners/test_report.py)."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, datetime
from typing import Any

from django.db.models import Count, Exists, F, OuterRef, Q, QuerySet, Sum
from django.db.models.functions import TruncQuarter
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from bridgeway.programs.models import Enrollment, EnrollmentRole, Program
from bridgeway.relationships.groups.models import (
    GroupClosureSurvey,
    GroupMeetingLog,
    GroupMember,
    MentoringGroup,
)
from bridgeway.relationships.models import ClosureSurvey, MeetingLog, Relationship
from bridgeway.reports.figures import THRESHOLD, Figure, Table, suppress_figure, suppress_table
from bridgeway.reports.outcomes import COMPLETED
from bridgeway.reports.partners.models import EmployerLink, Partner
from bridgeway.reports.scope import ReportFilter

MET = MeetingLog.Outcome.MET


@dataclass(frozen=True)
class PartnerReport:
    partner: Partner
    chosen: ReportFilter
    # Whether enough employees share their figures for any figure to be shown.
    enough: bool
    tables: list[Table]
    made_at: datetime

    def table(self, key: str) -> Table | None:
        return next((table for table in self.tables if table.key == key), None)


def partner_programs(partner: Partner) -> QuerySet[Program]:
    if partner.organization_id is not None:
        return Program.objects.filter(organization_id=partner.organization_id)
    return Program.objects.filter(organization__network_id=partner.network_id)


def counted_mentors(partner: Partner) -> QuerySet[Enrollment]:
    """The mentor enrollments, in the partner's programs, of employees whose link is confirmed
    and who chose to be counted."""
    employees = EmployerLink.objects.filter(
        partner=partner, status=EmployerLink.Status.ACTIVE, share_figures=True
    ).values("person_id")
    return Enrollment.objects.filter(
        program__in=partner_programs(partner), role=EnrollmentRole.MENTOR, person_id__in=employees
    )


def quarters(first: date, last: date) -> list[date]:
    """The first day of each calendar quarter from `first` to `last`."""
    current = date(first.year, 3 * ((first.month - 1) // 3) + 1, 1)
    found = []
    while current <= last:
        found.append(current)
        month = current.month + 3
        current = date(current.year + (month > 12), (month - 1) % 12 + 1, 1)
    return found


def quarter_label(first: date) -> str:
    last = date(first.year, first.month + 2, 1)
    return _("%(first)s to %(last)s") % {
        "first": formats.date_format(first, "F"),
        "last": formats.date_format(last, "YEAR_MONTH_FORMAT"),
    }


def _quarter(field: str) -> TruncQuarter:
    return TruncQuarter(field, tzinfo=timezone.get_current_timezone())


def _started(
    pairs: QuerySet[Any], groups: QuerySet[Any], window: dict[str, Any]
) -> dict[date, int]:
    found: dict[date, int] = {}
    for queryset in (pairs, groups):
        rows = (
            queryset.filter(**{f"started_at__{k}": v for k, v in window.items()})
            .annotate(quarter=_quarter("started_at"))
            .values_list("quarter")
            .annotate(n=Count("pk"))
            .order_by()
        )
        for moment, n in rows:
            found[moment.date()] = found.get(moment.date(), 0) + n
    return found


@dataclass
class Logged:
    """Meetings held, minutes logged and who logged them, per quarter."""

    meetings: dict[date, int]
    minutes: dict[date, int]
    people: dict[date, set[int]]


def _logged(mentors: QuerySet[Enrollment], window: dict[str, Any]) -> Logged:
    when = {f"created_at__{k}": v for k, v in window.items()}
    own_pair_logs = MeetingLog.objects.filter(
        outcome=MET,
        meeting__relationship__mentor__in=mentors,
        person_id=F("meeting__relationship__mentor__person_id"),
        **when,
    )
    own_group_logs = GroupMeetingLog.objects.filter(outcome=MET, **when).filter(
        Exists(
            GroupMember.objects.filter(
                group=OuterRef("meeting__group"),
                enrollment__in=mentors,
                enrollment__person_id=OuterRef("person_id"),
            )
        )
    )
    logged = Logged({}, {}, {})
    for logs in (own_pair_logs, own_group_logs):
        by_quarter = logs.annotate(quarter=_quarter("created_at"))
        rows = by_quarter.values("quarter").annotate(
            meetings=Count("meeting", distinct=True), minutes=Sum("minutes")
        )
        for row in rows.order_by():
            key = row["quarter"].date()
            logged.meetings[key] = logged.meetings.get(key, 0) + row["meetings"]
            logged.minutes[key] = logged.minutes.get(key, 0) + (row["minutes"] or 0)
        for moment, person in by_quarter.values_list("quarter", "person_id").distinct():
            logged.people.setdefault(moment.date(), set()).add(person)
    return logged


def _mean(*aggregates: dict[str, Any]) -> tuple[float | None, int]:
    n = sum(a["n"] for a in aggregates)
    total = sum(a["total"] or 0 for a in aggregates)
    return (total / n if n else None), n


def _satisfaction(
    mentors: QuerySet[Enrollment], groups: QuerySet[Any], window: dict[str, Any]
) -> tuple[tuple[float | None, int], tuple[float | None, int]]:
    """(mean, answers) of the employees' own closure surveys, and of their mentees'."""
    when = {f"created_at__{k}": v for k, v in window.items()}
    totals = {"n": Count("pk"), "total": Sum("satisfaction")}
    pair_surveys = ClosureSurvey.objects.filter(relationship__mentor__in=mentors, **when)
    own_pairs = pair_surveys.filter(person_id=F("relationship__mentor__person_id"))
    mentee_pairs = pair_surveys.filter(person_id=F("relationship__mentee__person_id"))
    group_surveys = GroupClosureSurvey.objects.filter(**when)
    own_groups = group_surveys.filter(
        Exists(
            GroupMember.objects.filter(
                group=OuterRef("group"),
                enrollment__in=mentors,
                enrollment__person_id=OuterRef("person_id"),
            )
        )
    )
    mentee_groups = group_surveys.filter(group__in=groups).filter(
        Exists(
            GroupMember.objects.filter(
                group=OuterRef("group"),
                role=EnrollmentRole.MENTEE,
                enrollment__person_id=OuterRef("person_id"),
            )
        )
    )
    return (
        _mean(own_pairs.aggregate(**totals), own_groups.aggregate(**totals)),
        _mean(mentee_pairs.aggregate(**totals), mentee_groups.aggregate(**totals)),
    )


def _mentoring_in_period(mentors: QuerySet[Enrollment], start: datetime, end: datetime) -> int:
    """Employees with a pair or a group that was open at some time in the period."""
    open_then = Q(started_at__lt=end) & (Q(closed_at__isnull=True) | Q(closed_at__gte=start))
    people = set(
        Relationship.objects.filter(open_then, mentor__in=mentors).values_list(
            "mentor__person_id", flat=True
        )
    )
    people |= set(
        GroupMember.objects.filter(
            Q(group__started_at__lt=end)
            & (Q(group__closed_at__isnull=True) | Q(group__closed_at__gte=start))
            & (Q(left_at__isnull=True) | Q(left_at__gte=start)),
            enrollment__in=mentors,
        ).values_list("enrollment__person_id", flat=True)
    )
    return len(people)


def suppress_hours(
    rows: list[Figure], people: list[set[int]], total: Figure
) -> tuple[list[Figure], Figure]:
    """Hours rest on the people who logged them. A quarter's hours are hidden when fewer than
    5 people logged them (a quarter when nobody did reads 0 h); and while the hidden quarters
    together rest on fewer than 5 people — the total minus the quarters shown would give their
    hours — the shown quarter with the fewest people is hidden too."""
    total = suppress_figure(total)
    if total.hidden:
        return [replace(row, hidden="small") for row in rows], total
    rows = [replace(row, hidden="small") if 0 < row.base < THRESHOLD else row for row in rows]

    def exposed() -> bool:
        hidden = [i for i, row in enumerate(rows) if row.hidden]
        return bool(hidden) and len(set().union(*(people[i] for i in hidden))) < THRESHOLD

    while exposed():
        shown = [i for i, row in enumerate(rows) if not row.hidden and row.base]
        if not shown:
            return rows, replace(total, hidden="secondary")
        pick = min(shown, key=lambda i: (rows[i].base, i))
        rows[pick] = replace(rows[pick], hidden="secondary")
    return rows, total


def _total(table: Table) -> Figure:
    assert table.total is not None
    return table.total


def partner_report_build(*, partner: Partner, chosen: ReportFilter) -> PartnerReport:
    mentors = counted_mentors(partner)
    sharing = mentors.order_by().values("person_id").distinct().count()
    made_at = timezone.now()
    if sharing < THRESHOLD:
        return PartnerReport(partner, chosen, enough=False, tables=[], made_at=made_at)
    start, end = chosen.window()
    window = {"gte": start, "lt": end}
    pairs = Relationship.objects.filter(mentor__in=mentors)
    groups = MentoringGroup.objects.filter(
        Exists(GroupMember.objects.filter(group=OuterRef("pk"), enrollment__in=mentors))
    )
    periods = quarters(chosen.start, chosen.end)
    labels = [quarter_label(first) for first in periods]
    started = _started(pairs, groups, window)
    logged = _logged(mentors, window)

    def by_quarter(key: str, title: str, description: str, found: dict[date, int]) -> Table:
        rows = [
            Figure(label, found.get(first, 0), key=first.isoformat())
            for label, first in zip(labels, periods, strict=True)
        ]
        total = Figure(_("The whole period"), sum(found.values()), key="total")
        return suppress_table(
            Table(key, title, description, rows, total=total, partition=True, column=_("Quarter"))
        )

    started_table = by_quarter(
        "started",
        _("Mentorships started, by quarter"),
        _("New pairs and groups with one of your employees as a mentor."),
        started,
    )
    meetings_table = by_quarter(
        "meetings",
        _("Meetings held, by quarter"),
        _("Meetings your employees said took place, in their pairs and groups."),
        logged.meetings,
    )
    everyone = set().union(*logged.people.values()) if logged.people else set()
    hour_rows, hour_total = suppress_hours(
        [
            Figure(
                label,
                logged.minutes.get(first, 0) / 60,
                unit="hours",
                n=len(logged.people.get(first, set())),
                key=first.isoformat(),
            )
            for label, first in zip(labels, periods, strict=True)
        ],
        [logged.people.get(first, set()) for first in periods],
        Figure(
            _("The whole period"),
            sum(logged.minutes.values()) / 60,
            unit="hours",
            n=len(everyone),
            key="total",
        ),
    )
    hours_table = Table(
        "hours",
        _("Hours of mentoring, by quarter"),
        _(
            "The time your employees logged after their meetings. A quarter's hours are shown "
            "when at least 5 employees logged some."
        ),
        hour_rows,
        total=hour_total,
        chart=False,
        column=_("Quarter"),
    )
    summary = _summary(mentors, pairs, groups, start, end, window, sharing)
    summary = replace(
        summary,
        rows=[
            *summary.rows[:4],
            replace(
                _total(started_table), label=_("Mentorships started in the period"), key="started"
            ),
            *summary.rows[4:5],
            replace(_total(meetings_table), label=_("Meetings held in the period"), key="meetings"),
            replace(hour_total, label=_("Hours of mentoring logged in the period"), key="hours"),
        ],
    )
    return PartnerReport(
        partner,
        chosen,
        enough=True,
        tables=[summary, started_table, meetings_table, hours_table],
        made_at=made_at,
    )


def _summary(
    mentors: QuerySet[Enrollment],
    pairs: QuerySet[Any],
    groups: QuerySet[Any],
    start: datetime,
    end: datetime,
    window: dict[str, Any],
    sharing: int,
) -> Table:
    """The headline figures (the period's totals of the quarter tables are added by the
    caller, as those tables hid them, so that one figure never reads two ways)."""
    done = {"status": "closed", "close_reason__in": COMPLETED}
    completed = pairs.filter(**done, **{f"closed_at__{k}": v for k, v in window.items()}).count()
    completed += groups.filter(**done, **{f"closed_at__{k}": v for k, v in window.items()}).count()
    (own_mean, own_n), (mentee_mean, mentee_n) = _satisfaction(mentors, groups, window)
    table = Table(
        "summary",
        _("Your employees who mentor"),
        _(
            "Employees who confirmed they work for you and chose to be counted, in the "
            "programs below; mentorships and meetings in the period you chose."
        ),
        [
            Figure(_("Employees who mentor and are counted"), sharing, key="employees"),
            Figure(
                _("Of them, mentoring in the period"),
                _mentoring_in_period(mentors, start, end),
                key="mentoring",
            ),
            Figure(
                _("Pairs active today"),
                pairs.filter(status=Relationship.Status.ACTIVE).count(),
                key="pairs_active",
            ),
            Figure(
                _("Groups active today"),
                groups.filter(status=MentoringGroup.Status.ACTIVE).count(),
                key="groups_active",
            ),
            Figure(_("Mentorships completed in the period"), completed, key="completed"),
        ],
        chart=False,
        column=_("Figure"),
        extra=[
            Figure(
                _("Mean satisfaction of your employees at the end of a mentorship"),
                own_mean,
                unit="score",
                n=own_n,
                key="own_satisfaction",
            ),
            Figure(
                _("Mean satisfaction of their mentees at the end"),
                mentee_mean,
                unit="score",
                n=mentee_n,
                key="mentee_satisfaction",
            ),
        ],
    )
    return suppress_table(table)
