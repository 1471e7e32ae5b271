"""Check-ins and monitoring: a mid-point check at half the planned length and a monthly
question (the program's own, or "How is your mentorship going?"), answered by each person and
read by staff only. Low answers, a request for help, or no meeting and no progress for the
program's number of days put the pair on the coordinator's at-risk list with the reason;
staff record each contact with a note."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from datetime import date, datetime, timedelta
from typing import Any, TypeVar

from django.db import IntegrityError, transaction
from django.db.models import Max, OuterRef, Subquery
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from bridgeway.accounts.models import Person
from bridgeway.core.kept_queries import KeptRows
from bridgeway.core.services import DomainError
from bridgeway.messaging.selectors import last_message_times_of_program
from bridgeway.notifications.models import Timer
from bridgeway.notifications.outbox import notify
from bridgeway.notifications.timers import timer_schedule
from bridgeway.programs.models import Program
from bridgeway.relationships.models import (
    CheckIn,
    GoalNote,
    MeetingLog,
    Relationship,
    StaffContact,
)

PULSE_EVERY = timedelta(days=30)
LOW = 2  # an answer of 2 or less out of 5 is a low answer
RECENT = timedelta(days=60)
ROUND = re.compile(r"^(midpoint|\d{4}-\d{2})$")
T = TypeVar("T")


def schedule_rounds(
    *,
    timer_kind: str,
    prefix: str,
    owner: dict[str, int],
    start: datetime,
    planned_end: date,
    program: Program,
) -> None:
    """The mid-point check (when the program has it) and the first monthly question of a pair
    or a group that is now under way, as durable timers keyed `<prefix>:midpoint` and
    `<prefix>:pulse:<n>`."""
    organization = program.organization
    if program.midpoint_check:
        end = datetime.combine(planned_end, start.timetz())
        timer_schedule(
            kind=timer_kind,
            key=f"{prefix}:midpoint",
            due_at=start + (end - start) / 2,
            payload={**owner, "kind": CheckIn.Kind.MIDPOINT},
            organization=organization,
        )
    timer_schedule(
        kind=timer_kind,
        key=f"{prefix}:pulse:1",
        due_at=start + PULSE_EVERY,
        payload={**owner, "kind": CheckIn.Kind.PULSE, "n": 1},
        organization=organization,
    )


def round_of(timer: Timer) -> tuple[str, str]:
    """The kind and round a check-in timer asks: ("midpoint", "midpoint") or ("pulse",
    "2026-12")."""
    kind = str(timer.payload.get("kind"))
    return kind, "midpoint" if kind == CheckIn.Kind.MIDPOINT else timer.due_at.strftime("%Y-%m")


def schedule_next_pulse(timer: Timer, *, prefix: str, owner: dict[str, int]) -> None:
    """After a monthly question went out: the next month's, under the same timer kind."""
    if timer.payload.get("kind") != CheckIn.Kind.PULSE:
        return
    n = int(timer.payload.get("n", 1)) + 1
    timer_schedule(
        kind=timer.kind,
        key=f"{prefix}:pulse:{n}",
        due_at=timer.due_at + PULSE_EVERY,
        payload={**owner, "kind": CheckIn.Kind.PULSE, "n": n},
        organization=timer.organization,
    )


def schedule(relationship: Relationship) -> None:
    """When a relationship becomes active: its mid-point check and its first monthly question."""
    schedule_rounds(
        timer_kind="relationships.check_in",
        prefix=f"relationship:{relationship.pk}",
        owner={"relationship": relationship.pk},
        start=relationship.activated_at or timezone.now(),
        planned_end=relationship.planned_end,
        program=relationship.program,
    )


def ask(timer: Timer) -> None:
    """Timer handler: ask both people; a monthly question schedules the next month's."""
    relationship = (
        Relationship.objects.filter(
            pk=timer.payload.get("relationship"), status=Relationship.Status.ACTIVE
        )
        .select_related("mentee__person", "mentor__person", "program__organization")
        .first()
    )
    if relationship is None:
        return
    kind, round_ = round_of(timer)
    for enrollment, role in ((relationship.mentee, "mentee"), (relationship.mentor, "mentor")):
        notify(
            kind="relationships.check_in",
            event=f"relationship:{relationship.pk}:check-in:{round_}",
            person=enrollment.person,
            role=role,
            params={"relationship": relationship.pk, "kind": kind, "round": round_},
            url=reverse("relationships:check_in", args=[relationship.pk, kind, round_]),
            organization=relationship.program.organization,
        )
    schedule_next_pulse(
        timer, prefix=f"relationship:{relationship.pk}", owner={"relationship": relationship.pk}
    )


def question(program: Program, kind: str) -> str:
    if kind == CheckIn.Kind.MIDPOINT:
        return _("You are half-way through your mentorship. How is it going?")
    return program.pulse_question or _("How is your mentorship going?")


