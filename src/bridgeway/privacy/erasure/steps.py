"""The steps of an erasure, in the order they run (plan.py says, per model, which step acts on
it and why). Each step is one transaction and safe to run again: it acts on what is still there
and finds nothing the second time. Stored files go in two moves: the step deletes their rows
and writes their names on the request in the same transaction; after the commit the bytes are
removed from storage and the names struck off (run.py), so a crash in between leaves names to
finish, never a row without its file or a file without its row."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from django.conf import settings
from django.db.models import Model, Q, QuerySet, TextField
from django.db.models.functions import Cast
from django.utils import timezone, translation
from django.utils.translation import gettext

from bridgeway.accounts.models import Person
from bridgeway.community.models import PostFile, Reply, Topic
from bridgeway.concerns.models import Concern, ConcernEvent
from bridgeway.core.models import AuditEvent
from bridgeway.messaging.models import Attachment, Conversation, Member, Message
from bridgeway.notifications.models import Notification
from bridgeway.programs.models import Enrollment
from bridgeway.relationships.models import Relationship


@dataclass
class Context:
    """What the steps of one erasure share: the person, the ids of their records, the words
    that name them (read before the account step blanks them) and the files to remove."""

    person: Person
    enrollments: list[int]
    relationships: list[int]
    mentions: list[str]
    files: list[str] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)

    def add(self, key: str, number: int) -> None:
        if number:
            self.counts[key] = self.counts.get(key, 0) + number


def context_for(person: Person) -> Context:
    enrollments = list(Enrollment.objects.filter(person=person).values_list("pk", flat=True))
    relationships = list(
        Relationship.objects.filter(
            Q(mentee_id__in=enrollments) | Q(mentor_id__in=enrollments)
        ).values_list("pk", flat=True)
    )
    mentions = []
    if not person.erased_at:
        mentions = [text for text in (person.display_name.strip(), person.email) if len(text) >= 3]
    return Context(person, enrollments, relationships, mentions)


def delete(ctx: Context, key: str, rows: QuerySet[Model]) -> None:
    """Delete rows (with what hangs off them) and count them by kind."""
    _total, per_model = rows.delete()
    for label, number in per_model.items():
        ctx.add(label, number)
    del key


def blank(ctx: Context, key: str, rows: QuerySet[Model], **values: object) -> None:
    """Keep rows, with the fields that hold the person's words blanked."""
    ctx.add(key, rows.exclude(**values).update(**values) if values else 0)


def removed_text() -> str:
    """What a kept post of an erased person says instead of their words, in the site's
    language (the row is shared; each reader's page words its author in their own)."""
    with translation.override(settings.LANGUAGE_CODE):
        return gettext("Removed at the request of a former participant.")


# --- Conversations, forums and concerns: others keep them, the person's words go -------------


def conversations(ctx: Context) -> None:
    """The person's messages stay in their conversations for the others (the archive shows
    "a former participant"), until the agency's retention deletes closed conversations; their
    files go now. Conversations of the person with staff close; they leave group ones."""
    mine = Message.objects.filter(author=ctx.person)
    files = Attachment.objects.filter(message__in=mine)
    ctx.files += list(files.values_list("stored_name", flat=True))
    delete(ctx, "files", files)
    now = timezone.now()
    staff = Conversation.objects.filter(
        kind=Conversation.Kind.STAFF, members__person=ctx.person, status="open"
    )
    ctx.add("conversations closed", staff.update(status="closed", closed_at=now))
    ctx.add(
        "conversations left",
        Member.objects.filter(person=ctx.person, left_at__isnull=True).update(
            left_at=now, alert_due_at=None
        ),
    )


