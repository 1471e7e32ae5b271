"""Closing a mentorship well: by either person or by staff, with a reason; a short survey for
both; a staff debrief; the mentee's next step (a new mentor when they want one); and, for a
mentee who finished, the invitation to mentor others (the alumni path)."""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.db.models import F
from django.http import Http404
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from bridgeway.accounts.models import Person
from bridgeway.core.access import staff_memberships
from bridgeway.core.kept_queries import KeptObjects
from bridgeway.core.services import DomainError, audit_record, audit_together
from bridgeway.messaging.services import conversation_close_for_relationship
from bridgeway.notifications.outbox import Notice, notify_many
from bridgeway.notifications.timers import timers_cancel
from bridgeway.programs.models import Enrollment, EnrollmentRole, EnrollmentStatus, Program
from bridgeway.programs.readiness import readiness_blockers
from bridgeway.programs.services import (
    enrollment_apply,
    enrollment_set_status,
    enrollments_move_locked,
)
from bridgeway.relationships.flash import SURVEYED
from bridgeway.relationships.meetings import TIMER_SUFFIXES
from bridgeway.relationships.models import (
    AUTOMATIC,
    FINISHED,
    CloseReason,
    ClosureSurvey,
    Meeting,
    MeetingSeries,
    Relationship,
)
from bridgeway.relationships.notifications import relationship_values
from bridgeway.relationships.services import pair_lock

S = EnrollmentStatus


def _is_staff(person: Person, relationship: Relationship) -> bool:
    return (
        staff_memberships(person)
        .filter(organization_id=relationship.program.organization_id)
        .exists()
    )


# Read under its lock by every closing: compiled once per process (core/kept_queries.py).
_locked_read = KeptObjects(
    lambda pk: (
        Relationship.objects.select_for_update(of=("self",))
        .select_related("mentee__person", "mentor__person", "program__organization")
        .filter(pk=pk)
    ),
    int,
)


def _locked(relationship: Relationship) -> Relationship:
    found: Relationship | None = _locked_read.first(relationship.pk)
    if found is None:
        raise Relationship.DoesNotExist
    return found


@transaction.atomic
def relationship_close(
    *, relationship: Relationship, by: Person, reason: str, note: str = ""
) -> Relationship:
    """Either person, or the program's staff, closes the mentorship with a reason."""
    return _close_checked(_locked(relationship), by=by, reason=reason, note=note)


@transaction.atomic
def relationship_close_by_party(
    *, relationship_id: int, by: Person, reason: str, note: str = ""
) -> Relationship:
    """One of the pair closes their mentorship, found by its id: the read under its lock is
    the only read of it, and anyone else's, or a missing one, is a 404 (as
    `relationship_get_for_party`)."""
    locked: Relationship | None = _locked_read.first(relationship_id)
    if locked is None or by.pk not in (locked.mentee.person_id, locked.mentor.person_id):
        raise Http404
    return _close_checked(locked, by=by, reason=reason, note=note)


def _close_checked(locked: Relationship, *, by: Person, reason: str, note: str) -> Relationship:
    party = by.pk in (locked.mentee.person_id, locked.mentor.person_id)
    if not party and not _is_staff(by, locked):
        raise DomainError(_("Only the pair or the program's staff can close this mentorship."))
    if locked.status == Relationship.Status.CLOSED:
        raise DomainError(_("This mentorship is already closed."))
    if (
        reason not in CloseReason.values
        or reason in AUTOMATIC
        or (reason == CloseReason.STAFF and party)
    ):
        raise DomainError(_("Choose a reason from the list."), "reason")
    note = note.strip()[:500]
    if reason == CloseReason.OTHER and not note:
        raise DomainError(_("Say in a few words why it closes."), "note")
    with audit_together():
        return _close(locked, by=by, reason=reason, note=note)


@transaction.atomic
def relationship_close_by_app(*, relationship: Relationship, reason: str) -> Relationship | None:
    """The app closes it (a flash mentorship after its conversation); None when it was closed
    already."""
    locked = _locked(relationship)
    if locked.status == Relationship.Status.CLOSED:
        return None
    with audit_together():
        return _close(locked, by=None, reason=reason, note="")