def answer_check(*, kind: str, round: str, score: int) -> None:
    """The rules every check-in answer follows, a pair's or a group's."""
    if kind not in CheckIn.Kind.values or not ROUND.match(round):
        raise DomainError(_("This check-in does not exist."))
    if not 1 <= score <= 5:
        raise DomainError(_("Choose a number from 1 to 5."), "score")


def answer_once(create: Callable[[], T]) -> T:
    """Write one answer; a second for the same round (a double submit) changes nothing."""
    try:
        with transaction.atomic():
            return create()
    except IntegrityError:
        raise DomainError(_("You have already answered this check-in. Thank you.")) from None


@transaction.atomic
def check_in_submit(
    *,
    relationship: Relationship,
    by: Person,
    kind: str,
    round: str,
    score: int,
    needs_help: bool = False,
    comment: str = "",
) -> CheckIn:
    if by.pk not in (relationship.mentee.person_id, relationship.mentor.person_id):
        raise DomainError(_("Only the mentee and the mentor answer their check-ins."))
    answer_check(kind=kind, round=round, score=score)
    return answer_once(
        lambda: CheckIn.objects.create(
            relationship=relationship,
            person=by,
            kind=kind,
            round=round,
            score=score,
            needs_help=needs_help,
            comment=comment.strip()[:2000],
        )
    )


def contact_note(note: str) -> str:
    note = note.strip()
    if not note:
        raise DomainError(_("Write what was said or agreed."), "note")
    return note[:5000]


@transaction.atomic
def staff_contact_add(*, relationship: Relationship, by: Person, note: str) -> StaffContact:
    """Staff record a contact with the pair (the caller checked they are the program's staff)."""
    return StaffContact.objects.create(
        relationship=relationship, author=by, note=contact_note(note)
    )


def answer_reasons(rows: Iterable[tuple[int, int, bool]], reasons: dict[int, list[str]]) -> None:
    """Add the reasons recent answers give, [(owner id, score, needs help), …], to `reasons`."""
    for pk, score, needs_help in rows:
        if needs_help and _("Asked for the program's help") not in reasons[pk]:
            reasons[pk].append(_("Asked for the program's help"))
        if score <= LOW and _("A low answer to a check-in") not in reasons[pk]:
            reasons[pk].append(_("A low answer to a check-in"))


def quiet_reasons(
    moments: dict[int, list[datetime | None]],
    reasons: dict[int, list[str]],
    *,
    days: int,
    now: datetime,
) -> None:
    """Flag the owners whose latest sign of life (start, meeting, progress, message) is older
    than the program's number of days."""
    for pk, found in moments.items():
        last = max(d for d in found if d)
        if now - last > timedelta(days=days):
            reasons[pk].append(
                ngettext(
                    "No message, meeting or progress in %(days)d day",
                    "No message, meeting or progress in %(days)d days",
                    days,
                )
                % {"days": days}
            )


def _last(model: type[Any], owner: str) -> Subquery:
    """The latest `created_at` of `model`'s rows about the outer pair (through `owner`)."""
    return Subquery(
        model.objects.filter(**{owner: OuterRef("pk")})
        .order_by()
        .values(owner)
        .annotate(last=Max("created_at"))
        .values("last")[:1]
    )


# The active pairs of a program with their latest meeting answer and goal progress, asked on
# every coordinator's list: compiled once per process.
_active_pairs = KeptRows(
    lambda program_id: (
        Relationship.objects.filter(program_id=program_id, status=Relationship.Status.ACTIVE)
        .annotate(
            met=_last(MeetingLog, "meeting__relationship"),
            progress=_last(GoalNote, "goal__relationship"),
        )
        .values_list("pk", "activated_at", "started_at", "met", "progress")
    ),
    int,
)

# The answers of the last weeks in a program's active pairs (the moment they start from given).
_recent_answers = KeptRows(
    lambda program_id, since: CheckIn.objects.filter(
        relationship__program_id=program_id,
        relationship__status=Relationship.Status.ACTIVE,
        created_at__gte=since,
    ).values_list("relationship_id", "score", "needs_help"),
    int,
    datetime,
)


def at_risk(*, program: Program, now: datetime | None = None) -> dict[int, list[str]]:
    """Active relationships of the program that need staff, with the reasons, in a fixed number
    of queries: {relationship id: [reason, …]}."""
    now = now or timezone.now()
    active = _active_pairs.list(program.pk)
    ids = [row[0] for row in active]
    reasons: dict[int, list[str]] = {pk: [] for pk in ids}
    if not ids:
        return {}
    answer_reasons(_recent_answers.list(program.pk, now - RECENT), reasons)
    # The same pairs as `active` (the program's active ones), joined on the program: a list
    # of ids would make other SQL for each length, built again on every call.
    written = last_message_times_of_program(
        program_id=program.pk, status=Relationship.Status.ACTIVE.value
    )
    moments = {
        pk: [activated or started, met, progress, written.get(pk)]
        for pk, activated, started, met, progress in active
    }
    quiet_reasons(moments, reasons, days=program.inactivity_days, now=now)
    return {pk: found for pk, found in reasons.items() if found}
