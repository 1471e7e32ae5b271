"""The automatic re-offer of a mentor's freed place (`Program.reoffer_freed_places`).

When a place frees up — a relationship closes, a request to the mentor is declined or expires,
the mentor takes more mentees, or their break ends — the change schedules a durable timer due at
once, in its own transaction: the timer exists only if the change was committed, survives a
restart, and the worker's sweep runs it within a minute. The handler locks the program (as a
coordinator's accept does) and the mentor, then offers the place to the first mentee on the
waiting list who fits this mentor and is free (matching.suggestions.mentee_for_freed_place; the
mentee's row locked then, without waiting for it: `_mentee_free`), through the same
path as a coordinator's proposal: `requests_confirmed_by` decides who confirms. Two frees at once
are two timers run one after the other: the second sees the place taken and does nothing."""

from __future__ import annotations

import uuid
from datetime import date, datetime, time, timedelta

from django.utils import timezone

from bridgeway.matching.models import MatchProposal
from bridgeway.matching.selectors import MENTOR_POOL, mentor_key
from bridgeway.matching.services import proposal_for_freed_place
from bridgeway.matching.suggestions import mentee_for_freed_place
from bridgeway.notifications.models import Timer
from bridgeway.notifications.outbox import notify
from bridgeway.notifications.timers import timer_cancel, timer_schedule
from bridgeway.programs.models import Enrollment, EnrollmentRole, EnrollmentStatus, Program
from bridgeway.programs.services import program_lock
from bridgeway.relationships.models import MentorRequest, Relationship

R = MentorRequest.Status
KIND = "relationships.reoffer"
MENTEE_CAN_ASK = (EnrollmentStatus.READY, EnrollmentStatus.WAITLISTED)


def reoffer_soon(*, mentor: Enrollment, why: str) -> None:
    """Call inside the transaction that freed a place of `mentor`: the offer follows within a
    minute of its commit, when the program re-offers freed places."""
    program = mentor.program
    if not program.reoffer_freed_places or mentor.role != EnrollmentRole.MENTOR:
        return
    if program.kind == Program.Kind.GROUP:
        return  # staff form a group program's circles; no one-to-one offers there
    timer_schedule(
        kind=KIND,
        key=f"reoffer:{mentor.pk}:{uuid.uuid4().hex}",
        due_at=timezone.now(),
        payload={"mentor": mentor.pk, "why": why},
        organization=program.organization,
    )


def _break_key(mentor: Enrollment, until: date) -> str:
    return f"reoffer:{mentor.pk}:break-ends:{until.isoformat()}"


def break_end_schedule(*, mentor: Enrollment, before: date | None, after: date | None) -> None:
    """A mentor's break now ends on `after` (was `before`): the re-offer waits for the first
    moment of the next day. The program's setting is read when it runs, so turning it on
    later still serves breaks set before."""
    if before is not None and before != after:
        timer_cancel(key=_break_key(mentor, before))
    if after is None:
        return
    starts = datetime.combine(after + timedelta(days=1), time.min)
    timer_schedule(
        kind=KIND,
        key=_break_key(mentor, after),
        due_at=timezone.make_aware(starts),
        payload={"mentor": mentor.pk, "why": "break_ended"},
        organization=mentor.program.organization,
    )


def _not_to_offer(mentor: Enrollment) -> set[int]:
    """Mentees with a request on its way or a mentorship open anywhere in the program, and
    those this mentor declined, was declined by or did not answer in time."""
    busy = MentorRequest.objects.filter(
        program_id=mentor.program_id, status__in=[R.WAITING, R.QUEUED]
    )
    before = MentorRequest.objects.filter(mentor=mentor, status__in=[R.DECLINED, R.EXPIRED])
    paired = Relationship.objects.filter(program_id=mentor.program_id).exclude(
        status=Relationship.Status.CLOSED
    )
    return (
        set(busy.values_list("mentee_id", flat=True))
        | set(before.values_list("mentee_id", flat=True))
        | set(paired.values_list("mentee_id", flat=True))
    )


