"""The activation window: a mentee ready to be matched should start a mentorship within the
program's `mentee_activation_days` (60 by default), counted from when they became ready. A week
before the end (half-way for a short window) they are reminded; at the end the program's staff
are told and the mentee appears on the to-do list.

In a group program the staff form the groups: the mentee is told that the staff are forming
them (nothing to ask), and the program's staff get one summary a day naming how many waiting
mentees reach the end of the window, linking to the program's Groups page filtered on them.

The daily sweep may run any number of times: each notification is unique per person and
readiness (the summary per program and day), so nobody is told twice. Who was already told is
read in one query per program, so a sweep that finds nothing new costs the same queries however
many mentees wait."""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.db.models import (
    Count,
    DateTimeField,
    DurationField,
    Exists,
    ExpressionWrapper,
    F,
    IntegerField,
    Max,
    OuterRef,
    QuerySet,
    Subquery,
    Value,
)
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import ngettext

from bridgeway.accounts.models import Person
from bridgeway.core.dashboard import TodoItem
from bridgeway.core.kept_queries import KeptObjects
from bridgeway.core.models import Membership, Organization
from bridgeway.notifications.models import Notification
from bridgeway.notifications.outbox import notify
from bridgeway.programs.models import Enrollment, EnrollmentRole, EnrollmentStatus, Program
from bridgeway.relationships.groups.models import GroupMember, MentoringGroup
from bridgeway.relationships.models import Relationship

S = EnrollmentStatus
WAITING = (S.READY, S.WAITLISTED)

REMINDER = "relationships.activation_reminder"
FLAG = "relationships.activation_flag"
GROUP_REMINDER = "relationships.group_activation_reminder"
GROUP_DIGEST = "relationships.group_activation_digest"
# The Groups page's filter that keeps the mentees close to the end of the window.
SOON = "soon"
DIGEST_NAMES = 50  # mentees named in a summary's email; the count covers them all


def remind_before(program: Program) -> timedelta:
    days = program.mentee_activation_days
    return timedelta(days=7) if days > 14 else timedelta(days=days / 2)


def soon_days(program: Program) -> int:
    """The whole days before the end of the window in which the Groups page's filter keeps a
    mentee: every mentee of a summary is in it."""
    return math.ceil(remind_before(program).total_seconds() / 86400)


def deadline(enrollment: Enrollment, program: Program) -> datetime:
    """When the mentee's window to start ends."""
    return enrollment.status_changed_at + timedelta(days=program.mentee_activation_days)


def event_of(enrollment: Enrollment) -> str:
    return f"enrollment:{enrollment.pk}:activation:{enrollment.status_changed_at.isoformat()}"


def digest_event(program: Program, now: datetime) -> str:
    return f"program:{program.pk}:group-activation:{timezone.localdate(now).isoformat()}"


def waiting_mentees(program: Program) -> QuerySet[Enrollment]:
    """Mentees of the program ready to be matched (or on the waiting list) who are in no open
    mentorship and no open group."""
    open_relationship = Relationship.objects.filter(mentee=OuterRef("pk")).exclude(
        status=Relationship.Status.CLOSED
    )
    open_group = GroupMember.objects.filter(
        enrollment=OuterRef("pk"), left_at__isnull=True
    ).exclude(group__status=MentoringGroup.Status.CLOSED)
    return (
        Enrollment.objects.filter(program=program, role=EnrollmentRole.MENTEE, status__in=WAITING)
        .exclude(Exists(open_relationship))
        .exclude(Exists(open_group))
        .select_related("person")
    )


def _not_started(program: Program, since: datetime) -> QuerySet[Enrollment]:
    """Mentees of the program waiting since `since` or longer, with no mentorship."""
    return waiting_mentees(program).filter(status_changed_at__lte=since)


@dataclass
class _Sweep:
    now: datetime
    written: int = 0

    def tell(self, **kwargs: Any) -> None:
        self.written += notify(**kwargs) is not None


def activation_sweep(*, now: datetime | None = None) -> int:
    """Remind and flag; returns how many notifications were written."""
    sweep = _Sweep(now=now or timezone.now())
    for program in Program.objects.select_related("organization"):
        since = sweep.now - timedelta(days=program.mentee_activation_days) + remind_before(program)
        mentees = list(_not_started(program, since).order_by("status_changed_at", "pk"))
        if not mentees:
            continue
        staff = [
            m.person
            for m in Membership.objects.filter(organization=program.organization).select_related(
                "person"
            )
        ]
        _program_sweep(sweep, program, mentees, staff)
    return sweep.written


