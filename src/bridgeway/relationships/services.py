"""Requests to mentors: sent in the mentee's order, answered once, moved on by their deadline;
an accepted request starts a relationship.

Deadlines are durable timers (notifications/timers.py, handled in deadlines.py): a reminder
before the program's answer window closes and the expiry at its end, each running once. On
expiry the request passes by itself to the mentee's next choice, or the mentee is told to choose
again; the mentor and the program's staff are told. Every notification is in its recipient's
language."""

from __future__ import annotations

from contextvars import ContextVar
from datetime import timedelta
from typing import Any

from django.db import transaction
from django.db.models import Exists, QuerySet
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from bridgeway.accounts.models import Person
from bridgeway.core.kept_queries import KeptObjects, KeptRows
from bridgeway.core.services import DomainError, audit_record, audit_together
from bridgeway.matching.models import MatchProposal
from bridgeway.matching.selectors import MatchContext, with_open_proposals
from bridgeway.matching.services import proposal_decline, proposal_from_choice
from bridgeway.matching.suggestions import mentee_context, suggested_mentor_ids
from bridgeway.notifications.outbox import Notice, notify, notify_many
from bridgeway.notifications.timers import timers_cancel, timers_schedule, timers_schedule_new
from bridgeway.programs.models import Enrollment, EnrollmentRole, EnrollmentStatus, Program
from bridgeway.programs.services import (
    allowed_next_statuses,
    enrollments_lock,
    enrollments_set_status_locked,
)
from bridgeway.relationships.agreements import agreement_start
from bridgeway.relationships.flash import flash_start
from bridgeway.relationships.models import (
    MAX_CHOICES,
    DeclineReason,
    MentorRequest,
    Relationship,
)
from bridgeway.relationships.notifications import relationship_values, request_values

S = EnrollmentStatus
R = MentorRequest.Status
MENTEE_CAN_ASK = (S.READY, S.WAITLISTED)
# The reminder goes this long before the deadline (or at half-time for a short window).
REMIND_BEFORE = timedelta(days=3)
# Where the next proposal of the match board comes from: a coordinator, or the automatic
# re-offer of a freed place (reoffer.py sets it around the proposal it makes).
proposal_source: ContextVar[str] = ContextVar(
    "proposal_source", default=MentorRequest.Source.COORDINATOR
)


def _url(name: str, *args: Any) -> str:
    from django.urls import reverse

    return reverse(name, args=args)


# --- Sending ----------------------------------------------------------------------------------


@transaction.atomic
def requests_send(
    *,
    mentee: Enrollment,
    mentor_ids: list[int],
    message: str,
    by: Person,
    suggested_only: bool = False,
) -> list[MentorRequest]:
    """The mentee asks up to three mentors, in order, with a message in their own words. The
    first goes at once; the others wait their turn. `suggested_only`: each mentor must be
    among the mentee's suggestions now (a caller that did not offer the choice itself, the
    API)."""
    if not _read_with_program_and_person(mentee):
        mentee = (
            Enrollment.objects.select_related("program__organization", "person")
            .filter(pk=mentee.pk)
            .get()
        )
    if mentee.person_id != by.pk or mentee.role != EnrollmentRole.MENTEE:
        raise DomainError(_("Only the mentee can send these requests."))
    if mentee.program.kind == Program.Kind.GROUP:
        raise DomainError(
            _("In this program the staff form small groups; you will be told when you join one.")
        )
    _check_can_ask(mentee)  # as read now; again under the lock below
    ids = list(dict.fromkeys(mentor_ids))
    if not ids:
        raise DomainError(_("Choose at least one mentor."), "mentors")
    if len(ids) > MAX_CHOICES:
        raise DomainError(
            ngettext(
                "Choose at most %(count)d mentor.", "Choose at most %(count)d mentors.", MAX_CHOICES
            )
            % {"count": MAX_CHOICES},
            "mentors",
        )
    # The engine is built once, for the check of the suggestions and for the proposal to the
    # first mentor, before any lock: the scoring needs none, and the mentors' places are read
    # again under their locks (below).
    context = mentee_context(mentee=mentee)
    if suggested_only and not set(ids) <= suggested_mentor_ids(mentee=mentee, context=context):
        _check_nothing_on_its_way(mentee)  # the likelier reason, said first (a second click)
        raise DomainError(_("Choose mentors from your suggestions."), "mentors")
    # The mentee and the mentors asked, locked by id as every change takes enrollments
    # (programs.services.enrollments_lock): the mentee's row guards their one request on its
    # way (a second click waits here, then finds the first), each mentor's row their places.
    # Nothing else in the program waits for this request, nor it for the others. The mentee's
    # state is checked under the lock.
    locked = enrollments_lock([mentee.pk, *ids])
    mentee.status = locked[mentee.pk].status
    _check_can_ask(mentee)
    _check_nothing_on_its_way(mentee)
    mentors = {m.pk: m for m in _mentors_asked[len(ids)].list(mentee.program_id, *ids)}
    if len(mentors) != len(ids):
        raise DomainError(_("Choose mentors from your suggestions."), "mentors")
    today = timezone.localdate()
    for mentor in mentors.values():
        if mentor.paused_until is not None and mentor.paused_until >= today:
            raise DomainError(
                _("%(name)s takes no new mentee until %(date)s; choose another mentor.")
                % {
                    "name": mentor.person.name,
                    "date": formats.date_format(mentor.paused_until, "DATE_FORMAT"),
                },
                "mentors",
            )
    message = message.strip()
    if len(message) > 2000:
        raise DomainError(_("Keep your message under 2,000 characters."), "message")
    context.refresh_places(mentors.values())
    created = [
        MentorRequest.objects.create(
            program=mentee.program,
            mentee=mentee,
            mentor=mentors[mentor_id],
            source=MentorRequest.Source.MENTEE,
            rank=rank,
            message=message,
        )
        for rank, mentor_id in enumerate(ids, start=1)
    ]
    # The requests just written are the mentee's queue, in their order (nothing else of the
    # mentee's was waiting: checked under the lock above).
    if _send_next(mentee, by=by, context=context, locked=True, queued=created) is None:
        raise DomainError(
            _("None of these mentors has a free place any more. Choose again."), "mentors"
        )
    return created


