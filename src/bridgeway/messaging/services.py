"""Every change to conversations and messages. The caller has checked access (selectors.py);
these functions check the state. Live updates and notifications go out after commit."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from bridgeway.core import limits
from bridgeway.core.kept_queries import KeptObjects
from bridgeway.core.realtime import notify_person
from bridgeway.core.services import DomainError
from bridgeway.messaging.attachments import (
    attachments_check,
    attachments_erase,
    attachments_store,
    files_discard,
)
from bridgeway.messaging.models import (
    MAX_BODY,
    Conversation,
    Member,
    Message,
    MessageEdit,
    MessagingSettings,
)
from bridgeway.notifications.timers import timers_schedule_new

if TYPE_CHECKING:
    from django.http import HttpRequest

    from bridgeway.accounts.models import Person
    from bridgeway.programs.models import Enrollment
    from bridgeway.relationships.models import Relationship

# An unread message is emailed (gathered with the ones after it) when still unread this long.
UNREAD_DELAY = timedelta(minutes=15)
MAX_KEY = 64


class MessageError(DomainError):
    pass


def _broadcast(
    conversation_id: int, event: dict[str, Any], people: list[int] | None = None
) -> None:
    """After commit: tell every open page of the conversation's members."""
    if people is None:
        people = list(
            Member.objects.filter(conversation_id=conversation_id, left_at=None).values_list(
                "person_id", flat=True
            )
        )
    for person_id in people:
        notify_person(person_id=person_id, event={**event, "conversation": conversation_id})


def event_add(
    *,
    conversation: Conversation,
    code: str,
    data: dict[str, Any],
    by: Person | None = None,
    at: datetime | None = None,
) -> Message:
    """A line in the conversation saying what happened (someone joined, a call took place),
    worded in each reader's language when shown (events.py). `at` dates it when it happened
    earlier than now (a call shows when it started); it still comes after what is there."""
    message = Message.objects.create(
        conversation=conversation,
        author=by,
        kind=Message.Kind.EVENT,
        event=code,
        event_data=data,
        created_at=at or timezone.now(),
    )
    Conversation.objects.filter(pk=conversation.pk).update(last_message_at=timezone.now())
    conversation_id, message_id = conversation.pk, message.pk
    transaction.on_commit(
        lambda: _broadcast(conversation_id, {"type": "message", "message": message_id})
    )
    return message


@transaction.atomic
def conversation_open_for_relationship(*, relationship: Relationship) -> Conversation:
    """The pair's conversation, opened when the mentorship becomes active (again: the same)."""
    conversation, created = Conversation.objects.get_or_create(
        relationship=relationship,
        defaults={
            "organization_id": relationship.program.organization_id,
            "program_id": relationship.program_id,
            "kind": Conversation.Kind.PAIR,
        },
    )
    if created:
        for enrollment in (relationship.mentee, relationship.mentor):
            Member.objects.create(conversation=conversation, person_id=enrollment.person_id)
    elif not conversation.is_open:
        conversation.status, conversation.closed_at = Conversation.Status.OPEN, None
        conversation.save(update_fields=["status", "closed_at"])
    return conversation


def conversation_close_for_relationship(*, relationship: Relationship) -> None:
    """The mentorship closed: its conversation stays readable and takes no new message."""
    Conversation.objects.filter(relationship=relationship, status=Conversation.Status.OPEN).update(
        status=Conversation.Status.CLOSED, closed_at=timezone.now()
    )


def conversation_close_group(*, conversation_id: int) -> None:
    """A mentoring group closed: its conversation stays readable and takes no new message."""
    Conversation.objects.filter(
        pk=conversation_id, kind=Conversation.Kind.GROUP, status=Conversation.Status.OPEN
    ).update(status=Conversation.Status.CLOSED, closed_at=timezone.now())


def conversation_group_join(*, conversation_id: int, person: Person) -> None:
    """Someone joins a mentoring group already under way: they read its conversation from the
    start and write in it (again, after leaving it before)."""
    member, created = Member.objects.get_or_create(
        conversation_id=conversation_id, person=person, defaults={"role": Member.Role.PARTICIPANT}
    )
    if not created and member.left_at is not None:
        member.left_at = None
        member.save(update_fields=["left_at"])


