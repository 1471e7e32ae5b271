"""What is overdue in a program's open mentorships, for the coordinator's list: something that
should have happened by a date and has not. A pair or a group is overdue, with each reason,
when (the time of day in the reader's time zone):

- its agreement is still not signed (or waived) the program's activation window after the
  mentorship started (`mentee_activation_days`, 60 days by default);
- a meeting that ended more than ANSWER_DAYS ago has no "did you meet?" answer from anyone;
- a goal's date has passed and it is not met;
- a check-in question asked more than ANSWER_DAYS ago, in the last two months, has no answer
  from anyone in the pair (or the group);
- its planned end date has passed and it is not closed.

Closed mentorships are never overdue. Each answer comes in a fixed number of queries, whatever
the number of mentorships."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from datetime import date, datetime, timedelta
from typing import Any

from django.db.models import Count, Exists, Min, Model, OuterRef, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from bridgeway.core.kept_queries import KeptObjects, KeptRows
from bridgeway.notifications.models import Timer
from bridgeway.programs.models import Program
from bridgeway.relationships.checkins import RECENT, round_of
from bridgeway.relationships.groups.models import (
    GroupCheckIn,
    GroupGoal,
    GroupMeeting,
    GroupMeetingLog,
    MentoringGroup,
)
from bridgeway.relationships.models import (
    CheckIn,
    Goal,
    Meeting,
    MeetingLog,
    Relationship,
)

ANSWER_DAYS = 7  # a meeting's "did you meet?" and a check-in wait this long for an answer

Reasons = dict[int, list[str]]


def _day(moment: datetime | date) -> str:
    if isinstance(moment, datetime):
        moment = timezone.localtime(moment)
    return formats.date_format(moment, "DATE_FORMAT")


def _count(rows: QuerySet[Any], owner: str, value: Any) -> Coalesce:
    """How many of `rows` (a queryset of the outer pair's or group's rows, through `owner`),
    or `value` of them (an aggregate): a subquery, 0 when none."""
    found = rows.order_by().values(owner).annotate(found=value).values("found")[:1]
    return Coalesce(Subquery(found), 0)


def _open_of(
    model: type[Model], meeting: type[Model], log: type[Model], goal: type[Model], owner: str
) -> KeptRows:
    """A program's open pairs (or groups) with, for each, its meetings that started before a
    moment (ANSWER_DAYS ago) with no answer (how many, the first one's start) and its open
    goals past their date on a day: the same query on every coordinator's list and the
    API's, with the program, the moment and the day given, compiled once per process."""

    def build(program_id: int, answer_by: datetime, today: date) -> QuerySet[Any]:
        unanswered = meeting.objects.filter(  # type: ignore[attr-defined]
            **{owner: OuterRef("pk")}, status="scheduled", starts_at__lte=answer_by
        ).exclude(Exists(log.objects.filter(meeting=OuterRef("pk"))))  # type: ignore[attr-defined]
        late_goals = goal.objects.filter(  # type: ignore[attr-defined]
            **{owner: OuterRef("pk")}, status="open", due_date__lt=today
        )
        first = unanswered.order_by().values(owner).annotate(first=Min("starts_at"))
        return (
            model.objects.filter(program_id=program_id)  # type: ignore[attr-defined]
            .exclude(status="closed")
            .annotate(
                unanswered=_count(unanswered, owner, Count("pk")),
                first_unanswered=Subquery(first.values("first")[:1]),
                late_goals=_count(late_goals, owner, Count("pk")),
            )
            .values_list(
                "pk",
                "status",
                "started_at",
                "planned_end",
                "unanswered",
                "first_unanswered",
                "late_goals",
            )
        )

    return KeptRows(build, int, datetime, date)


_OPEN: dict[type[Model], KeptRows] = {
    Relationship: _open_of(Relationship, Meeting, MeetingLog, Goal, "relationship"),
    MentoringGroup: _open_of(MentoringGroup, GroupMeeting, GroupMeetingLog, GroupGoal, "group"),
}

OpenRow = tuple[int, str, datetime, date, int, datetime | None, int]


def _open_rows(model: type[Model], program: Program, now: datetime) -> list[OpenRow]:
    """The program's open pairs (or groups), each with its meetings without an answer and its
    goals past their date (`_open_of`)."""
    found: list[OpenRow] = _OPEN[model].list(  # type: ignore[assignment]
        program.pk, now - timedelta(days=ANSWER_DAYS), timezone.localdate(now)
    )
    return found


def _dates(rows: list[OpenRow], program: Program, now: datetime, reasons: Reasons) -> None:
    """The agreement past the activation window, the planned end passed."""
    window = timedelta(days=program.mentee_activation_days)
    today = timezone.localdate(now)
    for pk, status, started_at, planned_end, *_counts in rows:
        if status == "agreement" and started_at + window <= now:
            reasons[pk].append(
                ngettext(
                    "The agreement is not signed %(count)d day after the start.",
                    "The agreement is not signed %(count)d days after the start.",
                    program.mentee_activation_days,
                )
                % {"count": program.mentee_activation_days}
            )
        if planned_end < today:
            reasons[pk].append(
                _("The planned end (%(date)s) has passed and it is not closed.")
                % {"date": _day(planned_end)}
            )


def _write(reasons: Reasons, rows: list[OpenRow]) -> None:
    """The meetings without an answer and the goals past their date, counted in `rows`."""
    meetings = {pk: (count, first) for pk, _s, _t, _e, count, first, _g in rows if count and first}
    goals = {pk: count for pk, _s, _t, _e, _m, _f, count in rows if count}
    for pk, (count, first) in meetings.items():
        reasons[pk].append(
            ngettext(
                "%(count)d meeting has no “did you meet?” answer (%(date)s).",
                "%(count)d meetings have no “did you meet?” answer (the first on %(date)s).",
                count,
            )
            % {"count": count, "date": _day(first)}
        )
    for pk, count in goals.items():
        reasons[pk].append(
            ngettext(
                "%(count)d goal is past its date and not met.",
                "%(count)d goals are past their date and not met.",
                count,
            )
            % {"count": count}
        )


# The check-in questions an agency sent between two moments: compiled once per process.
_asked = KeptObjects(
    lambda kind, organization_id, since, until: Timer.objects.filter(
        kind=kind,
        state=Timer.State.DONE,
        organization_id=organization_id,
        finished_at__gte=since,
        finished_at__lte=until,
    ).order_by("finished_at"),
    str,
    int,
    datetime,
    datetime,
)


def _check_ins(
    program: Program,
    ids: Iterable[int],
    now: datetime,
    *,
    timer_kind: str = "relationships.check_in",
    owner: str = "relationship",
    answers: type[Model] = CheckIn,
) -> dict[int, datetime]:
    """{pair (or group) id: when the oldest unanswered question went out} for check-in
    questions asked in the last two months and more than ANSWER_DAYS ago that nobody in the
    pair (or group) answered."""
    wanted = set(ids)
    sent = _asked.list(
        timer_kind, program.organization_id, now - RECENT, now - timedelta(days=ANSWER_DAYS)
    )
    asked = [timer for timer in sent if timer.payload.get(owner) in wanted]
    if not asked:
        return {}  # no answer to read: the filter below would run no query either
    answered = set(
        answers.objects.filter(  # type: ignore[attr-defined]
            **{f"{owner}_id__in": {timer.payload[owner] for timer in asked}}
        ).values_list(f"{owner}_id", "kind", "round")
    )
    found: dict[int, datetime] = {}
    for timer in asked:
        pk = timer.payload[owner]
        if (pk, *round_of(timer)) not in answered and timer.finished_at is not None:
            found.setdefault(pk, timer.finished_at)
    return found


def _unanswered(reasons: Reasons, asked: dict[int, datetime]) -> None:
    for pk, when in asked.items():
        reasons[pk].append(_("A check-in asked on %(date)s has no answer.") % {"date": _day(when)})


def overdue_relationships(*, program: Program, now: datetime | None = None) -> Reasons:
    """{relationship id: [reason, …]} for the program's open pairs that are overdue."""
    now = now or timezone.now()
    rows = _open_rows(Relationship, program, now)
    ids = [row[0] for row in rows]
    reasons: Reasons = defaultdict(list)
    if not ids:
        return {}
    _dates(rows, program, now, reasons)
    _write(reasons, rows)
    _unanswered(reasons, _check_ins(program, ids, now))
    return {pk: found for pk, found in reasons.items() if found}


def overdue_groups(*, program: Program, now: datetime | None = None) -> Reasons:
    """{group id: [reason, …]} for the program's open groups that are overdue."""
    now = now or timezone.now()
    rows = _open_rows(MentoringGroup, program, now)
    ids = [row[0] for row in rows]
    reasons: Reasons = defaultdict(list)
    if not ids:
        return {}
    _dates(rows, program, now, reasons)
    _write(reasons, rows)
    asked = _check_ins(
        program,
        ids,
        now,
        timer_kind="relationships.group_check_in",
        owner="group",
        answers=GroupCheckIn,
    )
    _unanswered(reasons, asked)
    return {pk: found for pk, found in reasons.items() if found}
