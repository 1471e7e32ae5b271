"""State changes for programs and enrollments."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from datetime import date
from typing import TYPE_CHECKING, TypedDict, Unpack

from django.conf import settings
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Case, CharField, Value, When
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.text import Truncator
from django.utils.translation import gettext as _

from bridgeway.core.models import Organization
from bridgeway.core.realtime import notify_person
from bridgeway.core.services import DomainError, audit_record, changed_fields
from bridgeway.notifications.outbox import notify
from bridgeway.programs.models import Enrollment, EnrollmentStatus, Program, StatusChange
from bridgeway.programs.readiness import readiness_blockers
from bridgeway.programs.waitlist import waitlist_sync

if TYPE_CHECKING:
    from bridgeway.accounts.models import Person

S = EnrollmentStatus

# The status pipeline: applied → screening → training → ready → matched → closed/alumni,
# with waiting list, withdrawal and decline on the side.
TRANSITIONS: dict[str, set[str]] = {
    S.APPLIED: {S.SCREENING, S.DECLINED, S.WITHDRAWN},
    S.SCREENING: {S.TRAINING, S.READY, S.DECLINED, S.WITHDRAWN},
    S.TRAINING: {S.READY, S.SCREENING, S.DECLINED, S.WITHDRAWN},
    S.READY: {S.MATCHED, S.WAITLISTED, S.SCREENING, S.WITHDRAWN},
    S.WAITLISTED: {S.READY, S.MATCHED, S.SCREENING, S.WITHDRAWN},
    S.MATCHED: {S.CLOSED, S.WITHDRAWN},
    # A mentor whose pair closed is ready again, or back to their requirements (training)
    # when one lapsed meanwhile (an expired check, a new required module).
    S.CLOSED: {S.ALUMNI, S.READY, S.TRAINING},
    S.ALUMNI: set(),
    S.WITHDRAWN: {S.APPLIED},
    S.DECLINED: {S.SCREENING},
}
ACTIVE_STATUSES = {S.APPLIED, S.SCREENING, S.TRAINING, S.READY, S.WAITLISTED, S.MATCHED}


def program_lock(program_id: int) -> None:
    """Take the program's lock until the transaction ends, for what is done one at a time in a
    program as a whole: a coordinator's proposals from the match board, the re-offer of a
    freed place, a new version of a setting. Taken before any enrollment's lock (see
    `enrollments_lock`), and FOR NO KEY UPDATE (PostgreSQL): two of these wait on each other,
    but a row written meanwhile that refers to the program (a request, a proposal, a
    mentorship) does not wait for it, as it would behind FOR UPDATE. The pair's own changes
    (a request sent, accepted, declined or expired, a mentorship closed) do not take it: they
    lock the enrollments they change."""
    Program.objects.select_for_update(no_key=True).filter(pk=program_id).first()


def enrollments_lock(ids: Iterable[int]) -> dict[int, Enrollment]:
    """Lock these enrollments until the transaction ends and read them again, by id ascending:
    the one order in which every change takes enrollments, so two changes of the same people
    wait on each other and never deadlock. A mentor's row guards their places (every
    proposal or mentorship that takes one, and the mentor's status, is written under it); a
    mentee's row guards their one request on its way and their one open mentorship. FOR NO
    KEY UPDATE, as `program_lock`: a row that refers to the enrollment (a status change, a
    request) is written beside it without waiting. Taken after the program's lock, where a
    change takes both."""
    return {
        row.pk: row
        for row in Enrollment.objects.select_for_update(no_key=True, of=("self",))
        .filter(pk__in=sorted(set(ids)))
        .order_by("pk")
    }


def allowed_next_statuses(enrollment: Enrollment) -> list[str]:
    return [value for value in S.values if value in TRANSITIONS[S(enrollment.status)]]


class ProgramSettings(TypedDict, total=False):
    """A program's settings beside its name, short name and summary. Each may be left out: a
    new program then takes the default, an edited one keeps its value."""

    kind: str
    purpose: str
    description: str
    goals: str
    content_language: str
    is_pre_arrival: bool
    is_published: bool
    duration_weeks: int
    cohort_start: date | None
    cohort_end: date | None
    mentor_capacity_default: int
    mentor_response_days: int
    requests_confirmed_by: str
    reoffer_freed_places: bool
    mentee_activation_days: int
    training_required: bool
    midpoint_check: bool
    pulse_question: str
    inactivity_days: int
    close_when_goals_met: bool


class ProgramChanges(ProgramSettings, total=False):
    """What an edit changes; a setting left out keeps its value."""

    name: str
    slug: str
    summary: str


def _program_validate(program: Program) -> None:
    """The rules a program's settings follow, the same when it is created and when it is
    edited; a broken one is a DomainError on the field it concerns."""
    clash = Program.objects.filter(organization=program.organization, slug=program.slug)
    if clash.exclude(pk=program.pk).exists():
        raise DomainError(_("Another program of your agency uses this short name."), field="slug")
    if program.cohort_start and program.cohort_end and program.cohort_end < program.cohort_start:
        raise DomainError(_("The cohort must end after it starts."), field="cohort_end")
    try:
        # The agency is the caller's and the short name was checked above, in our words.
        program.full_clean(exclude=["organization"])
    except ValidationError as error:
        field, messages = next(iter(error.message_dict.items()))
        raise DomainError(messages[0], field=None if field == NON_FIELD_ERRORS else field) from None


@transaction.atomic
def program_create(
    *,
    organization: Organization,
    by: Person,
    name: str,
    slug: str,
    summary: str,
    **fields: Unpack[ProgramSettings],
) -> Program:
    program = Program(organization=organization, name=name, slug=slug, summary=summary, **fields)
    _program_validate(program)
    program.save()
    audit_record(
        actor=by,
        organization=organization,
        action="program.create",
        target=program,
        summary=program.name,
    )
    return program


@transaction.atomic
def program_update(*, program: Program, by: Person, **changes: Unpack[ProgramChanges]) -> Program:
    """Change the given settings of a program, and only those: the row is read again under a
    lock and only changed columns are written, so two staff members changing different
    settings at the same time both keep their change. Returns the program as saved."""
    # FOR NO KEY UPDATE, as every lock of a program (`program_lock`): a setting changes, the
    # program's id does not.
    locked = (
        Program.objects.select_for_update(no_key=True, of=("self",))
        .select_related("organization")
        .get(pk=program.pk)
    )
    changed = changed_fields(locked, dict(changes))
    if not changed:
        return locked
    for name, value in changes.items():
        setattr(locked, name, value)
    _program_validate(locked)
    locked.save(update_fields=[*changed, "updated_at"])
    audit_record(
        actor=by,
        organization=locked.organization,
        action="program.update",
        target=locked,
        summary=", ".join(sorted(changed)),
        data={"changes": changed},
    )
    if "training_required" in changed and not locked.training_required:
        # People who were waiting only for their training need not wait any more.
        enrollments_advance_if_ready(
            enrollments=Enrollment.objects.filter(program=locked, status=S.TRAINING)
            .select_related("person")
            .order_by("pk"),
            reason=lambda: _(
                "Training requirement removed: the program no longer requires training."
            ),
        )
    return locked


@transaction.atomic
def enrollment_apply(*, person: Person, program: Program, role: str) -> Enrollment:
    """A person applies to a listed program, or re-applies after withdrawing."""
    if not program.is_published:
        raise DomainError(_("This program is not taking applications."))
    existing = (
        Enrollment.objects.select_for_update()
        .filter(program=program, person=person, role=role)
        .first()
    )
    if existing is not None:
        if existing.status != S.WITHDRAWN:
            raise DomainError(_("You have already applied to this program in this role."))
        _set_status(existing, S.APPLIED, reason="", by=person)
        enrollment = existing
    else:
        try:
            with transaction.atomic():
                enrollment = Enrollment.objects.create(
                    program=program,
                    person=person,
                    role=role,
                    capacity=program.mentor_capacity_default
                    if role == Enrollment.Role.MENTOR
                    else None,
                )
        except IntegrityError:
            raise DomainError(_("You have already applied to this program in this role.")) from None
    audit_record(
        actor=person,
        organization=program.organization,
        action="enrollment.apply",
        target=enrollment,
        summary=f"{program.name} ({role})",
        data={"role": role},
    )
    # The person hears their application arrived and what happens next, in their language.
    notify(
        kind="programs.application_received",
        event=f"enrollment:{enrollment.pk}:applied",
        person=person,
        role=role,
        params={"enrollment": enrollment.pk, "with_next_steps": True},
        url=reverse("core:dashboard"),
        organization=program.organization,
    )
    return enrollment


@transaction.atomic
def enrollment_withdraw(*, enrollment: Enrollment, by: Person, reason: str = "") -> None:
    """The person leaves the program; what they say about why, if anything, becomes the
    status reason their coordinator reads."""
    enrollment = Enrollment.objects.select_for_update().get(pk=enrollment.pk)
    if S.WITHDRAWN not in TRANSITIONS[S(enrollment.status)]:
        raise DomainError(_("This enrollment can no longer be withdrawn."))
    reason = reason.strip()
    status_reason = (
        _("Withdrawn by the participant: %(reason)s") % {"reason": reason}
        if reason
        else _("Withdrawn by the participant")
    )
    max_length = Enrollment._meta.get_field("status_reason").max_length or 0
    old = enrollment.status
    _set_status(enrollment, S.WITHDRAWN, reason=Truncator(status_reason).chars(max_length), by=by)
    audit_record(
        actor=by,
        organization=enrollment.program.organization,
        action="enrollment.withdraw",
        target=enrollment,
        summary=f"{old} → {S.WITHDRAWN}",
        data={"from": old, "to": S.WITHDRAWN, "reason": reason[:300]},
    )


@transaction.atomic
def enrollment_set_status(
    *,
    enrollment: Enrollment,
    status: str,
    by: Person | None,
    reason: str = "",
    ready_email: bool = True,
) -> Enrollment:
    """A coordinator (or, with by=None, the system) moves an enrollment along the pipeline;
    the person sees it live. A move into training goes on to "ready to match" at once when
    nothing blocks any more (a profile and training finished early); the person is then told
    by the "ready" email, unless `ready_email` is false: a caller whose own message says so."""
    # It locks the enrollment alone (`enrollments_lock`'s lock): a mentor's places and a
    # mentee's requests are guarded by their row, not by the program's. The agency and the
    # person come in the same read for the audit row (rather than a query each).
    locked = (
        Enrollment.objects.select_for_update(no_key=True, of=("self",))
        .select_related("program__organization", "person")
        .get(pk=enrollment.pk)
    )
    return enrollment_set_status_locked(
        enrollment=locked, status=status, by=by, reason=reason, ready_email=ready_email
    )


def enrollment_set_status_locked(
    *,
    enrollment: Enrollment,
    status: str,
    by: Person | None,
    reason: str = "",
    ready_email: bool = True,
    blockers: list[str] | None = None,
) -> Enrollment:
    """`enrollment_set_status` for a caller inside a transaction that already holds the
    enrollment's row (`enrollments_lock`, as `pair_lock` takes it) and read
    the row then, with its program's agency and its person: the same checks and writes,
    without a second read of the row or a savepoint of its own (an error fails the caller's
    transaction). `blockers`: what `readiness_blockers` answered for it in this transaction,
    when the caller asked already."""
    locked = enrollment
    _check_move(locked, status, reason)
    if status == S.READY:
        if blockers is None:
            blockers = readiness_blockers(locked)
        if blockers:
            raise DomainError(" ".join(blockers), field="status")
    old = locked.status
    _set_status(locked, status, reason=reason.strip(), by=by)
    _status_told(locked, old, status, reason=reason.strip(), by=by)
    if status == S.TRAINING and enrollment_advance_if_ready(enrollment=locked, email=ready_email):
        # Readiness is otherwise re-checked only when a gate clears; someone who cleared them
        # all before getting here would wait in training for their next profile save.
        locked.refresh_from_db()
    return locked


def enrollments_set_status_locked(
    *, changes: Sequence[tuple[Enrollment, str]], status: str, by: Person | None
) -> None:
    """`enrollment_set_status_locked` for several enrollments that take the same status in one
    change (both people of a pair matched), each `(enrollment, reason)`: the same checks,
    history rows, audit rows and live updates, with the history rows written in one statement
    and the enrollments in one. Each enrollment is held and was read as
    `enrollment_set_status_locked` says. Not for "ready" and training, whose checks read each
    enrollment's requirements."""
    if status in {S.READY, S.TRAINING}:
        raise ValueError(f"{status}: one enrollment at a time (enrollment_set_status_locked)")
    for enrollment, reason in changes:
        _check_move(enrollment, status, reason)
    moves = [(enrollment, enrollment.status, reason.strip()) for enrollment, reason in changes]
    _set_statuses([(enrollment, reason) for enrollment, _old, reason in moves], status, by=by)
    for enrollment, old, reason in moves:
        _status_told(enrollment, old, status, reason=reason, by=by)


