"""Where participants stand: applications and how many reach "ready" and a match, the time to
a match, the waiting list, and what pairs and groups are doing. Each table is a fixed number of
aggregate queries, whatever the number of people (tests/reports/test_queries.py)."""

from __future__ import annotations

import math
from datetime import datetime, timedelta
from typing import Any

from django.db.models import (
    Case,
    CharField,
    Count,
    DurationField,
    Exists,
    ExpressionWrapper,
    F,
    FloatField,
    OuterRef,
    Q,
    QuerySet,
    Sum,
    Value,
    When,
    Window,
)
from django.db.models.functions import Cast, Ceil, Coalesce, Greatest, RowNumber
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from bridgeway.messaging.models import Conversation
from bridgeway.programs.models import (
    Enrollment,
    EnrollmentRole,
    EnrollmentStatus,
    Program,
    StatusChange,
    WaitlistEntry,
)
from bridgeway.relationships.checkins import LOW, RECENT
from bridgeway.relationships.groups.models import GroupMeetingLog, GroupMember, MentoringGroup
from bridgeway.relationships.models import CheckIn, GoalNote, MeetingLog, Relationship
from bridgeway.reports.figures import Figure, Table
from bridgeway.reports.scope import ReportFilter, participant_q

S = EnrollmentStatus
READY_OR_BEYOND = [S.READY, S.WAITLISTED, S.MATCHED]
MATCHED_STATUSES = [S.MATCHED, S.CLOSED, S.ALUMNI]


def ranked(queryset: QuerySet[Any], field: str, shares: tuple[float, ...]) -> tuple[int, list[Any]]:
    """The number of rows and, for each of `shares` (0.5: the median), the value at its nearest
    rank among the rows ordered by `field` (rank `max(1, ceil(share × rows))`), from one query:
    the database numbers the rows in one sort, counts them in the same pass and returns the
    ranked rows only (a count and a query per rank read the rows three times). The rank is
    computed in floating point in both places, so the database and Python pick the same row."""
    name = field.lstrip("-")
    order = F(name).desc() if field.startswith("-") else F(name).asc()
    rows = queryset.annotate(
        _position=Window(RowNumber(), order_by=order),
        _rows=Window(Count("pk")),
    )
    wanted = Q()
    for share in shares:
        rank = Greatest(
            Value(1.0), Ceil(Value(share, output_field=FloatField()) * Cast("_rows", FloatField()))
        )
        wanted |= Q(_position=rank)
    found = {
        position: (count, value)
        for position, count, value in rows.filter(wanted)
        .order_by()
        .values_list("_position", "_rows", name)
    }
    if not found:
        return 0, [None for _share in shares]
    count = next(iter(found.values()))[0]
    return count, [found[max(1, math.ceil(share * count))][1] for share in shares]


def _days(value: timedelta | None) -> float | None:
    return None if value is None else value.total_seconds() / 86400


