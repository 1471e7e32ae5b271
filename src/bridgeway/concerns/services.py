"""Every change to a concern. Each service is atomic; notifications are written with the change
(the outbox sends them after commit). Every staff action is audited without what anyone wrote,
and moves the escalation timer: a concern nobody on staff handles for
BRIDGEWAY_CONCERN_ESCALATE_DAYS days is escalated to the agency's admins."""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from bridgeway.accounts.models import Person
from bridgeway.concerns.models import (
    CLIENT_KEY_MAX,
    DESCRIPTION_MAX,
    NOTE_MAX,
    Block,
    Category,
    Concern,
    ConcernEvent,
    Outcome,
    Priority,
)
from bridgeway.concerns.records import (
    audit,
    escalate_later,
    event_add,
    recipients,
    tell_reporter,
)
from bridgeway.concerns.selectors import staff_of
from bridgeway.core.access import staff_organizations
from bridgeway.core.models import Membership
from bridgeway.core.services import DomainError
from bridgeway.messaging.models import Message
from bridgeway.notifications.outbox import notify
from bridgeway.notifications.timers import timer_cancel
from bridgeway.programs.models import Enrollment, Program
from bridgeway.relationships.models import Relationship

S = Concern.Status


def _too_long(limit: int) -> str:
    return ngettext(
        "Keep it under %(max)d character.", "Keep it under %(max)d characters.", limit
    ) % {"max": limit}


def _is_staff(person: Person, concern: Concern) -> bool:
    return staff_organizations(person).filter(pk=concern.organization_id).exists()


def _party_of(relationship: Relationship, person: Person) -> bool:
    return person.pk in (relationship.mentee.person_id, relationship.mentor.person_id)


def _other(relationship: Relationship, person: Person) -> Person | None:
    if relationship.mentee.person_id == person.pk:
        return relationship.mentor.person
    if relationship.mentor.person_id == person.pk:
        return relationship.mentee.person
    return None


# --- Raising ----------------------------------------------------------------------------------


@transaction.atomic
def concern_raise(
    *,
    by: Person,
    category: str,
    description: str,
    program: Program | None = None,
    relationship: Relationship | None = None,
    about: Person | None = None,
    block: bool = False,
    message: Message | None = None,
    client_key: str = "",
) -> Concern:
    """A participant (about one of their mentorships or programs) or a staff member of the
    program's agency raises a concern, perhaps about a person of the mentorship (who never
    sees it). The program's staff are told: at once, whatever their preferences, for a safety
    concern. The person who raised it may block the other person of the mentorship meanwhile.
    The same `client_key` from the same person raises it once: sending the form again (a
    double click, a retry on a bad connection) returns the concern already raised."""
    client_key = client_key.strip()[:CLIENT_KEY_MAX]
    if client_key:
        # Taken under the person's row lock, so two sends at once wait for each other.
        Person.objects.select_for_update().filter(pk=by.pk).first()
        existing = Concern.objects.filter(reporter=by, client_key=client_key).first()
        if existing is not None:
            return existing
    if category not in Category.values:
        raise DomainError(_("Choose what the concern is about from the list."), "category")
    description = description.strip()
    if not description:
        raise DomainError(_("Tell us what happened, in your own words."), "description")
    if len(description) > DESCRIPTION_MAX:
        raise DomainError(_too_long(DESCRIPTION_MAX), "description")
    if message is not None:
        # Reported from a conversation: the caller checked the reporter reads it.
        if message.author_id == by.pk or message.kind != Message.Kind.TEXT:
            raise DomainError(_("Report a message someone else wrote."), "message")
        conversation = message.conversation
        relationship = conversation.relationship or relationship
        program = conversation.program or program
    if relationship is not None:
        program = relationship.program
    if program is None:
        raise DomainError(_("Choose which mentorship or program it is about."), "subject")
    staff = staff_organizations(by).filter(pk=program.organization_id).exists()
    if relationship is not None and not (staff or _party_of(relationship, by)):
        raise DomainError(_("Choose one of your own mentorships."), "subject")
    if not staff and not (
        relationship is not None or Enrollment.objects.filter(person=by, program=program).exists()
    ):
        raise DomainError(_("Choose one of your own programs."), "subject")
    if about is not None and (
        relationship is None or about.pk == by.pk or not _party_of(relationship, about)
    ):
        raise DomainError(_("A concern can only be about a person of the mentorship."), "about")
    if block and (relationship is None or _other(relationship, by) is None):
        raise DomainError(_("Only a person of the mentorship can block the other."), "block")
    now = timezone.now()
    concern = Concern.objects.create(
        organization=program.organization,
        program=program,
        relationship=relationship,
        reporter=by,
        about=about,
        message=message,
        category=category,
        description=description,
        priority=Priority.HIGH if category == Category.SAFETY else Priority.NORMAL,
        created_at=now,
        staff_touched_at=now,
        client_key=client_key,
    )
    event_add(concern, ConcernEvent.Kind.RAISED, by=by, for_reporter=True)
    audit(concern, by, action="concern.raise", category=category)
    if block and relationship is not None:
        _block(concern, relationship, by)
    escalate_later(concern)
    kind = "concerns.safety" if category == Category.SAFETY else "concerns.raised"
    for person in recipients(concern, staff_of(organization=concern.organization), by=by):
        notify(
            kind=kind,
            event=f"concern:{concern.pk}:raised",
            person=person,
            role="staff",
            params={"concern": concern.pk},
            url=reverse("concerns:staff_detail", args=[concern.pk]),
            organization=concern.organization,
        )
    return concern


