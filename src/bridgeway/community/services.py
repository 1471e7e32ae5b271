"""Writes of the community: spaces, topics, replies, helpful marks, follows. Callers have
checked that the person may read the space (selectors); these functions check the rest."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any, TypeVar

from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.db.models import F
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from bridgeway.community.access import spaces_readable
from bridgeway.community.models import (
    Circle,
    Follow,
    Helpful,
    Level,
    PostFile,
    PostState,
    Reply,
    Space,
    Topic,
)
from bridgeway.community.rules import moderation_team, must_hold, suspension_of
from bridgeway.core.services import DomainError, audit_record
from bridgeway.messaging.attachments import (
    MAX_FILES,
    CheckedFile,
    file_save,
    files_check,
    files_discard,
)
from bridgeway.messaging.oversight import settings_for
from bridgeway.notifications.outbox import notify

if TYPE_CHECKING:
    from bridgeway.accounts.models import Person
    from bridgeway.core.models import AuditEvent, Network, Organization
    from bridgeway.programs.models import Program

SPACE_FIELDS = ("name", "description", "audience", "sector", "hold_first_posts")
T = TypeVar("T")


def _audit(space: Space, by: Person, action: str, target: Any = None, **data: Any) -> AuditEvent:
    return audit_record(
        actor=by,
        action=action,
        organization=space.organization,
        target=target if target is not None else space,
        data={"space": space.pk, **data},
        subject=None if target is None else getattr(target, "author", None),
    )


@transaction.atomic
def space_create(
    *,
    by: Person,
    network: Network,
    organization: Organization | None = None,
    program: Program | None = None,
    **fields: Any,
) -> Space:
    """A new space; the caller has checked that `by` manages this network, agency or program."""
    if program is not None:
        organization = program.organization
    level = Level.PROGRAM if program else Level.AGENCY if organization else Level.NETWORK
    space = Space.objects.create(
        level=level,
        network=network,
        organization=organization,
        program=program,
        created_by=by,
        **{name: fields[name] for name in SPACE_FIELDS if name in fields},
    )
    _audit(space, by, "community.space_create", level=level)
    return space


@transaction.atomic
def space_update(*, space: Space, by: Person, **fields: Any) -> Space:
    changed = [
        name for name in SPACE_FIELDS if name in fields and getattr(space, name) != fields[name]
    ]
    for name in changed:
        setattr(space, name, fields[name])
    if changed:
        space.save(update_fields=[*changed, "updated_at"])
        _audit(space, by, "community.space_update", fields=changed)
    return space


def _followers(*, space: Space, topic: Topic | None, author: Person) -> list[Person]:
    """Who follows the space (or the topic) and may still read it, never the author."""
    follows = Follow.objects.filter(topic=topic) if topic else Follow.objects.filter(space=space)
    people = [f.person for f in follows.select_related("person").exclude(person=author)]
    return [p for p in people if p.is_active and spaces_readable(p).filter(pk=space.pk).exists()]


def _tell_followers(
    *, kind: str, event: str, space: Space, topic: Topic, author: Person, of_topic: bool, url: str
) -> None:
    for person in _followers(space=space, topic=topic if of_topic else None, author=author):
        notify(
            kind=kind,
            event=event,
            person=person,
            params={"topic": topic.pk},
            url=url,
            organization=space.organization,
        )


def _check_may_post(space: Space, by: Person) -> None:
    if Circle.objects.filter(space=space, status=Circle.Status.CLOSED).exists():
        raise DomainError(_("This circle has closed: its space can be read but not written to."))
    suspension = suspension_of(person=by, space=space)
    if suspension is None:
        return
    if suspension.until is None:
        raise DomainError(
            _("A moderator suspended you from this space: you can read it but not post.")
        )
    raise DomainError(
        _(
            "A moderator suspended you from this space until %(date)s (included): you can "
            "read it but not post."
        )
        % {"date": formats.date_format(suspension.until, "DATE_FORMAT")}
    )


def _check_files(space: Space, files: Sequence[UploadedFile]) -> list[CheckedFile]:
    if not files:
        return []
    if len(files) > MAX_FILES:
        raise DomainError(
            ngettext(
                "Attach up to %(limit)d file to one post.",
                "Attach up to %(limit)d files to one post.",
                MAX_FILES,
            )
            % {"limit": MAX_FILES},
            "files",
        )
    try:
        return files_check(files=files, limit_mb=file_limit_mb(space))
    except DomainError as error:
        raise DomainError(error.message, "files") from error


def file_limit_mb(space: Space) -> int:
    """A program's space takes the program's attachment limit; others the default one."""
    return settings_for(space.program_id).attachment_limit_mb


def _files_store(
    checked: list[CheckedFile], *, space: Space, topic: Topic, reply: Reply | None, saved: list[str]
) -> None:
    for one in checked:
        PostFile.objects.create(
            topic=topic,
            reply=reply,
            stored_name=file_save(checked=one, organization_id=space.organization_id, saved=saved),
            name=one.name,
            size=one.upload.size or 0,
            content_type=one.type.mime,
            kind=one.type.kind,
        )


def _stored_once(store: Callable[[list[str]], T], again: Callable[[], T | None]) -> T:
    """Run `store` in a transaction; files it saved are removed if it does not commit. The
    same client key sent twice at once: the other request's post is given back."""
    saved: list[str] = []
    try:
        with transaction.atomic():
            return store(saved)
    except BaseException as error:
        files_discard(saved)
        if isinstance(error, IntegrityError):
            existing = again()
            if existing is not None:
                return existing
        raise


