"""Check-ins and monitoring of a circle, with the pair's rules (`relationships/checkins.py`):
the mid-point check at half the group's planned length and a monthly question go to each
member of an under-way group, as durable timers; answers are read by staff only. Low answers,
a call for help, no meeting, progress or message for the program's number of days, or fewer
members than a group needs put the group on the coordinator's at-risk list with the reason;
staff record each contact with a note."""

from __future__ import annotations

from datetime import datetime

from django.db import transaction
from django.db.models import Count, Max, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from bridgeway.accounts.models import Person
from bridgeway.core.services import DomainError
from bridgeway.messaging.selectors import conversation_last_message_times
from bridgeway.notifications.models import Timer
from bridgeway.notifications.outbox import notify
from bridgeway.programs.models import EnrollmentRole, Program
from bridgeway.relationships import checkins
from bridgeway.relationships.groups.meetings import members_of, sign_first
from bridgeway.relationships.groups.models import (
    MIN_MENTEES,
    GroupCheckIn,
    GroupGoalNote,
    GroupMeetingLog,
    GroupStaffContact,
    MentoringGroup,
)
from bridgeway.relationships.models import CheckIn

G = MentoringGroup.Status
TIMER = "relationships.group_check_in"


def schedule(group: MentoringGroup) -> None:
    """When a group is under way: its mid-point check and its first monthly question."""
    checkins.schedule_rounds(
        timer_kind=TIMER,
        prefix=f"group:{group.pk}",
        owner={"group": group.pk},
        start=group.activated_at or timezone.now(),
        planned_end=group.planned_end,
        program=group.program,
    )


def ask(timer: Timer) -> None:
    """Timer handler: ask each member taking part; a monthly question schedules the next."""
    group = (
        MentoringGroup.objects.filter(pk=timer.payload.get("group"), status=G.ACTIVE)
        .select_related("program__organization")
        .first()
    )
    if group is None:
        return
    kind, round_ = checkins.round_of(timer)
    for member in members_of(group):
        notify(
            kind="relationships.group_check_in",
            event=f"group:{group.pk}:check-in:{round_}",
            person=member.enrollment.person,
            role=member.role,
            params={"group": group.pk, "kind": kind, "round": round_},
            url=reverse("relationships:group_check_in", args=[group.pk, kind, round_]),
            organization=group.program.organization,
        )
    checkins.schedule_next_pulse(timer, prefix=f"group:{group.pk}", owner={"group": group.pk})


def question(program: Program, kind: str) -> str:
    if kind == CheckIn.Kind.MIDPOINT:
        return _("Your group is half-way through its time together. How is it going?")
    return program.pulse_question or _("How is your group going?")


@transaction.atomic
def check_in_submit(
    *,
    group: MentoringGroup,
    by: Person,
    kind: str,
    round: str,
    score: int,
    needs_help: bool = False,
    comment: str = "",
) -> GroupCheckIn:
    if not any(m.enrollment.person_id == by.pk for m in members_of(group)):
        sign_first(group, by)
        raise DomainError(_("Only the group's members answer its check-ins."))
    checkins.answer_check(kind=kind, round=round, score=score)
    return checkins.answer_once(
        lambda: GroupCheckIn.objects.create(
            group=group,
            person=by,
            kind=kind,
            round=round,
            score=score,
            needs_help=needs_help,
            comment=comment.strip()[:2000],
        )
    )


@transaction.atomic
def staff_contact_add(*, group: MentoringGroup, by: Person, note: str) -> GroupStaffContact:
    """Staff record a contact with the group (the caller checked they are the program's staff)."""
    return GroupStaffContact.objects.create(
        group=group, author=by, note=checkins.contact_note(note)
    )


def size_reasons(counts: dict[int, tuple[int, int]], reasons: dict[int, list[str]]) -> None:
    """A group with no mentor or fewer mentees than a group needs is flagged, not closed:
    {group id: (mentors, mentees)}."""
    for pk, (mentors, mentees) in counts.items():
        if mentors < 1:
            reasons[pk].append(_("No mentor left in the group"))
        if mentees < MIN_MENTEES:
            reasons[pk].append(
                ngettext(
                    "%(count)d mentee left; a group needs at least %(min)d",
                    "%(count)d mentees left; a group needs at least %(min)d",
                    mentees,
                )
                % {"count": mentees, "min": MIN_MENTEES}
            )


def member_counts(group_ids: list[int]) -> dict[int, tuple[int, int]]:
    """Current mentors and mentees of each group: {group id: (mentors, mentees)}."""
    rows = (
        MentoringGroup.objects.filter(pk__in=group_ids)
        .annotate(
            mentors=Count(
                "members",
                filter=Q(members__role=EnrollmentRole.MENTOR, members__left_at__isnull=True),
            ),
            mentees=Count(
                "members",
                filter=Q(members__role=EnrollmentRole.MENTEE, members__left_at__isnull=True),
            ),
        )
        .values_list("pk", "mentors", "mentees")
    )
    return {pk: (mentors, mentees) for pk, mentors, mentees in rows}


def at_risk(*, program: Program, now: datetime | None = None) -> dict[int, list[str]]:
    """Open groups of the program that need staff, with the reasons, in a fixed number of
    queries: {group id: [reason, …]}."""
    now = now or timezone.now()
    open_groups = list(
        MentoringGroup.objects.filter(program=program)
        .exclude(status=G.CLOSED)
        .values_list("pk", "status", "activated_at", "started_at", "conversation_id")
    )
    ids = [row[0] for row in open_groups]
    active = [row for row in open_groups if row[1] == G.ACTIVE]
    active_ids = [row[0] for row in active]
    reasons: dict[int, list[str]] = {pk: [] for pk in ids}
    recent = GroupCheckIn.objects.filter(
        group_id__in=active_ids, created_at__gte=now - checkins.RECENT
    )
    checkins.answer_reasons(recent.values_list("group_id", "score", "needs_help"), reasons)
    met = dict(
        GroupMeetingLog.objects.filter(meeting__group_id__in=active_ids)
        .values("meeting__group_id")
        .annotate(last=Max("created_at"))
        .values_list("meeting__group_id", "last")
    )
    progress = dict(
        GroupGoalNote.objects.filter(goal__group_id__in=active_ids)
        .values("goal__group_id")
        .annotate(last=Max("created_at"))
        .values_list("goal__group_id", "last")
    )
    written = conversation_last_message_times(
        conversation_ids=[row[4] for row in active if row[4] is not None]
    )
    moments = {
        pk: [activated or started, met.get(pk), progress.get(pk), written.get(conversation)]
        for pk, _status, activated, started, conversation in active
    }
    checkins.quiet_reasons(moments, reasons, days=program.inactivity_days, now=now)
    size_reasons(member_counts(ids), reasons)
    return {pk: found for pk, found in reasons.items() if found}
