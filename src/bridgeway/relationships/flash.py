"""Flash programs: a mentorship of one conversation.

An accepted request (or a coordinator's proposal that staff alone confirm) starts it under way
at once, without an agreement, and the pair plan their one meeting with the meetings code: one
planned meeting at a time, and none after one has taken place. Goals, the monthly question and
the mid-point check are not used. After the meeting — when both have answered "did you meet?",
or a day after its time at the latest (a durable timer) — the mentorship closes by itself: the
conversation took place (someone said they met), did not take place (no one said they met and
someone said no), or its time passed without an answer. When it may have taken place, each
person is asked one question, "Was this conversation useful?"; staff read the answers, the
other person does not. The mentor's place is free again."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import timedelta
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from bridgeway.accounts.models import Person
from bridgeway.core.services import DomainError, audit_record
from bridgeway.notifications.models import Timer
from bridgeway.notifications.render import when
from bridgeway.notifications.timers import timer_schedule
from bridgeway.programs.models import Program
from bridgeway.relationships.models import (
    CloseReason,
    FlashSurvey,
    Meeting,
    MeetingLog,
    Relationship,
)

OUTCOME = MeetingLog.Outcome
# It closes this long after its meeting's start when the pair have not both answered.
CLOSE_AFTER = timedelta(days=1)
# Closed with these, the conversation may have taken place: each person is asked one question.
SURVEYED = (CloseReason.FLASH_HELD, CloseReason.FLASH_UNCONFIRMED)


def is_flash(relationship: Relationship) -> bool:
    return relationship.program.kind == Program.Kind.FLASH


def flash_start(relationship: Relationship, *, by: Person | None) -> None:
    """Instead of an agreement: under way at once, with the pair's conversation opened."""
    from bridgeway.messaging.services import conversation_open_for_relationship

    relationship.status = Relationship.Status.ACTIVE
    relationship.activated_at = timezone.now()
    relationship.save(update_fields=["status", "activated_at"])
    conversation_open_for_relationship(relationship=relationship)
    audit_record(
        actor=by,
        organization=relationship.program.organization,
        action="relationships.active",
        target=relationship,
        summary=f"{relationship.mentee.person.name} ↔ {relationship.mentor.person.name}",
        data={"flash": True},
        subject=relationship.mentee.person,
    )


def _blocking(meeting: Meeting) -> bool:
    """A meeting still planned: times proposed, or scheduled and not moved to another time."""
    if meeting.status == Meeting.Status.PROPOSED:
        return True
    return meeting.status == Meeting.Status.SCHEDULED and not any(
        log.outcome == OUTCOME.RESCHEDULED for log in meeting.logs.all()
    )


def _meetings(relationship: Relationship) -> list[Meeting]:
    return list(
        Meeting.objects.filter(relationship=relationship)
        .exclude(status=Meeting.Status.CANCELLED)
        .prefetch_related("logs")
        .order_by("created_at", "pk")
    )


def _held(meetings: Iterable[Meeting]) -> bool:
    return any(log.outcome == OUTCOME.MET for m in meetings for log in m.logs.all())


def check_can_propose(relationship: Relationship) -> None:
    """meetings.meeting_propose asks before a flash pair propose times."""
    found = _meetings(relationship)
    if _held(found):
        raise DomainError(
            _("Your conversation has taken place: a flash mentorship is a single meeting.")
        )
    if any(_blocking(m) for m in found):
        raise DomainError(
            _(
                "Your conversation is already being planned. Cancel that meeting first to "
                "propose other times."
            )
        )


def schedule_close(meeting: Meeting) -> None:
    """When the meeting is scheduled: close the mentorship a day after it at the latest."""
    assert meeting.starts_at is not None
    timer_schedule(
        kind="relationships.flash_close",
        key=f"meeting:{meeting.pk}:flash",
        due_at=meeting.starts_at + CLOSE_AFTER,
        payload={"meeting": meeting.pk},
        organization=meeting.relationship.program.organization,
    )


def outcome(meeting: Meeting, *, final: bool) -> str | None:
    """How the conversation went, from the pair's answers; None: not known yet, or moved."""
    relationship = meeting.relationship
    answers = {log.person_id: log.outcome for log in meeting.logs.all()}
    both = {relationship.mentee.person_id, relationship.mentor.person_id} <= set(answers)
    given = set(answers.values())
    if not (both or final):
        return None
    if OUTCOME.MET in given:
        return CloseReason.FLASH_HELD
    if OUTCOME.RESCHEDULED in given:
        return None  # they pick a new time
    if OUTCOME.NOT_MET in given:
        return CloseReason.FLASH_MISSED
    return CloseReason.FLASH_UNCONFIRMED


def after_log(meeting: Meeting) -> None:
    """meetings.meeting_log calls this, in its transaction, once a person has answered."""
    relationship = meeting.relationship
    if not is_flash(relationship) or relationship.status != Relationship.Status.ACTIVE:
        return
    reason = outcome(meeting, final=False)
    if reason is not None:
        _close(relationship, reason)