def enrollments_move_locked(
    *,
    moves: Sequence[tuple[Enrollment, Sequence[tuple[str, str]]]],
    by: Person | None,
    blockers: Mapping[int, list[str]] | None = None,
    ready_email: bool = True,
    ready_moment: bool = True,
) -> None:
    """Several enrollments, each through one or more statuses, in one change at one moment,
    each `(enrollment, [(status, reason), …])`: at closing, the mentee from matched to closed
    and the mentor from matched to closed and then to ready (or training when a requirement
    lapsed). Each step is checked from the one before it, for every enrollment, before
    anything is written; each has its own history row, audit row and live update, as
    `enrollment_set_status_locked` writes them, with the history rows in one statement and the
    enrollments in one. Each enrollment is held and was read as `enrollment_set_status_locked`
    says. "Ready" and training only as an enrollment's last step; `blockers`: what
    `readiness_blockers` answered in this transaction, by enrollment id, for a step to "ready"
    or training. `ready_moment`: false when the caller schedules the "before" assessment of
    those who become ready itself (closing does it with the closure's, from one read of the
    program's instruments)."""
    known = blockers or {}
    for enrollment, steps in moves:
        was = enrollment.status
        for number, (status, reason) in enumerate(steps):
            if status in {S.READY, S.TRAINING} and number != len(steps) - 1:
                raise ValueError(f"{status}: only as an enrollment's last step")
            _check_move(enrollment, status, reason, was=was)
            if status == S.READY:
                found = known.get(enrollment.pk)
                if found is None:
                    found = readiness_blockers(enrollment)
                if found:
                    raise DomainError(" ".join(found), field="status")
            was = status
    stripped = [
        (enrollment, [(status, reason.strip()) for status, reason in steps])
        for enrollment, steps in moves
    ]
    olds = {enrollment.pk: enrollment.status for enrollment, _steps in moves}
    _write_moves(stripped, by=by, ready_moment=ready_moment)
    for enrollment, steps in stripped:
        old = olds[enrollment.pk]
        for status, reason in steps:
            _status_told(enrollment, old, status, reason=reason, by=by)
            old = status
    for enrollment, _steps in stripped:
        if enrollment.status == S.TRAINING and enrollment_advance_if_ready(
            enrollment=enrollment, email=ready_email
        ):
            enrollment.refresh_from_db()