def topic_published(topic: Topic) -> None:
    """What follows a topic that readers can now see: its space's followers hear of it."""
    _tell_followers(
        kind="community.topic",
        event=f"community-topic:{topic.pk}",
        space=topic.space,
        topic=topic,
        author=topic.author,
        of_topic=False,
        url=reverse("community:topic", args=[topic.pk]),
    )


def reply_published(reply: Reply) -> None:
    """What follows a reply that readers can now see: the topic counts it and moves up, and
    its followers hear of it."""
    topic = reply.topic
    Topic.objects.filter(pk=topic.pk).update(
        reply_count=F("reply_count") + 1, last_activity_at=reply.created_at
    )
    _tell_followers(
        kind="community.reply",
        event=f"community-reply:{reply.pk}",
        space=topic.space,
        topic=topic,
        author=reply.author,
        of_topic=True,
        url=reverse("community:topic", args=[topic.pk]) + f"#reply-{reply.pk}",
    )


def _tell_team_held(space: Space, topic: Topic, event: str) -> None:
    for person, role in moderation_team(space):
        notify(
            kind="community.held",
            event=event,
            person=person,
            role=role,
            params={"topic": topic.pk},
            url=reverse("community:moderation", args=[space.pk]) + "?show=held",
            organization=space.organization,
        )


def topic_create(
    *,
    space: Space,
    by: Person,
    title: str,
    body: str,
    client_key: str = "",
    files: Sequence[UploadedFile] = (),
) -> Topic:
    """A new topic, followed by its author; the same `client_key` twice gives back the first.
    Refused while the author is suspended from the space; waits for review when the space
    holds a newcomer's first posts. Files are checked before anything is stored, and stored
    with the topic or not at all."""
    if client_key:
        earlier = Topic.objects.filter(author=by, client_key=client_key).first()
        if earlier is not None:
            return earlier
    _check_may_post(space, by)
    checked = _check_files(space, files)

    def store(saved: list[str]) -> Topic:
        now = timezone.now()
        held = must_hold(person=by, space=space)
        topic = Topic.objects.create(
            space=space,
            author=by,
            title=title.strip(),
            body=body,
            created_at=now,
            last_activity_at=now,
            client_key=client_key,
            state=PostState.HELD if held else PostState.PUBLISHED,
        )
        _files_store(checked, space=space, topic=topic, reply=None, saved=saved)
        Follow.objects.get_or_create(person=by, topic=topic)
        if held:
            _tell_team_held(space, topic, f"community-held-topic:{topic.pk}")
        else:
            topic_published(topic)
        return topic

    return _stored_once(
        store,
        lambda: (
            Topic.objects.filter(author=by, client_key=client_key).first() if client_key else None
        ),
    )