def pipeline_table(programs: QuerySet[Program], chosen: ReportFilter) -> Table:
    """Mentees who applied in the period, by where they stand now: a partition of them."""
    start, end = chosen.window()
    applied = Enrollment.objects.filter(
        program__in=programs,
        role=EnrollmentRole.MENTEE,
        created_at__gte=start,
        created_at__lt=end,
    ).filter(participant_q(chosen))
    applied = applied.annotate(
        reached=Exists(
            StatusChange.objects.filter(enrollment=OuterRef("pk"), to_status__in=READY_OR_BEYOND)
        ),
        paired=Exists(Relationship.objects.filter(mentee=OuterRef("pk")))
        | Exists(GroupMember.objects.filter(enrollment=OuterRef("pk"))),
    )
    # Each applicant's stage, worked out once per row (a CASE takes the first that holds),
    # then counted by stage: one pass over the applications.
    stage = Case(
        When(Q(paired=True) | Q(status__in=MATCHED_STATUSES), then=Value("matched")),
        When(Q(reached=True) | Q(status__in=[S.READY, S.WAITLISTED]), then=Value("ready")),
        When(status__in=[S.APPLIED, S.SCREENING, S.TRAINING], then=Value("in_progress")),
        When(status__in=[S.WITHDRAWN, S.DECLINED], then=Value("left")),
        default=Value("other"),
        output_field=CharField(),
    )
    found = dict(applied.values_list(stage).annotate(n=Count("pk")).order_by())
    counts = {key: found.get(key, 0) for key in ("matched", "ready", "in_progress", "left")}
    counts["total"] = sum(found.values())
    rows = [
        Figure(_("Matched with a mentor or a group"), counts["matched"], key="matched"),
        Figure(_("Ready to match, not matched yet"), counts["ready"], key="ready"),
        Figure(
            _("Still in intake (applied, screening or training)"),
            counts["in_progress"],
            key="in_progress",
        ),
        Figure(_("Left before being ready (withdrew or declined)"), counts["left"], key="left"),
    ]
    reached = counts["matched"] + counts["ready"]
    return Table(
        key="pipeline",
        title=_("Applications and intake"),
        description=_("Mentees who applied in the period, by where they stand today."),
        rows=rows,
        total=Figure(_("Mentee applications"), counts["total"], key="total"),
        partition=True,
        column=_("Mentees"),
        extra=[
            Figure(
                _("Intake conversion: applicants who became ready to match"),
                100 * reached / counts["total"] if counts["total"] else None,
                unit="percent",
                n=counts["total"],
                key="conversion",
                inputs=("matched", "ready", "total"),
            ),
            Figure(
                _("Match rate: ready applicants who were matched"),
                100 * counts["matched"] / reached if reached else None,
                unit="percent",
                n=reached,
                key="match_rate",
                inputs=("matched", "ready"),
            ),
        ],
    )


def timing_table(programs: QuerySet[Program], chosen: ReportFilter) -> Table:
    """Days from application to a match (pairs started in the period) and the waiting list."""
    start, end = chosen.window()
    started = (
        Relationship.objects.filter(program__in=programs, started_at__gte=start, started_at__lt=end)
        .filter(participant_q(chosen, "mentee"))
        .annotate(
            wait=ExpressionWrapper(
                F("started_at") - F("mentee__created_at"), output_field=DurationField()
            )
        )
    )
    # Each list is read once: its count with its median and 90th percentile.
    matched, (median, p90) = ranked(started, "wait", (0.5, 0.9))
    waiting = WaitlistEntry.objects.filter(program__in=programs).filter(
        participant_q(chosen, "enrollment")
    )
    # The longest waits joined first: the shortest wait is the latest joined_at.
    waiting_now, joined = ranked(waiting, "-joined_at", (0.5, 0.9))
    now = timezone.now()
    wait_median, wait_p90 = (_days(now - when) if when is not None else None for when in joined)

    days = _("Days")
    return Table(
        key="timing",
        title=_("Time to a match and the waiting list"),
        description=_(
            "Days from a mentee's application to the start of their mentorship, for "
            "mentorships that started in the period (median and the longest 10%); the waiting "
            "list as it is today."
        ),
        rows=[
            Figure(_("Mentorships started in the period"), matched, key="matched"),
            Figure(
                _("Median time to a match"),
                _days(median),
                unit="days",
                n=matched,
                key="median",
            ),
            Figure(
                _("Time to a match for 9 in 10 mentees (90th percentile)"),
                _days(p90),
                unit="days",
                n=matched,
                key="p90",
            ),
            Figure(_("Mentees on the waiting list today"), waiting_now, key="waiting"),
            Figure(
                _("Median wait so far"), wait_median, unit="days", n=waiting_now, key="wait_median"
            ),
            Figure(
                _("Wait so far for 9 in 10 (90th percentile)"),
                wait_p90,
                unit="days",
                n=waiting_now,
                key="wait_p90",
            ),
        ],
        chart=False,
        column=days,
    )