def conversation_group_leave(*, conversation_id: int, person: Person) -> None:
    """Someone leaves a mentoring group: they no longer read or write its conversation."""
    Member.objects.filter(conversation_id=conversation_id, person=person, left_at=None).update(
        left_at=timezone.now()
    )


@transaction.atomic
def conversation_with_staff(*, enrollment: Enrollment) -> Conversation:
    """A participant's conversation with their program's staff (one open at a time)."""
    found = (
        Conversation.objects.filter(
            kind=Conversation.Kind.STAFF,
            program_id=enrollment.program_id,
            members__person_id=enrollment.person_id,
            members__role=Member.Role.PARTICIPANT,
            status=Conversation.Status.OPEN,
        )
        .order_by("-pk")
        .first()
    )
    if found is not None:
        return found
    conversation = Conversation.objects.create(
        organization_id=enrollment.program.organization_id,
        program_id=enrollment.program_id,
        kind=Conversation.Kind.STAFF,
    )
    Member.objects.create(conversation=conversation, person_id=enrollment.person_id)
    return conversation


MAX_GROUP = 100


@transaction.atomic
def conversation_start_group(
    *, program_id: int | None, organization_id: int, title: str, people: list[Person]
) -> Conversation:
    """A conversation of several participants of a program (a group or a circle). The caller
    (staff, or the app that runs the group) has checked who may be in it."""
    title = title.strip()[:200]
    if not title:
        raise MessageError(_("Give the group a name."), "title")
    unique = {person.pk: person for person in people}
    if not 2 <= len(unique) <= MAX_GROUP:
        raise MessageError(
            ngettext(
                "A group conversation has between 2 and %(max)d people.",
                "A group conversation has between 2 and %(max)d people.",
                MAX_GROUP,
            )
            % {"max": MAX_GROUP},
            "people",
        )
    conversation = Conversation.objects.create(
        organization_id=organization_id,
        program_id=program_id,
        kind=Conversation.Kind.GROUP,
        title=title,
    )
    Member.objects.bulk_create(
        Member(conversation=conversation, person_id=pk) for pk in sorted(unique)
    )
    return conversation


def _check_body(body: str, *, with_files: bool = False) -> str:
    body = body.strip()
    if not body and not with_files:
        raise MessageError(_("Write a message first."), "body")
    if len(body) > MAX_BODY:
        raise MessageError(
            ngettext(
                "A message can be up to %(limit)d characters; this one has %(count)d.",
                "A message can be up to %(limit)d characters; this one has %(count)d.",
                len(body),
            )
            % {"limit": MAX_BODY, "count": len(body)},
            "body",
        )
    return body


def write_refusal(*, conversation: Conversation, author: Person) -> str:
    """Why `author` cannot write in this conversation now, or "" when they can."""
    if not conversation.is_open:
        if conversation.kind == Conversation.Kind.PAIR:
            return _("This mentorship has closed: its conversation can be read but not written to.")
        return _("This conversation is closed: it can be read but not written to.")
    from django.conf import settings
    from django.utils.module_loading import import_string

    for path in settings.BRIDGEWAY_MESSAGE_GUARDS:
        reason = import_string(path)(conversation=conversation, author=author)
        if reason:
            return str(reason)
    return ""


def _check_open(conversation: Conversation, author: Person) -> None:
    reason = write_refusal(conversation=conversation, author=author)
    if reason:
        raise MessageError(reason)


def message_send_count(
    *, author: Person, client_key: str, request: HttpRequest | None = None
) -> bool:
    """Count a send against the person's message limit (core/limits.py), raising RateLimited
    when they are over it. A retry of a message already stored (the same `client_key`) is not
    counted again: it sends nothing new, and message_send answers with the stored message.
    True when it was counted: no message of the person's had this key (pass it on to
    message_send as `key_new`, which then does not look for the key again)."""
    key = client_key.strip()[:MAX_KEY]
    if key and Message.objects.filter(author=author, client_key=key).exists():
        return False
    limits.hit("message", who=limits.person_key(author), request=request)
    return True


