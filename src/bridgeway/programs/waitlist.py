"""The waiting list: ready mentees not yet matched, in a documented order per program.

Order (docs/waiting-list.md): people arriving in Canada within ARRIVING_SOON_DAYS come first,
then everyone else; within a tier, the earlier someone became ready, the earlier they come.
Staff may move a person with a reason, which is audited. The estimate of the wait comes from the
program's matches over the last RATE_WINDOW_DAYS."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.db.models import Count, F, Max, OuterRef, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _

from bridgeway.core.kept_queries import KeptRows
from bridgeway.core.services import DomainError, audit_record
from bridgeway.programs.models import (
    Enrollment,
    EnrollmentRole,
    EnrollmentStatus,
    Program,
    StatusChange,
    WaitlistEntry,
)

if TYPE_CHECKING:
    from bridgeway.accounts.models import Person

WAITING_STATUSES = {EnrollmentStatus.READY, EnrollmentStatus.WAITLISTED}
ARRIVING_SOON_DAYS = 60
RATE_WINDOW_DAYS = 90


def waitlist_tier(enrollment: Enrollment) -> int:
    arrival = enrollment.person.arrival_date
    today = timezone.localdate()
    if arrival and today <= arrival <= today + timedelta(days=ARRIVING_SOON_DAYS):
        return WaitlistEntry.Tier.ARRIVING_SOON
    return WaitlistEntry.Tier.STANDARD


def waitlist_sync(*, enrollment: Enrollment, was: str | None = None) -> None:
    """Give a waiting mentee a place, or take it away once they stop waiting. Called by every
    status change, inside its transaction. `was`: the status the enrollment had before the
    change, when the caller knows it; a change between two statuses that do not wait (matched
    to closed) then neither reads nor writes the list, since a place is taken away whenever a
    mentee stops waiting."""
    if enrollment.role != EnrollmentRole.MENTEE:
        return  # only mentees wait for a mentor: no other enrollment ever has a place here
    waiting = enrollment.status in WAITING_STATUSES
    if not waiting:
        if was is None or was in WAITING_STATUSES:
            # One statement, whether or not there is a place (nothing refers to an entry).
            WaitlistEntry.objects.filter(enrollment=enrollment).delete()
        return
    if WaitlistEntry.objects.filter(enrollment=enrollment).exists():
        return
    # Lock the program's list so two enrollments becoming ready at once get distinct places.
    entries = WaitlistEntry.objects.select_for_update().filter(program_id=enrollment.program_id)
    tier = waitlist_tier(enrollment)
    last_of_tier = entries.filter(tier__lte=tier).aggregate(last=Max("position"))["last"]
    position = (last_of_tier or 0) + 1
    entries.filter(position__gte=position).update(position=F("position") + 1)
    WaitlistEntry.objects.create(
        program_id=enrollment.program_id, enrollment=enrollment, position=position, tier=tier
    )


def waitlist_for_program(*, program: Program) -> QuerySet[WaitlistEntry]:
    return (
        WaitlistEntry.objects.filter(program=program)
        .select_related("enrollment__person")
        .order_by("position", "id")
    )


@dataclass(frozen=True)
class WaitEstimate:
    position: int
    waiting: int
    matches_in_window: int
    weeks: int | None  # None: no recent match to estimate from


def matches_in_window(*, program: Program) -> int:
    since = timezone.now() - timedelta(days=RATE_WINDOW_DAYS)
    return StatusChange.objects.filter(
        enrollment__program=program,
        enrollment__role=EnrollmentRole.MENTEE,
        to_status=EnrollmentStatus.MATCHED,
        changed_at__gte=since,
    ).count()


def wait_estimate(*, enrollment: Enrollment) -> WaitEstimate | None:
    """The person's place (1 is next) and an estimate of the wait, or None when not waiting."""
    return wait_estimates(enrollments=[enrollment]).get(enrollment.pk)