# --- Blocks -----------------------------------------------------------------------------------


def _block(concern: Concern, relationship: Relationship, by: Person) -> Block:
    blocked = _other(relationship, by)
    if blocked is None:
        raise DomainError(_("Only a person of the mentorship can block the other."), "block")
    try:
        with transaction.atomic():
            block = Block.objects.create(
                relationship=relationship, blocker=by, blocked=blocked, concern=concern
            )
    except IntegrityError:
        raise DomainError(_("You have already blocked this person."), "block") from None
    event_add(concern, ConcernEvent.Kind.BLOCKED, by=by, for_reporter=True)
    audit(concern, by, action="concern.block")
    return block


@transaction.atomic
def block_create(*, concern: Concern, by: Person) -> Block:
    """The person who raised a concern about their mentorship blocks the other person until
    staff review it."""
    if concern.reporter_id != by.pk or concern.relationship is None:
        raise DomainError(_("Only the person who raised this concern can block."))
    if not concern.is_open:
        raise DomainError(_("This concern is closed. Raise a new one if something happens."))
    return _block(concern, concern.relationship, by)


@transaction.atomic
def block_lift(*, block: Block, by: Person) -> None:
    """Staff of the relationship's agency lift a block after their review."""
    organization_id = block.relationship.program.organization_id
    if not staff_organizations(by).filter(pk=organization_id).exists():
        raise DomainError(_("Only the agency's staff can lift a block."))
    changed = Block.objects.filter(pk=block.pk, lifted_at__isnull=True).update(
        lifted_at=timezone.now(), lifted_by=by
    )
    if not changed:
        raise DomainError(_("This block is already lifted."))
    concern = block.concern
    if concern is not None:
        event_add(concern, ConcernEvent.Kind.BLOCK_LIFTED, by=by, for_reporter=True)
        audit(concern, by, action="concern.block_lift")
        _touched(concern)


# --- Staff ------------------------------------------------------------------------------------


def _touched(concern: Concern) -> None:
    """Any staff action: escalation counts again from now; a concern that is over stops it."""
    timer_cancel(key=concern.escalation_key)
    concern.staff_touched_at = timezone.now()
    concern.save(update_fields=["staff_touched_at"])
    if concern.is_open and concern.status != S.WAITING:
        escalate_later(concern)


def _lock(concern: Concern, by: Person) -> Concern:
    if not _is_staff(by, concern):
        raise DomainError(_("Only the agency's staff can change a concern."))
    return (
        Concern.objects.select_for_update(of=("self",))
        .select_related("organization", "reporter", "relationship")
        .get(pk=concern.pk)
    )