def at_risk_count(programs: QuerySet[Program], chosen: ReportFilter, now: datetime) -> int:
    """Active pairs that need staff, by the rules of relationships.checkins.at_risk (a low or
    "help" answer in the last 60 days, or nothing — no meeting logged, no goal note, no
    message — for the program's inactivity days since it began), counted in the database.
    Each "something happened since" is one list of pairs the database builds once and looks
    pairs up in, rather than a search per pair. The programs of each inactivity period are
    named by id: the condition then reads the pair's own columns only, and the database checks
    it once per pair (with the program joined, it checked it twice and built each list twice)."""
    active = Relationship.objects.filter(
        program__in=programs, status=Relationship.Status.ACTIVE
    ).filter(participant_q(chosen, "mentee"))
    flagged = CheckIn.objects.filter(created_at__gte=now - RECENT).filter(
        Q(needs_help=True) | Q(score__lte=LOW)
    )
    began = Coalesce(F("activated_at"), F("started_at"))
    quiet = Q(pk__in=[])
    by_days: dict[int, list[int]] = {}
    for program_id, days in programs.values_list("pk", "inactivity_days"):
        by_days.setdefault(days, []).append(program_id)
    for days, program_ids in sorted(by_days.items()):
        since = now - timedelta(days=days)
        # Each log keeps its mentorship: no meeting is read to find it.
        met = MeetingLog.objects.filter(created_at__gte=since).values("relationship_id")
        noted = GoalNote.objects.filter(created_at__gte=since).values("goal__relationship_id")
        # relationship_id is empty for a group's or staff conversation: NOT IN needs no NULL.
        written = Conversation.objects.filter(
            relationship__isnull=False, last_message_at__gte=since
        ).values("relationship_id")
        quiet |= (
            Q(program_id__in=program_ids, began__lt=since)
            & ~Q(pk__in=met)
            & ~Q(pk__in=noted)
            & ~Q(pk__in=written)
        )
    return (
        active.annotate(began=began)
        .filter(Q(pk__in=flagged.values("relationship_id")) | quiet)
        .count()
    )


def activity_table(programs: QuerySet[Program], chosen: ReportFilter) -> Table:
    start, end = chosen.window()
    now = timezone.now()
    pairs = Relationship.objects.filter(program__in=programs).filter(
        participant_q(chosen, "mentee")
    )
    pair_counts = pairs.aggregate(
        active=Count("pk", filter=Q(status=Relationship.Status.ACTIVE)),
        started=Count("pk", filter=Q(started_at__gte=start, started_at__lt=end)),
    )
    groups = MentoringGroup.objects.filter(program__in=programs)
    if chosen.filters_people:
        members = GroupMember.objects.filter(
            group=OuterRef("pk"), role=EnrollmentRole.MENTEE
        ).filter(participant_q(chosen, "enrollment"))
        groups = groups.filter(Exists(members))
    met = {"outcome": MeetingLog.Outcome.MET, "created_at__gte": start, "created_at__lt": end}
    # The logs name their mentorship: the period's logs are looked up in the pairs alone,
    # without joining the meetings (most of them in scope) to find each log's pair.
    pair_logs = MeetingLog.objects.filter(relationship__in=pairs.values("pk"), **met).aggregate(
        meetings=Count("meeting", distinct=True), minutes=Sum("minutes")
    )
    group_logs = GroupMeetingLog.objects.filter(
        meeting__group__in=groups.values("pk"), **met
    ).aggregate(meetings=Count("meeting", distinct=True), minutes=Sum("minutes"))
    meetings = pair_logs["meetings"] + group_logs["meetings"]
    minutes = (pair_logs["minutes"] or 0) + (group_logs["minutes"] or 0)
    return Table(
        key="activity",
        title=_("Mentorships and meetings"),
        description=_(
            "Pairs and groups active today, mentorships started in the period, and the "
            "meetings people said took place in the period with the time each person logged."
        ),
        rows=[
            Figure(_("Pairs active today"), pair_counts["active"], key="active"),
            Figure(
                _("Groups active today"),
                groups.filter(status=MentoringGroup.Status.ACTIVE).count(),
                key="groups",
            ),
            Figure(_("Mentorships started in the period"), pair_counts["started"], key="started"),
            Figure(_("Meetings held"), meetings, key="meetings"),
            Figure(
                _("Hours of meetings logged"), minutes / 60, unit="hours", n=meetings, key="hours"
            ),
            Figure(_("Pairs at risk today"), at_risk_count(programs, chosen, now), key="at_risk"),
        ],
        column=_("Figure"),
    )
