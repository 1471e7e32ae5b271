"""Reads of the community. Every way from an id to a space, topic or reply goes through the
reader's readable spaces: the same 404 for what does not exist and what is not theirs."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db.models import Count, Prefetch, QuerySet
from django.http import Http404

from bridgeway.community.access import can_manage, spaces_managed, spaces_readable
from bridgeway.community.models import Follow, Helpful, Level, Reply, Space, Topic
from bridgeway.core.models import NetworkAdmin
from bridgeway.programs.models import Program

if TYPE_CHECKING:
    from bridgeway.accounts.models import Person
    from bridgeway.core.models import Network, Organization


def spaces_for_reader(*, person: Person) -> QuerySet[Space]:
    return spaces_readable(person).select_related("organization", "program", "network")


def has_readable_space(*, person: Person) -> bool:
    return spaces_readable(person).exists()


def space_get_for_reader(*, person: Person, space_id: int) -> Space:
    space = spaces_for_reader(person=person).filter(pk=space_id).first()
    if space is None:
        raise Http404
    return space


def space_get_for_manager(*, person: Person, space_id: int) -> Space:
    space = spaces_managed(person).select_related("organization", "program").filter(pk=space_id)
    found = space.first()
    if found is None:
        raise Http404
    return found


def topic_get_for_reader(*, person: Person, topic_id: int) -> Topic:
    topic = (
        Topic.objects.select_related("space", "space__organization", "space__program", "author")
        .filter(pk=topic_id, space__in=spaces_readable(person))
        .first()
    )
    if topic is None:
        raise Http404
    return topic


def reply_get_for_reader(*, person: Person, reply_id: int) -> Reply:
    reply = (
        Reply.objects.select_related("topic", "topic__space")
        .filter(pk=reply_id, topic__space__in=spaces_readable(person))
        .first()
    )
    if reply is None:
        raise Http404
    return reply


def topics_of(*, space: Space) -> QuerySet[Topic]:
    """Pinned topics first, then the most recently active."""
    return space.topics.select_related("author").order_by("-pinned", "-last_activity_at", "-pk")


def replies_of(*, topic: Topic, person: Person) -> QuerySet[Reply]:
    """The topic's replies, oldest first, each with `mine` (the reader's helpful mark) loaded
    in the same few queries whatever the page size."""
    return topic.replies.select_related("author").prefetch_related(
        Prefetch("helpful_marks", queryset=Helpful.objects.filter(person=person), to_attr="mine")
    )


def is_following(*, person: Person, space: Space | None = None, topic: Topic | None = None) -> bool:
    where: dict[str, Any] = {"space": space} if space is not None else {"topic": topic}
    return Follow.objects.filter(person=person, **where).exists()


def may_manage(*, person: Person, space: Space) -> bool:
    return can_manage(person, space)


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
