"""Reads of the community. Every way from an id to a space, topic or reply goes through the
reader's readable spaces: the same 404 for what does not exist and what is not theirs."""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime
from typing import TYPE_CHECKING

from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from bridgeway.community.access import (
    can_manage,
    can_moderate,
    spaces_managed,
    spaces_moderated,
    spaces_readable,
)
from bridgeway.community.models import (
    Follow,
    Helpful,
    Level,
    PostFile,
    PostState,
    Reply,
    Space,
    Suspension,
    Topic,
    TopicMove,
)
from bridgeway.community.rules import may_see_topic, shown_replies, visible_topics_q
from bridgeway.core.kept_queries import KeptObjects, KeptRows, person_by_id
from bridgeway.core.models import NetworkAdmin
from bridgeway.programs.models import Program

if TYPE_CHECKING:
    from bridgeway.accounts.models import Person
    from bridgeway.core.models import Network, Organization


def spaces_for_reader(*, person: Person) -> QuerySet[Space]:
    return spaces_readable(person).select_related("organization", "program", "network")


def has_readable_space(*, person: Person) -> bool:
    return spaces_readable(person).exists()


# The space or topic a reader opens, through the whole reading rule (four audiences, three
# levels, circles): the same for every reader but for the ids, and far costlier to build in the
# ORM than to run, so each process compiles it once (core/kept_queries.py).
_space_for_reader = KeptObjects(
    lambda person_id, space_id: spaces_for_reader(person=person_by_id(person_id)).filter(
        pk=space_id
    ),
    int,
    int,
)
_topic_for_reader = KeptObjects(
    lambda person_id, topic_id: Topic.objects.select_related(
        "space", "space__organization", "space__program", "author"
    ).filter(pk=topic_id, space__in=spaces_readable(person_by_id(person_id))),
    int,
    int,
)


def space_get_for_reader(*, person: Person, space_id: int) -> Space:
    if not person.is_authenticated:
        raise Http404
    space = _space_for_reader.first(person.pk, int(space_id))
    if space is None:
        raise Http404
    return space


def space_get_for_manager(*, person: Person, space_id: int) -> Space:
    space = spaces_managed(person).select_related("organization", "program").filter(pk=space_id)
    found = space.first()
    if found is None:
        raise Http404
    return found


def space_get_for_moderator(*, person: Person, space_id: int) -> Space:
    """A space the person moderates (manages, or was named moderator of); else 404."""
    found = spaces_moderated(person).select_related("organization", "program").filter(pk=space_id)
    space = found.first()
    if space is None:
        raise Http404
    return space


def topic_get_for_reader(*, person: Person, topic_id: int) -> Topic:
    """A topic of a space the person reads; one waiting for review (or refused) only for its
    author and the space's moderators."""
    return topic_get_for_page(person=person, topic_id=topic_id)[0]


def topic_get_for_page(*, person: Person, topic_id: int) -> tuple[Topic, bool]:
    """`topic_get_for_reader`, and whether the person moderates the topic's space: the
    topic's page needs that too, and asked it a second time."""
    topic = _topic_for_reader.first(person.pk, int(topic_id)) if person.is_authenticated else None
    if topic is None:
        raise Http404
    moderator = can_moderate(person, topic.space)
    if not may_see_topic(person, topic, moderator=moderator):
        raise Http404
    return topic, moderator


def topic_moved_away(*, person: Person, topic_id: int) -> bool:
    """Whether a topic the person cannot read now was moved out of a space they read (they
    are told so at its old address instead of a bare "not found")."""
    return TopicMove.objects.filter(
        topic_id=topic_id,
        topic__state=PostState.PUBLISHED,
        from_space__in=spaces_readable(person),
    ).exists()


def reply_get_for_reader(*, person: Person, reply_id: int) -> Reply:
    """A reply the person sees in full: published and not hidden, in a topic they read."""
    reply = (
        Reply.objects.select_related("topic", "topic__space", "author")
        .filter(
            pk=reply_id,
            topic__space__in=spaces_readable(person),
            state=PostState.PUBLISHED,
            hidden_at__isnull=True,
            topic__state=PostState.PUBLISHED,
            topic__hidden_at__isnull=True,
        )
        .first()
    )
    if reply is None:
        raise Http404
    return reply


def topic_get_for_moderator(*, person: Person, topic_id: int) -> Topic:
    topic = (
        Topic.objects.select_related("space", "space__organization", "author")
        .filter(pk=topic_id, space__in=spaces_moderated(person))
        .first()
    )
    if topic is None:
        raise Http404
    return topic


def reply_get_for_moderator(*, person: Person, reply_id: int) -> Reply:
    reply = (
        Reply.objects.select_related(
            "topic", "topic__space", "topic__space__organization", "author"
        )
        .filter(pk=reply_id, topic__space__in=spaces_moderated(person))
        .first()
    )
    if reply is None:
        raise Http404
    return reply


def topics_of(*, space: Space, person: Person, moderator: bool = False) -> QuerySet[Topic]:
    """Pinned topics first, then the most recently active; held, refused and hidden topics
    only for their author and the moderators."""
    return (
        space.topics.filter(visible_topics_q(person, moderator=moderator))
        .select_related("author")
        .order_by("-pinned", "-last_activity_at", "-pk")
    )