@transaction.atomic
def concern_update(
    *,
    concern: Concern,
    by: Person,
    status: str | None = None,
    priority: str | None = None,
    assignee: Person | None = None,
    unassign: bool = False,
    outcome: str | None = None,
    outcome_note: str | None = None,
) -> Concern:
    """Staff change the status, priority, assignee or outcome; each change is one line in the
    history and one row in the audit log. The person who raised it is told of a new status."""
    concern = _lock(concern, by)
    if status is not None and status not in S.values:
        raise DomainError(_("Choose a status from the list."), "status")
    if status == S.NEW and concern.status != S.NEW:
        raise DomainError(_("A concern cannot become new again."), "status")
    if priority is not None and priority not in Priority.values:
        raise DomainError(_("Choose a priority from the list."), "priority")
    if outcome and outcome not in Outcome.values:
        raise DomainError(_("Choose an outcome from the list."), "outcome")
    if status == S.RESOLVED and not (outcome or concern.outcome):
        raise DomainError(_("Say what the outcome is before resolving the concern."), "outcome")
    if assignee is not None and (
        not Membership.objects.filter(organization=concern.organization, person=assignee).exists()
        or assignee.pk == concern.about_id
    ):
        raise DomainError(_("Choose a staff member of the agency."), "assignee")
    if outcome_note is not None and len(outcome_note.strip()) > 2000:
        raise DomainError(_too_long(2000), "outcome_note")
    if priority and priority != concern.priority:
        event_add(
            concern,
            ConcernEvent.Kind.PRIORITY,
            by=by,
            data={"from": concern.priority, "to": priority},
        )
        audit(concern, by, action="concern.priority", **{"from": concern.priority, "to": priority})
        concern.priority = priority
    new_assignee = None if unassign else assignee
    if (unassign or assignee is not None) and new_assignee != concern.assignee:
        event_add(
            concern,
            ConcernEvent.Kind.ASSIGNED,
            by=by,
            data={"to": getattr(new_assignee, "name", "")},
        )
        audit(concern, by, action="concern.assign", to=getattr(new_assignee, "pk", 0) or 0)
        concern.assignee = new_assignee
    if outcome is not None and (outcome != concern.outcome or outcome_note is not None):
        concern.outcome = outcome
        if outcome_note is not None:
            concern.outcome_note = outcome_note.strip()
    if status and status != concern.status:
        event = event_add(
            concern,
            ConcernEvent.Kind.STATUS,
            by=by,
            data={"from": concern.status, "to": status},
            for_reporter=True,
        )
        audit(concern, by, action="concern.status", **{"from": concern.status, "to": status})
        if status == S.RESOLVED:
            audit(concern, by, action="concern.resolve", outcome=concern.outcome)
            concern.resolved_at = timezone.now()
        concern.status = status
        tell_reporter(concern, event)
    concern.save()
    _touched(concern)
    return concern


@transaction.atomic
def concern_note(
    *, concern: Concern, by: Person, text: str, to_reporter: bool = False
) -> ConcernEvent:
    """Staff write a note only staff read, or a message the person who raised it reads (and is
    told about)."""
    concern = _lock(concern, by)
    text = text.strip()
    if not text:
        raise DomainError(_("Write the note first."), "text")
    if len(text) > NOTE_MAX:
        raise DomainError(_too_long(NOTE_MAX), "text")
    kind = ConcernEvent.Kind.MESSAGE if to_reporter else ConcernEvent.Kind.NOTE
    event = event_add(concern, kind, by=by, text=text, for_reporter=to_reporter)
    if to_reporter:
        audit(concern, by, action="concern.message")
    else:
        audit(concern, by, action="concern.note")
    if to_reporter:
        tell_reporter(concern, event)
    _touched(concern)
    return event


@transaction.atomic
def concern_answer(*, concern: Concern, by: Person, text: str) -> ConcernEvent:
    """The person who raised the concern adds to it; the assignee is told. A concern waiting
    for them goes back to staff."""
    if concern.reporter_id != by.pk:
        raise DomainError(_("Only the person who raised this concern can add to it."))
    # As it is now, not as the page read it: staff may have just changed its status.
    concern = (
        Concern.objects.select_for_update(of=("self",))
        .select_related("organization", "assignee")
        .get(pk=concern.pk)
    )
    if not concern.is_open:
        raise DomainError(_("This concern is closed. Raise a new one if something happens."))
    text = text.strip()
    if not text:
        raise DomainError(_("Write your answer first."), "text")
    if len(text) > NOTE_MAX:
        raise DomainError(_too_long(NOTE_MAX), "text")
    event = event_add(concern, ConcernEvent.Kind.ANSWER, by=by, text=text, for_reporter=True)
    if concern.status == S.WAITING:
        event_add(
            concern,
            ConcernEvent.Kind.STATUS,
            by=None,
            data={"from": S.WAITING, "to": S.IN_PROGRESS},
            for_reporter=True,
        )
        concern.status = S.IN_PROGRESS
        # Back with staff: escalation counts again from now (it waited while they did).
        concern.staff_touched_at = timezone.now()
        concern.save(update_fields=["status", "staff_touched_at"])
        escalate_later(concern)
    if concern.assignee is not None and concern.assignee_id != concern.about_id:
        notify(
            kind="concerns.answered",
            event=f"concern:{concern.pk}:event:{event.pk}",
            person=concern.assignee,
            role="staff",
            params={"concern": concern.pk},
            url=reverse("concerns:staff_detail", args=[concern.pk]),
            organization=concern.organization,
        )
    return event