def _program_sweep(
    sweep: _Sweep, program: Program, mentees: list[Enrollment], staff: list[Person]
) -> None:
    group = program.kind == Program.Kind.GROUP
    reminder = GROUP_REMINDER if group else REMINDER
    # What was already written for these mentees: one query, however many wait.
    told: dict[tuple[str, str, int], datetime] = {
        (kind, event, person_id): created
        for kind, event, person_id, created in Notification.objects.filter(
            kind__in=(reminder, FLAG), event__in=[event_of(m) for m in mentees]
        ).values_list("kind", "event", "person_id", "created_at")
    }
    upcoming: list[Enrollment] = []  # in a group program: those the staff can still place
    fresh = False  # someone not named in an earlier summary
    last_digest = (
        Notification.objects.filter(
            kind=GROUP_DIGEST, event__startswith=f"program:{program.pk}:group-activation:"
        ).aggregate(last=Max("created_at"))["last"]
        if group
        else None
    )
    for mentee in mentees:
        key = event_of(mentee)
        late = deadline(mentee, program) <= sweep.now
        if late:
            for person in staff:
                if (FLAG, key, person.pk) not in told:
                    sweep.tell(
                        kind=FLAG,
                        event=key,
                        person=person,
                        role="staff",
                        params={"enrollment": mentee.pk},
                        url=reverse("programs:staff_enrollment", args=[mentee.pk]),
                        organization=program.organization,
                    )
        reminded = told.get((reminder, key, mentee.person_id))
        if group and not late:
            upcoming.append(mentee)
            fresh |= reminded is None or last_digest is None or reminded > last_digest
        if reminded is None:
            sweep.tell(
                kind=reminder,
                event=key,
                person=mentee.person,
                role="mentee",
                params={"enrollment": mentee.pk},
                url=reverse("questionnaires:profile", args=[mentee.pk])
                if group
                else reverse("relationships:ask", args=[mentee.pk]),
                organization=program.organization,
            )
    if fresh:
        _digest(sweep, program, upcoming, staff)


def _digest(
    sweep: _Sweep, program: Program, upcoming: list[Enrollment], staff: list[Person]
) -> None:
    """One summary a day for each of the program's staff: the waiting mentees who reach the end
    of the window soon, the longest waiting first. A mentee who starts waiting after today's
    summary was written is named in the next day's."""
    ends = [deadline(m, program).isoformat() for m in upcoming]
    params = {
        "program": program.pk,
        "count": len(upcoming),
        "first": ends[0],
        "last": ends[-1],
        "mentees": [[m.pk, end] for m, end in zip(upcoming, ends, strict=True)][:DIGEST_NAMES],
    }
    url = f"{reverse('relationships:staff_groups', args=[program.pk])}?waiting={SOON}#waiting"
    for person in staff:
        sweep.tell(
            kind=GROUP_DIGEST,
            event=digest_event(program, sweep.now),
            person=person,
            role="staff",
            params=params,
            url=url,
            organization=program.organization,
        )


def _late_programs(organization_id: int, now: datetime) -> QuerySet[Program]:
    """The agency's programs by name, each with how many of its mentees are past the
    activation window with no open mentorship (`late`, None when none): the window's end
    computed by the database, the status change plus the program's days (whole days of 24
    hours, as `deadline`)."""
    open_relationship = Relationship.objects.filter(mentee=OuterRef("pk")).exclude(
        status=Relationship.Status.CLOSED
    )
    # The days as a plain integer: SQLite's duration arithmetic takes no other kind.
    days = ExpressionWrapper(F("program__mentee_activation_days"), output_field=IntegerField())
    window = ExpressionWrapper(days * Value(timedelta(days=1)), output_field=DurationField())
    window_end = ExpressionWrapper(F("status_changed_at") + window, output_field=DateTimeField())
    late = (
        Enrollment.objects.filter(
            program=OuterRef("pk"), role=EnrollmentRole.MENTEE, status__in=WAITING
        )
        .exclude(Exists(open_relationship))
        .alias(window_end=window_end)
        .filter(window_end__lte=now)
        .order_by()
        .values("program")
        .annotate(n=Count("pk"))
        .values("n")
    )
    # Programs with none have no count (NULL), left out by the caller: filtering on it in SQL
    # would compute every window's end a second time.
    return (
        Program.objects.filter(organization_id=organization_id)
        .annotate(late=Subquery(late))
        .order_by("name")
    )


# Compiled once per process, run with the agency's id and the moment (the coordinators'
# dashboard).
_kept_late_programs = KeptObjects(_late_programs, int, datetime)


def todo(*, organization: Organization) -> list[TodoItem]:
    """Per program: mentees past the activation window without a mentorship (one query)."""
    items = []
    for program in _kept_late_programs.list(organization.pk, timezone.now()):
        count = program.late
        if not count:
            continue
        items.append(
            TodoItem(
                count,
                ngettext(
                    "%(count)d mentee has not started a mentorship in time",
                    "%(count)d mentees have not started a mentorship in time",
                    count,
                )
                % {"count": count},
                reverse("relationships:staff_list", args=[program.pk]),
                program,
            )
        )
    return items