def _read_with_program_and_person(mentee: Enrollment) -> bool:
    """Whether the caller read the enrollment with its program, agency and person (the page
    and the API read it in this request, `mentee_enrollment_get`): it is not read again; its
    status is read again under the lock."""
    return (
        Enrollment.person.is_cached(mentee)
        and Enrollment.program.is_cached(mentee)
        and Program.organization.is_cached(mentee.program)
    )


def _check_can_ask(mentee: Enrollment) -> None:
    if mentee.status in MENTEE_CAN_ASK:
        return
    if (
        Relationship.objects.filter(mentee=mentee)
        .exclude(status=Relationship.Status.CLOSED)
        .exists()
    ):
        raise DomainError(_("You already have a mentor in this program."))
    raise DomainError(_("You can ask mentors once you are ready to be matched."))


# Whether the mentee has requests on their way, and whether a coordinator's proposal waits
# for them: one query, compiled once per process.
_on_its_way = KeptRows(
    lambda mentee_id: (
        Enrollment.objects.filter(pk=mentee_id)
        .annotate(
            requests=Exists(
                MentorRequest.objects.filter(mentee_id=mentee_id, status__in=[R.WAITING, R.QUEUED])
            ),
            proposed=Exists(
                MatchProposal.objects.filter(
                    mentee_id=mentee_id, status=MatchProposal.Status.PROPOSED
                )
            ),
        )
        .values_list("requests", "proposed")
    ),
    int,
)


def _mentors_of(program_id: int, *ids: int) -> QuerySet[Enrollment]:
    return with_open_proposals(
        Enrollment.objects.filter(
            pk__in=ids, program_id=program_id, role=EnrollmentRole.MENTOR
        ).select_related("person")
    )


# The mentors asked, with the proposals waiting for their answer (their places), read under
# their locks: compiled once per process for each number of mentors a mentee may ask.
_mentors_asked = {
    count: KeptObjects(_mentors_of, int, *(int,) * count) for count in range(1, MAX_CHOICES + 1)
}


def _check_nothing_on_its_way(mentee: Enrollment) -> None:
    found = _on_its_way.list(mentee.pk)
    requests, proposed = found[0] if found else (False, False)
    if requests:
        raise DomainError(_("Your requests are already on their way."))
    if proposed:
        raise DomainError(_("Your coordinator has already proposed a mentor for you."))