def message_send(
    *,
    conversation: Conversation,
    author: Person,
    body: str,
    client_key: str = "",
    files: Sequence[UploadedFile] = (),
    rules: MessagingSettings | None = None,
    key_new: bool = False,
) -> tuple[Message, bool]:
    """Store a message (and its files), then tell the members. The same `client_key` from
    the same person stores it once: sending again returns the message already stored (and
    False). Files are checked before anything is stored; the message and its files are
    stored together or not at all (call it outside any transaction when sending files).
    `rules`: the conversation's program's messaging rules, when the caller read them for
    this request already (they are not read again for the flag words). `key_new`: the caller
    has just found no message of the author's with this key (message_send_count said so): it
    is not looked for again; one stored since, by a send of the same key at the same time,
    is found after the unique key refuses the second, as for two sends at once."""
    client_key = client_key.strip()[:MAX_KEY]
    if client_key and not key_new:
        existing = Message.objects.filter(author=author, client_key=client_key).first()
        if existing is not None:
            return _same_message(existing, conversation)
    body = _check_body(body, with_files=bool(files))
    checked = []
    if files:
        _check_open(conversation, author)  # before reading and scanning files for nothing
        checked = attachments_check(conversation=conversation, files=files)
    saved: list[str] = []
    try:
        with transaction.atomic():
            message = _store(conversation, author, body, client_key, rules)
            attachments_store(
                message=message,
                organization_id=conversation.organization_id,
                files=checked,
                saved=saved,
            )
    except BaseException as error:
        # Nothing was committed: no stored file may stay without its message.
        files_discard(saved)
        if not isinstance(error, IntegrityError) or not client_key:
            raise
        # The same key arrived twice at once; the other request stored it.
        existing = Message.objects.filter(author=author, client_key=client_key).first()
        if existing is None:
            raise
        return _same_message(existing, conversation)
    return message, True


def _same_message(message: Message, conversation: Conversation) -> tuple[Message, bool]:
    if message.conversation_id != conversation.pk:
        raise MessageError(_("This message key was already used for another conversation."))
    return message, False


# Only the conversation's row is locked; its mentorship comes along for the guards. Every
# message sent asks it: its SQL is compiled once per process (in the sending transaction, as
# a lock must be), and run with the conversation's id.
_locked = KeptObjects(
    lambda conversation_id: (
        Conversation.objects.select_for_update(of=("self",))
        .select_related("relationship")
        .filter(pk=conversation_id)
        .order_by()[:1]
    ),
    int,
)


def _store(
    conversation: Conversation,
    author: Person,
    body: str,
    client_key: str,
    rules: MessagingSettings | None = None,
) -> Message:
    locked: Conversation | None = _locked.first(int(conversation.pk))
    if locked is None:
        raise Conversation.DoesNotExist("Conversation matching query does not exist.")
    _check_open(locked, author)
    message = Message.objects.create(
        conversation=locked, author=author, body=body, client_key=client_key
    )
    locked.last_message_at = message.created_at
    locked.save(update_fields=["last_message_at"])
    from bridgeway.messaging.selectors import members_of

    members = members_of(locked)
    # The author has read their own message (one UPDATE, whatever the conversation's size).
    Member.objects.filter(conversation=locked, person=author).update(
        last_read_id=message.pk, last_read_at=message.created_at
    )
    _schedule_unread_alerts([m for m in members if m.person_id != author.pk], message)
    if not any(m.person_id == author.pk for m in members) and locked.kind == "staff":
        # Staff answering a participant join the conversation (they hear of the replies).
        Member.objects.create(
            conversation=locked,
            person=author,
            role=Member.Role.STAFF,
            last_read_id=message.pk,
            last_read_at=message.created_at,
        )
    from bridgeway.messaging.oversight import flag_if_needed

    flag_if_needed(message=message, conversation=locked, rules=rules)
    conversation_id, message_id, author_id = locked.pk, message.pk, author.pk
    people = [m.person_id for m in members]
    if author_id not in people:
        people.append(author_id)  # staff answering, just joined
    transaction.on_commit(
        lambda: _broadcast(
            conversation_id,
            {"type": "message", "message": message_id, "author": author_id},
            people,
        )
    )
    return message


