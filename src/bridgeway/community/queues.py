"""Reads of the moderation queues: open reports and held posts of a set of spaces (one space
for its moderators, all of an agency's or the network's for staff), suspensions in force, the
named moderators. Each list keeps the same number of queries whatever its length."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.db.models import Count, Min, QuerySet
from django.http import Http404

from bridgeway.accounts.models import Person
from bridgeway.community.access import spaces_moderated
from bridgeway.community.models import (
    Level,
    Moderator,
    PostState,
    Reply,
    Report,
    Space,
    Suspension,
    Topic,
)
from bridgeway.community.rules import active_suspensions

if TYPE_CHECKING:
    from bridgeway.core.models import Network, Organization


@dataclass
class ReportedPost:
    """A reported post with its open reports (several readers may report one post)."""

    topic: Topic
    reply: Reply | None
    reports: list[Report]

    @property
    def post(self) -> Topic | Reply:
        return self.reply if self.reply is not None else self.topic

    @property
    def first(self) -> Report:
        return self.reports[0]


def spaces_of_agency_staff(*, organization: Organization) -> QuerySet[Space]:
    return Space.objects.filter(organization=organization)


def spaces_of_network_admin(*, network: Network) -> QuerySet[Space]:
    return Space.objects.filter(network=network, level=Level.NETWORK)


def open_reports(*, spaces: QuerySet[Space]) -> QuerySet[Report]:
    """One row per reported post (its earliest open report), oldest first."""
    firsts = (
        Report.objects.filter(status=Report.Status.OPEN, topic__space__in=spaces)
        .values("topic_id", "reply_id")
        .annotate(first=Min("pk"), count=Count("pk"))
        .values("first")
    )
    return (
        Report.objects.filter(pk__in=firsts)
        .select_related("topic", "topic__space", "topic__author", "reply", "reply__author")
        .order_by("created_at", "pk")
    )


def reported_posts(rows: list[Report]) -> list[ReportedPost]:
    """The page's reported posts, each with all its open reports (one more query)."""
    if not rows:
        return []
    every = (
        Report.objects.filter(status=Report.Status.OPEN, topic_id__in={r.topic_id for r in rows})
        .select_related("reporter")
        .order_by("created_at", "pk")
    )
    by_post: dict[tuple[int, int | None], list[Report]] = {}
    for report in every:
        by_post.setdefault((report.topic_id, report.reply_id), []).append(report)
    return [
        ReportedPost(
            topic=r.topic, reply=r.reply, reports=by_post.get((r.topic_id, r.reply_id), [])
        )
        for r in rows
    ]


def report_get_for_moderator(*, person: Person, report_id: int) -> Report:
    found = (
        Report.objects.select_related("topic", "topic__space", "reply")
        .filter(pk=report_id, topic__space__in=spaces_moderated(person))
        .first()
    )
    if found is None:
        raise Http404
    return found


def held_topics(*, spaces: QuerySet[Space]) -> QuerySet[Topic]:
    return (
        Topic.objects.filter(space__in=spaces, state=PostState.HELD)
        .select_related("space", "author")
        .order_by("created_at", "pk")
    )


def held_replies(*, spaces: QuerySet[Space]) -> QuerySet[Reply]:
    return (
        Reply.objects.filter(topic__space__in=spaces, state=PostState.HELD)
        .select_related("topic", "topic__space", "author")
        .order_by("created_at", "pk")
    )


def held_count(*, spaces: QuerySet[Space]) -> int:
    return held_topics(spaces=spaces).count() + held_replies(spaces=spaces).count()


def suspensions_in_force(*, spaces: QuerySet[Space]) -> QuerySet[Suspension]:
    return (
        Suspension.objects.filter(active_suspensions(), space__in=spaces)
        .select_related("space", "person", "by")
        .order_by("-created_at", "-pk")
    )


def suspension_get_for_moderator(*, person: Person, suspension_id: int) -> Suspension:
    found = (
        Suspension.objects.select_related("space", "space__organization", "person")
        .filter(pk=suspension_id, space__in=spaces_moderated(person))
        .first()
    )
    if found is None:
        raise Http404
    return found


def moderators_of(*, space: Space) -> QuerySet[Moderator]:
    return Moderator.objects.filter(space=space).select_related("person").order_by("pk")


def moderator_get(*, space: Space, moderator_id: int) -> Moderator:
    found = moderators_of(space=space).filter(pk=moderator_id).first()
    if found is None:
        raise Http404
    return found


def person_by_id(*, person_id: int) -> Person | None:
    return Person.objects.filter(pk=person_id, is_active=True).first()


def person_by_email(*, email: str) -> Person | None:
    return Person.objects.filter(email__iexact=email.strip(), is_active=True).first()


def move_targets(*, person: Person, topic: Topic) -> QuerySet[Space]:
    """The other spaces the person moderates, where the topic may go."""
    return spaces_moderated(person).exclude(pk=topic.space_id).order_by("name", "pk")


def space_alone(*, space: Space) -> QuerySet[Space]:
    return Space.objects.filter(pk=space.pk)


def open_reports_of(*, post: Topic | Reply) -> list[Report]:
    reports = Report.objects.filter(status=Report.Status.OPEN).select_related("reporter")
    if isinstance(post, Topic):
        return list(reports.filter(topic=post, reply__isnull=True))
    return list(reports.filter(reply=post))
