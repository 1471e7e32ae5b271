"""Every read of conversations and messages, scoped by the person reading. The same 404 for a
conversation that does not exist and one the person is not in."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from django.db.models import (
    Count,
    Exists,
    F,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    prefetch_related_objects,
)
from django.http import Http404
from django.utils.translation import gettext as _

from bridgeway.core.access import staff_organizations
from bridgeway.core.kept_queries import KeptObjects, KeptRows, person_by_id
from bridgeway.core.subqueries import SubqueryCount
from bridgeway.messaging.models import (
    Attachment,
    Conversation,
    Flag,
    Member,
    Message,
    MessageEdit,
    Review,
)
from bridgeway.messaging.oversight import review_active

if TYPE_CHECKING:
    from bridgeway.accounts.models import Person

PAGE = 50


def _unread(person_id: int) -> Q:
    return Q(kind=Message.Kind.TEXT, deleted_at=None) & ~Q(author_id=person_id)


def _member_query(conversation_id: int, person_id: int) -> QuerySet[Member]:
    return (
        Member.objects.filter(conversation_id=conversation_id, person_id=person_id, left_at=None)
        .select_related(
            "conversation__organization",
            "conversation__program",
            "conversation__relationship__mentee__person",
            "conversation__relationship__mentor__person",
        )
        .order_by("pk")[:1]
    )


# Every conversation page and message sent asks it: compiled once per process.
_member = KeptObjects(_member_query, int, int)


def member_get(*, person: Person, conversation_id: int) -> Member:
    """The person's place in a conversation they are in (404 otherwise)."""
    member: Member | None = _member.first(int(conversation_id), person.pk)
    if member is None:
        raise Http404
    return member