def _check_move(enrollment: Enrollment, status: str, reason: str, *, was: str = "") -> None:
    """`was`: the status the enrollment has at this step of a change of several (its own when
    empty)."""
    current = S(was or enrollment.status)
    if status not in TRANSITIONS[current]:
        raise DomainError(
            _("An enrollment that is “%(current)s” cannot become “%(new)s”.")
            % {"current": current.label, "new": S(status).label},
            field="status",
        )
    if status in {S.DECLINED, S.WITHDRAWN} and not reason.strip():
        raise DomainError(_("Give a reason; the person will see it."), field="reason")


def _status_told(
    enrollment: Enrollment, old: str, status: str, *, reason: str, by: Person | None
) -> None:
    """The audit row of a change of status, and the person's live update after the commit."""
    audit_record(
        actor=by,
        organization=enrollment.program.organization,
        action="enrollment.status",
        target=enrollment,
        summary=f"{old} → {status}",
        data={"from": old, "to": status, "reason": reason},
    )
    person_id, enrollment_id = enrollment.person_id, enrollment.pk
    transaction.on_commit(
        lambda: notify_person(
            person_id=person_id,
            event={"type": "enrollment.status", "enrollment": enrollment_id, "status": status},
        )
    )


@transaction.atomic
def enrollment_advance_if_ready(
    *, enrollment: Enrollment, reason: str = "", email: bool = True
) -> bool:
    """Move an enrollment in training to "ready to match" once nothing blocks it any more.
    Called when an enrollment enters training, when a person finishes a gate (training, a
    screening check, the profile), or with
    a `reason` for the history when staff lifted a requirement; safe to call twice. The
    person is told by email (with the reason, if any) unless `email` is false: a caller that
    sends its own message saying so."""
    locked = (
        Enrollment.objects.select_for_update(no_key=True, of=("self",))
        .select_related("program", "person")
        .get(pk=enrollment.pk)
    )
    if locked.status != S.TRAINING or readiness_blockers(locked):
        return False
    _set_status(locked, S.READY, reason=reason, by=None)
    audit_record(
        actor=None,
        organization=locked.program.organization,
        action="enrollment.status",
        target=locked,
        summary=f"{S.TRAINING} → {S.READY}",
        data={
            "from": S.TRAINING,
            "to": S.READY,
            "reason": reason or "every requirement is complete",
        },
    )
    person_id, enrollment_id = locked.person_id, locked.pk
    transaction.on_commit(
        lambda: notify_person(
            person_id=person_id,
            event={"type": "enrollment.status", "enrollment": enrollment_id, "status": S.READY},
        )
    )
    if email:
        _notify_ready(locked, reason)
    return True