def _send_next(
    mentee: Enrollment,
    *,
    by: Person | None,
    context: MatchContext | None = None,
    locked: bool = False,
    queued: list[MentorRequest] | None = None,
) -> MentorRequest | None:
    """Send the mentee's next queued request; skip mentors who have no place any more. None
    when none is left. `context`: the mentee's engine with the mentors' places read under
    their locks in this transaction, if the caller has it. `locked`: the caller holds the
    mentee's and the queued mentors' locks already, and found under them that the mentee has
    no open proposal (the proposal is then written without savepoints); otherwise they are
    taken here, all at once and by id (an expiry or a decline passing the request on), and
    the mentee's engine is built under them, once for every queued mentor
    (`proposal_from_choice` then neither locks the pair again nor builds it per mentor).
    `queued`: the mentee's queued requests, in their order, with their mentors' people and
    the program's agency, when the caller has just written them; otherwise they are read
    here."""
    written_now = queued is not None
    if queued is None:
        queued = list(
            MentorRequest.objects.filter(mentee=mentee, status=R.QUEUED).select_related(
                "mentor__person", "program__organization"
            )
        )
    if not queued:
        return None
    if not locked:
        enrollments_lock([mentee.pk, *(request.mentor_id for request in queued)])
        if context is None:
            # Built under the locks: the mentors' places are read as they are now, and a
            # skipped mentor changes none, so one engine serves each turn of the loop.
            context = mentee_context(mentee=mentee)
    for request in queued:
        request.mentee = mentee  # the row in hand, with the person (the mentor's notification)
        try:
            proposal = proposal_from_choice(
                mentee=mentee,
                mentor=request.mentor,
                by=by or mentee.person,
                context=context,
                # the caller found no open proposal of the mentee's under their lock
                none_open=locked,
            )
        except DomainError:
            request.status = R.SKIPPED
            request.save(update_fields=["status"])
            continue
        request.proposal = proposal
        # the requests the caller passed in were written by this very transaction
        _open(request, written_now=written_now)
        return request
    return None


def _open(request: MentorRequest, *, written_now: bool = False) -> None:
    """The request now waits for the mentor: its deadline, its timers, the mentor told.
    `written_now`: this transaction has just written the request, so no other one can hold
    timers or notifications named after it: they are written without a savepoint."""
    now = timezone.now()
    program = request.program
    request.status = R.WAITING
    request.sent_at = now
    request.due_at = now + timedelta(days=program.mentor_response_days)
    request.save(update_fields=["status", "sent_at", "due_at", "proposal", "mentee_confirms"])
    window = request.due_at - now
    remind_at = request.due_at - min(REMIND_BEFORE, window / 2)
    payload = {"request": request.pk}
    organization = program.organization
    timers = [
        ("relationships.request_remind", f"request:{request.pk}:remind", remind_at, payload),
        ("relationships.request_expire", f"request:{request.pk}:expire", request.due_at, payload),
    ]
    if written_now:
        timers_schedule_new(timers=timers, organization=organization)
    else:  # a request opens once: no timer of it is there yet
        timers_schedule(timers=timers, organization=organization, fresh=True)
    mentor = request.mentor.person
    # The live update shows the text from the request in hand when both people and the
    # program came with it (a mentee's own request), without reading it again after the
    # commit; otherwise it reads it then.
    in_hand = (
        MentorRequest.mentee.is_cached(request)
        and Enrollment.person.is_cached(request.mentee)
        and MentorRequest.program.is_cached(request)
    )
    notify_many(
        [
            Notice(
                kind="relationships.request_new",
                event=f"request:{request.pk}:sent",
                person=mentor,
                role="mentor",
                params={"request": request.pk},
                url=_url("relationships:request", request.mentor_id, request.pk),
                organization=organization,
                values=request_values(request, mentor) if in_hand else None,
            )
        ],
        new=written_now,  # its event names the request this transaction has just written
    )


def _close_timers(request: MentorRequest) -> None:
    timers_cancel(keys=[f"request:{request.pk}:remind", f"request:{request.pk}:expire"])


# --- The proposals of the match board become requests -------------------------------------------