def conversations_of(*, person: Person) -> QuerySet[Member]:
    """The person's conversations, newest activity first, each with its unread count."""
    unread = (
        Message.objects.filter(conversation_id=OuterRef("conversation_id"))
        .filter(_unread(person.pk))
        .filter(pk__gt=OuterRef("last_read_id"))
        .order_by()
        .values("conversation_id")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return (
        Member.objects.filter(person=person, left_at=None)
        .select_related(
            "conversation__program",
            "conversation__organization",
            "conversation__relationship__mentee__person",
            "conversation__relationship__mentor__person",
        )
        .annotate(unread=Subquery(unread))
        .order_by(F("conversation__last_message_at").desc(nulls_last=True), "-pk")
    )


INBOX_PAGE = 25

# The first page of a person's conversations, the one nearly every visit shows (the inbox's
# 25, the API's 50): compiled once per process and page size, with one row more than a page.
_first_pages: dict[int, KeptObjects] = {}


def _first_page(per_page: int) -> KeptObjects:
    kept = _first_pages.get(per_page)
    if kept is None:
        kept = _first_pages[per_page] = KeptObjects(
            lambda person_id: conversations_of(person=person_by_id(person_id))[: per_page + 1],
            int,
        )
    return kept


def conversations_on_first_page(*, person: Person, per_page: int) -> list[Member] | None:
    """The person's conversations as `conversations_of` gives them, when they fit on a first
    page of `per_page`; None when there are more (the page is then counted and read)."""
    found: list[Member] = _first_page(per_page).list(person.pk)
    return found if len(found) <= per_page else None


def inbox_first_page(*, person: Person) -> list[Member] | None:
    """The inbox's first page when every conversation of the person fits on it."""
    return conversations_on_first_page(person=person, per_page=INBOX_PAGE)


def unread_in(*, member: Member) -> int:
    return (
        Message.objects.filter(conversation_id=member.conversation_id, pk__gt=member.last_read_id)
        .filter(_unread(member.person_id))
        .count()
    )


def unread_messages(*, person: Person) -> QuerySet[Message]:
    """Messages waiting for the person in all their conversations (the header's count)."""
    return Message.objects.filter(
        conversation__members__person=person,
        conversation__members__left_at=None,
        pk__gt=F("conversation__members__last_read_id"),
    ).filter(_unread(person.pk))


def unread_total(*, person: Person) -> int:
    return unread_messages(person=person).count()


@dataclass
class MessagePage:
    messages: list[Message]
    older: int | None  # the id to ask for older messages before, when there are some


def _edit_count() -> SubqueryCount:
    """How many times each message was edited, counted apart (a grouping of the page's rows
    by every column of the message and its author costs the database more)."""
    return SubqueryCount(MessageEdit.objects.filter(message_id=OuterRef("pk")).values("pk"))


def _with_authors(rows: QuerySet[Message]) -> QuerySet[Message]:
    return rows.select_related("author").annotate(
        edit_count=_edit_count(),
        # Whether the message has files: only those are read for the page after.
        has_files=Exists(Attachment.objects.filter(message_id=OuterRef("pk"))),
    )


# The pages of messages every conversation page, live list and message sent reads: their SQL
# is compiled once per process (core/kept_queries.py); the files are read for the page after.
_newest = KeptObjects(
    lambda conversation_id: _with_authors(
        Message.objects.filter(conversation_id=conversation_id)
    ).order_by("-pk")[: PAGE + 1],
    int,
)
_before = KeptObjects(
    lambda conversation_id, before: _with_authors(
        Message.objects.filter(conversation_id=conversation_id, pk__lt=before)
    ).order_by("-pk")[: PAGE + 1],
    int,
    int,
)
_after = KeptObjects(
    lambda conversation_id, after: _with_authors(
        Message.objects.filter(conversation_id=conversation_id, pk__gt=after)
    ).order_by("pk")[:PAGE],
    int,
    int,
)


def _with_files(messages: list[Message]) -> list[Message]:
    """Each message with its files, as `prefetch_related("attachments")` gives them: read in
    one query for the messages that have some (none at all, most pages)."""
    with_files = [message for message in messages if message.has_files]  # type: ignore[attr-defined]
    if with_files:
        prefetch_related_objects(with_files, "attachments")
    if len(with_files) < len(messages):
        # The others' files, known to be none: an empty list, as the prefetch leaves it.
        none = Attachment.objects.none()
        none._result_cache = []  # type: ignore[attr-defined]
        none._prefetch_done = True  # type: ignore[attr-defined]
        for message in messages:
            if not message.has_files:  # type: ignore[attr-defined]
                cache = message.__dict__.setdefault("_prefetched_objects_cache", {})
                cache["attachments"] = none
    return messages


def messages_page(*, conversation: Conversation, before: int | None = None) -> MessagePage:
    """The newest PAGE messages (or those before `before`), oldest first, with their authors,
    files and edit counts: the same few queries however long the conversation."""
    if before is None:
        found = _newest.list(conversation.pk)
    else:
        found = _before.list(conversation.pk, int(before))
    older = found[PAGE - 1].pk if len(found) > PAGE else None
    return MessagePage(messages=_with_files(list(reversed(found[:PAGE]))), older=older)


def messages_after(*, conversation: Conversation, after: int) -> list[Message]:
    """Messages newer than `after` (what a live page fetches), up to one page."""
    return _with_files(_after.list(conversation.pk, int(after)))


def message_get(*, member: Member, message_id: int) -> Message:
    found = (
        Message.objects.filter(conversation_id=member.conversation_id, pk=message_id)
        .select_related("conversation", "author")
        .first()
    )
    if found is None:
        raise Http404
    return found


_members = KeptObjects(
    lambda conversation_id: (
        Member.objects.filter(conversation_id=conversation_id, left_at=None)
        .select_related("person")
        .order_by("pk")
    ),
    int,
)


def members_of(conversation: Conversation) -> list[Member]:
    members: list[Member] = _members.list(conversation.pk)
    for member in members:  # each knows its conversation, as `conversation.members` gives them
        Member.conversation.field.set_cached_value(member, conversation)
    return members


def conversation_get_for_staff(*, person: Person, conversation_id: int) -> Conversation:
    """A conversation of one of the person's agencies (404 for any other)."""
    found = (
        Conversation.objects.filter(
            pk=conversation_id, organization__in=staff_organizations(person)
        )
        .select_related(
            "organization",
            "program",
            "relationship__mentee__person",
            "relationship__mentor__person",
        )
        .first()
    )
    if found is None:
        raise Http404
    return found


def staff_inbox(*, organization_id: int) -> QuerySet[Conversation]:
    """Participants' conversations with the agency's staff, newest first."""
    return (
        Conversation.objects.filter(organization_id=organization_id, kind=Conversation.Kind.STAFF)
        .select_related("program")
        .prefetch_related("members__person")
        .order_by(F("last_message_at").desc(nulls_last=True), "-pk")
    )


def conversation_title(conversation: Conversation, person: Person) -> str:
    """What the conversation is called for this reader."""
    relationship = conversation.relationship
    if relationship is not None:
        mentee, mentor = relationship.mentee.person, relationship.mentor.person
        if person.pk == mentee.pk:
            return mentor.name
        if person.pk == mentor.pk:
            return mentee.name
        return f"{mentee.name} · {mentor.name}"
    if conversation.kind == Conversation.Kind.STAFF:
        program = conversation.program.name if conversation.program is not None else ""
        return _("Program staff of %(program)s") % {"program": program}
    return conversation.title


def flags_of(*, organization_id: int) -> QuerySet[Flag]:
    """The agency's flagged messages: those to handle first, newest first."""
    return (
        Flag.objects.filter(organization_id=organization_id)
        .select_related("message__author", "message__conversation__program", "handled_by")
        .order_by(F("handled_at").asc(nulls_first=True), "-created_at")
    )


def pair_conversation(*, relationship_id: int) -> Conversation | None:
    return Conversation.objects.filter(relationship_id=relationship_id).first()


def pair_member(*, relationship_id: int, person: Person) -> Member | None:
    """The person's place in their mentorship's conversation, with what they have not read."""
    member = (
        Member.objects.filter(
            conversation__relationship_id=relationship_id, person=person, left_at=None
        )
        .select_related("conversation")
        .first()
    )
    if member is not None:
        member.unread = unread_in(member=member)  # type: ignore[attr-defined]
    return member


def conversation_member(*, conversation_id: int | None, person: Person) -> Member | None:
    """The person's place in a conversation (a mentoring group's), with what they have not
    read; None when they are not in it."""
    if conversation_id is None:
        return None
    member = (
        Member.objects.filter(conversation_id=conversation_id, person=person, left_at=None)
        .select_related("conversation")
        .first()
    )
    if member is not None:
        member.unread = unread_in(member=member)  # type: ignore[attr-defined]
    return member


def attachment_get_for_member(*, member: Member, attachment_id: int) -> Attachment:
    """A file of a message the member can read: the same 404 for a missing file, another
    conversation's and a deleted message's."""
    found = (
        Attachment.objects.filter(
            pk=attachment_id,
            message__conversation_id=member.conversation_id,
            message__deleted_at=None,
        )
        .select_related("message")
        .first()
    )
    if found is None:
        raise Http404
    return found


def attachments_of(*, member: Member) -> QuerySet[Attachment]:
    """The files of the member's conversation that are still shown, newest first."""
    return (
        Attachment.objects.filter(
            message__conversation_id=member.conversation_id, message__deleted_at=None
        )
        .select_related("message")
        .order_by("-pk")
    )


def message_with_attachments(*, message_id: int) -> Message:
    return Message.objects.prefetch_related("attachments__message").get(pk=message_id)


def attachment_get_for_staff(
    *, conversation: Conversation, staff: Person, attachment_id: int
) -> tuple[Attachment, Review | None]:
    """A file for program staff of the conversation's agency (the caller checked that): in
    a participant's conversation with staff, or under an active review with a reason (the
    review is returned so that the opening is recorded). A deleted message's file stays
    open to reviews while the program's archive keeps it."""
    review = None
    if conversation.kind != Conversation.Kind.STAFF:
        review = review_active(conversation=conversation, staff=staff)
        if review is None:
            raise Http404
    found = (
        Attachment.objects.filter(pk=attachment_id, message__conversation=conversation)
        .select_related("message")
        .first()
    )
    if found is None:
        raise Http404
    return found, review


def message_reported(*, person: Person, message_id: int) -> Message:
    """A message someone reports in a concern: in a conversation they are in, not deleted
    (404 otherwise)."""
    found = (
        Message.objects.filter(
            pk=message_id,
            kind=Message.Kind.TEXT,
            deleted_at=None,
            conversation__members__person=person,
            conversation__members__left_at=None,
        )
        .select_related("conversation", "author")
        .first()
    )
    if found is None:
        raise Http404
    return found


def last_message_times(*, relationship_ids: list[int]) -> dict[int, datetime]:
    """When each mentorship's conversation last had a message: {relationship id: moment}."""
    rows = Conversation.objects.filter(
        relationship_id__in=relationship_ids, last_message_at__isnull=False
    ).values_list("relationship_id", "last_message_at")
    return {pk: moment for pk, moment in rows if pk is not None and moment is not None}


def conversation_last_message_times(*, conversation_ids: list[int]) -> dict[int, datetime]:
    """When each conversation last had a message (a mentoring group's): {conversation id:
    moment}."""
    rows = Conversation.objects.filter(
        pk__in=conversation_ids, last_message_at__isnull=False
    ).values_list("pk", "last_message_at")
    return {pk: moment for pk, moment in rows if moment is not None}


# A program's pairs of one status with their conversation's last message, asked by every
# coordinator's list of pairs and the staff API's: compiled once per process.
_last_messages_of_program = KeptRows(
    lambda program_id, status: Conversation.objects.filter(
        relationship__program_id=program_id,
        relationship__status=status,
        last_message_at__isnull=False,
    ).values_list("relationship_id", "last_message_at"),
    int,
    str,
)


def last_message_times_of_program(*, program_id: int, status: str) -> dict[int, datetime]:
    """`last_message_times` of the program's mentorships in `status` (the relationship's
    status value), read by joining on the program rather than with the pairs' ids."""
    rows = _last_messages_of_program.list(program_id, status)
    return {pk: moment for pk, moment in rows if pk is not None and moment is not None}