def _notify_ready(enrollment: Enrollment, reason: str) -> None:
    notify(
        kind="programs.ready_to_match",
        event=f"enrollment:{enrollment.pk}:ready:{enrollment.status_changed_at.isoformat()}",
        person=enrollment.person,
        role=enrollment.role,
        params={"enrollment": enrollment.pk, "reason": reason},
        url=reverse("core:dashboard"),
        organization=enrollment.program.organization,
    )


@transaction.atomic
def enrollments_advance_if_ready(
    *, enrollments: Iterable[Enrollment], reason: Callable[[], str]
) -> list[Enrollment]:
    """After staff lifted a requirement, move each of `enrollments` that is in training and no
    longer blocked to "ready to match". `reason()` is called in each person's language: the
    person and the coordinators read it in the history, and in the notification that tells
    them (written to the outbox here, sent by the worker after commit: a change can release a
    whole program, and the staff member does not wait for hundreds of emails). Returns those
    that became ready."""
    max_length = StatusChange._meta.get_field("reason").max_length or 0
    became_ready = []
    for enrollment in enrollments:
        with translation.override(enrollment.person.preferred_language or settings.LANGUAGE_CODE):
            text = Truncator(reason()).chars(max_length)
        if enrollment_advance_if_ready(enrollment=enrollment, reason=text):
            became_ready.append(enrollment)
    return became_ready


