"""Writes of the community: spaces, topics, replies, helpful marks, follows. Callers have
checked that the person may read the space (selectors); these functions check the rest."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db import IntegrityError, transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from bridgeway.community.access import spaces_readable
from bridgeway.community.models import Follow, Helpful, Level, Reply, Space, Topic
from bridgeway.core.services import DomainError, audit_record
from bridgeway.notifications.outbox import notify

if TYPE_CHECKING:
    from bridgeway.accounts.models import Person
    from bridgeway.core.models import Network, Organization
    from bridgeway.programs.models import Program

SPACE_FIELDS = ("name", "description", "audience", "sector")


def _audit(space: Space, by: Person, action: str, target: Any = None, **data: Any) -> None:
    audit_record(
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


@transaction.atomic
def topic_create(*, space: Space, by: Person, title: str, body: str, client_key: str = "") -> Topic:
    """A new topic, followed by its author; the same `client_key` twice gives back the first."""
    if client_key:
        earlier = Topic.objects.filter(author=by, client_key=client_key).first()
        if earlier is not None:
            return earlier
    now = timezone.now()
    try:
        with transaction.atomic():
            topic = Topic.objects.create(
                space=space,
                author=by,
                title=title.strip(),
                body=body,
                created_at=now,
                last_activity_at=now,
                client_key=client_key,
            )
    except IntegrityError:
        return Topic.objects.get(author=by, client_key=client_key)
    Follow.objects.get_or_create(person=by, topic=topic)
    _tell_followers(
        kind="community.topic",
        event=f"community-topic:{topic.pk}",
        space=space,
        topic=topic,
        author=by,
        of_topic=False,
        url=reverse("community:topic", args=[topic.pk]),
    )
    return topic


@transaction.atomic
def reply_create(*, topic: Topic, by: Person, body: str, client_key: str = "") -> Reply:
    """A reply; the same `client_key` twice (a double submit) gives back the first reply."""
    topic = Topic.objects.select_for_update().select_related("space").get(pk=topic.pk)
    if client_key:
        earlier = Reply.objects.filter(author=by, client_key=client_key).first()
        if earlier is not None:
            return earlier
    if topic.locked:
        raise DomainError(_("This topic is locked: nobody can reply to it any more."))
    try:
        with transaction.atomic():
            reply = Reply.objects.create(topic=topic, author=by, body=body, client_key=client_key)
    except IntegrityError:
        return Reply.objects.get(author=by, client_key=client_key)
    Topic.objects.filter(pk=topic.pk).update(
        reply_count=F("reply_count") + 1, last_activity_at=reply.created_at
    )
    Follow.objects.get_or_create(person=by, topic=topic)
    _tell_followers(
        kind="community.reply",
        event=f"community-reply:{reply.pk}",
        space=topic.space,
        topic=topic,
        author=by,
        of_topic=True,
        url=reverse("community:topic", args=[topic.pk]) + f"#reply-{reply.pk}",
    )
    return reply


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
