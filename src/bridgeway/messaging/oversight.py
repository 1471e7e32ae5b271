"""Oversight that respects privacy: staff read a pair's conversation only with a reason (each
page read writes one audit row, never the content), join it as a visible mediator, and see
messages that contain the program's flag words — that message and why, nothing more."""

from __future__ import annotations

import re
import unicodedata
from datetime import timedelta
from typing import TYPE_CHECKING

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from bridgeway.core.kept_queries import KeptObjects
from bridgeway.core.models import AuditEvent, Membership, Organization
from bridgeway.core.services import DomainError, audit_record
from bridgeway.messaging.models import (
    Attachment,
    Conversation,
    Flag,
    Member,
    Message,
    MessagingSettings,
    Review,
)
from bridgeway.notifications.outbox import notify

if TYPE_CHECKING:
    from bridgeway.accounts.models import Person
    from bridgeway.programs.models import Program

# How long a reason given to read a conversation lasts before staff are asked again.
REVIEW_LENGTH = timedelta(minutes=30)
MAX_WORDS = 200


# Every conversation page and message sent reads them: compiled once per process.
_settings = KeptObjects(
    lambda program_id: MessagingSettings.objects.filter(program_id=program_id).order_by("pk")[:1],
    int,
)


def settings_for(program_id: int | None) -> MessagingSettings:
    """The program's messaging rules (the defaults when it has not changed any)."""
    if program_id is None:
        return MessagingSettings()
    found: MessagingSettings | None = _settings.first(int(program_id))
    return found if found is not None else MessagingSettings(program_id=program_id)


def keeps_deleted(conversation: Conversation) -> bool:
    return settings_for(conversation.program_id).keep_deleted