def close_due(timer: Timer) -> None:
    """Timer handler (relationships.flash_close): a day after the meeting, it closes."""
    meeting = (
        Meeting.objects.filter(pk=timer.payload.get("meeting"), status=Meeting.Status.SCHEDULED)
        .select_related(
            "relationship__mentee__person",
            "relationship__mentor__person",
            "relationship__program__organization",
        )
        .prefetch_related("logs")
        .first()
    )
    if meeting is None or meeting.relationship.status != Relationship.Status.ACTIVE:
        return
    reason = outcome(meeting, final=True)
    if reason is not None:
        _close(meeting.relationship, reason)


def _close(relationship: Relationship, reason: str) -> None:
    from bridgeway.relationships.closure import relationship_close_by_app

    relationship_close_by_app(relationship=relationship, reason=reason)


def survey_open(relationship: Relationship) -> bool:
    return (
        relationship.status == Relationship.Status.CLOSED and relationship.close_reason in SURVEYED
    )


@transaction.atomic
def flash_survey_submit(
    *, relationship: Relationship, by: Person, useful: int, comment: str = ""
) -> FlashSurvey:
    if by.pk not in (relationship.mentee.person_id, relationship.mentor.person_id):
        raise DomainError(_("Only the pair answers this question."))
    if not survey_open(relationship):
        raise DomainError(_("This question opens after your conversation."))
    if not 1 <= useful <= 5:
        raise DomainError(_("Choose a number from 1 to 5."), "useful")
    try:
        with transaction.atomic():
            return FlashSurvey.objects.create(
                relationship=relationship, person=by, useful=useful, comment=comment.strip()[:2000]
            )
    except IntegrityError:
        raise DomainError(_("You have already answered. Thank you.")) from None


# --- What comes next, in plain words ---------------------------------------------------------


def _planned(meetings: list[Meeting]) -> Meeting | None:
    return next((m for m in reversed(meetings) if _blocking(m)), None)


def _step(relationship: Relationship, meetings: list[Meeting], person: Person | None) -> str:
    """The next step of a flash mentorship for `person` (one of the pair, or None: staff)."""
    if relationship.status == Relationship.Status.CLOSED:
        if relationship.close_reason in SURVEYED:
            return _("The conversation is over. Each person is asked one question: was it useful?")
        return _("This flash mentorship is closed.")
    if _held(meetings):
        return _(
            "The conversation took place, one of you said. The mentorship closes when the "
            "other has answered too, or a day after the meeting."
        )
    planned = _planned(meetings)
    if planned is None:
        if person is not None:
            return _("Propose up to three times for your conversation; the other person picks one.")
        return _("The pair have not planned their conversation yet.")
    if planned.status == Meeting.Status.PROPOSED:
        if person is None:
            return _("Times are proposed; the other person has not picked one yet.")
        if planned.proposed_by_id == person.pk:
            return _("You proposed times. The other person picks one.")
        return _("Times are proposed for your conversation: pick one.")
    assert planned.starts_at is not None
    zone = person.time_zone if person is not None else timezone.get_current_timezone_name()
    if planned.starts_at > timezone.now():
        return _(
            "Your conversation is on %(when)s. Afterwards each of you says whether you met, and "
            "the mentorship closes by itself."
        ) % {"when": when(planned.starts_at, zone)}
    return _(
        "Did the conversation take place? Each of you says so on the meeting page. The "
        "mentorship closes when you have both answered, or a day after the meeting."
    )


def next_steps(
    relationships: Iterable[Relationship], person: Person | None = None
) -> dict[int, str]:
    """{relationship id: its next step} for the flash ones among `relationships`, in one query
    (none when there is no flash one)."""
    flash = [r for r in relationships if is_flash(r)]
    if not flash:
        return {}
    by_relationship: dict[int, list[Meeting]] = {r.pk: [] for r in flash}
    for meeting in (
        Meeting.objects.filter(relationship__in=flash)
        .exclude(status=Meeting.Status.CANCELLED)
        .prefetch_related("logs")
        .order_by("created_at", "pk")
    ):
        by_relationship[meeting.relationship_id].append(meeting)
    return {r.pk: _step(r, by_relationship[r.pk], person) for r in flash}


def values(relationship: Relationship, person: Person | None) -> dict[str, Any]:
    """For the pages: whether it is a flash mentorship, its next step (for `person`, or for
    staff when None), the meeting being planned, and whether times can be proposed."""
    if not is_flash(relationship):
        return {"flash": False, "flash_step": "", "flash_meeting": None, "can_propose": True}
    meetings = _meetings(relationship)
    return {
        "flash": True,
        "flash_step": _step(relationship, meetings, person),
        "flash_meeting": _planned(meetings),
        "can_propose": relationship.status == Relationship.Status.ACTIVE
        and not _held(meetings)
        and _planned(meetings) is None,
    }
