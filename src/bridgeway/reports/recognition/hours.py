"""Hours and completed mentorships per enrollment, and the milestones they reach.

Hours are what each person logged themselves ("did you meet?" → "yes", with the minutes), in
their pairs' and their groups' meetings, as the reports count them. A mentorship is completed
when it closed at its planned end, with its goals met, with the mentee moving on, or a flash
conversation that took place (`reports.outcomes.COMPLETED`). Each function reads a fixed number
of queries whatever the number of enrollments."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from django.db.models import Case, Count, F, Max, Min, OuterRef, Q, QuerySet, Subquery, Sum, When
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from bridgeway.programs.models import Enrollment
from bridgeway.relationships.groups.models import GroupMeetingLog, GroupMember, MentoringGroup
from bridgeway.relationships.models import MeetingLog, Relationship
from bridgeway.reports.outcomes import COMPLETED

HOUR_MILESTONES = (10, 25, 50, 100)
MENTORSHIP_MILESTONES = (1, 3, 5)


@dataclass
class Standing:
    minutes: int = 0
    completed: int = 0
    first_start: datetime | None = None
    last_close: datetime | None = None

    @property
    def hours(self) -> float:
        return round(self.minutes / 60, 1)

    @property
    def finished(self) -> bool:
        return self.completed > 0

    @property
    def started_on(self) -> date | None:
        return timezone.localdate(self.first_start) if self.first_start else None

    @property
    def finished_on(self) -> date | None:
        return timezone.localdate(self.last_close) if self.last_close else None

    def add(
        self,
        *,
        minutes: int = 0,
        completed: int = 0,
        first: datetime | None = None,
        last: datetime | None = None,
    ) -> None:
        self.minutes += minutes or 0
        self.completed += completed or 0
        if first is not None and (self.first_start is None or first < self.first_start):
            self.first_start = first
        if last is not None and (self.last_close is None or last > self.last_close):
            self.last_close = last


def standings(enrollments: QuerySet[Enrollment]) -> dict[int, Standing]:
    """{enrollment id: its hours and completed mentorships}, for every enrollment given."""
    found: dict[int, Standing] = {pk: Standing() for pk in enrollments.values_list("pk", flat=True)}
    ids = list(found)
    met = MeetingLog.Outcome.MET
    pair_minutes = (
        MeetingLog.objects.filter(outcome=met)
        .filter(
            Q(meeting__relationship__mentor_id__in=ids)
            | Q(meeting__relationship__mentee_id__in=ids)
        )
        .annotate(
            enrollment=Case(
                When(
                    person_id=F("meeting__relationship__mentor__person_id"),
                    then=F("meeting__relationship__mentor_id"),
                ),
                default=F("meeting__relationship__mentee_id"),
            )
        )
        .values("enrollment")
        .annotate(total=Sum("minutes"))
    )
    for row in pair_minutes:
        if row["enrollment"] in found:
            found[row["enrollment"]].add(minutes=row["total"])
    members = GroupMember.objects.filter(enrollment_id__in=ids)
    logged = (
        GroupMeetingLog.objects.filter(
            meeting__group=OuterRef("group"), person=OuterRef("enrollment__person"), outcome=met
        )
        .values("person")
        .annotate(total=Sum("minutes"))
        .values("total")[:1]
    )
    for row in members.annotate(total=Subquery(logged)).values("enrollment", "total"):
        found[row["enrollment"]].add(minutes=row["total"] or 0)
    done = Relationship.objects.filter(
        status=Relationship.Status.CLOSED, close_reason__in=COMPLETED
    )
    for side in ("mentor", "mentee"):
        rows = (
            done.filter(**{f"{side}_id__in": ids})
            .values(side)
            .annotate(n=Count("pk"), first=Min("started_at"), last=Max("closed_at"))
        )
        for row in rows:
            found[row[side]].add(completed=row["n"], first=row["first"], last=row["last"])
    groups = (
        members.filter(
            group__status=MentoringGroup.Status.CLOSED, group__close_reason__in=COMPLETED
        )
        .values("enrollment")
        .annotate(n=Count("pk"), first=Min("group__started_at"), last=Max("group__closed_at"))
    )
    for row in groups:
        found[row["enrollment"]].add(completed=row["n"], first=row["first"], last=row["last"])
    return found


@dataclass(frozen=True)
class Milestone:
    label: str
    reached: bool


def milestones(*, minutes: int, completed: int) -> list[Milestone]:
    """A mentor's milestones, reached or still ahead, in the reader's language."""
    hours = minutes / 60
    found = [
        Milestone(
            str(_("First mentorship completed"))
            if n == 1
            else ngettext("%(n)d mentorship completed", "%(n)d mentorships completed", n)
            % {"n": n},
            completed >= n,
        )
        for n in MENTORSHIP_MILESTONES
    ]
    found += [
        Milestone(
            ngettext("%(n)d hour of mentoring", "%(n)d hours of mentoring", n) % {"n": n},
            hours >= n,
        )
        for n in HOUR_MILESTONES
    ]
    return found