MENTEES_TRIED = 3


def _mentee_free(mentee: Enrollment) -> bool:
    """Lock the mentee chosen (their row guards their one request on its way and their one
    mentorship) and check again that nothing of theirs started meanwhile. The mentor's row is
    held already and a mentee's id may be lower: rather than wait for a mentee busy with a
    change of their own (their own request, which locks mentee and mentors by id), the offer
    passes them by (SKIP LOCKED), so the two can never wait on each other."""
    locked = (
        Enrollment.objects.select_for_update(no_key=True, skip_locked=True, of=("self",))
        .filter(pk=mentee.pk, status__in=MENTEE_CAN_ASK)
        .first()
    )
    if locked is None:
        return False
    return not (
        MentorRequest.objects.filter(mentee=mentee, status__in=[R.WAITING, R.QUEUED]).exists()
        or MatchProposal.objects.filter(
            mentee=mentee, status=MatchProposal.Status.PROPOSED
        ).exists()
        or Relationship.objects.filter(mentee=mentee)
        .exclude(status=Relationship.Status.CLOSED)
        .exists()
    )


def reoffer(timer: Timer) -> None:
    """Timer handler (BRIDGEWAY_TIMER_HANDLERS): offer the mentor's free place, if any."""
    found = (
        Enrollment.objects.filter(pk=timer.payload.get("mentor"), role=EnrollmentRole.MENTOR)
        .select_related("program")
        .first()
    )
    if (
        found is None
        or not found.program.reoffer_freed_places
        or found.program.kind == Program.Kind.GROUP
    ):
        return
    # One re-offer or coordinator's accept at a time in the program (each reads the whole
    # waiting list), then the mentor's row, which guards their places: a request sent or
    # accepted meanwhile is seen, one place is never offered twice.
    program_lock(found.program_id)
    mentor = (
        Enrollment.objects.select_for_update(no_key=True, of=("self",))
        .select_related("program__organization", "person")
        .get(pk=found.pk)
    )
    paused = mentor.paused_until is not None and mentor.paused_until >= timezone.localdate()
    if mentor.status not in MENTOR_POOL or paused:
        return
    skip = _not_to_offer(mentor)
    for _attempt in range(MENTEES_TRIED):
        offer = mentee_for_freed_place(mentor=mentor, skip_mentee_ids=skip)
        if offer is None:
            return
        if _mentee_free(offer.mentee):
            break
        skip.add(offer.mentee.pk)
    else:
        return  # the next free place, or the next timer, tries again
    from bridgeway.relationships.services import proposal_source

    token = proposal_source.set(MentorRequest.Source.REOFFER)
    try:
        proposal = proposal_for_freed_place(
            context=offer.context,
            mentee=offer.mentee,
            mentor=offer.context.mentors[mentor_key(mentor.pk)],
        )
    finally:
        proposal_source.reset(token)
    request = MentorRequest.objects.select_related("program__organization").get(proposal=proposal)
    _tell(request, mentor=mentor, mentee=offer.mentee)


def _tell(request: MentorRequest, *, mentor: Enrollment, mentee: Enrollment) -> None:
    from django.urls import reverse

    from bridgeway.core.models import Membership

    organization = request.program.organization
    params = {"request": request.pk}
    relationship = getattr(request, "relationship", None)
    if relationship is not None:
        url = reverse("relationships:detail", args=[relationship.pk])
    else:
        url = reverse("relationships:mentee_request", args=[mentee.pk, request.pk])
    notify(
        kind="relationships.reoffer_mentee",
        event=f"request:{request.pk}:reoffer",
        person=mentee.person,
        role="mentee",
        params=params,
        url=url,
        organization=organization,
    )
    for membership in Membership.objects.filter(organization=organization).select_related("person"):
        notify(
            kind="relationships.reoffer_staff",
            event=f"request:{request.pk}:reoffer",
            person=membership.person,
            role="staff",
            params=params,
            url=reverse("relationships:staff_list", args=[request.program_id]),
            organization=organization,
        )