def replies_of(*, topic: Topic, person: Person, moderator: bool = False) -> QuerySet[Reply]:
    """The topic's replies, oldest first, each with `mine` (the reader's helpful mark) and
    its files loaded in the same few queries whatever the page size."""
    return (
        shown_replies(topic.replies.all(), person, moderator=moderator)
        .select_related("author")
        .prefetch_related(
            Prefetch(
                "helpful_marks", queryset=Helpful.objects.filter(person=person), to_attr="mine"
            ),
            "files",
        )
    )


def replies_for_page(*, topic: Topic, person: Person, moderator: bool) -> QuerySet[Reply]:
    """`replies_of` for the topic's page: each reply's `mine` (whether the reader marked it
    helpful) read in the same query, its files afterwards with the topic's own
    (`files_for_page`)."""
    return (
        shown_replies(topic.replies.all(), person, moderator=moderator)
        .select_related("author")
        .annotate(mine=Exists(Helpful.objects.filter(person=person, reply_id=OuterRef("pk"))))
    )


def files_for_page(*, topic: Topic, replies: list[Reply], with_topic: bool) -> list[PostFile]:
    """The files of the replies on a page (each reply's `file_list`) and, `with_topic`, the
    topic's own files (returned), in one query."""
    wanted = Q(reply_id__in=[reply.pk for reply in replies])
    if with_topic:
        wanted |= Q(topic=topic, reply__isnull=True)
    found = list(PostFile.objects.filter(wanted)) if replies or with_topic else []
    by_reply: dict[int, list[PostFile]] = defaultdict(list)
    own: list[PostFile] = []
    for file in found:
        (own if file.reply_id is None else by_reply[file.reply_id]).append(file)
    for reply in replies:
        reply.file_list = by_reply.get(reply.pk, [])  # type: ignore[attr-defined]
    return own


def topic_files(*, topic: Topic) -> list[PostFile]:
    return list(PostFile.objects.filter(topic=topic, reply__isnull=True))


def file_get_for_reader(*, person: Person, file_id: int) -> PostFile:
    """A post's file, for those who may read the post itself (its author and moderators
    also while it is held or hidden)."""
    found = (
        PostFile.objects.select_related("topic", "topic__space", "reply")
        .filter(pk=file_id, topic__space__in=spaces_readable(person))
        .first()
    )
    if found is None:
        raise Http404
    post = found.reply if found.reply is not None else found.topic
    if not can_moderate(person, found.topic.space):
        own = post.author_id == person.pk
        shown = post.is_published and not post.is_hidden
        topic_shown = found.topic.is_published and not found.topic.is_hidden
        if not (own or (shown and topic_shown)):
            raise Http404
    return found


def _follows(target: str) -> KeptRows:
    """Whether a person follows a space (or a topic), compiled once per process."""
    return KeptRows(
        lambda person_id, target_id: Follow.objects.filter(
            person_id=person_id, **{f"{target}_id": target_id}
        ).values_list("pk")[:1],
        int,
        int,
    )


_follows_space, _follows_topic = _follows("space"), _follows("topic")


def is_following(*, person: Person, space: Space | None = None, topic: Topic | None = None) -> bool:
    """Whether the person follows the space (or the topic): asked on every page of either, so
    kept compiled as the reading rule is."""
    if space is not None:
        return bool(_follows_space.list(person.pk, int(space.pk)))
    if topic is not None:
        return bool(_follows_topic.list(person.pk, int(topic.pk)))
    return Follow.objects.filter(person=person, topic=None).exists()


def may_manage(*, person: Person, space: Space) -> bool:
    return can_manage(person, space)


# The suspension in force now (rules.active_suspensions, with the moment as a value): asked on
# every page of a space or topic, so kept compiled as the reading rule is.
_suspension_in_force = KeptObjects(
    lambda person_id, space_id, now: Suspension.objects.filter(
        Q(lifted_at__isnull=True) & (Q(ends_at__isnull=True) | Q(ends_at__gt=now)),
        space_id=space_id,
        person_id=person_id,
    ).order_by("-created_at", "-pk")[:1],
    int,
    int,
    datetime,
)


def suspension_for_page(*, person: Person, space: Space) -> Suspension | None:
    """The person's suspension from the space in force now, if any: what
    `rules.suspension_of` answers, for the pages that ask it on every visit."""
    return _suspension_in_force.first(person.pk, int(space.pk), timezone.now())  # type: ignore[no-any-return]


def spaces_of_agency(*, organization: Organization) -> QuerySet[Space]:
    return (
        Space.objects.filter(organization=organization)
        .select_related("program", "organization")
        .annotate(topic_total=Count("topics"))
        .order_by("level", "program__name", "name", "pk")
    )


def spaces_of_network(*, network: Network) -> QuerySet[Space]:
    return (
        Space.objects.filter(network=network, level=Level.NETWORK)
        .annotate(topic_total=Count("topics"))
        .order_by("name", "pk")
    )


def programs_of_agency(*, organization: Organization) -> QuerySet[Program]:
    return Program.objects.filter(organization=organization).order_by("name", "pk")


def network_of_admin(*, person: Person) -> Network | None:
    admin = NetworkAdmin.objects.filter(person=person).select_related("network").first()
    return admin.network if admin is not None else None