def on_proposal(event: str, proposal: MatchProposal) -> None:
    """Listener of matching's proposals (BRIDGEWAY_PROPOSAL_LISTENERS), in their transaction."""
    if event == "created":
        if proposal.source == MatchProposal.Source.SUGGESTION:
            return  # the mentee's own request: _send_next links it
        confirmed_by = proposal.program.requests_confirmed_by
        request = MentorRequest.objects.create(
            program=proposal.program,
            mentee=proposal.mentee,
            mentor=proposal.mentor,
            source=proposal_source.get(),
            proposal=proposal,
            mentee_confirms=confirmed_by == Program.Confirmation.BOTH,
        )
        if confirmed_by == Program.Confirmation.STAFF:
            _accept(request, by=None)
            return
        _open(request)
        if request.mentee_confirms and request.source == MentorRequest.Source.COORDINATOR:
            notify(
                kind="relationships.proposal_to_confirm",
                event=f"request:{request.pk}:to-confirm",
                person=request.mentee.person,
                role="mentee",
                params={"request": request.pk},
                url=_url("relationships:mentee_request", request.mentee_id, request.pk),
                organization=request.program.organization,
            )
        return
    waiting = (
        MentorRequest.objects.select_for_update(of=("self",))
        .filter(proposal=proposal, status=R.WAITING)
        .select_related("mentee__person", "mentor__person", "program__organization")
        .first()
    )
    if waiting is None:
        return
    request = waiting
    request.answered_at = timezone.now()
    _close_timers(request)
    if event == "declined":
        request.status = R.DECLINED
        if not request.decline_reason:
            request.decline_reason = DeclineReason.OTHER
            request.decline_note = proposal.decline_reason[:500]
        if not request.declined_by:
            request.declined_by = MentorRequest.Side.MENTOR
        request.save(
            update_fields=[
                "status",
                "answered_at",
                "decline_reason",
                "decline_note",
                "declined_by",
            ]
        )
        _move_on(request)
        if request.mentee_confirms:
            from bridgeway.relationships.confirmation import proposal_ended_tell

            proposal_ended_tell(request, what="declined")
        no_time = request.declined_by == MentorRequest.Side.MENTOR and (
            request.decline_reason == DeclineReason.NO_TIME
        )
        if not no_time:  # a mentor who has no time now is not sent the next mentee at once
            from bridgeway.relationships.reoffer import reoffer_soon

            reoffer_soon(mentor=request.mentor, why="declined")
    elif event == "withdrawn":
        request.status = R.WITHDRAWN
        request.save(update_fields=["status", "answered_at"])
        MentorRequest.objects.filter(mentee=request.mentee, status=R.QUEUED).update(
            status=R.WITHDRAWN
        )


def _move_on(request: MentorRequest) -> None:
    """After a decline or an expiry: the mentee's next choice, or back to their suggestions."""
    if request.source != MentorRequest.Source.MENTEE:
        return  # a coordinator's proposal: the mentee is back in the pool, on the to-do list
    mentee = request.mentee
    following = _send_next(mentee, by=None)
    notify(
        kind="relationships.request_moved_on",
        event=f"request:{request.pk}:moved-on",
        person=mentee.person,
        role="mentee",
        params={
            "request": request.pk,
            "next": following.pk if following is not None else None,
        },
        url=_url("relationships:ask", mentee.pk),
        organization=request.program.organization,
    )


# --- The mentor's answer ------------------------------------------------------------------------


# Read under its lock by every answer of a mentor: compiled once per process.
_request_locked = KeptObjects(
    lambda pk: (
        MentorRequest.objects.select_for_update(of=("self",))
        .select_related("mentee__person", "mentor__person", "program__organization", "proposal")
        .filter(pk=pk)
    ),
    int,
)


def _waiting_for(request: MentorRequest, by: Person) -> MentorRequest:
    locked: MentorRequest | None = _request_locked.first(request.pk)
    if locked is None:
        raise MentorRequest.DoesNotExist
    if locked.mentor.person_id != by.pk:
        raise DomainError(_("Only the mentor asked can answer this request."))
    if locked.status == R.ACCEPTED or locked.mentor_accepted_at is not None:
        raise DomainError(_("You have already accepted this request."))
    if locked.status == R.EXPIRED:
        raise DomainError(
            _("This request expired before your answer; it went to the mentee's next choice.")
        )
    if locked.status != R.WAITING:
        raise DomainError(_("This request has already been answered."))
    return locked


@transaction.atomic
def request_accept(*, request: MentorRequest, by: Person) -> Relationship | None:
    """The mentor says yes: the relationship starts (its agreement comes next); None when the
    mentee confirms too and has not yet accepted."""
    locked = _waiting_for(request, by)
    if locked.mentee_confirms:
        from bridgeway.relationships.confirmation import side_accepts

        return side_accepts(locked, side=MentorRequest.Side.MENTOR, by=by)
    return _accept(locked, by=by)


def accept_now(request: MentorRequest, *, by: Person | None) -> Relationship:
    """Start the relationship of a locked, waiting request (both answers are in)."""
    return _accept(request, by=by)


