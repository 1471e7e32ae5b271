"""The rules of moderation that services, selectors and pages share: who moderates a space
(and hears of its reports), whether a person is suspended from it, whether their next post
waits for review, and which posts a reader sees."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import Q, QuerySet
from django.utils import timezone

from bridgeway.community.access import can_moderate
from bridgeway.community.models import Level, Moderator, PostState, Reply, Suspension, Topic
from bridgeway.core.models import Membership, NetworkAdmin

if TYPE_CHECKING:
    from bridgeway.accounts.models import Person
    from bridgeway.community.models import Space


def moderation_team(space: Space) -> list[tuple[Person, str]]:
    """Who hears of the space's reports and held posts, with the role they are told in: its
    named moderators, and its agency's staff (the network's admins for a network space)."""
    team: dict[int, tuple[Person, str]] = {}
    staff: list[Person] = (
        [
            a.person
            for a in NetworkAdmin.objects.filter(network=space.network_id).select_related("person")
        ]
        if space.level == Level.NETWORK
        else [
            m.person
            for m in Membership.objects.filter(organization=space.organization_id).select_related(
                "person"
            )
        ]
    )
    for person in staff:
        team[person.pk] = (person, "staff")
    for named in Moderator.objects.filter(space=space).select_related("person"):
        if named.person_id not in team and can_moderate(named.person, space):
            team[named.person_id] = (named.person, "person")
    return [(person, role) for person, role in team.values() if person.is_active]


def active_suspensions() -> Q:
    now = timezone.now()
    return Q(lifted_at__isnull=True) & (Q(ends_at__isnull=True) | Q(ends_at__gt=now))


def suspension_of(*, person: Person, space: Space) -> Suspension | None:
    """The person's suspension from the space in force now, if any."""
    return (
        Suspension.objects.filter(active_suspensions(), space=space, person=person)
        .order_by("-created_at", "-pk")
        .first()
    )


def must_hold(*, person: Person, space: Space) -> bool:
    """Whether the person's next post waits for review: the space holds a newcomer's first
    posts and fewer of theirs have been published there; moderators are never held."""
    if space.hold_first_posts == 0 or can_moderate(person, space):
        return False
    published = (
        Topic.objects.filter(space=space, author=person, state=PostState.PUBLISHED).count()
        + Reply.objects.filter(topic__space=space, author=person, state=PostState.PUBLISHED).count()
    )
    return published < space.hold_first_posts


def visible_topics_q(person: Person, *, moderator: bool) -> Q:
    """Topics a reader finds in lists and search: published and not hidden, and their own."""
    if moderator:
        return Q()
    return Q(state=PostState.PUBLISHED, hidden_at__isnull=True) | Q(author=person)


def shown_replies(replies: QuerySet[Reply], person: Person, *, moderator: bool) -> QuerySet[Reply]:
    """Replies in a thread: published ones (a hidden one shows as hidden), and the reader's
    own waiting or refused ones; moderators see all."""
    if moderator:
        return replies
    return replies.filter(Q(state=PostState.PUBLISHED) | Q(author=person))


def may_see_topic(person: Person, topic: Topic, *, moderator: bool) -> bool:
    """A topic waiting for review (or refused) exists only for its author and moderators; a
    hidden one is reachable, and shows that it is hidden."""
    return moderator or topic.state == PostState.PUBLISHED or topic.author_id == person.pk
