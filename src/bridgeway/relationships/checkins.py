"""Check-ins and monitoring: a mid-point check at half the planned length and a monthly
question (the program's own, or "How is your mentorship going?"), answered by each person and
read by staff only. Low answers, a request for help, or no meeting and no progress for the
program's number of days put the pair on the coordinator's at-risk list with the reason;
staff record each contact with a note."""

from __future__ import annotations

import re
from datetime import datetime, timedelta

from django.db import IntegrityError, transaction
from django.db.models import Max
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from bridgeway.accounts.models import Person
from bridgeway.core.services import DomainError
from bridgeway.messaging.selectors import last_message_times
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


def schedule(relationship: Relationship) -> None:
    """When a relationship becomes active: its mid-point check and its first monthly question."""
    program = relationship.program
    organization = program.organization
    start = relationship.activated_at or timezone.now()
    if program.midpoint_check:
        end = datetime.combine(relationship.planned_end, start.timetz())
        timer_schedule(
            kind="relationships.check_in",
            key=f"relationship:{relationship.pk}:midpoint",
            due_at=start + (end - start) / 2,
            payload={"relationship": relationship.pk, "kind": CheckIn.Kind.MIDPOINT},
            organization=organization,
        )
    timer_schedule(
        kind="relationships.check_in",
        key=f"relationship:{relationship.pk}:pulse:1",
        due_at=start + PULSE_EVERY,
        payload={"relationship": relationship.pk, "kind": CheckIn.Kind.PULSE, "n": 1},
        organization=organization,
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
    kind = timer.payload.get("kind")
    round_ = "midpoint" if kind == CheckIn.Kind.MIDPOINT else timer.due_at.strftime("%Y-%m")
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
    if kind == CheckIn.Kind.PULSE:
        n = int(timer.payload.get("n", 1)) + 1
        timer_schedule(
            kind="relationships.check_in",
            key=f"relationship:{relationship.pk}:pulse:{n}",
            due_at=timer.due_at + PULSE_EVERY,
            payload={"relationship": relationship.pk, "kind": kind, "n": n},
            organization=relationship.program.organization,
        )


def question(program: Program, kind: str) -> str:
    if kind == CheckIn.Kind.MIDPOINT:
        return _("You are half-way through your mentorship. How is it going?")
    return program.pulse_question or _("How is your mentorship going?")


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
    if kind not in CheckIn.Kind.values or not ROUND.match(round):
        raise DomainError(_("This check-in does not exist."))
    if not 1 <= score <= 5:
        raise DomainError(_("Choose a number from 1 to 5."), "score")
    try:
        with transaction.atomic():
            return CheckIn.objects.create(
                relationship=relationship,
                person=by,
                kind=kind,
                round=round,
                score=score,
                needs_help=needs_help,
                comment=comment.strip()[:2000],
            )
    except IntegrityError:
        raise DomainError(_("You have already answered this check-in. Thank you.")) from None


@transaction.atomic
def staff_contact_add(*, relationship: Relationship, by: Person, note: str) -> StaffContact:
    """Staff record a contact with the pair (the caller checked they are the program's staff)."""
    note = note.strip()
    if not note:
        raise DomainError(_("Write what was said or agreed."), "note")
    return StaffContact.objects.create(relationship=relationship, author=by, note=note[:5000])


def at_risk(*, program: Program, now: datetime | None = None) -> dict[int, list[str]]:
    """Active relationships of the program that need staff, with the reasons, in a fixed number
    of queries: {relationship id: [reason, …]}."""
    now = now or timezone.now()
    active = list(
        Relationship.objects.filter(program=program, status=Relationship.Status.ACTIVE).values_list(
            "pk", "activated_at", "started_at"
        )
    )
    ids = [pk for pk, _a, _s in active]
    reasons: dict[int, list[str]] = {pk: [] for pk in ids}
    recent = CheckIn.objects.filter(relationship_id__in=ids, created_at__gte=now - RECENT)
    for pk, score, needs_help in recent.values_list("relationship_id", "score", "needs_help"):
        if needs_help and _("Asked for the program's help") not in reasons[pk]:
            reasons[pk].append(_("Asked for the program's help"))
        if score <= LOW and _("A low answer to a check-in") not in reasons[pk]:
            reasons[pk].append(_("A low answer to a check-in"))
    met = dict(
        MeetingLog.objects.filter(meeting__relationship_id__in=ids)
        .values("meeting__relationship_id")
        .annotate(last=Max("created_at"))
        .values_list("meeting__relationship_id", "last")
    )
    progress = dict(
        GoalNote.objects.filter(goal__relationship_id__in=ids)
        .values("goal__relationship_id")
        .annotate(last=Max("created_at"))
        .values_list("goal__relationship_id", "last")
    )
    written = last_message_times(relationship_ids=ids)
    days = program.inactivity_days
    for pk, activated, started in active:
        moments = (activated or started, met.get(pk), progress.get(pk), written.get(pk))
        last = max(d for d in moments if d)
        if now - last > timedelta(days=days):
            reasons[pk].append(
                ngettext(
                    "No message, meeting or progress in %(days)d day",
                    "No message, meeting or progress in %(days)d days",
                    days,
                )
                % {"days": days}
            )
    return {pk: found for pk, found in reasons.items() if found}