def pair_lock(mentee: Enrollment, mentor: Enrollment) -> None:
    """Lock the pair's two enrollments, by id (`enrollments_lock`), and read them again: a
    mentor's other mentee may have started or closed a mentorship since these rows were read
    (two requests accepted at once, or one accepted while another mentorship closes). The
    mentor's row guards their places and status, the mentee's their one open mentorship;
    nothing else of the program is locked, so the other pairs of the program go on beside."""
    current = enrollments_lock([mentee.pk, mentor.pk])
    # The whole rows as they are under the lock: the changes of status that follow write
    # from these instances without reading them again (`enrollment_set_status_locked`).
    for enrollment in (mentee, mentor):
        fresh = current[enrollment.pk]
        for field in Enrollment._meta.concrete_fields:
            setattr(enrollment, field.attname, getattr(fresh, field.attname))


def _accept(request: MentorRequest, *, by: Person | None) -> Relationship:
    with audit_together():  # the rows of the changes of status and of the start, at once
        return _start(request, by=by)


def _start(request: MentorRequest, *, by: Person | None) -> Relationship:
    pair_lock(request.mentee, request.mentor)
    now = timezone.now()
    request.status = R.ACCEPTED
    request.answered_at = now
    request.save(update_fields=["status", "answered_at"])
    _close_timers(request)
    MatchProposal.objects.filter(pk=request.proposal_id or 0).update(
        status=MatchProposal.Status.ACCEPTED, closed_at=now
    )
    MentorRequest.objects.filter(mentee=request.mentee, status=R.QUEUED).update(status=R.WITHDRAWN)
    program = request.program
    relationship = Relationship.objects.create(
        program=program,
        mentee=request.mentee,
        mentor=request.mentor,
        request=request,
        planned_end=(now + timedelta(weeks=program.duration_weeks)).date(),
    )
    flash = program.kind == Program.Kind.FLASH
    if flash:
        flash_start(relationship, by=by)  # one conversation: no agreement, under way at once
    else:
        agreement_start(relationship)
    reason = _("Matched with %(name)s.")
    matched = []
    for enrollment, other in ((request.mentee, request.mentor), (request.mentor, request.mentee)):
        if enrollment.status != S.MATCHED and S.MATCHED in allowed_next_statuses(enrollment):
            enrollment.program = program  # with its agency, for the audit row
            matched.append((enrollment, reason % {"name": other.person.name}))
    # Both rows are locked and read again by pair_lock above; their history rows are written
    # together, and the two rows in one statement.
    enrollments_set_status_locked(changes=matched, status=S.MATCHED, by=None)
    audit_record(
        actor=by,
        organization=program.organization,
        action="relationships.start",
        target=relationship,
        summary=f"{request.mentee.person.name} ↔ {request.mentor.person.name}",
        data={"mentee": request.mentee_id, "mentor": request.mentor_id},
        subject=request.mentee.person,
    )
    notify_many(
        [
            Notice(
                kind="relationships.flash_started" if flash else "relationships.started",
                event=f"relationship:{relationship.pk}:started",
                person=enrollment.person,
                role=role,
                params={"relationship": relationship.pk},
                url=_url("relationships:detail", relationship.pk),
                organization=program.organization,
                values=relationship_values(relationship, enrollment.person),
            )
            for enrollment, role in ((request.mentee, "mentee"), (request.mentor, "mentor"))
            # the mentor who accepted knows
            if by is None or enrollment.person_id != by.pk
        ],
        new=True,  # their events name the mentorship written just above
    )
    return relationship


@transaction.atomic
def request_decline(
    *, request: MentorRequest, by: Person, reason: str, note: str = ""
) -> MentorRequest:
    """The mentor says no, with a reason from the list and, if they like, in their words. The
    mentee never reads the reason; the coordinator does, and this mentor is not suggested to
    this mentee again."""
    locked = _waiting_for(request, by)
    if reason not in DeclineReason.values:
        raise DomainError(_("Choose a reason from the list."), "reason")
    note = note.strip()[:500]
    if reason == DeclineReason.OTHER and not note:
        raise DomainError(_("Say briefly why; it helps the coordinator."), "note")
    locked.decline_reason, locked.decline_note = reason, note
    locked.declined_by = MentorRequest.Side.MENTOR
    locked.save(update_fields=["decline_reason", "decline_note", "declined_by"])
    label = str(DeclineReason(reason).label)
    assert locked.proposal is not None
    proposal_decline(
        proposal=locked.proposal, by=by, reason=f"{label}. {note}".strip() if note else label
    )
    locked.refresh_from_db()
    return locked