def _set_status(enrollment: Enrollment, status: str, *, reason: str, by: Person | None) -> None:
    _set_statuses([(enrollment, reason)], status, by=by)


def _set_statuses(
    changes: Sequence[tuple[Enrollment, str]], status: str, *, by: Person | None
) -> None:
    """Several enrollments of one change to the same status (their reasons differ: each has
    its own)."""
    _write_moves([(enrollment, [(status, reason)]) for enrollment, reason in changes], by=by)


def _write_moves(
    moves: Sequence[tuple[Enrollment, Sequence[tuple[str, str]]]],
    *,
    by: Person | None,
    ready_moment: bool = True,
) -> None:
    """The one place a status changes: history rows, waiting list, timestamps. Each
    `(enrollment, [(status, reason), …])` goes through its statuses in turn; the history rows
    of the change take one statement and the enrollments' rows one (each keeps the reason of
    its last step)."""
    if not moves:
        return
    now = timezone.now()
    changed_by = by if by is not None and by.is_authenticated else None
    history = []
    was: dict[int, list[str]] = {}
    for enrollment, steps in moves:
        old = enrollment.status
        was[enrollment.pk] = []
        for status, reason in steps:
            history.append(
                StatusChange(
                    enrollment=enrollment,
                    from_status=old,
                    to_status=status,
                    changed_at=now,
                    changed_by=changed_by,
                    reason=reason,
                )
            )
            was[enrollment.pk].append(old)
            old = status
    StatusChange.objects.bulk_create(history)
    for enrollment, steps in moves:
        enrollment.status, enrollment.status_reason = steps[-1]
        enrollment.status_changed_at = now
    if len(moves) == 1:
        moves[0][0].save(
            update_fields=["status", "status_reason", "status_changed_at", "updated_at"]
        )
    else:
        Enrollment.objects.filter(pk__in=[enrollment.pk for enrollment, _steps in moves]).update(
            status=_one_or_each([(e.pk, e.status) for e, _steps in moves]),
            status_changed_at=now,
            updated_at=now,
            status_reason=_one_or_each([(e.pk, e.status_reason) for e, _steps in moves]),
        )
        for enrollment, _steps in moves:
            enrollment.updated_at = now
    for enrollment, steps in moves:
        final = enrollment.status
        for old, (status, _reason) in zip(was[enrollment.pk], steps, strict=True):
            enrollment.status = status  # each step as a change of its own would see it
            waitlist_sync(enrollment=enrollment, was=old)
            if status == S.READY and ready_moment:
                from bridgeway.reports.assessments.moments import enrollment_ready

                enrollment_ready(enrollment)
        enrollment.status = final


def _one_or_each(values: Sequence[tuple[int, str]]) -> str | Case:
    """The value for an UPDATE of several rows: itself when they all take the same, otherwise
    each row's by its id."""
    distinct = {value for _pk, value in values}
    if len(distinct) == 1:
        return distinct.pop()
    return Case(*(When(pk=pk, then=Value(value)) for pk, value in values), output_field=CharField())