def reply_create(
    *,
    topic: Topic,
    by: Person,
    body: str,
    client_key: str = "",
    files: Sequence[UploadedFile] = (),
) -> Reply:
    """A reply; the same `client_key` twice (a double submit) gives back the first reply.
    Refused on a locked or hidden topic and while the author is suspended from the space;
    waits for review when the space holds a newcomer's first posts."""
    if client_key:
        earlier = Reply.objects.filter(author=by, client_key=client_key).first()
        if earlier is not None:
            return earlier
    _check_may_post(topic.space, by)
    checked = _check_files(topic.space, files)

    def store(saved: list[str]) -> Reply:
        locked = Topic.objects.select_for_update().select_related("space").get(pk=topic.pk)
        if locked.locked:
            raise DomainError(_("This topic is locked: nobody can reply to it any more."))
        if locked.is_hidden or not locked.is_published:
            raise DomainError(_("This topic is not open for replies while moderators review it."))
        held = must_hold(person=by, space=locked.space)
        reply = Reply.objects.create(
            topic=locked,
            author=by,
            body=body,
            client_key=client_key,
            state=PostState.HELD if held else PostState.PUBLISHED,
        )
        _files_store(checked, space=locked.space, topic=locked, reply=reply, saved=saved)
        Follow.objects.get_or_create(person=by, topic=locked)
        if held:
            _tell_team_held(locked.space, locked, f"community-held-reply:{reply.pk}")
        else:
            reply_published(reply)
        return reply

    return _stored_once(
        store,
        lambda: (
            Reply.objects.filter(author=by, client_key=client_key).first() if client_key else None
        ),
    )


@transaction.atomic
def helpful_toggle(*, reply: Reply, by: Person) -> bool:
    """Mark the reply helpful, or take the mark back; True when it is now marked."""
    reply = Reply.objects.select_for_update().get(pk=reply.pk)
    if reply.author_id == by.pk:
        raise DomainError(_("You cannot mark your own reply as helpful."))
    deleted, _rows = Helpful.objects.filter(reply=reply, person=by).delete()
    if deleted:
        Reply.objects.filter(pk=reply.pk).update(helpful_count=F("helpful_count") - 1)
        return False
    Helpful.objects.create(reply=reply, person=by)
    Reply.objects.filter(pk=reply.pk).update(helpful_count=F("helpful_count") + 1)
    return True


@transaction.atomic
def follow_set(
    *, person: Person, following: bool, space: Space | None = None, topic: Topic | None = None
) -> bool:
    """Follow a space or a topic, or stop; setting the same state twice changes nothing."""
    where: dict[str, Any] = {"space": space} if space is not None else {"topic": topic}
    if following:
        Follow.objects.get_or_create(person=person, **where)
    else:
        Follow.objects.filter(person=person, **where).delete()
    return following


@transaction.atomic
def topic_pin(*, topic: Topic, by: Person, pinned: bool) -> Topic:
    if topic.pinned != pinned:
        topic.pinned = pinned
        topic.save(update_fields=["pinned"])
        _audit(topic.space, by, "community.pin" if pinned else "community.unpin", target=topic)
    return topic


@transaction.atomic
def topic_lock(*, topic: Topic, by: Person, locked: bool) -> Topic:
    if topic.locked != locked:
        topic.locked = locked
        topic.save(update_fields=["locked"])
        _audit(topic.space, by, "community.lock" if locked else "community.unlock", target=topic)
    return topic
