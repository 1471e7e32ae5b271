"""Every mentorship of an agency's report, one row each: the data behind the tables, for an
evaluator or a funder who counts in their own way.

A mentorship is in the file when it was under way at some time in the period (started before
its end, not closed before its start), in the report's programs, with the participant filters
applied to its mentee. No names or contact details: each person appears as their enrollment
number, which the agency's staff can look up. One query, read in chunks
(`.iterator(chunk_size=…)`), so the file streams whatever its length; the network has no such
file (its figures hold no personal data)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django.db.models import (
    Count,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
)
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _

from bridgeway.concerns.models import Concern
from bridgeway.programs.models import Program
from bridgeway.relationships.models import (
    CloseReason,
    ClosureSurvey,
    Goal,
    MeetingLog,
    Relationship,
)
from bridgeway.reports.exports import Cell
from bridgeway.reports.outcomes import COMPLETED
from bridgeway.reports.scope import ReportFilter, participant_q

CHUNK = 2000
FIELDS = (
    "pk",
    "program__name",
    "mentee_id",
    "mentor_id",
    "status",
    "started_at",
    "planned_end",
    "closed_at",
    "close_reason",
    "met",
    "minutes",
    "mentee_score",
    "mentor_score",
    "mentee_goals",
    "goals_met",
    "concerns_raised",
)


def columns() -> list[Cell]:
    return [
        _("Mentorship"),
        _("Program"),
        _("Mentee (enrollment number)"),
        _("Mentor (enrollment number)"),
        _("Status"),
        _("Started"),
        _("Planned end"),
        _("Closed"),
        _("How it ended"),
        _("Meetings held"),
        _("Hours logged"),
        _("Mentee's satisfaction (1 to 5)"),
        _("Mentor's satisfaction (1 to 5)"),
        _("Mentee reached their goals"),
        _("Goals marked as met"),
        _("Concerns raised"),
    ]


def _count(queryset: QuerySet[Any], field: str = "pk", distinct: bool = False) -> Coalesce:
    counted = queryset.order_by().values("relationship").annotate(n=Count(field, distinct=distinct))
    return Coalesce(Subquery(counted.values("n")), 0, output_field=IntegerField())


def _survey(person: str, field: str) -> Subquery:
    answers = ClosureSurvey.objects.filter(relationship=OuterRef("pk"), person_id=OuterRef(person))
    return Subquery(answers.values(field)[:1])


def mentorships(programs: QuerySet[Program], chosen: ReportFilter) -> QuerySet[Relationship]:
    start, end = chosen.window()
    # Each log keeps its mentorship: the pair's logs are found without reading its meetings.
    met = MeetingLog.objects.filter(relationship=OuterRef("pk"), outcome=MeetingLog.Outcome.MET)
    minutes = met.order_by().values("relationship").annotate(total=Sum("minutes"))
    return (
        Relationship.objects.filter(program__in=programs, started_at__lt=end)
        .filter(Q(closed_at__isnull=True) | Q(closed_at__gte=start))
        .filter(participant_q(chosen, "mentee"))
        .annotate(
            met=_count(met, "meeting", distinct=True),
            minutes=Coalesce(Subquery(minutes.values("total")), 0, output_field=IntegerField()),
            mentee_score=_survey("mentee__person_id", "satisfaction"),
            mentor_score=_survey("mentor__person_id", "satisfaction"),
            mentee_goals=_survey("mentee__person_id", "goals_achieved"),
            goals_met=_count(
                Goal.objects.filter(relationship=OuterRef("pk"), status=Goal.Status.MET)
            ),
            concerns_raised=_count(Concern.objects.filter(relationship=OuterRef("pk"))),
        )
        .order_by("started_at", "pk")
    )


def _day(moment: Any) -> str:
    return timezone.localtime(moment).date().isoformat() if moment else ""


def record_rows(programs: QuerySet[Program], chosen: ReportFilter) -> Iterator[list[Cell]]:
    """The header, then one row per mentorship, read from the database in chunks."""
    statuses = dict(Relationship.Status.choices)
    reasons = dict(CloseReason.choices)
    achieved = dict(ClosureSurvey.Achieved.choices)
    yield columns()
    rows = mentorships(programs, chosen).values_list(*FIELDS)
    for row in rows.iterator(chunk_size=CHUNK):
        values = dict(zip(FIELDS, row, strict=True))
        reason = values["close_reason"]
        ended = ""
        if reason:
            ended = (
                _("Completed: %(reason)s") if reason in COMPLETED else _("Ended early: %(reason)s")
            ) % {"reason": reasons.get(reason, reason)}
        yield [
            values["pk"],
            values["program__name"],
            values["mentee_id"],
            values["mentor_id"],
            str(statuses.get(values["status"], values["status"])),
            _day(values["started_at"]),
            values["planned_end"].isoformat() if values["planned_end"] else "",
            _day(values["closed_at"]),
            ended,
            values["met"],
            round(values["minutes"] / 60, 1),
            values["mentee_score"] if values["mentee_score"] is not None else "",
            values["mentor_score"] if values["mentor_score"] is not None else "",
            str(achieved.get(values["mentee_goals"], "")) if values["mentee_goals"] else "",
            values["goals_met"],
            values["concerns_raised"],
        ]