def _close(locked: Relationship, *, by: Person | None, reason: str, note: str) -> Relationship:
    pair_lock(locked.mentee, locked.mentor)
    now = timezone.now()
    locked.status, locked.closed_at = Relationship.Status.CLOSED, now
    locked.close_reason, locked.close_note, locked.closed_by = reason, note, by
    locked.save(update_fields=["status", "closed_at", "close_reason", "close_note", "closed_by"])
    conversation_close_for_relationship(relationship=locked)
    # Meetings to come are cancelled; one that has started stays as it was, so that each
    # person can still say whether they met (a flash mentorship closes right after its meeting).
    upcoming = list(
        Meeting.objects.filter(
            relationship=locked, status=Meeting.Status.SCHEDULED, starts_at__gt=now
        ).values_list("pk", flat=True)
    )
    if upcoming:  # a weekly series can hold dozens: cancelled together, with their reminders
        Meeting.objects.filter(pk__in=upcoming).update(status=Meeting.Status.CANCELLED)
        timers_cancel(
            keys=[f"meeting:{pk}:{suffix}" for pk in upcoming for suffix in TIMER_SUFFIXES]
        )
    # Their series end too (the calendar feed then shows them cancelled).
    MeetingSeries.objects.filter(relationship=locked).exclude(
        status=MeetingSeries.Status.CANCELLED
    ).update(status=MeetingSeries.Status.CANCELLED, sequence=F("sequence") + 1)
    text = _("Mentorship closed: %(reason)s") % {"reason": CloseReason(reason).label}
    # pair_lock holds both enrollments and read them again: their changes of status write from
    # these rows (with the program and its agency, read with the relationship).
    locked.mentee.program = locked.mentor.program = locked.program
    # One change at one moment: the mentee's history row and the mentor's two (closed, then
    # ready again) in one statement, both enrollments in one UPDATE.
    moves: list[tuple[Enrollment, list[tuple[str, str]]]] = []
    if locked.mentee.status == S.MATCHED:
        moves.append((locked.mentee, [(S.CLOSED, text)]))
    still_mentoring = (
        Relationship.objects.filter(mentor=locked.mentor)
        .exclude(status=Relationship.Status.CLOSED)
        .exists()
    )
    blockers: list[str] = []
    ready_again = locked.mentor.status == S.MATCHED and not still_mentoring
    if ready_again:
        # The mentor stays in the program, ready for the next mentee. A requirement may have
        # lapsed during the mentorship (a check expired, a module was made required): the
        # mentor then goes back to it and becomes ready once it is done.
        blockers = readiness_blockers(locked.mentor)
        again = (
            S.TRAINING if blockers else S.READY,
            " ".join([text, *blockers])[:300],  # the history keeps 300 characters
        )
        moves.append((locked.mentor, [(S.CLOSED, text), again]))
        ready_again = not blockers
    enrollments_move_locked(
        moves=moves,
        by=None,
        blockers={locked.mentor.pk: blockers},
        ready_email=False,
        ready_moment=False,
    )
    from bridgeway.relationships.reoffer import reoffer_soon
    from bridgeway.reports.assessments.moments import relationship_closed

    # The mentor ready again has their "before" assessment with the closure's (one read of
    # the program's instruments).
    relationship_closed(locked, ready_again=(locked.mentor,) if ready_again else ())

    reoffer_soon(mentor=locked.mentor, why="closed")
    audit_record(
        actor=by,
        organization=locked.program.organization,
        action="relationships.close",
        target=locked,
        summary=f"{locked.mentee.person.name} ↔ {locked.mentor.person.name}",
        data={"reason": reason, "note": note},
        subject=locked.mentee.person,
    )
    kind, page = "relationships.closed", "relationships:survey"
    if locked.program.kind == Program.Kind.FLASH:
        kind, page = (
            ("relationships.flash_survey", "relationships:survey")
            if reason in SURVEYED
            else ("relationships.flash_closed", "relationships:detail")
        )
    notices = [
        Notice(
            kind=kind,
            event=f"relationship:{locked.pk}:closed",
            person=enrollment.person,
            role=role,
            params={"relationship": locked.pk},
            url=reverse(page, args=[locked.pk]),
            organization=locked.program.organization,
            # the live update's text from the rows in hand (not read again after commit)
            values=None
            if kind == "relationships.flash_closed"  # its own values
            else relationship_values(locked, enrollment.person),
        )
        for enrollment, role in ((locked.mentee, "mentee"), (locked.mentor, "mentor"))
    ]
    if reason in FINISHED:
        notices.append(
            Notice(
                kind="relationships.alumni_invitation",
                event=f"relationship:{locked.pk}:alumni",
                person=locked.mentee.person,
                role="mentee",
                params={"relationship": locked.pk},
                url=reverse("relationships:become_mentor", args=[locked.pk]),
                organization=locked.program.organization,
                values=relationship_values(locked, locked.mentee.person),
            )
        )
    notify_many(notices)
    return locked


