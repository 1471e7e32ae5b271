"""The activation window: a mentee ready to be matched should start a mentorship within the
program's `mentee_activation_days` (60 by default), counted from when they became ready. A week
before the end (half-way for a short window) they are reminded (not in a group program, where
the staff form the groups); at the end the program's staff are told and the mentee appears on
the to-do list. The daily sweep may run any number of times:
each notification is unique per person and readiness, so nobody is told twice."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.db.models import Exists, OuterRef, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import ngettext

from bridgeway.core.dashboard import TodoItem
from bridgeway.core.models import Membership, Organization
from bridgeway.notifications.outbox import notify
from bridgeway.programs.models import Enrollment, EnrollmentRole, EnrollmentStatus, Program
from bridgeway.relationships.models import Relationship

S = EnrollmentStatus
WAITING = (S.READY, S.WAITLISTED)


def remind_before(program: Program) -> timedelta:
    days = program.mentee_activation_days
    return timedelta(days=7) if days > 14 else timedelta(days=days / 2)


def _not_started(program: Program, since: datetime) -> QuerySet[Enrollment]:
    """Mentees of the program waiting since `since` or longer, with no mentorship."""
    open_relationship = Relationship.objects.filter(mentee=OuterRef("pk")).exclude(
        status=Relationship.Status.CLOSED
    )
    return (
        Enrollment.objects.filter(
            program=program,
            role=EnrollmentRole.MENTEE,
            status__in=WAITING,
            status_changed_at__lte=since,
        )
        .exclude(Exists(open_relationship))
        .select_related("person")
    )


def activation_sweep(*, now: datetime | None = None) -> int:
    """Remind and flag; returns how many notifications were written."""
    now = now or timezone.now()
    written = 0
    for program in Program.objects.select_related("organization"):
        window = timedelta(days=program.mentee_activation_days)
        staff = list(
            Membership.objects.filter(organization=program.organization).select_related("person")
        )
        for mentee in _not_started(program, now - window + remind_before(program)):
            key = f"enrollment:{mentee.pk}:activation:{mentee.status_changed_at.isoformat()}"
            late = mentee.status_changed_at + window <= now
            if late:
                for membership in staff:
                    written += bool(
                        notify(
                            kind="relationships.activation_flag",
                            event=key,
                            person=membership.person,
                            role="staff",
                            params={"enrollment": mentee.pk},
                            url=reverse("programs:staff_enrollment", args=[mentee.pk]),
                            organization=program.organization,
                        )
                    )
            if program.kind == Program.Kind.GROUP:
                continue  # the staff form the groups: nothing for the mentee to do
            written += bool(
                notify(
                    kind="relationships.activation_reminder",
                    event=key,
                    person=mentee.person,
                    role="mentee",
                    params={"enrollment": mentee.pk},
                    url=reverse("relationships:ask", args=[mentee.pk]),
                    organization=program.organization,
                )
            )
    return written


def todo(*, organization: Organization) -> list[TodoItem]:
    """Per program: mentees past the activation window without a mentorship (two queries)."""
    now = timezone.now()
    open_relationship = Relationship.objects.filter(mentee=OuterRef("pk")).exclude(
        status=Relationship.Status.CLOSED
    )
    rows = (
        Enrollment.objects.filter(
            program__organization=organization, role=EnrollmentRole.MENTEE, status__in=WAITING
        )
        .exclude(Exists(open_relationship))
        .values_list("program_id", "status_changed_at", "program__mentee_activation_days")
    )
    late: dict[int, int] = {}
    for program_id, since, days in rows:
        if since + timedelta(days=days) <= now:
            late[program_id] = late.get(program_id, 0) + 1
    items = []
    for program in Program.objects.filter(pk__in=late).order_by("name"):
        count = late[program.pk]
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
