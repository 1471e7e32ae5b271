"""The deadlines of requests (timer handlers, BRIDGEWAY_TIMER_HANDLERS): a reminder before the
program's answer window closes — to the mentor, and to the mentee where both confirm, whoever has
not answered — and the expiry at its end, which tells everyone concerned and passes the request
on (services._move_on) or frees the mentor's place for a re-offer."""

from __future__ import annotations

from django.utils import timezone

from bridgeway.core.models import Membership
from bridgeway.core.services import audit_record
from bridgeway.matching.models import MatchProposal
from bridgeway.notifications.models import Timer
from bridgeway.notifications.outbox import notify
from bridgeway.notifications.timers import timer_cancel
from bridgeway.relationships.models import MentorRequest
from bridgeway.relationships.services import _move_on, _url

R = MentorRequest.Status


def _timer_request(timer: Timer) -> MentorRequest | None:
    return (
        MentorRequest.objects.select_for_update(of=("self",))
        .filter(pk=timer.payload.get("request"), status=R.WAITING)
        .select_related("mentee__person", "mentor__person", "program__organization")
        .first()
    )


def remind(timer: Timer) -> None:
    """Before the deadline: the mentor is reminded, if they have not answered."""
    request = _timer_request(timer)
    if request is None:
        return
    if request.mentee_confirms and request.mentee_accepted_at is None:
        notify(
            kind="relationships.proposal_reminder",
            event=f"request:{request.pk}:reminder",
            person=request.mentee.person,
            role="mentee",
            params={"request": request.pk},
            url=_url("relationships:mentee_request", request.mentee_id, request.pk),
            organization=request.program.organization,
        )
    if request.mentor_accepted_at is not None:
        return
    notify(
        kind="relationships.request_reminder",
        event=f"request:{request.pk}:reminder",
        person=request.mentor.person,
        role="mentor",
        params={"request": request.pk},
        url=_url("relationships:request", request.mentor_id, request.pk),
        organization=request.program.organization,
    )


def expire(timer: Timer) -> None:
    """At the deadline: the request expires, the mentor and the program's staff are told, and
    it passes to the mentee's next choice."""
    request = _timer_request(timer)
    if request is None:
        return
    now = timezone.now()
    request.status = R.EXPIRED
    request.answered_at = now
    request.save(update_fields=["status", "answered_at"])
    timer_cancel(key=f"request:{request.pk}:remind")
    MatchProposal.objects.filter(
        pk=request.proposal_id or 0, status=MatchProposal.Status.PROPOSED
    ).update(status=MatchProposal.Status.EXPIRED, closed_at=now)
    organization = request.program.organization
    # "It went to their next choice" is true of a mentee's own request only.
    proposed = request.source != MentorRequest.Source.MENTEE
    notify(
        kind="relationships.proposal_ended" if proposed else "relationships.request_expired",
        event=f"request:{request.pk}:expired",
        person=request.mentor.person,
        role="mentor",
        params={"request": request.pk, "what": "expired"},
        url=_url("core:dashboard"),
        organization=organization,
    )
    staff = Membership.objects.filter(organization=organization).select_related("person")
    for membership in staff:
        notify(
            kind="relationships.request_expired_staff",
            event=f"request:{request.pk}:expired",
            person=membership.person,
            role="staff",
            params={"request": request.pk},
            url=_url("relationships:staff_list", request.program_id),
            organization=organization,
        )
    audit_record(
        actor=None,
        organization=organization,
        action="relationships.request_expired",
        target=request,
        summary=f"{request.mentee.person.name} → {request.mentor.person.name}",
        data={"mentee": request.mentee_id, "mentor": request.mentor_id},
        subject=request.mentee.person,
    )
    _move_on(request)
    if request.mentee_confirms:
        notify(
            kind="relationships.proposal_ended",
            event=f"request:{request.pk}:ended",
            person=request.mentee.person,
            role="mentee",
            params={"request": request.pk, "what": "expired"},
            url=_url("relationships:mentee_request", request.mentee_id, request.pk),
            organization=organization,
        )
    from bridgeway.relationships.reoffer import reoffer_soon

    reoffer_soon(mentor=request.mentor, why="expired")