def _schedule_unread_alerts(members: list[Member], message: Message) -> None:
    """One email gathers what arrives while it waits: a new timer for each member for whom
    none waits. Each timer's key names the message just stored, so no timer has it yet:
    they are written in one INSERT, and the members' alert times in one UPDATE."""
    waiting = [
        member
        for member in members
        if member.alert_due_at is None or member.alert_due_at <= message.created_at
    ]
    if not waiting:
        return
    due = message.created_at + UNREAD_DELAY
    timers_schedule_new(
        timers=(
            (
                "messaging.unread",
                f"messaging.unread:{member.pk}:{message.pk}",
                due,
                {"member": member.pk},
            )
            for member in waiting
        )
    )
    Member.objects.filter(pk__in=[member.pk for member in waiting]).update(alert_due_at=due)
    for member in waiting:
        member.alert_due_at = due


@transaction.atomic
def message_edit(*, message: Message, by: Person, body: str) -> Message:
    """The author changes a message within 15 minutes; what it said before is kept."""
    locked = (
        Message.objects.select_for_update(of=("self",))
        .select_related("conversation")
        .get(pk=message.pk)
    )
    if locked.author_id != by.pk or locked.kind != Message.Kind.TEXT:
        raise MessageError(_("Only the person who wrote a message can change it."))
    if locked.is_deleted:
        raise MessageError(_("This message was deleted."))
    if timezone.now() > locked.editable_until():
        raise MessageError(_("A message can be changed for 15 minutes after it is sent."))
    _check_open(locked.conversation, by)
    body = _check_body(body, with_files=locked.attachments.exists())
    if body == locked.body:
        return locked
    MessageEdit.objects.create(message=locked, body=locked.body)
    locked.body, locked.edited_at = body, timezone.now()
    locked.save(update_fields=["body", "edited_at"])
    _changed(locked)
    return locked


@transaction.atomic
def message_delete(*, message: Message, by: Person) -> Message:
    """The author removes a message: everyone sees that a message was deleted. The program
    decides whether its text stays in the archive for staff reviews or is erased."""
    locked = (
        Message.objects.select_for_update(of=("self",))
        .select_related("conversation")
        .get(pk=message.pk)
    )
    if locked.author_id != by.pk or locked.kind != Message.Kind.TEXT:
        raise MessageError(_("Only the person who wrote a message can delete it."))
    if locked.is_deleted:
        return locked
    locked.deleted_at = timezone.now()
    fields = ["deleted_at"]
    from bridgeway.messaging.oversight import keeps_deleted

    if not keeps_deleted(locked.conversation):
        locked.body = ""
        locked.edits.all().delete()
        attachments_erase(message=locked)
        fields.append("body")
    locked.save(update_fields=fields)
    _changed(locked)
    return locked


def _changed(message: Message) -> None:
    conversation_id, message_id = message.conversation_id, message.pk
    transaction.on_commit(
        lambda: _broadcast(conversation_id, {"type": "message.changed", "message": message_id})
    )


def conversation_read(
    *, member: Member, up_to_id: int | None = None, newest: int | None = None
) -> bool:
    """The member has seen the conversation up to `up_to_id` (by default its newest message).
    Read marks only move forward. True when something changed. A page that has just read
    the newest messages passes `newest` (the id of the newest one, 0 for none) so that it is
    not read again."""
    if newest is None:
        newest = (
            Message.objects.filter(conversation_id=member.conversation_id)
            .order_by("-pk")
            .values_list("pk", flat=True)
            .first()
        ) or 0
    target = newest if up_to_id is None else min(up_to_id, newest)
    if target <= member.last_read_id:
        return False
    changed = Member.objects.filter(pk=member.pk, last_read_id__lt=target).update(
        last_read_id=target, last_read_at=timezone.now()
    )
    if changed:
        member.last_read_id = target
        conversation_id, person_id = member.conversation_id, member.person_id
        transaction.on_commit(
            lambda: _broadcast(
                conversation_id, {"type": "conversation.read", "person": person_id, "upTo": target}
            )
        )
    return bool(changed)