def fold(text: str) -> str:
    """Lower case without accents, so "Suicidé" finds "suicide"."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def words_found(body: str, words: dict[str, list[str]]) -> list[str]:
    """The flag words (in any of the program's languages) that the text contains as words."""
    folded = fold(body)
    found = []
    for word in sorted({w for ws in words.values() for w in ws if w.strip()}):
        if re.search(r"(?<!\w)" + re.escape(fold(word.strip())) + r"(?!\w)", folded):
            found.append(word.strip())
    return found


def flag_if_needed(
    *, message: Message, conversation: Conversation, rules: MessagingSettings | None = None
) -> Flag | None:
    """Flag the message for the program's staff when it contains one of the program's flag
    words. `rules`: the program's messaging rules, when the caller read them already."""
    if message.kind != Message.Kind.TEXT or conversation.program_id is None:
        return None
    if rules is None or rules.program_id != conversation.program_id:
        rules = settings_for(conversation.program_id)
    found = words_found(message.body, rules.flag_words)
    if not found:
        return None
    flag = Flag.objects.create(
        message=message, organization_id=conversation.organization_id, words=found
    )
    _tell_staff_of_flag(flag, conversation)
    return flag


def _tell_staff_of_flag(flag: Flag, conversation: Conversation) -> None:
    organization = conversation.organization
    for membership in Membership.objects.filter(organization=organization).select_related("person"):
        notify(
            kind="messaging.flagged",
            event=f"flag:{flag.pk}",
            person=membership.person,
            role="staff",
            params={"flag": flag.pk, "program": conversation.program_id or 0},
            url=reverse("messaging:flags", args=[organization.slug]),
            organization=organization,
        )


@transaction.atomic
def flag_handle(*, flag: Flag, by: Person, note: str) -> Flag:
    locked = Flag.objects.select_for_update().get(pk=flag.pk)
    if locked.handled_at is not None:
        raise DomainError(_("Someone already handled this flag."))
    locked.handled_at, locked.handled_by, locked.handled_note = timezone.now(), by, note[:500]
    locked.save(update_fields=["handled_at", "handled_by", "handled_note"])
    audit_record(
        actor=by,
        organization=locked.organization,
        action="messaging.flag_handled",
        target=locked,
        data={"reason": locked.handled_note},
    )
    return locked


@transaction.atomic
def settings_save(
    *,
    program: Program,
    by: Person,
    keep_deleted: bool,
    flag_words: dict[str, list[str]],
    attachment_limit_mb: int,
) -> MessagingSettings:
    cleaned = {
        language: sorted({w.strip() for w in words if w.strip()})
        for language, words in flag_words.items()
    }
    if sum(len(words) for words in cleaned.values()) > MAX_WORDS:
        raise DomainError(_("Up to %(n)d flag words in all.") % {"n": MAX_WORDS}, "flag_words")
    if not 1 <= attachment_limit_mb <= 2048:
        raise DomainError(_("Choose a limit between 1 and 2048 MB."), "attachment_limit_mb")
    found, _created = MessagingSettings.objects.update_or_create(
        program=program,
        defaults={
            "keep_deleted": keep_deleted,
            "flag_words": {k: v for k, v in cleaned.items() if v},
            "attachment_limit_mb": attachment_limit_mb,
        },
    )
    audit_record(
        actor=by,
        organization=program.organization,
        action="messaging.settings",
        target=program,
        data={"program": program.name},
    )
    return found


def review_active(*, conversation: Conversation, staff: Person) -> Review | None:
    return (
        Review.objects.filter(conversation=conversation, staff=staff, ends_at__gt=timezone.now())
        .order_by("-ends_at")
        .first()
    )


def review_start(*, conversation: Conversation, staff: Person, reason: str) -> Review:
    reason = reason.strip()
    if len(reason) < 5:
        raise DomainError(_("Say why you need to read this conversation."), "reason")
    now = timezone.now()
    return Review.objects.create(
        conversation=conversation, staff=staff, reason=reason[:300], ends_at=now + REVIEW_LENGTH
    )


def review_record_read(*, review: Review) -> None:
    """One audit row per page read under a review: who, which conversation, why."""
    conversation = review.conversation
    audit_record(
        actor=review.staff,
        organization=conversation.organization,
        action="messaging.staff_read",
        target=conversation,
        data={"reason": review.reason, "review": review.pk},
        subject=first_participant(conversation),
    )


def first_participant(conversation: Conversation) -> Person | None:
    member = (
        conversation.members.filter(role=Member.Role.PARTICIPANT)
        .select_related("person")
        .order_by("pk")
        .first()
    )
    return member.person if member is not None else None


@transaction.atomic
def mediator_join(*, conversation: Conversation, staff: Person, reason: str) -> Member:
    """Program staff join a pair's conversation as a visible mediator; both are told."""
    from bridgeway.messaging.services import MessageError, event_add

    reason = reason.strip()
    if len(reason) < 5:
        raise DomainError(_("Say why you join this conversation."), "reason")
    if not conversation.is_open:
        raise MessageError(_("This conversation is closed: it can be read but not written to."))
    member, created = Member.objects.get_or_create(
        conversation=conversation,
        person=staff,
        defaults={"role": Member.Role.MEDIATOR},
    )
    if not created and member.left_at is None:
        raise DomainError(_("You are already in this conversation."))
    member.left_at, member.role = None, Member.Role.MEDIATOR
    member.save(update_fields=["left_at", "role"])
    message = event_add(
        conversation=conversation, code="mediator_joined", data={"name": staff.name}, by=staff
    )
    audit_record(
        actor=staff,
        organization=conversation.organization,
        action="messaging.mediator_joined",
        target=conversation,
        data={"reason": reason},
        subject=first_participant(conversation),
    )
    for other in conversation.members.filter(left_at=None, role=Member.Role.PARTICIPANT):
        notify(
            kind="messaging.mediator",
            event=f"conversation:{conversation.pk}:mediator:{message.pk}",
            person=other.person,
            params={"conversation": conversation.pk, "name": staff.name},
            url=reverse("messaging:conversation", args=[conversation.pk]),
            organization=conversation.organization,
        )
    return member


@transaction.atomic
def member_leave(*, member: Member) -> None:
    """A mediator or staff member leaves; the conversation says so."""
    from bridgeway.messaging.services import event_add

    if member.role == Member.Role.PARTICIPANT:
        raise DomainError(_("Participants stay in their conversation."))
    if member.left_at is not None:
        return
    member.left_at = timezone.now()
    member.save(update_fields=["left_at"])
    event_add(
        conversation=member.conversation,
        code="member_left",
        data={"name": member.person.name},
        by=member.person,
    )


def flags_record_read(*, organization: Organization, staff: Person, flags: list[Flag]) -> None:
    """Staff opened the flagged messages: one audit row naming which, without their text."""
    audit_record(
        actor=staff,
        organization=organization,
        action="messaging.flags_read",
        data={"flags": [flag.pk for flag in flags]},
    )


def attachment_record_open(*, review: Review, attachment: Attachment, first: bool) -> None:
    """Staff opened a file under a review: one audit row (without the file or its name) per
    opening. A player's later range requests for the same file under the same review are
    part of that opening (`first` is False for them) and add no row once one exists."""
    if (
        not first
        and AuditEvent.objects.filter(
            action="messaging.attachment_opened",
            actor=review.staff,
            target_type="messaging.attachment",
            target_id=str(attachment.pk),
            data__review=review.pk,
        ).exists()
    ):
        return
    conversation = review.conversation
    audit_record(
        actor=review.staff,
        organization=conversation.organization,
        action="messaging.attachment_opened",
        target=attachment,
        data={"reason": review.reason, "review": review.pk, "conversation": conversation.pk},
        subject=first_participant(conversation),
    )