@transaction.atomic
def survey_submit(
    *,
    relationship: Relationship,
    by: Person,
    satisfaction: int,
    goals_achieved: str,
    would_recommend: bool,
    continue_informally: bool,
    comments: str = "",
) -> ClosureSurvey:
    if by.pk not in (relationship.mentee.person_id, relationship.mentor.person_id):
        raise DomainError(_("Only the pair answers this survey."))
    if relationship.status != Relationship.Status.CLOSED:
        raise DomainError(_("The survey opens when the mentorship closes."))
    if not 1 <= satisfaction <= 5:
        raise DomainError(_("Choose a number from 1 to 5."), "satisfaction")
    if goals_achieved not in ClosureSurvey.Achieved.values:
        raise DomainError(_("Choose an answer from the list."), "goals_achieved")
    try:
        with transaction.atomic():
            return ClosureSurvey.objects.create(
                relationship=relationship,
                person=by,
                satisfaction=satisfaction,
                goals_achieved=goals_achieved,
                would_recommend=would_recommend,
                continue_informally=continue_informally,
                comments=comments.strip()[:2000],
            )
    except IntegrityError:
        raise DomainError(_("You have already answered this survey. Thank you.")) from None


@transaction.atomic
def debrief_save(*, relationship: Relationship, by: Person, note: str) -> Relationship:
    """Staff write what they learned (the caller checked they are the program's staff)."""
    relationship.debrief_note = note.strip()[:5000]
    relationship.save(update_fields=["debrief_note"])
    return relationship


def mentee_look_again(*, mentee: Enrollment, by: Person, reason: str) -> Enrollment:
    """A mentee whose mentorship or group ended looks for a new one: ready to be matched again
    (new suggestions where mentees ask mentors), back on the waiting list at the place their
    earlier wait had. The caller locked the enrollment and checked it is closed."""
    from bridgeway.programs.waitlist import waitlist_restore

    ready = enrollment_set_status(enrollment=mentee, status=S.READY, by=by, reason=reason)
    waitlist_restore(enrollment=ready)
    return ready


@transaction.atomic
def rematch(*, relationship: Relationship, by: Person) -> Enrollment:
    """Staff: the mentee of a closed mentorship looks for a new mentor (new suggestions)."""
    mentee = Enrollment.objects.select_for_update().get(pk=relationship.mentee_id)
    if relationship.status != Relationship.Status.CLOSED or mentee.status != S.CLOSED:
        raise DomainError(_("Only the mentee of a closed mentorship can be matched again."))
    return mentee_look_again(
        mentee=mentee, by=by, reason=_("Looking for a new mentor after a mentorship closed.")
    )


def alumni_apply(*, mentee: Enrollment, by: Person) -> Enrollment:
    """The alumni path's one step, for a pair's or a group's mentee who finished (the caller
    locked their enrollment and checked it finished): apply to mentor in the same program,
    carrying their profile; their mentee enrollment becomes alumni."""
    if mentee.person_id != by.pk:
        raise DomainError(_("Only the mentee can accept this invitation."))
    if (
        Enrollment.objects.filter(program=mentee.program, person=by, role=EnrollmentRole.MENTOR)
        .exclude(status=S.WITHDRAWN)
        .exists()
    ):
        raise DomainError(_("You have already applied to mentor in this program."))
    mentor = enrollment_apply(person=by, program=mentee.program, role=EnrollmentRole.MENTOR)
    if mentee.status == S.CLOSED:
        enrollment_set_status(
            enrollment=mentee,
            status=S.ALUMNI,
            by=by,
            reason=_("Now applying to mentor others."),
        )
    return mentor


@transaction.atomic
def become_mentor(*, relationship: Relationship, by: Person) -> Enrollment:
    """The alumni path: a mentee who finished applies to mentor in the same program, with
    their consent (this step), carrying their profile; their mentee enrollment becomes alumni."""
    mentee = (
        Enrollment.objects.select_for_update()
        .select_related("program")
        .get(pk=relationship.mentee_id)
    )
    if mentee.person_id != by.pk:
        raise DomainError(_("Only the mentee can accept this invitation."))
    if (
        relationship.status != Relationship.Status.CLOSED
        or relationship.close_reason not in FINISHED
    ):
        raise DomainError(_("This invitation opens when a mentorship has finished."))
    return alumni_apply(mentee=mentee, by=by)