def forums(ctx: Context) -> None:
    """Topics nobody answered and every reply of the person are deleted (the search index
    follows: triggers on SQLite, expression indexes on PostgreSQL); a topic others replied to
    stays for their replies, its title and text replaced."""
    topics = Topic.objects.filter(author=ctx.person)
    answered = topics.filter(replies__in=Reply.objects.exclude(author=ctx.person)).distinct()
    kept = list(answered.values_list("pk", flat=True))
    replies = Reply.objects.filter(author=ctx.person)
    files = PostFile.objects.filter(Q(reply__in=replies) | Q(topic__in=topics, reply__isnull=True))
    ctx.files += list(files.values_list("stored_name", flat=True))
    delete(ctx, "files", files)
    delete(ctx, "replies", replies)
    delete(ctx, "topics", topics.exclude(pk__in=kept))
    text = removed_text()
    blank(ctx, "topics kept", Topic.objects.filter(pk__in=kept), title=text[:200], body="")
    for pk in kept:  # the answered topics' reply counts, without the person's replies
        Topic.objects.filter(pk=pk).update(reply_count=Reply.objects.filter(topic_id=pk).count())
    purge_search_index()


def purge_search_index() -> None:
    """SQLite's FTS5 keeps a deleted row's words in its segments until they are merged:
    'optimize' merges them, so the words are gone from the shadow tables too. PostgreSQL's
    indexes are expressions over the rows and follow them."""
    from django.db import connection

    if connection.vendor != "sqlite":
        return
    with connection.cursor() as cursor:
        for table in ("community_post_fts", "learning_resource_fts"):
            # The table names are the constants above, never input.
            statement = f"INSERT INTO {table}({table}) VALUES ('optimize')"  # noqa: S608  # nosec B608
            cursor.execute(statement)


def database_forget() -> None:
    """On SQLite, deleted rows are zeroed in place (secure_delete, settings.py) but earlier
    copies of their pages wait in the write-ahead log until a checkpoint: one now, which also
    empties the log. (PostgreSQL: see docs/privacy.md.)"""
    from django.db import connection

    if connection.vendor == "sqlite" and not connection.in_atomic_block:
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA wal_checkpoint(TRUNCATE)")


def concerns(ctx: Context) -> None:
    """Concern cases stay for accountability (category, status, outcome, dates); what the
    person wrote in them, and the notes and messages about them, are blanked."""
    cases = Concern.objects.filter(Q(reporter=ctx.person) | Q(about=ctx.person))
    blank(ctx, "concerns", cases.filter(reporter=ctx.person), description="", client_key="")
    blank(ctx, "concerns", cases, outcome_note="")
    events = ConcernEvent.objects.filter(Q(concern__in=cases) | Q(author=ctx.person))
    blank(ctx, "concern notes", events, text="")
    blank(ctx, "concern notes", events.exclude(data={}), data={})


# --- Words that name the person in rows others keep -------------------------------------------


def _containing(rows: QuerySet[Model], column: str, words: Iterable[str]) -> QuerySet[Model]:
    """Rows whose column (text or JSON) contains one of the words, as written or as JSON
    escapes them."""
    found = Q()
    for word in words:
        for form in {word, json.dumps(word)[1:-1]}:
            found |= Q(_searched__icontains=form)
    return rows.annotate(_searched=Cast(column, TextField())).filter(found)


def _replaced(value: object, words: list[str], instead: str) -> object:
    if isinstance(value, str):
        lowered = value
        for word in words:
            start = lowered.lower().find(word.lower())
            while start >= 0:
                lowered = lowered[:start] + instead + lowered[start + len(word) :]
                start = lowered.lower().find(word.lower(), start + len(instead))
        return lowered
    if isinstance(value, list):
        return [_replaced(item, words, instead) for item in value]
    if isinstance(value, dict):
        return {key: _replaced(item, words, instead) for key, item in value.items()}
    return value


def mentions(ctx: Context) -> None:
    """The person's name and address where others' records quote them (audit summaries and
    details, notifications to others, events in conversations) become "a former participant"."""
    if not ctx.mentions:
        return
    with translation.override(settings.LANGUAGE_CODE):
        instead = gettext("a former participant")
    columns: list[tuple[type[Model], list[str]]] = [
        (AuditEvent, ["summary", "data"]),
        (Notification, ["params"]),
        (Message, ["event_data"]),
        (ConcernEvent, ["data"]),
    ]
    for model, names in columns:
        for column in names:
            for row in _containing(model._default_manager.all(), column, ctx.mentions):
                value = _replaced(getattr(row, column), ctx.mentions, instead)
                model._default_manager.filter(pk=row.pk).update(**{column: value})
                ctx.add("mentions", 1)


Step = Callable[[Context], None]