def _place_counts() -> tuple[Subquery, Subquery]:
    """For a waiting-list entry: how many places are ahead of it, and how many wait in its
    program (each a subquery counting 0 as no row, hence the callers' Coalesce)."""
    ahead = (
        WaitlistEntry.objects.filter(
            program_id=OuterRef("program_id"), position__lt=OuterRef("position")
        )
        .order_by()
        .values("program_id")
        .annotate(n=Count("pk"))
        .values("n")
    )
    total = (
        WaitlistEntry.objects.filter(program_id=OuterRef("program_id"))
        .order_by()
        .values("program_id")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Subquery(ahead), Subquery(total)


def wait_estimates(*, enrollments: Sequence[Enrollment]) -> dict[int, WaitEstimate]:
    """The estimate of each enrollment that holds a place, in two queries however many (none
    for no enrollment)."""
    if not enrollments:
        return {}
    ahead, total = _place_counts()
    entries = list(
        WaitlistEntry.objects.filter(enrollment__in=[e.pk for e in enrollments]).annotate(
            ahead=Coalesce(ahead, 0), total=Coalesce(total, 0)
        )
    )
    if not entries:
        return {}
    since = timezone.now() - timedelta(days=RATE_WINDOW_DAYS)
    matches = dict(
        StatusChange.objects.filter(
            enrollment__program_id__in={entry.program_id for entry in entries},
            enrollment__role=EnrollmentRole.MENTEE,
            to_status=EnrollmentStatus.MATCHED,
            changed_at__gte=since,
        )
        .order_by()
        .values_list("enrollment__program_id")
        .annotate(n=Count("pk"))
    )
    return {
        entry.enrollment_id: _estimate(
            ahead=entry.ahead,  # type: ignore[attr-defined]
            waiting=entry.total,  # type: ignore[attr-defined]
            recent=matches.get(entry.program_id, 0),
        )
        for entry in entries
    }


def _estimate(*, ahead: int, waiting: int, recent: int) -> WaitEstimate:
    """The place after `ahead` others among `waiting`, and the weeks it should take at the
    program's pace of `recent` matches in the window (None without a recent match)."""
    place = ahead + 1
    weeks = None
    if recent:
        per_week = recent / (RATE_WINDOW_DAYS / 7)
        weeks = max(1, math.ceil(place / per_week))
    return WaitEstimate(position=place, waiting=waiting, matches_in_window=recent, weeks=weeks)


def _places_of(person_id: int, since: datetime) -> QuerySet[Any]:
    """Each place the person holds (their enrollment, how many are ahead, how many wait in
    the program) with the program's matches since `since`: what `wait_estimates` reads in
    two queries, in one."""
    ahead, total = _place_counts()
    recent = (
        StatusChange.objects.filter(
            enrollment__program_id=OuterRef("program_id"),
            enrollment__role=EnrollmentRole.MENTEE,
            to_status=EnrollmentStatus.MATCHED,
            changed_at__gte=since,
        )
        .order_by()
        .values("enrollment__program_id")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return (
        WaitlistEntry.objects.filter(enrollment__person_id=person_id)
        .order_by()
        .annotate(
            ahead=Coalesce(ahead, 0),
            total=Coalesce(total, 0),
            recent=Coalesce(Subquery(recent), 0),
        )
        .values_list("enrollment_id", "ahead", "total", "recent")
    )


_kept_places = KeptRows(_places_of, int, datetime)


def wait_estimates_of_person(
    *, person: Person, enrollments: Sequence[Enrollment]
) -> dict[int, WaitEstimate]:
    """`wait_estimates` for some of the person's own enrollments, in one query compiled once
    per process (the dashboard asks it on every visit of a waiting mentee)."""
    if not enrollments:
        return {}
    if any(enrollment.person_id != person.pk for enrollment in enrollments):
        return wait_estimates(enrollments=enrollments)
    wanted = {enrollment.pk for enrollment in enrollments}
    since = timezone.now() - timedelta(days=RATE_WINDOW_DAYS)
    return {
        enrollment_id: _estimate(ahead=ahead, waiting=total, recent=recent)
        for enrollment_id, ahead, total, recent in _kept_places.list(person.pk, since)
        if enrollment_id in wanted
    }


@transaction.atomic
def waitlist_move(*, entry: WaitlistEntry, to_position: int, reason: str, by: Person) -> None:
    """Move one person to a place in the list (1 = next to be matched), with a reason."""
    if not reason.strip():
        raise DomainError(_("Give a reason for moving this person."), field="reason")
    entries = list(
        WaitlistEntry.objects.select_for_update()
        .filter(program_id=entry.program_id)
        .order_by("position", "id")
    )
    current = next((i for i, e in enumerate(entries) if e.pk == entry.pk), None)
    if current is None:
        raise DomainError(_("This person is no longer on the waiting list."))
    if not 1 <= to_position <= len(entries):
        raise DomainError(
            _("Choose a place between 1 and %(count)s.") % {"count": len(entries)},
            field="position",
        )
    moving = entries.pop(current)
    entries.insert(to_position - 1, moving)
    for number, item in enumerate(entries, start=1):
        if item.position != number or item.pk == moving.pk:
            item.position = number
            item.moved_by_staff = item.moved_by_staff or item.pk == moving.pk
            item.save(update_fields=["position", "moved_by_staff"])
    audit_record(
        actor=by,
        organization=moving.enrollment.program.organization,
        action="waitlist.move",
        target=moving.enrollment,
        summary=f"{current + 1} → {to_position}: {reason.strip()}"[:300],
        data={"from": current + 1, "to": to_position, "reason": reason.strip()},
    )


def waiting_panel(
    *, enrollments: Sequence[Enrollment], person: Person
) -> dict[int, dict[str, object]]:
    """The dashboard line each waiting mentee sees: their place and the expected wait."""
    waiting = [
        e for e in enrollments if e.status in WAITING_STATUSES and e.role == EnrollmentRole.MENTEE
    ]
    return {
        pk: {"estimate": estimate}
        for pk, estimate in wait_estimates_of_person(person=person, enrollments=waiting).items()
    }


def waiting_since(*, enrollment: Enrollment) -> datetime | None:
    """When the mentee's last wait before their last match began (the start of the place they
    held), from the status history; None when they were never matched after waiting."""
    changes = list(
        StatusChange.objects.filter(enrollment=enrollment)
        .order_by("-changed_at", "-pk")
        .values_list("to_status", "changed_at")
    )
    matched = next(
        (i for i, (status, _at) in enumerate(changes) if status == EnrollmentStatus.MATCHED), None
    )
    if matched is None:
        return None
    since = None
    for status, changed_at in changes[matched + 1 :]:
        if status not in WAITING_STATUSES:
            break
        since = changed_at
    return since


def waitlist_restore(*, enrollment: Enrollment) -> None:
    """A mentee waiting again (after leaving a group, or a closed mentorship) gets back the
    place of their earlier wait: after everyone of a more urgent tier, and after those of their
    tier who were waiting before them. Call it in the transaction that made them wait again."""
    since = waiting_since(enrollment=enrollment)
    entry = WaitlistEntry.objects.filter(enrollment=enrollment).first()
    if since is None or entry is None:
        return
    entries = list(
        WaitlistEntry.objects.select_for_update()
        .filter(program_id=enrollment.program_id)
        .order_by("position", "id")
    )
    others = [e for e in entries if e.pk != entry.pk]
    index = 0
    for number, other in enumerate(others, start=1):
        if other.tier < entry.tier or (other.tier == entry.tier and other.joined_at <= since):
            index = number
    others.insert(index, entry)
    entry.joined_at = since
    for number, item in enumerate(others, start=1):
        if item.position != number or item.pk == entry.pk:
            item.position = number
            item.save(update_fields=["position", "joined_at"])
